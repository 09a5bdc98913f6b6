// Service depth over the filtered rows (metrics.md §6–8): business-time KPIs, human operators, durable AI resolution.
import type { BusinessHoursKpis, DurableAi, OperatorRow } from '../../../shared/dto';
import { operatorLabel, type OperatorLabels } from '../operator-labels';
import { FLAG_BLANK, FLAG_FALSE, FLAG_TRUE, type ConversationColumns } from './column-table';
import { compareKeys, type PreparedTable } from './filters';
import { valuesOf } from './kpis';
import { describeInPlace, meanOfTotals, median, rate } from './stats';

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
  /** Named by a selected row (the dictionaries name every operator of the table up front). */
  seen: boolean;
  conversations: number;
  resolved: number;
  satisfactionSum: number;
  satisfactionN: number;
  firstHumanResponses: number[];
  handling: number[];
}

/** AI-resolved (metrics.md §8): resolved and not escalated (the containment numerator). */
function aiResolvedAt(columns: ConversationColumns, i: number): boolean {
  return columns.flags.resolved[i] === FLAG_TRUE && columns.flags.escalated_to_human[i] !== FLAG_TRUE;
}

/** The distinct, trimmed, non-empty operator ids of an `operator_ids` cell ("u1, u2"). */
function operatorKeys(cell: string): string[] {
  const keys: string[] = [];
  for (const part of cell.split(',')) {
    const key = part.trim();
    if (key !== '' && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * The §6–8 figures in one pass over the `selected` slots, plus, for §8, one pass over every row for the customers
 * of the AI-resolved ones (a return counts whatever the filter). Text cells are split once per dictionary entry,
 * not once per row.
 */
export function computeServiceDepth(table: PreparedTable, selected: Int32Array, context: ServiceDepthContext): ServiceDepth {
  const { columns } = table;
  const operators = new Map<string, OperatorTotals>();
  const operator = (key: string): OperatorTotals => {
    let totals = operators.get(key);
    if (!totals) {
      totals = { seen: false, conversations: 0, resolved: 0, satisfactionSum: 0, satisfactionN: 0, firstHumanResponses: [], handling: [] };
      operators.set(key, totals);
    }
    return totals;
  };
  const involved = columns.texts.operator_ids;
  const involvedTotals = [[], ...involved.dict.map((cell) => operatorKeys(cell).map(operator))];
  const first = columns.texts.first_operator_id;
  const firstTotals = [null, ...first.dict.map((id) => operator(id.trim()))];
  const csat = columns.numbers.satisfaction_score;
  const humanFirst = columns.numbers.first_human_response_time;
  const handling = columns.numbers.operator_handling_time;
  const updatedAt = columns.dates.updated_at;
  // Mature AI-resolved rows with a customer: their slot and `updated_at` (parallel arrays, no per-row object).
  const candidates: number[] = [];
  const candidateUpdated: number[] = [];
  let pending = 0;
  let createdKnown = 0;
  let createdOutside = 0;

  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    if (context.businessHoursOn) {
      const inside = columns.flags.created_in_business_hours[i];
      if (inside !== FLAG_BLANK) {
        createdKnown++;
        if (inside === FLAG_FALSE) createdOutside++;
      }
    }
    const named = involvedTotals[involved.codes[i] as number] as OperatorTotals[];
    for (let n = 0; n < named.length; n++) {
      const totals = named[n] as OperatorTotals;
      totals.seen = true;
      totals.conversations++;
      if (columns.flags.resolved[i] === FLAG_TRUE) totals.resolved++;
      if (!Number.isNaN(csat[i] as number)) {
        totals.satisfactionSum += csat[i] as number;
        totals.satisfactionN++;
      }
    }
    const firstOperator = firstTotals[first.codes[i] as number];
    if (firstOperator) {
      firstOperator.seen = true;
      if (!Number.isNaN(humanFirst[i] as number)) firstOperator.firstHumanResponses.push(humanFirst[i] as number);
      if (!Number.isNaN(handling[i] as number)) firstOperator.handling.push(handling[i] as number);
    }
    const updated = updatedAt[i] as number;
    if (aiResolvedAt(columns, i) && !Number.isNaN(updated) && !Number.isNaN(columns.customer[i] as number)) {
      if (context.nowMs - updated < DURABLE_WINDOW_MS) pending++;
      else {
        candidates.push(i);
        candidateUpdated.push(updated);
      }
    }
  }

  return {
    businessHours: context.businessHoursOn
      ? {
          firstResponse: describeInPlace(valuesOf(columns.numbers.first_response_business_time, selected)),
          firstHumanResponse: describeInPlace(valuesOf(columns.numbers.first_human_response_business_time, selected)),
          resolution: describeInPlace(valuesOf(columns.numbers.resolution_business_time, selected)),
          outsideHoursRate: rate(createdOutside, createdKnown),
        }
      : null,
    operators: [...operators]
      .filter(([, totals]) => totals.seen)
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
    durableAi: durable(table, candidates, candidateUpdated, pending),
  };
}

/**
 * Customer hash → the slot of its first row: open addressing over one typed array of slots (-1 = free), the key
 * read back from the customer column. A Map keyed by 48-bit numbers boxes every key (they are not small integers),
 * which made this pass the slowest of a 200,000-row dashboard; a second array of keys would double the memory a
 * fresh execution has to touch (2 MB instead of 6 at 200,000 rows).
 */
class CustomerHeads {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    count: number,
    private readonly customers: Float64Array,
  ) {
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** The first slot seen with `key` (the customer of `slot`); `slot` itself (now recorded) when `key` is new. */
  headOf(key: number, slot: number): number {
    // The hash's low 32 bits are as mixed as its high ones (two FNV lanes).
    let at = (key >>> 0) & this.mask;
    for (;;) {
      const known = this.slots[at] as number;
      if (known < 0) {
        this.slots[at] = slot;
        return slot;
      }
      if (this.customers[known] === key) return known;
      at = (at + 1) & this.mask;
    }
  }
}

/** Groups longer than this are sorted once and binary-searched instead of scanned per candidate. */
const SCAN_LIMIT = 32;

/**
 * §8: durable = no other conversation of the same customer started in (updated_at, updated_at + 7 days], over every
 * row whatever the filter. One pass over every row links the rows of each customer (one number-keyed map and a typed
 * "next row" array: no per-row allocation); each candidate then scans its customer's rows, or binary-searches them
 * when the customer has many (one sort per such customer), so the work stays linear in practice.
 */
function durable(table: PreparedTable, candidates: readonly number[], candidateUpdated: readonly number[], pending: number): DurableAi {
  const aiResolvedCount = candidates.length + pending;
  if (candidates.length === 0) return { aiResolved: aiResolvedCount, durable: 0, pending, rate: null };
  const { columns } = table;
  const heads = new CustomerHeads(table.all.length, columns.customer);
  const size = new Int32Array(columns.length);
  // Each row's group head (its customer's first row), -1 without a customer.
  const headOf = new Int32Array(columns.length).fill(-1);
  const next = new Int32Array(columns.length).fill(-1);
  // A row without created_at is linked (it may be a candidate) but never counts as a return (NaN compares false).
  const created = columns.dates.created_at;
  for (let k = 0; k < table.all.length; k++) {
    const i = table.all[k] as number;
    const key = columns.customer[i] as number;
    if (Number.isNaN(key)) continue;
    const head = heads.headOf(key, i);
    if (head === i) {
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
 * every row; null when none will. A cached dashboard is valid until then.
 */
export function durableHorizon(columns: ConversationColumns, nowMs: number): number | null {
  let horizon = Infinity;
  const updatedAt = columns.dates.updated_at;
  for (let i = 0; i < columns.length; i++) {
    if (!columns.present[i] || !aiResolvedAt(columns, i)) continue;
    // NaN (no updated_at) fails both comparisons.
    const matures = (updatedAt[i] as number) + DURABLE_WINDOW_MS;
    if (matures > nowMs && matures < horizon) horizon = matures;
  }
  return horizon === Infinity ? null : horizon;
}
