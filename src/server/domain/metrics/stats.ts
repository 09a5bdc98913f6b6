// Descriptive statistics of metrics.md §4: mean, median, p90 (PERCENTILE.INC), rates and Pearson correlation.
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

/** A scratch copy (the array-like constructor copies a packed or typed array directly, unlike Float64Array.from). */
function scratch(values: ArrayLike<number>): Float64Array {
  return new Float64Array(values as number[]);
}

/** Arithmetic mean, null for no values. */
export function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** Mean from a running sum and count, null when the count is 0. */
export function meanOfTotals(sum: number, count: number): number | null {
  return count === 0 ? null : sum / count;
}

/** Median: the middle value, or the mean of the two middle values; null for no values. */
export function median(values: ArrayLike<number>): number | null {
  return percentileInPlace(scratch(values), 0.5);
}

/** Mean, median, p90 and n of the values (all null when n = 0). */
export function describe(values: ArrayLike<number>): Stats {
  return describeInPlace(scratch(values));
}

/** `describe` of values the caller owns and no longer needs in order: reorders them instead of copying. */
export function describeInPlace(values: Float64Array): Stats {
  const average = mean(values);
  return { mean: average, median: percentileInPlace(values, 0.5), p90: percentileInPlace(values, 0.9), n: values.length };
}

/** part ÷ whole, null when whole is 0 (a rate over no rows is unknown, never 0). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * Pearson correlation of paired values; null when n < 3 or either side is constant (or its variance rounds to 0).
 * @example pearson([1, 2, 3], [2, 4, 7]) // ≈ 0.993
 */
export function pearson(xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  const n = Math.min(xs.length, ys.length);
  const slots = new Int32Array(n);
  for (let i = 0; i < n; i++) slots[i] = i;
  return pearsonEach(Float64Array.from(xs), [Float64Array.from(ys)], slots)[0] ?? null;
}

/**
 * `pearson` of column `x` with each column of `ys`, over the given slots where both are present (NaN = blank): two
 * passes over the slots for all pairs together (at 200,000 rows each pass is a cold loop of its own), no lists of the
 * pairs. Each pair's sums take the same terms in the same order as it would alone.
 */
export function pearsonEach(x: Float64Array, ys: readonly Float64Array[], slots: Int32Array): Array<number | null> {
  const m = ys.length;
  const n = new Float64Array(m);
  const sx = new Float64Array(m);
  const sy = new Float64Array(m);
  const firstX = new Float64Array(m).fill(NaN);
  const firstY = new Float64Array(m).fill(NaN);
  const constantX = new Uint8Array(m).fill(1);
  const constantY = new Uint8Array(m).fill(1);
  for (let k = 0; k < slots.length; k++) {
    const i = slots[k] as number;
    const xi = x[i] as number;
    if (xi !== xi) continue;
    for (let j = 0; j < m; j++) {
      const yi = (ys[j] as Float64Array)[i] as number;
      if (yi !== yi) continue;
      if (n[j] === 0) {
        firstX[j] = xi;
        firstY[j] = yi;
      } else {
        if (xi !== firstX[j]) constantX[j] = 0;
        if (yi !== firstY[j]) constantY[j] = 0;
      }
      n[j] = (n[j] as number) + 1;
      sx[j] = (sx[j] as number) + xi;
      sy[j] = (sy[j] as number) + yi;
    }
  }
  const mx = new Float64Array(m);
  const my = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    mx[j] = (sx[j] as number) / (n[j] as number);
    my[j] = (sy[j] as number) / (n[j] as number);
  }
  const cov = new Float64Array(m);
  const vx = new Float64Array(m);
  const vy = new Float64Array(m);
  for (let k = 0; k < slots.length; k++) {
    const i = slots[k] as number;
    const xi = x[i] as number;
    if (xi !== xi) continue;
    for (let j = 0; j < m; j++) {
      const yi = (ys[j] as Float64Array)[i] as number;
      if (yi !== yi) continue;
      const dx = xi - (mx[j] as number);
      const dy = yi - (my[j] as number);
      cov[j] = (cov[j] as number) + dx * dy;
      vx[j] = (vx[j] as number) + dx * dx;
      vy[j] = (vy[j] as number) + dy * dy;
    }
  }
  return Array.from({ length: m }, (_, j) => {
    if ((n[j] as number) < 3 || constantX[j] || constantY[j] || vx[j] === 0 || vy[j] === 0) return null;
    const r = (cov[j] as number) / Math.sqrt((vx[j] as number) * (vy[j] as number));
    // Rounding can push |r| a hair past 1 for perfectly linear data.
    return Math.max(-1, Math.min(1, r));
  });
}
