// Unit tests of the chart geometry behind the sidebar's inline SVG.
import { describe, expect, it } from 'vitest';
import { barLengths, donutSlices, heatLevel, linePath } from '../../src/client/lib/svg';

describe('donutSlices', () => {
  it('draws two halves of a ring clockwise from 12 o\'clock', () => {
    const [first, second] = donutSlices([1, 1], 50, 50, 40, 20);
    expect(first).toBe('M50 10A40 40 0 0 1 50 90L50 70A20 20 0 0 0 50 30Z');
    expect(second).toBe('M50 90A40 40 0 0 1 50 10L50 30A20 20 0 0 0 50 70Z');
  });
  it('uses the large-arc flag for a slice over half the ring', () => {
    const [quarter, rest] = donutSlices([1, 3], 50, 50, 40, 20);
    expect(quarter).toBe('M50 10A40 40 0 0 1 90 50L70 50A20 20 0 0 0 50 30Z');
    expect(rest).toBe('M90 50A40 40 0 1 1 50 10L50 30A20 20 0 1 0 70 50Z');
  });
  it('draws a slice holding everything as two half arcs and leaves zero slices empty', () => {
    const [zero, whole] = donutSlices([0, 7], 50, 50, 40, 20);
    expect(zero).toBe('');
    expect(whole).toBe(
      'M50 10A40 40 0 0 1 50 90L50 70A20 20 0 0 0 50 30Z' + 'M50 90A40 40 0 0 1 50 10L50 30A20 20 0 0 0 50 70Z',
    );
  });
  it('draws nothing when every value is zero', () => {
    expect(donutSlices([0, 0], 50, 50, 40, 20)).toEqual(['', '']);
  });
});

describe('linePath', () => {
  it('scales the largest value to the top padding and spreads x evenly', () => {
    const { d, points } = linePath([0, 5, 10], { width: 100, height: 50, pad: 5 });
    expect(points).toEqual([
      [5, 45],
      [50, 25],
      [95, 5],
    ]);
    expect(d).toBe('M5 45L50 25L95 5');
  });
  it('puts a single value in the middle and all-zero series on the bottom line', () => {
    expect(linePath([3], { width: 100, height: 50, pad: 5 }).points).toEqual([[50, 5]]);
    expect(linePath([0, 0], { width: 100, height: 50, pad: 5 }).d).toBe('M5 45L95 45');
  });
});

describe('heatLevel and barLengths', () => {
  it('relates each cell to the busiest one', () => {
    expect(heatLevel(3, 12)).toBe(0.25);
    expect(heatLevel(12, 12)).toBe(1);
    expect(heatLevel(0, 0)).toBe(0);
  });
  it('makes the longest bar fill the width', () => {
    expect(barLengths([2, 8, 0, 4], 200)).toEqual([50, 200, 0, 100]);
    expect(barLengths([0, 0], 200)).toEqual([0, 0]);
  });
});
