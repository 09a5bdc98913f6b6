// Unit tests of the period presets, computed in the spreadsheet's time zone.
import { describe, expect, it } from 'vitest';
import { addDays, daysInRange, isIsoDate, presetRange, previousRange, todayIn } from '../../src/client/lib/periods';

describe('todayIn', () => {
  it('takes the calendar date in the given zone, not in UTC', () => {
    const instant = new Date('2026-03-15T02:00:00.000Z');
    expect(todayIn('America/Sao_Paulo', instant)).toBe('2026-03-14');
    expect(todayIn('UTC', instant)).toBe('2026-03-15');
    expect(todayIn('Asia/Tokyo', new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
  it('is not shifted by a DST change (calendar arithmetic)', () => {
    // New York springs forward on 2026-03-08; the dates around it are still one day apart.
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
  });
});

describe('presetRange', () => {
  it('gives inclusive ranges ending today', () => {
    expect(presetRange('today', '2026-03-15')).toEqual({ from: '2026-03-15', to: '2026-03-15' });
    expect(presetRange('last7', '2026-03-15')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(presetRange('last30', '2026-03-15')).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(presetRange('thisMonth', '2026-03-15')).toEqual({ from: '2026-03-01', to: '2026-03-15' });
  });
  it('has no range of its own for a custom period', () => {
    expect(presetRange('custom', '2026-03-15')).toBeNull();
  });
});

describe('isIsoDate', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('15/03/2026')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('previousRange', () => {
  it('is the same number of days ending the day before the start', () => {
    expect(previousRange('2026-03-09', '2026-03-15')).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    expect(previousRange('2026-03-15', '2026-03-15')).toEqual({ from: '2026-03-14', to: '2026-03-14' });
    expect(previousRange('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  });
  it('does not exist when a bound is open', () => {
    expect(previousRange(undefined, '2026-03-15')).toBeNull();
    expect(previousRange('2026-03-01', undefined)).toBeNull();
  });
});

describe('daysInRange', () => {
  it('counts both ends', () => {
    expect(daysInRange('2026-03-01', '2026-03-01')).toBe(1);
    expect(daysInRange('2026-02-27', '2026-03-02')).toBe(4);
  });
});
