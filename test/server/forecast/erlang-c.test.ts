// Erlang C against textbook values: probability of waiting, service level and operators needed.
import { describe, expect, it } from 'vitest';
import { erlangC, operatorsNeeded, serviceLevel } from '../../../src/server/domain/forecast';

describe('Erlang C', () => {
  it('matches the closed form on small cases computed by hand', () => {
    // N = 2, A = 1: (A^N/N! · N/(N−A)) / (1 + A + that) = 1 / (2 + 1).
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    // M/M/1: the probability of waiting is the utilisation.
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12);
  });

  it('reproduces the classic 100 calls per 30 min, 180 s AHT, 80 % in 20 s example', () => {
    // A = 100 × 180 / 1800 = 10 erlangs; published table: 11 agents wait 68.21 %, 14 agents reach 88.84 %.
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(erlangC(14, 10)).toBeCloseTo(0.1741, 4);
    expect(serviceLevel(13, 10, 20, 180)).toBeCloseTo(0.7956, 4);
    expect(serviceLevel(14, 10, 20, 180)).toBeCloseTo(0.8884, 4);
    expect(operatorsNeeded(200, 180, 20)).toBe(14);
  });

  it('treats an overloaded queue as always waiting and no arrivals as no operators', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(serviceLevel(9, 10, 20, 180)).toBe(0);
    expect(operatorsNeeded(0, 180, 20)).toBe(0);
  });

  it('stays finite for large traffic (no factorial overflow)', () => {
    // 1,000 erlangs: needs a little over 1,000 agents; a naive A^N / N! would overflow to NaN.
    const agents = operatorsNeeded(20_000, 180, 20);
    expect(agents).toBeGreaterThan(1000);
    expect(agents).toBeLessThan(1100);
  });
});
