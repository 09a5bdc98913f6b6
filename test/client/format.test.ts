// Unit tests of the pages' pt-BR formatting helpers.
import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatDateTime,
  formatDuration,
  formatMinutes,
  formatNumber,
  formatPercent,
  formatScore,
  formatShortDate,
} from '../../src/client/lib/format';

describe('formatNumber', () => {
  it('groups thousands with a dot and writes decimals with a comma', () => {
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1234.5, 1)).toBe('1.234,5');
    expect(formatNumber(-1500)).toBe('-1.500');
  });
  it('does not print a minus sign for a value that rounds to zero', () => {
    expect(formatNumber(-0.004, 2)).toBe('0,00');
  });
});

describe('formatPercent', () => {
  it('shows a rate as a percentage with one decimal', () => {
    expect(formatPercent(0.1234)).toBe('12,3%');
    expect(formatPercent(1)).toBe('100,0%');
    expect(formatPercent(0)).toBe('0,0%');
  });
  it('shows a dash for a rate that does not exist', () => {
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('writes the two largest units', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(90)).toBe('1 min 30 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(3660)).toBe('1 h 1 min');
    expect(formatDuration(3661)).toBe('1 h 1 min');
    expect(formatDuration(90000)).toBe('1 d 1 h');
    expect(formatDuration(86400 + 30)).toBe('1 d');
  });
  it('rounds to whole seconds and shows zero as "0 s"', () => {
    expect(formatDuration(89.6)).toBe('1 min 30 s');
    expect(formatDuration(0.2)).toBe('0 s');
  });
  it('keeps the sign of a negative duration and shows null as a dash', () => {
    expect(formatDuration(-90)).toBe('-1 min 30 s');
    expect(formatDuration(null)).toBe('—');
  });
  it('reads resolution times as minutes', () => {
    expect(formatMinutes(12.5)).toBe('12 min 30 s');
    expect(formatMinutes(null)).toBe('—');
  });
});

describe('formatAgo', () => {
  it('counts seconds, then minutes, hours and days', () => {
    expect(formatAgo(0)).toBe('há 0 s');
    expect(formatAgo(59.9)).toBe('há 59 s');
    expect(formatAgo(60)).toBe('há 1 min');
    expect(formatAgo(7199)).toBe('há 1 h');
    expect(formatAgo(86400)).toBe('há 1 dia');
    expect(formatAgo(3 * 86400)).toBe('há 3 dias');
  });
  it('never shows a negative age (a clock slightly ahead on the server)', () => {
    expect(formatAgo(-4)).toBe('há 0 s');
  });
});

describe('formatScore, formatDateTime, formatShortDate', () => {
  it('writes a score with one decimal', () => {
    expect(formatScore(4.25)).toBe('4,3');
    expect(formatScore(null)).toBe('—');
  });
  it('writes an instant in the spreadsheet time zone', () => {
    // 02:30 UTC is 23:30 of the day before in São Paulo (UTC−3) and 11:30 in Tokyo (UTC+9).
    expect(formatDateTime('2026-03-15T02:30:00.000Z', 'America/Sao_Paulo')).toBe('14/03 23:30');
    expect(formatDateTime('2026-03-15T02:30:00.000Z', 'Asia/Tokyo')).toBe('15/03 11:30');
    expect(formatDateTime('not a date', 'UTC')).toBe('—');
  });
  it('writes a calendar date as day/month', () => {
    expect(formatShortDate('2026-03-09')).toBe('09/03');
  });
});
