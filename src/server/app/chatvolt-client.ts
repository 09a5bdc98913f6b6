// Chatvolt REST client over the HttpPort: windowed listing with cap splitting, details, full message histories, retries.
import {
  ChatvoltFormatError,
  parseConversation,
  parseConversationList,
  parseMessagesAnswer,
  type ChatvoltConversation,
  type ChatvoltMessage,
} from '../domain/chatvolt';
import { parseApiTime } from '../domain/sender';
import { looksCapped, splitWindow, type ListedWindow } from '../domain/sync-plan';
import { NetworkError, type Clock, type HttpPort, type HttpResponse } from './ports';

/** What went wrong, for callers that map errors to messages or decide whether to go on. */
export type ChatvoltErrorCode = 'auth' | 'rate_limited' | 'http' | 'format' | 'network';

/** A Chatvolt call failed; `message` is Portuguese and names the call (e.g. `GET /conversation/abc`). */
export class ChatvoltError extends Error {
  override readonly name = 'ChatvoltError';
  constructor(
    message: string,
    readonly code: ChatvoltErrorCode,
    readonly call: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The first message for a bad key, as users know it. */
export const INVALID_KEY_MESSAGE = 'Chave de API inválida';

/** Message histories start at this count and double while the answer is full (chatvolt-api.md). */
export const FIRST_MESSAGE_COUNT = 500;
/** Chatvolt's own inbox asks for at most this many messages. */
export const MAX_MESSAGE_COUNT = 10000;

export interface ChatvoltClientOptions {
  http: HttpPort;
  clock: Clock;
  baseUrl: string;
  apiKey: string;
  /** Requests per `fetchAll` call, default 20. */
  batchSize?: number;
  /** Retries of a rate-limited request (429/419/503), default 4. */
  maxRetries?: number;
  /** Longest wait before a retry; a longer `Retry-After` fails at once. Default 30 s. */
  maxRetryWaitMs?: number;
  /** A list answer this long is always treated as capped (a known page size); default none. */
  pageLimit?: number | null;
  /** Jitter source in [0, 1), default Math.random. */
  random?: () => number;
  /** The largest list answer seen by earlier runs (stored in the sync cursor), default 0. */
  capGuess?: number;
}

/** A listed conversation and the instant it sorts by (its `createdAt`, or its window's start when unreadable). */
export interface ListedConversation {
  conversation: ChatvoltConversation;
  time: number;
}

export interface ChatvoltClient {
  /** HTTP requests sent so far, retries included. */
  apiCalls(): number;
  /** The largest list answer seen so far (the cap heuristic's memory). */
  capGuess(): number;
  /**
   * Lists every conversation created in the half-open windows (one listing per agent when `agentIds` is not
   * empty), splitting windows whose answer looks capped, re-filtering by `createdAt` and de-duplicating by id.
   * Conversations are sorted by time, then id; `windows` are the final (uncapped) windows with their answer
   * sizes, oldest first (empty with an agent filter, whose listings do not share windows).
   */
  list(
    windows: ReadonlyArray<readonly [number, number]>,
    agentIds: readonly string[],
  ): { conversations: ListedConversation[]; windows: ListedWindow[] };
  /** `GET /conversation/{id}` for each id; a 404 is reported as null. */
  details(ids: readonly string[]): Map<string, ChatvoltConversation | null>;
  /** Full histories (count 500, doubling while full, up to 10,000); a 404 is reported as null. */
  messages(ids: readonly string[]): Map<string, ChatvoltMessage[] | null>;
}

interface Call {
  /** `GET /conversation/…` without the query, for messages. */
  label: string;
  path: string;
}

const RETRYABLE = new Set([419, 429, 503]);

/** Encodes a query the way URLSearchParams would (which Apps Script lacks). */
function query(params: Array<[string, string]>): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** A short, single-line excerpt of an error body (HTML tags dropped) for the user-facing message. */
function excerpt(body: string): string {
  const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; null when absent or unreadable. */
function retryAfterMs(response: HttpResponse, now: number): number | null {
  const raw = response.headers['retry-after'];
  if (raw === undefined || raw.trim() === '') return null;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Creates a client bound to one key and base URL. */
export function createChatvoltClient(options: ChatvoltClientOptions): ChatvoltClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const batchSize = Math.max(1, options.batchSize ?? 20);
  const maxRetries = options.maxRetries ?? 4;
  const maxWait = options.maxRetryWaitMs ?? 30000;
  const random = options.random ?? Math.random;
  const headers = { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' };
  let sent = 0;
  let guess = options.capGuess ?? 0;

  const fail = (call: Call, response: HttpResponse): never => {
    if (response.status === 401 || response.status === 403) {
      throw new ChatvoltError(
        `${INVALID_KEY_MESSAGE}: o Chatvolt recusou a chave (HTTP ${response.status} em ${call.label}). Confira-a em Configurações.`,
        'auth',
        call.label,
        response.status,
      );
    }
    if (RETRYABLE.has(response.status)) {
      throw new ChatvoltError(
        `O Chatvolt limitou as requisições (HTTP ${response.status} em ${call.label}) e as novas tentativas se esgotaram. Tente de novo em alguns minutos.`,
        'rate_limited',
        call.label,
        response.status,
      );
    }
    const detail = excerpt(response.body);
    throw new ChatvoltError(
      `Erro HTTP ${response.status} do Chatvolt em ${call.label}${detail ? `: ${detail}` : ''}.`,
      'http',
      call.label,
      response.status,
    );
  };

  /** One fetchAll per batch; rate-limited requests are re-sent together after the longest wait asked for. */
  const sendBatch = (calls: readonly Call[]): HttpResponse[] => {
    const results: Array<HttpResponse | undefined> = new Array(calls.length);
    let pending = calls.map((_, i) => i);
    for (let attempt = 0; pending.length > 0; attempt++) {
      let responses: HttpResponse[];
      sent += pending.length;
      try {
        responses = options.http.fetchAll(pending.map((i) => ({ url: `${base}${calls[i]?.path ?? ''}`, headers })));
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        const label = calls[pending[0] ?? 0]?.label ?? 'Chatvolt';
        throw new ChatvoltError(`Falha de rede ao chamar o Chatvolt (${label}): ${error.message}`, 'network', label);
      }
      const retry: number[] = [];
      let wait = 0;
      pending.forEach((index, k) => {
        const response = responses[k];
        const call = calls[index];
        if (!response || !call) throw new Error('fetchAll returned fewer responses than requests');
        if (!RETRYABLE.has(response.status) || attempt >= maxRetries) {
          results[index] = response;
          return;
        }
        // Full exponential backoff with jitter unless the server says how long to wait.
        const asked = retryAfterMs(response, options.clock.now());
        const backoff = 1000 * 2 ** attempt * (0.5 + random() / 2);
        const delay = asked ?? backoff;
        if (delay > maxWait) fail(call, response);
        wait = Math.max(wait, delay);
        retry.push(index);
      });
      if (retry.length > 0) options.clock.sleep(wait);
      pending = retry;
    }
    return results.map((response) => {
      if (!response) throw new Error('missing response');
      return response;
    });
  };

  /** Sends calls in bounded batches; each answer is JSON-parsed (null for a 404 when `allow404`). */
  const getJson = (calls: readonly Call[], allow404: boolean): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < calls.length; i += batchSize) {
      const chunk = calls.slice(i, i + batchSize);
      sendBatch(chunk).forEach((response, k) => {
        const call = chunk[k] as Call;
        if (response.status === 404 && allow404) {
          out.push(null);
          return;
        }
        if (response.status < 200 || response.status > 299) fail(call, response);
        try {
          out.push(JSON.parse(response.body) as unknown);
        } catch {
          throw new ChatvoltError(
            `Resposta inválida do Chatvolt em ${call.label}: o corpo não é JSON (${excerpt(response.body) || 'vazio'}).`,
            'format',
            call.label,
            response.status,
          );
        }
      });
    }
    return out;
  };

  const formatError = (call: Call, error: unknown): never => {
    const detail = error instanceof ChatvoltFormatError ? error.message : String(error);
    throw new ChatvoltError(`Resposta inesperada do Chatvolt em ${call.label}: ${detail}`, 'format', call.label);
  };

  const list = (
    windows: ReadonlyArray<readonly [number, number]>,
    agentIds: readonly string[],
  ): { conversations: ListedConversation[]; windows: ListedWindow[] } => {
    const agents: Array<string | null> = agentIds.length === 0 ? [null] : [...agentIds];
    let queue: Array<{ start: number; end: number; agent: string | null }> = [];
    for (const [start, end] of windows) for (const agent of agents) if (end > start) queue.push({ start, end, agent });
    const found = new Map<string, ListedConversation>();
    const final: ListedWindow[] = [];
    while (queue.length > 0) {
      const round = queue;
      queue = [];
      const calls = round.map((w): Call => {
        const params: Array<[string, string]> = [
          ['createdAt', new Date(w.start).toISOString()],
          // endDate is inclusive: the window is half-open.
          ['endDate', new Date(w.end - 1).toISOString()],
        ];
        if (w.agent !== null) params.push(['agentId', w.agent]);
        return { label: 'GET /conversation', path: `/conversation?${query(params)}` };
      });
      const bodies = getJson(calls, false);
      round.forEach((w, k) => {
        const call = calls[k] as Call;
        let parsed: ReturnType<typeof parseConversationList>;
        try {
          parsed = parseConversationList(bodies[k]);
        } catch (error) {
          return formatError(call, error);
        }
        const count = parsed.items.length + parsed.rejected;
        const capped = looksCapped(count, guess, options.pageLimit ?? null);
        guess = Math.max(guess, count);
        const halves = capped ? splitWindow(w.start, w.end) : null;
        if (halves) {
          for (const [start, end] of halves) queue.push({ start, end, agent: w.agent });
          return;
        }
        if (w.agent === null) final.push({ start: w.start, end: w.end, count });
        for (const conversation of parsed.items) {
          const created = parseApiTime(conversation.createdAt);
          // An older deployment may ignore endDate: keep only what belongs to this window.
          if (created !== null && (created < w.start || created >= w.end)) continue;
          if (!found.has(conversation.id)) found.set(conversation.id, { conversation, time: created ?? w.start });
        }
      });
    }
    const conversations = [...found.values()].sort((a, b) =>
      a.time !== b.time ? a.time - b.time : a.conversation.id < b.conversation.id ? -1 : a.conversation.id > b.conversation.id ? 1 : 0,
    );
    return { conversations, windows: final.sort((a, b) => a.start - b.start) };
  };

  const details = (ids: readonly string[]): Map<string, ChatvoltConversation | null> => {
    const calls = ids.map((id): Call => {
      const path = `/conversation/${encodeURIComponent(id)}`;
      return { label: `GET ${path}`, path };
    });
    const bodies = getJson(calls, true);
    const out = new Map<string, ChatvoltConversation | null>();
    ids.forEach((id, k) => {
      const body = bodies[k];
      if (body === null) {
        out.set(id, null);
        return;
      }
      const conversation = parseConversation(body);
      if (conversation === null) formatError(calls[k] as Call, new ChatvoltFormatError('Conversation: expected an object with an id.'));
      else out.set(id, conversation);
    });
    return out;
  };

  const messages = (ids: readonly string[]): Map<string, ChatvoltMessage[] | null> => {
    const out = new Map<string, ChatvoltMessage[] | null>();
    let round = ids.map((id) => ({ id, count: FIRST_MESSAGE_COUNT }));
    while (round.length > 0) {
      const calls = round.map((r): Call => {
        const path = `/conversation/${encodeURIComponent(r.id)}/messages/${r.count}`;
        return { label: `GET ${path}`, path };
      });
      const bodies = getJson(calls, true);
      const next: typeof round = [];
      round.forEach((r, k) => {
        const body = bodies[k];
        if (body === null) {
          out.set(r.id, null);
          return;
        }
        let parsed: ReturnType<typeof parseMessagesAnswer>;
        try {
          parsed = parseMessagesAnswer(body);
        } catch (error) {
          return formatError(calls[k] as Call, error);
        }
        // A full answer may hide older messages: ask again for twice as many.
        if (parsed.messages.length >= r.count && r.count < MAX_MESSAGE_COUNT) {
          next.push({ id: r.id, count: Math.min(MAX_MESSAGE_COUNT, r.count * 2) });
        } else {
          out.set(r.id, parsed.messages);
        }
      });
      round = next;
    }
    return out;
  };

  return { apiCalls: () => sent, capGuess: () => guess, list, details, messages };
}
