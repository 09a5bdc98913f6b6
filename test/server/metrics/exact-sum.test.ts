// Exact sums: correctly rounded, independent of the order and the split of their terms; Pearson from them.
import { describe, expect, it } from 'vitest';
import { addPair, emptyPairSums, ExactSum, mergePairSums, pearsonOfSums } from '../../../src/server/domain/metrics/exact-sum';
import { random } from '../../../scripts/bench/metrics';

function sumOf(values: readonly number[]): number {
  const sum = new ExactSum();
  for (const value of values) sum.add(value);
  return sum.value();
}

function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const sums = emptyPairSums();
  xs.forEach((x, i) => addPair(sums, x, ys[i] as number));
  return pearsonOfSums(sums);
}

describe('ExactSum', () => {
  it('rounds the exact total once, where a running float sum drifts', () => {
    // Plain addition gives 0.9999999999999999 and 0 for these.
    expect(sumOf(new Array<number>(10).fill(0.1))).toBe(1);
    expect(sumOf([1e16, 1, -1e16])).toBe(1);
    expect(sumOf([0.1, 0.2, -0.3])).toBe(2.7755575615628914e-17);
    expect(sumOf([])).toBe(0);
    expect(sumOf([2 ** 52, 2 ** 52, 3, -(2 ** 53)])).toBe(3);
  });

  it('gives the same value for any order and any split of the same terms', () => {
    const next = random(77);
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 60) }, () => {
        const kind = next();
        if (kind < 0.3) return Math.round(next() * 1e6) / 100; // hundredths, as resolution_time
        if (kind < 0.5) return Math.floor(next() * 3600); // whole seconds
        if (kind < 0.7) return (next() - 0.5) * 10 ** Math.floor(next() * 30 - 10); // any magnitude, either sign
        if (kind < 0.8) return Math.floor(next() * 2 ** 52) * (next() < 0.5 ? -1 : 1); // large integers
        return next();
      });
      const whole = sumOf(values);
      const shuffled = [...values].sort(() => next() - 0.5);
      expect(sumOf(shuffled)).toBe(whole);
      const cut = Math.floor(next() * values.length);
      const left = new ExactSum();
      const right = new ExactSum();
      shuffled.forEach((value, i) => (i < cut ? left : right).add(value));
      right.merge(left);
      expect(right.value()).toBe(whole);
      expect(ExactSum.of(right.terms()).value()).toBe(whole);
    }
  });

  it('adds products exactly', () => {
    const sum = new ExactSum();
    // 0.1 × 0.1 is not 0.01 in doubles; the exact product's error term is kept.
    sum.addProduct(0.1, 0.1);
    sum.addProduct(-0.1, 0.1);
    expect(sum.value()).toBe(0);
    const big = new ExactSum();
    big.addProduct(2 ** 30 + 1, 2 ** 30 + 1);
    big.add(-(2 ** 60));
    big.add(-(2 ** 31));
    expect(big.value()).toBe(1);
  });
});

describe('pearsonOfSums', () => {
  it('computes the correlation and returns null for n < 3 or a constant side', () => {
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(pearson([1, 2, 3], [6, 4, 2])).toBe(-1);
    expect(pearson([1, 2], [1, 2])).toBeNull();
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNull();
  });

  it('agrees with the two-pass definition and does not depend on how the pairs are split', () => {
    const next = random(5);
    for (let round = 0; round < 100; round++) {
      const n = 3 + Math.floor(next() * 80);
      const xs = Array.from({ length: n }, () => 1 + Math.floor(next() * 5));
      const ys = Array.from({ length: n }, (_, i) => Math.round((xs[i] as number) * 100 + next() * 50000) / 100);
      const mx = xs.reduce((a, b) => a + b, 0) / n;
      const my = ys.reduce((a, b) => a + b, 0) / n;
      let cov = 0;
      let vx = 0;
      let vy = 0;
      xs.forEach((x, i) => {
        cov += (x - mx) * ((ys[i] as number) - my);
        vx += (x - mx) ** 2;
        vy += ((ys[i] as number) - my) ** 2;
      });
      const whole = pearson(xs, ys);
      if (vx === 0) {
        expect(whole).toBeNull();
        continue;
      }
      expect(whole).toBeCloseTo(cov / Math.sqrt(vx * vy), 10);
      const cut = Math.floor(next() * n);
      const left = emptyPairSums();
      const right = emptyPairSums();
      xs.forEach((x, i) => addPair(i < cut ? left : right, x, ys[i] as number));
      mergePairSums(right, left);
      expect(pearsonOfSums(right)).toBe(whole);
    }
  });
});
