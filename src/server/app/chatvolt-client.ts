// Chatvolt REST client over the HttpPort: windowed listing with cap splitting, details, full message histories.
import {
  ChatvoltFormatError,
  parseConversation,
  parseConversationList,
  parseMessagesAnswer,
  type ChatvoltConversation,
  type ChatvoltMessage,
} from '../domain/chatvolt';
import { parseApiTime } from '../domain/sender';
import type { PolicyMemory } from '../domain/request-policy';
import { looksCapped, splitWindow, type ListedWindow } from '../domain/sync-plan';
import type { Clock, HttpPort } from './ports';
import { ChatvoltError, createRequestPolicy, type PolicyAnswer, type PolicyRequest } from './request-policy';

export { ChatvoltError, INVALID_KEY_MESSAGE, type ChatvoltErrorCode } from './request-policy';

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
  /** Epoch ms by which every round of requests must have ended (request-policy.ts), default none. */
  deadline?: number;
  /** What the previous run's request policy left (accepted key hash, measured latency). */
  policyMemory?: PolicyMemory | null;
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
  /** Requests sent again after a temporary failure. */
  retries(): number;
  /**
   * How many conversations' details and histories (two rounds per `batchSize`) still fit before the deadline at
   * the measured round duration; Infinity before anything was measured.
   */
  conversationsThatFit(): number;
  /** The expected round duration when Chatvolt answers slowly enough to say so, else null. */
  slowRoundMs(): number | null;
  /** What to store for the next run's request policy. */
  policyMemory(): PolicyMemory;

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

/** Encodes a query the way URLSearchParams would (which Apps Script lacks). */
function query(params: Array<[string, string]>): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** Creates a client bound to one key and base URL; every request goes through one request policy. */
export function createChatvoltClient(options: ChatvoltClientOptions): ChatvoltClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const batchSize = Math.max(1, options.batchSize ?? 20);
  const headers = { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' };
  const policy = createRequestPolicy({
    http: options.http,
    clock: options.clock,
    apiKey: options.apiKey,
    random: options.random ?? Math.random,
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    ...(options.policyMemory === undefined ? {} : { memory: options.policyMemory }),
  });
  let guess = options.capGuess ?? 0;

  /** Sends calls in bounded `fetchAll` batches; a 404 is null when `allow404`, an error otherwise. */
  const getJson = (calls: readonly Call[], allow404: boolean): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < calls.length; i += batchSize) {
      const chunk = calls.slice(i, i + batchSize);
      const requests = chunk.map((call): PolicyRequest => ({ label: call.label, url: `${base}${call.path}`, headers }));
      policy.send(requests).forEach((answer: PolicyAnswer, k) => {
        const call = chunk[k] as Call;
        if (answer.status === 404 && !allow404) {
          throw new ChatvoltError(`Erro HTTP 404 do Chatvolt em ${call.label}: o endereço não existe. Confira a URL base em Configurações.`, 'http', call.label, 404);
        }
        out.push(answer.value);
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
        // An older deployment ignores endDate (chatvolt-api.md) and answers everything created since the window's
        // start: keep only what belongs to the window, and judge the window by what belongs to it. Items outside a
        // window are never a reason to split it — with endDate ignored, both halves would get the same long answer
        // again, down to the smallest window (tens of thousands of requests for a few dozen conversations).
        const inside: Array<{ conversation: ChatvoltConversation; time: number }> = [];
        for (const conversation of parsed.items) {
          const created = parseApiTime(conversation.createdAt);
          if (created === null || (created >= w.start && created < w.end)) inside.push({ conversation, time: created ?? w.start });
        }
        const count = inside.length + parsed.rejected;
        // The cap heuristic learns from the window's part too: an answer padded with later conversations says
        // nothing about the cap, and a guess above the real cap would hide a capped answer once endDate is honoured.
        const capped = looksCapped(count, guess, options.pageLimit ?? null);
        guess = Math.max(guess, count);
        const halves = capped ? splitWindow(w.start, w.end) : null;
        if (halves) {
          for (const [start, end] of halves) queue.push({ start, end, agent: w.agent });
          return;
        }
        if (w.agent === null) final.push({ start: w.start, end: w.end, count });
        for (const item of inside) if (!found.has(item.conversation.id)) found.set(item.conversation.id, item);
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

  return {
    apiCalls: () => policy.apiCalls(),
    retries: () => policy.retries(),
    conversationsThatFit: () => {
      const rounds = policy.roundsLeft();
      // Details and messages are one round each per batch of requests (longer histories may need more). Whole rounds
      // only: where latency dominates, a round of 5 requests takes as long as one of 20, and a batch cut short by the
      // deadline would be fetched again by every run without ever being written.
      return rounds === Infinity ? Infinity : Math.floor(rounds / 2) * batchSize;
    },
    slowRoundMs: () => policy.slowRoundMs(),
    policyMemory: () => policy.memory(),
    capGuess: () => guess,
    list,
    details,
    messages,
  };
}
