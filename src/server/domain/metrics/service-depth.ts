// Service depth over the filtered rows (metrics.md §6–8): business-time KPIs, human operators, durable AI resolution.
import type { BusinessHoursKpis, DurableAi, OperatorRow } from '../../../shared/dto';
import type { ConversationRecord } from '../columns';
import { operatorLabel, type OperatorLabels } from '../operator-labels';
import { compareKeys, type PreparedRow } from './filters';
import { describe, meanOfTotals, median, rate } from './stats';

/** A return within this long after `updated_at` makes an AI resolution not durable (metrics.md §8). */
export const DURABLE_WINDOW_MS = 7 * 24 * 3_600_000;

/** What service depth depends on besides the rows. */
export interface ServiceDepthContext {
  nowMs: number;
  /** Business hours on: `businessHours` is filled, else null. */
  businessHoursOn: boolean;
  operatorLabels: OperatorLabels;
}

/** The three DashboardData fields of metrics.md §6–8. */
export interface ServiceDepth {
  businessHours: BusinessHoursKpis | null;
  operators: OperatorRow[];
  durableAi: DurableAi;
}

interface OperatorTotals {
  conversations: number;
  resolved: number;
  satisfactionSum: number;
  satisfactionN: number;
  firstHumanResponses: number[];
  handling: number[];
}

/**
 * A customer's identity (metrics.md §8): `contact_email` lower-cased and trimmed, else `visitor_id`; null with neither.
 * The prefixes keep an e-mail from ever equalling a visitor id.
 */
export function customerIdentity(record: ConversationRecord): string | null {
  const email = record.contact_email?.trim().toLowerCase() ?? '';
  if (email !== '') return `e:${email}`;
  const visitor = record.visitor_id?.trim() ?? '';
  return visitor === '' ? null : `v:${visitor}`;
}

/** AI-resolved (metrics.md §8): resolved and not escalated (the containment numerator). */
function aiResolved(record: ConversationRecord): boolean {
  return record.resolved === true && record.escalated_to_human !== true;
}

/**
 * The §6–8 figures in one pass over the filtered `rows`, plus, for §8, one pass over `all` rows for the identities
 * of the AI-resolved ones (a return counts whatever the filter), each identity's start times sorted once.
 */
export function computeServiceDepth(all: readonly PreparedRow[], rows: readonly PreparedRow[], context: ServiceDepthContext): ServiceDepth {
  const businessFirst: number[] = [];
  const businessHuman: number[] = [];
  const businessResolution: number[] = [];
  let createdKnown = 0;
  let createdOutside = 0;
  const operators = new Map<string, OperatorTotals>();
  const operator = (key: string): OperatorTotals => {
    let totals = operators.get(key);
    if (!totals) {
      totals = { conversations: 0, resolved: 0, satisfactionSum: 0, satisfactionN: 0, firstHumanResponses: [], handling: [] };
      operators.set(key, totals);
    }
    return totals;
  };
  const candidates: Array<{ identity: string; updated: number; index: number }> = [];
  let pending = 0;

  for (const { record, index } of rows) {
    if (context.businessHoursOn) {
      if (record.first_response_business_time !== null) businessFirst.push(record.first_response_business_time);
      if (record.first_human_response_business_time !== null) businessHuman.push(record.first_human_response_business_time);
      if (record.resolution_business_time !== null) businessResolution.push(record.resolution_business_time);
      if (record.created_in_business_hours !== null) {
        createdKnown++;
        if (!record.created_in_business_hours) createdOutside++;
      }
    }
    if (record.operator_ids !== null) {
      const seen = new Set<string>();
      for (const part of record.operator_ids.split(',')) {
        const key = part.trim();
        if (key === '' || seen.has(key)) continue;
        seen.add(key);
        const totals = operator(key);
        totals.conversations++;
        if (record.resolved === true) totals.resolved++;
        if (record.satisfaction_score !== null) {
          totals.satisfactionSum += record.satisfaction_score;
          totals.satisfactionN++;
        }
      }
    }
    if (record.first_operator_id !== null) {
      const totals = operator(record.first_operator_id.trim());
      if (record.first_human_response_time !== null) totals.firstHumanResponses.push(record.first_human_response_time);
      if (record.operator_handling_time !== null) totals.handling.push(record.operator_handling_time);
    }
    if (aiResolved(record) && record.updated_at !== null) {
      const identity = customerIdentity(record);
      if (identity === null) continue;
      const updated = record.updated_at.getTime();
      if (context.nowMs - updated < DURABLE_WINDOW_MS) pending++;
      else candidates.push({ identity, updated, index });
    }
  }

  return {
    businessHours: context.businessHoursOn
      ? {
          firstResponse: describe(businessFirst),
          firstHumanResponse: describe(businessHuman),
          resolution: describe(businessResolution),
          outsideHoursRate: rate(createdOutside, createdKnown),
        }
      : null,
    operators: [...operators]
      .map(([key, totals]) => ({
        key,
        label: operatorLabel(context.operatorLabels, key),
        conversations: totals.conversations,
        resolutionRate: rate(totals.resolved, totals.conversations),
        satisfactionMean: meanOfTotals(totals.satisfactionSum, totals.satisfactionN),
        firstHumanResponseMedian: median(totals.firstHumanResponses),
        handlingMedian: median(totals.handling),
      }))
      .sort((a, b) => b.conversations - a.conversations || compareKeys(a.key, b.key)),
    durableAi: durable(all, candidates, pending),
  };
}

/** §8: durable = no other conversation of the same identity started in (updated_at, updated_at + 7 days]. */
function durable(all: readonly PreparedRow[], candidates: ReadonlyArray<{ identity: string; updated: number; index: number }>, pending: number): DurableAi {
  const aiResolvedCount = candidates.length + pending;
  if (candidates.length === 0) return { aiResolved: aiResolvedCount, durable: 0, pending, rate: null };
  // Start times of every row (whatever the filter) of the identities that matter, as [time, row index] pairs.
  const starts = new Map<string, Array<[number, number]>>();
  for (const candidate of candidates) starts.set(candidate.identity, []);
  for (const { record, index } of all) {
    if (record.created_at === null) continue;
    const identity = customerIdentity(record);
    const list = identity === null ? undefined : starts.get(identity);
    if (list) list.push([record.created_at.getTime(), index]);
  }
  for (const list of starts.values()) list.sort((a, b) => a[0] - b[0]);
  let durableCount = 0;
  for (const { identity, updated, index } of candidates) {
    const list = starts.get(identity) ?? [];
    // First start strictly after `updated` (binary search), then any within the window other than the row itself.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as [number, number])[0] <= updated) lo = mid + 1;
      else hi = mid;
    }
    let returned = false;
    for (let i = lo; i < list.length; i++) {
      const [start, row] = list[i] as [number, number];
      if (start > updated + DURABLE_WINDOW_MS) break;
      if (row !== index) {
        returned = true;
        break;
      }
    }
    if (!returned) durableCount++;
  }
  return { aiResolved: aiResolvedCount, durable: durableCount, pending, rate: rate(durableCount, candidates.length) };
}

/**
 * The first instant after `nowMs` at which an AI-resolved row stops being pending (its `updated_at` + 7 days), over
 * every record; null when none will. A cached dashboard is valid until then.
 */
export function durableHorizon(records: readonly ConversationRecord[], nowMs: number): number | null {
  let horizon = Infinity;
  for (const record of records) {
    if (!aiResolved(record) || record.updated_at === null) continue;
    const matures = record.updated_at.getTime() + DURABLE_WINDOW_MS;
    if (matures > nowMs && matures < horizon) horizon = matures;
  }
  return horizon === Infinity ? null : horizon;
}

/** §4/§6: the first-response seconds the SLA and the bands use: business seconds when business hours are on. */
export function slaSeconds(record: ConversationRecord, businessTime: boolean): number | null {
  return businessTime ? record.first_response_business_time : record.first_response_time;
}
