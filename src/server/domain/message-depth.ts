// The first customer message of a conversation (metrics.md §6): the instant its business response times start from.
import type { ChatvoltMessage } from './chatvolt';
import type { Sender } from './columns';
import { parseApiTime } from './sender';

/**
 * The `createdAt` of the first customer message among messages in `sortMessages` order and their sender classes
 * (same index), or null when there is none or its time is unreadable.
 * @example customer 10:00, ai 10:01, customer 10:05 → 10:00
 */
export function firstCustomerMessageAt(sorted: readonly ChatvoltMessage[], senders: readonly Sender[]): Date | null {
  const i = senders.indexOf('customer');
  const ms = i < 0 ? null : parseApiTime(sorted[i]?.createdAt ?? null);
  return ms === null ? null : new Date(ms);
}
