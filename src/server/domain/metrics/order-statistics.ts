// Order statistics (median, p90) over several lists of values, one of which may be a stored window of a longer list.
import type { Stats } from '../../../shared/dto';
import type { ExactSum } from './exact-sum';
import { describeInPlace, meanOfTotals, percentileInPlace } from './stats';

/**
 * Thrown when parts cannot be merged exactly: a recent row falls into a series point only its final value was kept
 * of, or an order statistic falls outside a stored window. The caller computes from every row instead.
 */
export class UnmergeablePart extends Error {}

/**
 * Values whose order does not matter (medians and p90 are taken from them): arrays in a part accumulated from rows
 * (pushed to), typed arrays or windows in one unpacked from storage.
 */
export type Values = number[] | Float64Array | ValueWindow;

/**
 * Some stretches of a sorted list of `n` values: `values` are its ranks `below` … `below + values.length − 1`. The
 * history state keeps, of a long list, only the ranks a median or p90 can fall on once the recent rows are added
 * (history-state.ts); an order statistic that falls elsewhere throws UnmergeablePart.
 */
export interface ValueWindow {
  n: number;
  segments: Array<{ below: number; values: Float64Array }>;
}

/** The buffer order statistics are taken in, grown when needed (one per execution, not one per statistic). */
let scratch = new Float64Array(0);

/** The given plain lists' values in the shared scratch buffer (valid until the next call; reordered by a statistic). */
function gather(lists: ReadonlyArray<number[] | Float64Array>): Float64Array {
  let n = 0;
  for (const list of lists) n += list.length;
  if (scratch.length < n) scratch = new Float64Array(n);
  let at = 0;
  for (const list of lists) {
    // A native copy (a block copy for typed arrays): this runs over every value of the rows a few times a dashboard.
    scratch.set(list, at);
    at += list.length;
  }
  return scratch.subarray(0, n);
}

function isWindow(values: Values): values is ValueWindow {
  return !Array.isArray(values) && !(values instanceof Float64Array);
}

/** Index of the first value of sorted `values` not below `x` (`strict`: above `x`). */
function bound(values: Float64Array, x: number, strict: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = values[mid] as number;
    if (v < x || (strict && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The value of rank `j` (0-based, ascending) of the window's whole list together with the sorted `extra` values,
 * from one of its segments: before a segment's first value come its `below` ranks and the extra values under it;
 * from there the segment's values and the extra ones up to its last value are, merged, the next ranks. (At the
 * list's ends the extra values beyond are known too.) Throws UnmergeablePart when no segment reaches rank `j`.
 */
function rankOf(window: ValueWindow, extra: Float64Array, j: number): number {
  for (const { below, values } of window.segments) {
    if (values.length === 0) continue;
    const first = values[0] as number;
    const last = values[values.length - 1] as number;
    const under = bound(extra, first, false);
    const upTo = bound(extra, last, true);
    const start = below + under;
    const end = start + values.length + (upTo - under);
    if (j < start) {
      if (below === 0) return extra[j] as number;
      continue;
    }
    if (j >= end) {
      if (below + values.length === window.n && j - end < extra.length - upTo) return extra[upTo + j - end] as number;
      continue;
    }
    // The (j − start)-th of the merge of the segment with extra[under .. upTo).
    let t = j - start;
    let a = 0;
    let b = under;
    for (;;) {
      const fromSegment = b >= upTo || (a < values.length && (values[a] as number) <= (extra[b] as number));
      const value = fromSegment ? (values[a++] as number) : (extra[b++] as number);
      if (t-- === 0) return value;
    }
  }
  throw new UnmergeablePart(`rank ${j} is outside the stored windows`);
}

/** Order statistics of lists that may hold one window: n, and the value at a percentile (PERCENTILE.INC). */
function orderStatistics(lists: readonly Values[]): { n: number; at(p: number): number | null } {
  const windows = lists.filter(isWindow);
  const plain = lists.filter((list): list is number[] | Float64Array => !isWindow(list));
  if (windows.length === 0) {
    const values = gather(plain);
    return { n: values.length, at: (p) => percentileInPlace(values, p) };
  }
  if (windows.length > 1) throw new UnmergeablePart('two windows in one statistic');
  const window = windows[0] as ValueWindow;
  const extra = Float64Array.from(gather(plain)).sort();
  const n = window.n + extra.length;
  return {
    n,
    at(p) {
      if (n === 0) return null;
      const position = p * (n - 1);
      const lower = Math.floor(position);
      const low = rankOf(window, extra, lower);
      const fraction = position - lower;
      if (fraction === 0) return low;
      const high = rankOf(window, extra, lower + 1);
      return low + (high - low) * fraction;
    },
  };
}

/** The median of the lists' values together. */
export function median(lists: readonly Values[]): number | null {
  if (!lists.some(isWindow)) return percentileInPlace(gather(lists as ReadonlyArray<number[] | Float64Array>), 0.5);
  return orderStatistics(lists).at(0.5);
}

/** Mean, median, p90 and n (all null when n = 0); the mean from the exact sum. */
export function statsOf(lists: readonly Values[], sum: ExactSum): Stats {
  if (!lists.some(isWindow)) return describeInPlace(gather(lists as ReadonlyArray<number[] | Float64Array>), sum.value());
  const statistics = orderStatistics(lists);
  return { mean: meanOfTotals(sum.value(), statistics.n), median: statistics.at(0.5), p90: statistics.at(0.9), n: statistics.n };
}
