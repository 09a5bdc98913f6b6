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

/** A customer's identity (metrics.md §8): which map it lives in (e-mail or visitor id) and its key; null with neither. */
interface Identity {
  byEmail: boolean;
  key: string;
}

/** `contact_email` lower-cased and trimmed when present, else `visitor_id`; null with neither. */
export function customerIdentity(record: ConversationRecord): Identity | null {
  const email = record.contact_email === null ? '' : record.contact_email.trim().toLowerCase();
  if (email !== '') return { byEmail: true, key: email };
  const visitor = record.visitor_id === null ? '' : record.visitor_id.trim();
  return visitor === '' ? null : { byEmail: false, key: visitor };
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
  // Mature AI-resolved rows with an identity: their table index and `updated_at` (parallel arrays, no per-row object).
  const candidates: number[] = [];
  const candidateUpdated: number[] = [];
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
      // Usually one operator: no split, no set.
      const keys = record.operator_ids.indexOf(',') < 0 ? [record.operator_ids.trim()] : record.operator_ids.split(',').map((part) => part.trim());
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k] as string;
        if (key === '' || keys.indexOf(key) < k) continue;
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
    if (aiResolved(record) && record.updated_at !== null && customerIdentity(record) !== null) {
      const updated = record.updated_at.getTime();
      if (context.nowMs - updated < DURABLE_WINDOW_MS) pending++;
      else {
        candidates.push(index);
        candidateUpdated.push(updated);
      }
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
    durableAi: durable(all, candidates, candidateUpdated, pending),
  };
}

/** Groups longer than this are sorted once and binary-searched instead of scanned per candidate. */
const SCAN_LIMIT = 32;

/**
 * §8: durable = no other conversation of the same identity started in (updated_at, updated_at + 7 days], over every
 * row whatever the filter. One pass over `all` links the rows of each identity (two string-keyed maps and a typed
 * "next row" array: no per-row allocation); each candidate then scans its identity's rows, or binary-searches them
 * when the identity has many (one sort per such identity), so the work stays linear in practice.
 */
function durable(all: readonly PreparedRow[], candidates: readonly number[], candidateUpdated: readonly number[], pending: number): DurableAi {
  const aiResolvedCount = candidates.length + pending;
  if (candidates.length === 0) return { aiResolved: aiResolvedCount, durable: 0, pending, rate: null };
  const emails = new Map<string, number>();
  const visitors = new Map<string, number>();
  const size = new Int32Array(all.length);
  // Each row's group head (its identity's first row), -1 without identity.
  const headOf = new Int32Array(all.length).fill(-1);
  const next = new Int32Array(all.length).fill(-1);
  const created = new Float64Array(all.length).fill(NaN);
  for (let i = 0; i < all.length; i++) {
    const record = (all[i] as PreparedRow).record;
    // customerIdentity inlined: this loop runs over every row and allocates nothing per row.
    const email = record.contact_email === null ? '' : record.contact_email.trim().toLowerCase();
    const key = email !== '' ? email : record.visitor_id === null ? '' : record.visitor_id.trim();
    if (key === '') continue;
    const map = email !== '' ? emails : visitors;
    // A row without created_at is linked (it may be a candidate) but never counts as a return (NaN compares false).
    created[i] = record.created_at === null ? NaN : record.created_at.getTime();
    const head = map.get(key);
    if (head === undefined) {
      map.set(key, i);
      size[i] = 1;
      headOf[i] = i;
    } else {
      headOf[i] = head;
      // Insert after the head, so the head (where the group's size is kept) stays put.
      next[i] = next[head] as number;
      next[head] = i;
      size[head] = (size[head] as number) + 1;
    }
  }
  // A candidate's `index` is its table index, which is also its position in `all` (prepareRows keeps the order).
  const sorted = new Map<number, Float64Array>();
  let durableCount = 0;
  for (let c = 0; c < candidates.length; c++) {
    const index = candidates[c] as number;
    const updated = candidateUpdated[c] as number;
    const head = headOf[index] as number;
    let returned = false;
    if (head >= 0 && (size[head] as number) > SCAN_LIMIT) {
      let starts = sorted.get(head);
      if (!starts) {
        const list: number[] = [];
        for (let i = head; i >= 0; i = next[i] as number) if (!Number.isNaN(created[i])) list.push(created[i] as number);
        starts = Float64Array.from(list).sort();
        sorted.set(head, starts);
      }
      // First start strictly after `updated`; the row's own start is never after its own update unless the data
      // says so, in which case two equal starts in the window are needed to call it a return.
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((starts[mid] as number) <= updated) lo = mid + 1;
        else hi = mid;
      }
      const own = created[index] as number;
      const ownInWindow = own > updated && own <= updated + DURABLE_WINDOW_MS;
      let inWindow = 0;
      for (let i = lo; i < starts.length && (starts[i] as number) <= updated + DURABLE_WINDOW_MS; i++) {
        if (++inWindow > (ownInWindow ? 1 : 0)) break;
      }
      returned = inWindow > (ownInWindow ? 1 : 0);
    } else {
      for (let i = head; i >= 0; i = next[i] as number) {
        const start = created[i] as number;
        if (i !== index && start > updated && start <= updated + DURABLE_WINDOW_MS) {
          returned = true;
          break;
        }
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
