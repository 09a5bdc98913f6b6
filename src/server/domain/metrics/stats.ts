// Descriptive statistics of metrics.md §4: mean, median, p90 (PERCENTILE.INC), rates and Pearson correlation.
import type { Stats } from '../../../shared/dto';

/** Sorts a copy ascending as numbers. */
export function sortedCopy(values: readonly number[]): Float64Array {
  // The array-like constructor copies a packed array directly; Float64Array.from goes through the iterator protocol.
  const sorted = new Float64Array(values as number[]);
  sorted.sort();
  return sorted;
}

/** Arithmetic mean, null for no values. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Percentile by linear interpolation between closest ranks (numpy's default, Sheets PERCENTILE.INC):
 * position `p × (n − 1)` in the ascending values. Null for no values.
 * @example percentileSorted(Float64Array.of(10, 20, 30, 40), 0.9) // 37
 */
export function percentileSorted(sorted: Float64Array, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const position = p * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, n - 1);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/** Median: the middle value, or the mean of the two middle values; null for no values. */
export function median(values: readonly number[]): number | null {
  return percentileSorted(sortedCopy(values), 0.5);
}

/** Mean, median, p90 and n of the values (all null when n = 0). */
export function describe(values: readonly number[]): Stats {
  const sorted = sortedCopy(values);
  return { mean: mean(values), median: percentileSorted(sorted, 0.5), p90: percentileSorted(sorted, 0.9), n: values.length };
}

/** part ÷ whole, null when whole is 0 (a rate over no rows is unknown, never 0). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function constant(values: readonly number[], n: number): boolean {
  const first = values[0];
  for (let i = 1; i < n; i++) if (values[i] !== first) return false;
  return true;
}

/** Pearson correlation of paired values; null when n < 3 or either variance is 0. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3 || constant(xs, n) || constant(ys, n)) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    cov += dx * dy;
    vx += dx * dx;
    vy += dy * dy;
  }
  if (vx === 0 || vy === 0) return null;
  const r = cov / Math.sqrt(vx * vy);
  // Rounding can push |r| a hair past 1 for perfectly linear data.
  return Math.max(-1, Math.min(1, r));
}
