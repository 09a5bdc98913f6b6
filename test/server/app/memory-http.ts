// An in-memory Chatvolt behind the HttpPort (list filters, silent cap, messages by count, queued faults) and a modelled clock.
import type { Clock, HttpPort, HttpRequest, HttpResponse } from '../../../src/server/app/ports';
import { NetworkError } from '../../../src/server/app/ports';

export interface MemoryConversation {
  id: string;
  createdAt: string;
  updatedAt: string;
  agentId?: string;
  participantsContacts?: unknown[];
  assignees?: unknown[];
  tags?: unknown[];
  conversationVariables?: unknown[];
}

export type Fault = { status: number; body?: string; headers?: Record<string, string> } | { network: string };

/** A clock whose time only moves when the code sleeps (recorded in `slept`) or a test advances it. */
export function modelClock(start = 0): Clock & { slept: number[]; advance(ms: number): void } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

export interface MemoryChatvolt extends HttpPort {
  /** Every URL requested, in order. */
  urls: string[];
  /** fetchAll calls made. */
  batches: number;
  /** The next requests whose path matches `pattern` get these answers, in order. */
  fault(pattern: RegExp, ...faults: Fault[]): void;
}

const json = (value: unknown): HttpResponse => ({ status: 200, body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });

/**
 * Serves `GET /conversation` (createdAt/endDate inclusive, agentId, newest first, at most `cap` items, optionally
 * ignoring endDate like an older deployment), `GET /conversation/{id}` and `GET /conversation/{id}/messages/{n}`.
 */
export function memoryChatvolt(options: {
  conversations: MemoryConversation[];
  messages?: Record<string, number>;
  cap?: number | null;
  ignoreEndDate?: boolean;
}): MemoryChatvolt {
  const faults: Array<{ pattern: RegExp; fault: Fault }> = [];
  const port: MemoryChatvolt = {
    urls: [],
    batches: 0,
    fault(pattern, ...list) {
      for (const fault of list) faults.push({ pattern, fault });
    },
    fetchAll(requests: HttpRequest[]): HttpResponse[] {
      port.batches++;
      const answers: HttpResponse[] = [];
      for (const request of requests) {
        port.urls.push(request.url);
        const path = request.url.replace(/^https?:\/\/[^/]+/, '');
        const index = faults.findIndex((f) => f.pattern.test(path));
        if (index >= 0) {
          const fault = faults.splice(index, 1)[0]?.fault;
          if (!fault) throw new Error('queued fault vanished');
          if ('network' in fault) throw new NetworkError(fault.network);
          answers.push({ status: fault.status, body: fault.body ?? '', headers: fault.headers ?? {} });
          continue;
        }
        answers.push(serve(path));
      }
      return answers;
    },
  };

  const serve = (path: string): HttpResponse => {
    const [route, queryText = ''] = path.split('?');
    const query = new Map(
      queryText
        .split('&')
        .filter(Boolean)
        .map((pair) => pair.split('=').map(decodeURIComponent) as [string, string]),
    );
    if (route === '/conversation') {
      const from = Date.parse(query.get('createdAt') ?? '1970-01-01T00:00:00Z');
      const to = options.ignoreEndDate ? Infinity : Date.parse(query.get('endDate') ?? '9999-01-01T00:00:00Z');
      const agent = query.get('agentId');
      const items = options.conversations
        .filter((c) => Date.parse(c.createdAt) >= from && Date.parse(c.createdAt) <= to)
        .filter((c) => agent === undefined || c.agentId === agent)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      return json(options.cap ? items.slice(0, options.cap) : items);
    }
    const messages = /^\/conversation\/([^/]+)\/messages\/(\d+)$/.exec(route ?? '');
    if (messages) {
      const id = decodeURIComponent(messages[1] ?? '');
      const total = options.messages?.[id];
      if (total === undefined) return { status: 404, body: '{"error":"NOT_FOUND"}', headers: {} };
      const count = Math.min(total, Number(messages[2]));
      const list = Array.from({ length: count }, (_, i) => ({
        id: `${id}-m${String(total - i).padStart(5, '0')}`,
        text: 'oi',
        from: 'human',
        createdAt: new Date(Date.UTC(2026, 0, 1) + (total - i) * 1000).toISOString(),
      }));
      return json({ status: 'UNRESOLVED', isAiEnabled: true, messages: list });
    }
    const detail = /^\/conversation\/([^/]+)$/.exec(route ?? '');
    if (detail) {
      const found = options.conversations.find((c) => c.id === decodeURIComponent(detail[1] ?? ''));
      return found ? json({ ...found, participantsContacts: [], assignees: [], tags: [{ tag: 'vip' }], conversationVariables: [] }) : { status: 404, body: '{"error":"NOT_FOUND"}', headers: {} };
    }
    return { status: 400, body: '{"error":"INVALID_REQUEST"}', headers: {} };
  };
  return port;
}

/** `n` conversations created every `stepMs` from `startMs` (ids c0000…). */
export function conversationsEvery(n: number, startMs: number, stepMs: number): MemoryConversation[] {
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(startMs + i * stepMs).toISOString();
    return { id: `c${String(i).padStart(4, '0')}`, createdAt: at, updatedAt: at };
  });
}
