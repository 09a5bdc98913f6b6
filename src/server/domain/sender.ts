// Who sent a message (metrics.md §1, chatvolt-api.md) and the one message order every metric uses.
import type { ChatvoltMessage } from './chatvolt';
import type { Sender } from './columns';

/** The "is set" rule: not null, undefined or `''`. */
function isSet(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && value !== '';
}

/**
 * Classifies a message, applying the rules in order: customer (`from = human`, no `userId`), operator
 * (`userId` set, no `contactId`/`visitorId`, whatever `from` says), ai (`from = agent` with a model, usage,
 * credits, sources or `inputId`), unknown_agent (`from = agent` with none). A message matching no rule is
 * `customer` when `from = human`, else `unknown_agent`. `from` is compared case-insensitively.
 * @example classifySender({ ...m, from: 'agent', userId: 'u1', contactId: null, visitorId: null }) // 'operator'
 */
export function classifySender(m: ChatvoltMessage): Sender {
  const from = m.from?.toLowerCase() ?? null;
  if (from === 'human' && !isSet(m.userId)) return 'customer';
  if (isSet(m.userId) && !isSet(m.contactId) && !isSet(m.visitorId)) return 'operator';
  if (from === 'agent') {
    const aiTrace = isSet(m.agentModel) || m.hasUsage || m.hasUsageCredits || m.hasSources || isSet(m.inputId);
    return aiTrace ? 'ai' : 'unknown_agent';
  }
  return from === 'human' ? 'customer' : 'unknown_agent';
}

/** Milliseconds since the epoch of an ISO string, or null when missing or unreadable. */
export function parseApiTime(iso: string | null): number | null {
  if (iso === null || iso.trim() === '') return null;
  const text = iso.trim();
  // A date-time without a zone would be read in the script's time zone; the API speaks UTC.
  const zoned = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Returns a new array ordered by `createdAt` (as a time, not as text), then by `id` in plain string
 * (UTF-16 code unit) order. Messages with a missing or unreadable `createdAt` come last, by `id`.
 * The API documents no order, so it is never relied upon.
 */
export function sortMessages(messages: readonly ChatvoltMessage[]): ChatvoltMessage[] {
  const keyed = messages.map((m) => ({ m, t: parseApiTime(m.createdAt) }));
  keyed.sort((a, b) => {
    if (a.t !== b.t) {
      if (a.t === null) return 1;
      if (b.t === null) return -1;
      return a.t - b.t;
    }
    return a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : 0;
  });
  return keyed.map((k) => k.m);
}
