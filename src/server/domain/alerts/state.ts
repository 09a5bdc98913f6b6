// The alerts' memory between runs (Document Properties, ≤ 9 KB): active conditions, e-mail times, sync failures.
import type { AlertCondition } from './rules';

/** Document Properties key of the alert state. */
export const ALERT_STATE_KEY = 'alerts.state.v1';
/** Stored JSON at most this long (Properties allow 9 KB a value; the margin covers the key and UTF-8). */
export const MAX_STATE_CHARS = 8000;
/** Alert e-mails at most this many per rolling hour; more alerts only go to the "Alertas" sheet. */
export const MAX_ALERT_EMAILS_PER_HOUR = 4;

const HOUR_MS = 3_600_000;

/** What the alerts remember. */
export interface AlertState {
  /** Hashed keys of the conditions already alerted and not cleared since, oldest first. */
  active: string[];
  /** Times (ms) of the alert e-mails sent in the last hour. */
  sent: number[];
  /** Scheduled syncs failed in a row. */
  failures: number;
  /**
   * Today's forecast band, computed once per local day: today's forecast depends only on the days before, and the
   * grid search is too slow to repeat after every sync of a 1-minute trigger (3.75 s budget per run).
   */
  band: { date: string; expected: number; high: number } | null;
}

/**
 * A short stable hash of a condition key (FNV-1a 32-bit, base 36, ≤ 7 chars): conversation ids are long, and the
 * 9 KB property holds ~900 hashed keys against ~200 raw ones.
 */
export function hashKey(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/** The stored state, or an empty one when missing or unreadable (a hand edit never breaks the alerts). */
export function parseAlertState(raw: string | null): AlertState {
  const empty: AlertState = { active: [], sent: [], failures: 0, band: null };
  if (!raw) return empty;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') return empty;
    const o = parsed as Record<string, unknown>;
    return {
      active: Array.isArray(o.a) ? o.a.filter((k): k is string => typeof k === 'string') : [],
      sent: Array.isArray(o.s) ? o.s.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [],
      failures: typeof o.f === 'number' && Number.isFinite(o.f) && o.f >= 0 ? Math.floor(o.f) : 0,
      band: parseBand(o.b),
    };
  } catch {
    return empty;
  }
}

function parseBand(value: unknown): AlertState['band'] {
  if (!value || typeof value !== 'object') return null;
  const b = value as Record<string, unknown>;
  return typeof b.d === 'string' && typeof b.e === 'number' && typeof b.h === 'number' ? { date: b.d, expected: b.e, high: b.h } : null;
}

/**
 * The state as stored JSON, pruned to `MAX_STATE_CHARS`: e-mail times older than an hour go, then the oldest active
 * keys (a pruned condition that still holds alerts once more: the price of the 9 KB limit).
 */
export function serializeAlertState(state: AlertState, nowMs: number): string {
  const sent = state.sent.filter((t) => nowMs - t < HOUR_MS);
  let active = state.active;
  const band = state.band ? { d: state.band.date, e: state.band.expected, h: state.band.high } : null;
  let json = JSON.stringify({ a: active, s: sent, f: state.failures, b: band });
  if (json.length > MAX_STATE_CHARS) {
    // Each key costs its length plus 3 characters ("…",); drop from the oldest end until it fits.
    let excess = json.length - MAX_STATE_CHARS;
    let drop = 0;
    while (excess > 0 && drop < active.length) {
      excess -= (active[drop] as string).length + 3;
      drop++;
    }
    active = active.slice(drop);
    json = JSON.stringify({ a: active, s: sent, f: state.failures, b: band });
  }
  return json;
}

/** The conditions to alert now and the next active list. */
export interface AlertDiff {
  /** Conditions not alerted before (or cleared since): alert these. */
  fresh: AlertCondition[];
  /** Previously active keys that no longer hold. */
  cleared: number;
  /** The new active list: the still-active old keys in their order, then the fresh ones. */
  active: string[];
}

/** Compares the conditions that hold now with the remembered ones: one alert per condition until it clears. */
export function diffAlerts(previous: readonly string[], conditions: readonly AlertCondition[]): AlertDiff {
  const now = new Map<string, AlertCondition>();
  for (const c of conditions) now.set(hashKey(c.key), c);
  const kept = previous.filter((k) => now.has(k));
  const keptSet = new Set(kept);
  const fresh: AlertCondition[] = [];
  const added: string[] = [];
  for (const [hash, condition] of now) {
    if (keptSet.has(hash)) continue;
    fresh.push(condition);
    added.push(hash);
  }
  return { fresh, cleared: previous.length - kept.length, active: [...kept, ...added] };
}

/** True when another alert e-mail fits in the hourly limit. */
export function mayEmail(state: AlertState, nowMs: number): boolean {
  return state.sent.filter((t) => nowMs - t < HOUR_MS).length < MAX_ALERT_EMAILS_PER_HOUR;
}
