// Statistics: PERCENTILE.INC interpolation, medians, null rules.
import { describe as suite, expect, it } from 'vitest';
import { describeInPlace, percentileInPlace, rate } from '../../../src/server/domain/metrics/stats';

/** `describeInPlace` of a copy, with the values' plain sum (exact for the small integers used here). */
function describe(values: number[]) {
  return describeInPlace(Float64Array.from(values), values.reduce((a, b) => a + b, 0));
}

const median = (values: number[]) => percentileInPlace(Float64Array.from(values), 0.5);

suite('stats', () => {
  it('interpolates p90 between closest ranks at 0.9 × (n − 1)', () => {
    // position 2.7 between 30 and 40
    expect(percentileInPlace(Float64Array.of(40, 10, 30, 20), 0.9)).toBeCloseTo(37, 10);
    expect(describe([5]).p90).toBe(5);
    // 1..11 shuffled: position 9 exactly, no interpolation
    expect(describe([7, 3, 11, 1, 9, 5, 2, 10, 4, 8, 6]).p90).toBe(10);
  });

  it('agrees with a sorted reference on ties and larger inputs', () => {
    // values 0..99 each twice, in a scrambled order: sorted[i] = floor(i / 2)
    const values = Array.from({ length: 200 }, (_, i) => (i * 37) % 100);
    // median: mean of sorted[99] = 49 and sorted[100] = 50; p90 at 179.1: 89 + 0.1 × (90 − 89)
    expect(describe(values)).toEqual({ mean: 49.5, median: 49.5, p90: expect.closeTo(89.1, 9) as number, n: 200 });
    expect(median([2, 2, 2, 1, 3])).toBe(2);
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
});
