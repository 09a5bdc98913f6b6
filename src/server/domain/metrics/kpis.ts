// Row-level rules of the KPIs (metrics.md §4): customer message seen, SLA outcome, and when "abandoned" moves.
import type { ConversationRecord } from '../columns';
import { FLAG_TRUE, type ConversationColumns } from './column-table';

/** What the KPIs depend on besides the rows. */
export interface KpiContext {
  /** "Now" in ms since the epoch: abandonment is measured against it. */
  nowMs: number;
  slaSeconds: number;
  abandonMinutes: number;
  /** Business hours on: the SLA rate uses `first_response_business_time` (metrics.md §6). */
  businessTime?: boolean;
}

/**
 * A row has a customer message when `customer_messages` > 0, or, where that cell is blank (rows not written by
 * the add-on), when `first_response_time` is present (metrics.md §4, SLA rate). NaN = blank.
 */
export function customerMessageSeen(customerMessages: number, firstResponse: number): boolean {
  return Number.isNaN(customerMessages) ? !Number.isNaN(firstResponse) : customerMessages > 0;
}

/** `customerMessageSeen` of a record. */
export function hasCustomerMessage(record: ConversationRecord): boolean {
  return customerMessageSeen(record.customer_messages ?? NaN, record.first_response_time ?? NaN);
}

/**
 * The last instant at which the "abandoned" counts computed at `nowMs` still hold: a waiting row is abandoned once
 * "now" passes its last customer message plus the threshold. Over every row given (a superset of any filtered
 * set, so the bound is safe for the previous period too); null when no waiting row can still cross it.
 */
export function abandonmentHorizon(columns: ConversationColumns, nowMs: number, abandonMinutes: number): number | null {
  const threshold = abandonMinutes * 60_000;
  const awaiting = columns.flags.awaiting_reply;
  const last = columns.dates.last_customer_message_at;
  let horizon = Infinity;
  for (let i = 0; i < columns.length; i++) {
    if (awaiting[i] !== FLAG_TRUE || !columns.present[i]) continue;
    // NaN (no last message) fails both comparisons.
    const crossesAfter = (last[i] as number) + threshold;
    if (crossesAfter >= nowMs && crossesAfter < horizon) horizon = crossesAfter;
  }
  return horizon === Infinity ? null : horizon;
}

/**
 * Whether a row with a customer message met the SLA: its first response within the target (never answered = a
 * miss). On business time (metrics.md §6) a row answered but without a business value (not computed by the add-on)
 * still meets it when its wall-clock time does (business seconds never exceed wall-clock ones); otherwise its
 * outcome is unknown (null) and it is left out of the rate. NaN = blank.
 */
export function slaOutcomeOf(wall: number, business: number, target: number, businessTime: boolean): boolean | null {
  if (!businessTime) return !Number.isNaN(wall) && wall <= target;
  if (!Number.isNaN(business)) return business <= target;
  if (Number.isNaN(wall)) return false;
  return wall <= target ? true : null;
}

/** `slaOutcomeOf` of a record. */
export function slaOutcome(record: ConversationRecord, target: number, businessTime: boolean): boolean | null {
  return slaOutcomeOf(record.first_response_time ?? NaN, record.first_response_business_time ?? NaN, target, businessTime);
}
