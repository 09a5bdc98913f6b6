// Descriptive statistics of metrics.md §4: median and p90 (PERCENTILE.INC), means and rates. (Pearson: exact-sum.ts.)
import type { Stats } from '../../../shared/dto';

/**
 * Moves the k-th smallest value to index k, smaller-or-equal ones before it and greater-or-equal ones after it
 * (Wirth's selection, O(n) on average): medians and p90 need two order statistics, not a full sort.
 */
function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[k] as number;
    let i = lo;
    let j = hi;
    do {
      while ((values[i] as number) < pivot) i++;
      while (pivot < (values[j] as number)) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return values[k] as number;
}

/**
 * Percentile by linear interpolation between closest ranks (numpy's default, Sheets PERCENTILE.INC):
 * position `p × (n − 1)` in the ascending values. Null for no values. Reorders `values` (a scratch copy).
 * @example percentileInPlace(Float64Array.of(40, 10, 30, 20), 0.9) // 37
 */
export function percentileInPlace(values: Float64Array, p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const position = p * (n - 1);
  const lower = Math.floor(position);
  const low = selectInPlace(values, lower);
  const fraction = position - lower;
  if (fraction === 0) return low;
  // After selection everything past `lower` is >= low; the next rank is the smallest of them.
  let high = Infinity;
  for (let i = lower + 1; i < n; i++) if ((values[i] as number) < high) high = values[i] as number;
  return low + (high - low) * fraction;
}

/** Mean from a running sum and count, null when the count is 0. */
export function meanOfTotals(sum: number, count: number): number | null {
  return count === 0 ? null : sum / count;
}

/** Mean (from the values' exact `total`), median, p90 and n of values the caller no longer needs in order (reorders them). */
export function describeInPlace(values: Float64Array, total: number): Stats {
  return { mean: meanOfTotals(total, values.length), median: percentileInPlace(values, 0.5), p90: percentileInPlace(values, 0.9), n: values.length };
}

/** part ÷ whole, null when whole is 0 (a rate over no rows is unknown, never 0). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
