// The KPIs of metrics.md §4 over a set of rows.
import type { Kpis } from '../../../shared/dto';
import type { ConversationRecord } from '../columns';
import type { PreparedRow } from './filters';
import { describe, mean, rate } from './stats';

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
 * the add-on), when `first_response_time` is present (metrics.md §4, SLA rate).
 */
export function hasCustomerMessage(record: ConversationRecord): boolean {
  return record.customer_messages !== null ? record.customer_messages > 0 : record.first_response_time !== null;
}

/**
 * The last instant at which the "abandoned" counts computed at `nowMs` still hold: a waiting row is abandoned once
 * "now" passes its last customer message plus the threshold. Over every record given (a superset of any filtered
 * set, so the bound is safe for the previous period too); null when no waiting row can still cross it.
 */
export function abandonmentHorizon(records: readonly ConversationRecord[], nowMs: number, abandonMinutes: number): number | null {
  const threshold = abandonMinutes * 60_000;
  let horizon = Infinity;
  for (const record of records) {
    if (record.awaiting_reply !== true || record.last_customer_message_at === null) continue;
    const crossesAfter = record.last_customer_message_at.getTime() + threshold;
    if (crossesAfter >= nowMs && crossesAfter < horizon) horizon = crossesAfter;
  }
  return horizon === Infinity ? null : horizon;
}

/**
 * Whether a row with a customer message met the SLA: its first response within the target (never answered = a
 * miss). On business time (metrics.md §6) a row answered but without a business value (not computed by the add-on)
 * still meets it when its wall-clock time does (business seconds never exceed wall-clock ones); otherwise its
 * outcome is unknown (null) and it is left out of the rate.
 */
export function slaOutcome(record: ConversationRecord, target: number, businessTime: boolean): boolean | null {
  const wall = record.first_response_time;
  if (!businessTime) return wall !== null && wall <= target;
  const business = record.first_response_business_time;
  if (business !== null) return business <= target;
  if (wall === null) return false;
  return wall <= target ? true : null;
}

/** Every KPI of metrics.md §4 over `rows`. Blank `resolved`/`escalated_to_human` count as false in rates. */
export function computeKpis(rows: readonly PreparedRow[], context: KpiContext): Kpis {
  let resolved = 0;
  let escalated = 0;
  let contained = 0;
  let withCustomer = 0;
  let withinSla = 0;
  let unanswered = 0;
  let abandoned = 0;
  const firstResponses: number[] = [];
  const resolutions: number[] = [];
  const satisfaction: number[] = [];
  const frustration: number[] = [];
  let satisfiedTop2 = 0;
  let frustratedHigh = 0;
  const abandonBefore = context.nowMs - context.abandonMinutes * 60_000;
  for (const { record } of rows) {
    const isResolved = record.resolved === true;
    const isEscalated = record.escalated_to_human === true;
    if (isResolved) resolved++;
    if (isEscalated) escalated++;
    if (isResolved && !isEscalated) contained++;
    const frt = record.first_response_time;
    if (frt !== null) firstResponses.push(frt);
    if (hasCustomerMessage(record)) {
      const sla = slaOutcome(record, context.slaSeconds, context.businessTime === true);
      if (sla !== null) withCustomer++;
      if (sla === true) withinSla++;
    }
    if (record.resolution_time !== null) resolutions.push(record.resolution_time);
    const csat = record.satisfaction_score;
    if (csat !== null) {
      satisfaction.push(csat);
      if (csat >= 4) satisfiedTop2++;
    }
    const level = record.frustration_level;
    if (level !== null) {
      frustration.push(level);
      if (level >= 4) frustratedHigh++;
    }
    if (record.awaiting_reply === true) {
      unanswered++;
      const last = record.last_customer_message_at;
      // "Older than the threshold": strictly before now − threshold; an unknown last message is not abandoned.
      if (last !== null && last.getTime() < abandonBefore) abandoned++;
    }
  }
  const volume = rows.length;
  return {
    volume,
    resolutionRate: rate(resolved, volume),
    escalationRate: rate(escalated, volume),
    containmentRate: rate(contained, volume),
    slaRate: rate(withinSla, withCustomer),
    unanswered,
    abandoned,
    firstResponse: describe(firstResponses),
    resolution: describe(resolutions),
    satisfaction: { mean: mean(satisfaction), top2Rate: rate(satisfiedTop2, satisfaction.length), n: satisfaction.length },
    frustration: { mean: mean(frustration), highRate: rate(frustratedHigh, frustration.length), n: frustration.length },
  };
}
