// Statistics: PERCENTILE.INC interpolation, medians, null rules, Pearson correlation.
import { describe as suite, expect, it } from 'vitest';
import { describe, median, pearson, percentileSorted, rate } from '../../../src/server/domain/metrics/stats';

suite('stats', () => {
  it('interpolates p90 between closest ranks at 0.9 × (n − 1)', () => {
    // position 2.7 between 30 and 40
    expect(percentileSorted(Float64Array.of(10, 20, 30, 40), 0.9)).toBeCloseTo(37, 10);
    expect(describe([5]).p90).toBe(5);
  });

  it('takes the mean of the two middle values for an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7, 1, 3])).toBe(3);
  });

  it('returns nulls and n = 0 for no values, and a null rate over zero rows', () => {
    expect(describe([])).toEqual({ mean: null, median: null, p90: null, n: 0 });
    expect(rate(0, 0)).toBeNull();
    expect(rate(0, 4)).toBe(0);
  });

  it('computes Pearson correlation and returns null for n < 3 or a zero variance', () => {
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2], [1, 2])).toBeNull();
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNull();
  });
});
