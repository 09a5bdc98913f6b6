// Pure rules of the Chatvolt request policy: answer classes, backoff, Retry-After, deadlines, the remembered key and latency.
import { fnv1a } from './sync-plan';
import { parseStoredObject } from './stored-json';

/**
 * How the policy treats an answer:
 * - `ok`: a 2xx whose body is JSON.
 * - `not_found`: 404 (a deleted conversation; the caller decides).
 * - `auth`: 401/403 — the key is wrong; retrying cannot help and would only repeat the rejection.
 * - `throttled`: 429/419/503 — the server asks us to slow down; honour `Retry-After` (chatvolt-api.md).
 * - `transient`: other 5xx (often a plain-text or HTML gateway page), 408, or a 2xx whose body is not JSON
 *   (truncated by a proxy, an HTML error page served with 200): the same request usually succeeds when repeated.
 * - `fatal`: any other 4xx (400 INVALID_REQUEST, 402 USAGE_LIMIT…): our request or the account is wrong; repeating
 *   it gives the same answer.
 */
export type AnswerClass = 'ok' | 'not_found' | 'auth' | 'throttled' | 'transient' | 'fatal';

/** Classifies one HTTP answer; `bodyIsJson` says whether its body parsed as JSON. */
export function classifyAnswer(status: number, bodyIsJson: boolean): AnswerClass {
  if (status >= 200 && status <= 299) return bodyIsJson ? 'ok' : 'transient';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 429 || status === 419 || status === 503) return 'throttled';
  if (status >= 500 || status === 408) return 'transient';
  return 'fatal';
}

/** Tries of one request, the first included: five retries absorb a flaky API (one answer in five failing). */
export const MAX_ATTEMPTS = 6;
/** First backoff step; it doubles on each retry of the same request. */
export const BACKOFF_BASE_MS = 1000;
/** Longest backoff step: the five steps of a request add up to at most 31 s, far inside a run's budget. */
export const BACKOFF_CAP_MS = 16000;
/**
 * Longest `Retry-After` honoured inside a run. A longer wait would burn the daily trigger time (90 min a day on a
 * free account) while doing nothing: the run stops and the next one asks again.
 */
export const MAX_RETRY_WAIT_MS = 30000;

/**
 * Backoff before retry number `attempt` (0 for the first retry): "equal jitter", half the exponential step plus a
 * random half, so that requests failing together do not come back together, yet each wait stays bounded.
 * @example backoffMs(0, () => 0.5) // 750
 */
export function backoffMs(attempt: number, random: number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return step / 2 + (step / 2) * Math.min(1, Math.max(0, random));
}

/** `Retry-After` in ms: delta-seconds or an HTTP date (relative to `now`); null when absent or unreadable. */
export function parseRetryAfter(raw: string | undefined, now: number): number | null {
  if (raw === undefined) return null;
  const text = raw.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Requests stop at this time after a run's start, whatever the trigger's budget: 4.5 of Apps Script's 6 minutes
 * (apps-script-platform.md), so that a round that runs long (up to UrlFetch's own timeout) still leaves time for
 * the sheet writes and the cursor. A run killed at 6 minutes would lose everything it fetched.
 */
export const REQUEST_DEADLINE_MS = 270000;

/** Time after a run's budget during which the rounds already planned may still end (the budget only stops new batches). */
export const DEADLINE_AFTER_BUDGET_MS = 30000;

/**
 * The instant after which a run sends no request: its budget plus DEADLINE_AFTER_BUDGET_MS, and never later than
 * REQUEST_DEADLINE_MS after its start (a full run: 240 s + 30 s = 4.5 min; the sidebar's 15-s refresh: 45 s).
 * @example runDeadline(0, 240000) // 270000
 */
export function runDeadline(startedAt: number, budgetMs: number): number {
  return startedAt + Math.min(REQUEST_DEADLINE_MS, budgetMs + DEADLINE_AFTER_BUDGET_MS);
}

/**
 * Whether a round of requests expected to take `expectedMs` (the longest of the last rounds) can start at `now`
 * and end by `deadline`. The first round of a run always may (nothing measured yet, and a run must try).
 */
export function roundFits(now: number, expectedMs: number, deadline: number): boolean {
  return now + Math.max(0, expectedMs) <= deadline;
}

/**
 * What the deadline check expects of a round before any was measured (in this run or remembered from the last hour):
 * UrlFetchApp waits up to about a minute for an answer while a normal round takes about a second. Half a minute keeps
 * an unmeasured round that starts late in a run (after a long heal or recompute pass) from ending near the 6-minute
 * limit; a run's first round, which starts within seconds, is not affected.
 */
export const UNMEASURED_ROUND_MS = 30_000;

/** Rounds measured recently enough to predict the next: the policy expects the longest of these. */
export const MEASURED_ROUNDS = 3;
/** A remembered round duration older than this says nothing about the API any more. */
export const LATENCY_MEMORY_MS = 3600000;
/** Rounds slower than this make the report say that Chatvolt answered slowly. */
export const SLOW_ROUND_MS = 10000;

/**
 * What a run leaves for the next (Document Properties, a few dozen bytes): a short hash of the last key Chatvolt
 * accepted — never the key — and the last measured round duration with when it was measured.
 */
export interface PolicyMemory {
  v: 1;
  /** fingerprintKey() of the accepted key, or null when no key was accepted (or the last one was rejected). */
  acceptedKey: string | null;
  /** Longest of the last rounds of the previous run, ms. */
  roundMs: number;
  /** When it was measured (epoch ms). */
  at: number;
}

/** A short, non-reversible fingerprint of an API key (32-bit FNV-1a): enough to tell keys apart, useless to an attacker. */
export function fingerprintKey(apiKey: string): string {
  return fnv1a(`chatvolt-key\n${apiKey}`);
}

/** Parses the stored memory; anything unreadable is null (the next run probes once, which is safe). */
export function parsePolicyMemory(json: string | null | undefined): PolicyMemory | null {
  const m = parseStoredObject(json);
  if (m === null) return null;
  if (m.v !== 1 || (m.acceptedKey !== null && typeof m.acceptedKey !== 'string')) return null;
  if (typeof m.roundMs !== 'number' || !Number.isFinite(m.roundMs) || typeof m.at !== 'number' || !Number.isFinite(m.at)) return null;
  return { v: 1, acceptedKey: m.acceptedKey, roundMs: Math.max(0, m.roundMs), at: m.at };
}

/** The remembered round duration to expect at `now`, or 0 when there is none or it is stale. */
export function rememberedRoundMs(memory: PolicyMemory | null, now: number): number {
  if (memory === null || now - memory.at > LATENCY_MEMORY_MS || now < memory.at) return 0;
  return memory.roundMs;
}

/** Whole seconds for messages ("45 s"), at least 1. */
export function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

/** The Portuguese note for a run that stopped early because Chatvolt answered slowly. */
export function slowNote(roundMs: number): string {
  return `Chatvolt respondeu devagar (${seconds(roundMs)} por chamada); a importação continua na próxima execução.`;
}

/**
 * What a run that wrote its data adds to its summary: why it stopped (`stop`, already Portuguese), or, when it
 * stopped at its time budget while Chatvolt answered slowly, that slowness (the user's first question).
 */
export function runNote(complete: boolean, stop: { message: string } | null, slowRoundMs: number | null): string {
  if (stop !== null) return stop.message;
  return !complete && slowRoundMs !== null ? slowNote(slowRoundMs) : '';
}

/**
 * A safe one-word reason from an error body: the `error` code of a JSON body (`USAGE_LIMIT`), never free text —
 * gateway pages are HTML and stack traces are noise for a user.
 */
export function errorCode(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return null;
    const code = (parsed as Record<string, unknown>).error;
    return typeof code === 'string' && /^[A-Za-z_ ]{1,40}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}

/** How a failed answer reads in a message: "HTTP 502 (página HTML)", "resposta JSON incompleta", "HTTP 500". */
export function describeFailure(status: number, body: string): string {
  if (status >= 200 && status <= 299) return /^\s*</.test(body) ? 'página HTML em vez de JSON' : 'resposta JSON incompleta ou inválida';
  if (/^\s*</.test(body)) return `HTTP ${status}, página de erro HTML`;
  const code = errorCode(body);
  return code === null ? `HTTP ${status}` : `HTTP ${status} ${code}`;
}

/**
 * The Apps Script message of a network failure without the URL it names (the query is noise for a user):
 * "Timeout: https://…" → "Timeout".
 */
export function networkReason(message: string): string {
  const head = message.split(/:\s*https?:\/\//)[0] ?? message;
  const text = head.replace(/\s+/g, ' ').trim();
  return text === '' ? 'sem resposta' : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
