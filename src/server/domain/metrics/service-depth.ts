// Durable AI resolution (metrics.md §8): which AI resolutions held, over every row of the sheet, and when the figure moves.
import { FLAG_TRUE, type ConversationColumns } from './column-table';
import type { PreparedTable } from './filters';

/** A return within this long after `updated_at` makes an AI resolution not durable (metrics.md §8). */
export const DURABLE_WINDOW_MS = 7 * 24 * 3_600_000;

/** AI-resolved (metrics.md §8): resolved and not escalated (the containment numerator). */
function aiResolvedAt(columns: ConversationColumns, i: number): boolean {
  return columns.flags.resolved[i] === FLAG_TRUE && columns.flags.escalated_to_human[i] !== FLAG_TRUE;
}

/**
 * §8 over the `selected` slots: AI-resolved rows with a customer and `updated_at` are pending while younger than the
 * window, else candidates, durable when no other conversation of the same customer (among the `universe` slots,
 * whatever the filter) started in (updated_at, updated_at + 7 days].
 */
export function durableVerdicts(table: PreparedTable, selected: Int32Array, universe: Int32Array, nowMs: number): { candidates: number; durable: number; pending: number } {
  const { columns } = table;
  const updatedAt = columns.dates.updated_at;
  // Mature AI-resolved rows with a customer: their slot and `updated_at` (parallel arrays, no per-row object).
  const candidates: number[] = [];
  const candidateUpdated: number[] = [];
  let pending = 0;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const updated = updatedAt[i] as number;
    if (aiResolvedAt(columns, i) && !Number.isNaN(updated) && !Number.isNaN(columns.customer[i] as number)) {
      if (nowMs - updated < DURABLE_WINDOW_MS) pending++;
      else {
        candidates.push(i);
        candidateUpdated.push(updated);
      }
    }
  }
  const durable = candidates.length === 0 ? 0 : countDurable(table, universe, candidates, candidateUpdated);
  return { candidates: candidates.length, durable, pending };
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
 * How many candidates are durable: one pass over the `universe` links the rows of each customer (one number-keyed
 * table and a typed "next row" array: no per-row allocation); each candidate then scans its customer's rows, or
 * binary-searches them when the customer has many (one sort per such customer), so the work stays linear in practice.
 */
function countDurable(table: PreparedTable, universe: Int32Array, candidates: readonly number[], candidateUpdated: readonly number[]): number {
  const { columns } = table;
  const heads = new CustomerHeads(universe.length, columns.customer);
  const size = new Int32Array(columns.length);
  // Each row's group head (its customer's first row), -1 without a customer.
  const headOf = new Int32Array(columns.length).fill(-1);
  const next = new Int32Array(columns.length).fill(-1);
  // A row without created_at is linked (it may be a candidate) but never counts as a return (NaN compares false).
  const created = columns.dates.created_at;
  for (let k = 0; k < universe.length; k++) {
    const i = universe[k] as number;
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
  return durableCount;
}

/**
 * The last instant at which the durable counts computed at `nowMs` still hold, over every row: an AI-resolved row
 * stops being pending at its `updated_at` + 7 days (`nowMs − updated < window` no longer holds then), so the instant
 * before the first such one after `nowMs`; null when none will. A cached dashboard is valid until then (inclusive,
 * like `abandonmentHorizon`).
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
  // Epoch-ms instants are whole: the one before maturity is the last at which the row is still pending.
  return horizon === Infinity ? null : horizon - 1;
}
