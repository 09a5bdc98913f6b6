// Unit tests of the capacity wording shared by the sidebar and Configurações.
import { describe, expect, it } from 'vitest';
import { capacityText, daysBetween, formatCapacityPercent, roughDuration } from '../../src/client/lib/capacity';

describe('roughDuration', () => {
  it('speaks in days, weeks, months or years by size', () => {
    expect(roughDuration(1)).toBe('~1 dia');
    expect(roughDuration(13)).toBe('~13 dias');
    expect(roughDuration(14)).toBe('~2 semanas');
    expect(roughDuration(56)).toBe('~8 semanas');
    expect(roughDuration(60)).toBe('~2 meses'); // 60 / 30.44 = 1.97
    expect(roughDuration(123)).toBe('~4 meses');
    expect(roughDuration(31)).toBe('~4 semanas');
    expect(roughDuration(729)).toBe('~24 meses');
    expect(roughDuration(730)).toBe('~2 anos');
    expect(roughDuration(0)).toBeNull();
    expect(roughDuration(-5)).toBeNull();
  });
});

describe('daysBetween', () => {
  it('counts calendar days across months and leap years', () => {
    expect(daysBetween('2026-03-15', '2026-07-16')).toBe(123);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-15', '2026-03-10')).toBe(-5);
    expect(daysBetween('2026-03-15', 'amanhã')).toBeNull();
  });
});

describe('formatCapacityPercent', () => {
  it('rounds to a whole percentage, never showing a sheet below the wall as 100 %', () => {
    expect(formatCapacityPercent(38.4)).toBe('38 %');
    expect(formatCapacityPercent(0)).toBe('0 %');
    expect(formatCapacityPercent(0.2)).toBe('< 1 %');
    expect(formatCapacityPercent(99.7)).toBe('99 %');
    expect(formatCapacityPercent(100)).toBe('100 %');
  });
});

describe('capacityText', () => {
  const capacity = { cellsUsed: 3_800_000, cellLimit: 10_000_000, percent: 38, projectedFullDate: '2026-07-16' };
  it('states the share and the rough time left at the current rate', () => {
    expect(capacityText(capacity, '2026-03-15')).toBe('Capacidade da planilha: 38 % — cheia em ~4 meses neste ritmo');
  });
  it('has no projection when the sheet does not grow', () => {
    expect(capacityText({ ...capacity, projectedFullDate: null }, '2026-03-15')).toBe(
      'Capacidade da planilha: 38 % — sem previsão de ficar cheia neste ritmo',
    );
  });
  it('says full at the wall, and "a qualquer momento" when the projected day is today or past', () => {
    expect(capacityText({ ...capacity, percent: 100, cellsUsed: 10_000_000 }, '2026-03-15')).toBe('Capacidade da planilha: 100 % — cheia');
    expect(capacityText({ ...capacity, percent: 97, projectedFullDate: '2026-03-15' }, '2026-03-15')).toBe(
      'Capacidade da planilha: 97 % — cheia a qualquer momento neste ritmo',
    );
  });
});
