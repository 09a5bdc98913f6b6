// The KPIs of metrics.md §4 over a set of rows.
import type { Kpis } from '../../../shared/dto';
import type { ConversationRecord } from '../columns';
import { FLAG_TRUE, type ConversationColumns } from './column-table';
import { describeInPlace, meanOfTotals, rate } from './stats';

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

/** The buffer `valuesOf` fills, grown when needed (one per execution, not one per statistic). */
let scratch = new Float64Array(0);

/**
 * The non-blank values of a number column over the selected slots, in order, as a view of a shared buffer: valid
 * until the next call, so consume it at once (a statistic reorders it in place). A 200,000-row dashboard takes some
 * twenty such lists; a fresh 1.6 MB array for each made most of its garbage-collection time.
 */
export function valuesOf(column: Float64Array, selected: Int32Array): Float64Array {
  if (scratch.length < selected.length) scratch = new Float64Array(selected.length);
  const out = scratch;
  let n = 0;
  for (let k = 0; k < selected.length; k++) {
    const value = column[selected[k] as number] as number;
    if (value === value) out[n++] = value;
  }
  return out.subarray(0, n);
}

/** Every KPI of metrics.md §4 over the `selected` slots. Blank `resolved`/`escalated_to_human` count as false in rates. */
export function computeKpis(columns: ConversationColumns, selected: Int32Array, context: KpiContext): Kpis {
  const resolvedFlags = columns.flags.resolved;
  const escalatedFlags = columns.flags.escalated_to_human;
  const awaiting = columns.flags.awaiting_reply;
  const frt = columns.numbers.first_response_time;
  const frtBusiness = columns.numbers.first_response_business_time;
  const customerMessages = columns.numbers.customer_messages;
  const csat = columns.numbers.satisfaction_score;
  const frustration = columns.numbers.frustration_level;
  const lastCustomer = columns.dates.last_customer_message_at;
  const businessTime = context.businessTime === true;
  let resolved = 0;
  let escalated = 0;
  let contained = 0;
  let withCustomer = 0;
  let withinSla = 0;
  let unanswered = 0;
  let abandoned = 0;
  let satisfiedTop2 = 0;
  let frustratedHigh = 0;
  // Means as sums in row order (what `mean` computes), so no list of the values is needed.
  let satisfactionSum = 0;
  let satisfactionN = 0;
  let frustrationSum = 0;
  let frustrationN = 0;
  const abandonBefore = context.nowMs - context.abandonMinutes * 60_000;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const isResolved = resolvedFlags[i] === FLAG_TRUE;
    const isEscalated = escalatedFlags[i] === FLAG_TRUE;
    if (isResolved) resolved++;
    if (isEscalated) escalated++;
    if (isResolved && !isEscalated) contained++;
    if (customerMessageSeen(customerMessages[i] as number, frt[i] as number)) {
      const sla = slaOutcomeOf(frt[i] as number, frtBusiness[i] as number, context.slaSeconds, businessTime);
      if (sla !== null) withCustomer++;
      if (sla === true) withinSla++;
    }
    const score = csat[i] as number;
    if (score === score) {
      satisfactionSum += score;
      satisfactionN++;
      if (score >= 4) satisfiedTop2++;
    }
    const level = frustration[i] as number;
    if (level === level) {
      frustrationSum += level;
      frustrationN++;
      if (level >= 4) frustratedHigh++;
    }
    if (awaiting[i] === FLAG_TRUE) {
      unanswered++;
      // "Older than the threshold": strictly before now − threshold; an unknown last message (NaN) is not abandoned.
      if ((lastCustomer[i] as number) < abandonBefore) abandoned++;
    }
  }
  const volume = selected.length;
  return {
    volume,
    resolutionRate: rate(resolved, volume),
    escalationRate: rate(escalated, volume),
    containmentRate: rate(contained, volume),
    slaRate: rate(withinSla, withCustomer),
    unanswered,
    abandoned,
    firstResponse: describeInPlace(valuesOf(frt, selected)),
    resolution: describeInPlace(valuesOf(columns.numbers.resolution_time, selected)),
    satisfaction: { mean: meanOfTotals(satisfactionSum, satisfactionN), top2Rate: rate(satisfiedTop2, satisfactionN), n: satisfactionN },
    frustration: { mean: meanOfTotals(frustrationSum, frustrationN), highRate: rate(frustratedHigh, frustrationN), n: frustrationN },
  };
}
