// The pure capacity model: growth of the last 30 days, projected full date, suggested retention, stored state.
import { describe, expect, it } from 'vitest';
import {
  CELL_LIMIT,
  capacityNotice,
  countCreated,
  daysToFull,
  growthPerDay,
  growthTo,
  measuredState,
  isCellLimitMessage,
  parseCapacityState,
  serializeCapacityState,
  suggestRetentionDays,
  toCapacity,
} from '../../../src/server/domain/capacity';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 15, 12);

describe('growthTo', () => {
  it('counts the cells a grid gains, and a new tab at 1000 x 26 at least', () => {
    expect(growthTo([100, 12], 150, 12)).toBe(50 * 12);
    expect(growthTo([100, 12], 50, 12)).toBe(0);
    expect(growthTo([100, 12], 100, 14)).toBe(200);
    expect(growthTo(null, 10, 12)).toBe(26_000);
    expect(growthTo(null, 3000, 41)).toBe(123_000);
  });
});

describe('growth of the last 30 days', () => {
  it('counts rows by the day they were created, drops older days, and divides by 30', () => {
    const state = measuredState(null, [{ name: 'Conversas', rows: 1, columns: 41 }], NOW);
    countCreated(state, 'conversations', [NOW - DAY, NOW - 2 * DAY, NOW - 40 * DAY], NOW);
    countCreated(state, 'messages', Array.from({ length: 30 }, (_, i) => NOW - i * 3_600_000), NOW);
    expect(growthPerDay(state, 41, 12, NOW)).toEqual({ conversationCells: (2 * 41) / 30, messageCells: (30 * 12) / 30 });
    // Ten days later the first ones still count; fifty days later nothing does.
    expect(growthPerDay(state, 41, 12, NOW + 50 * DAY)).toEqual({ conversationCells: 0, messageCells: 0 });
  });
});

describe('projection', () => {
  const growth = { conversationCells: 10_000, messageCells: 30_000 };
  it('reaches the wall at the combined rate without retention', () => {
    expect(daysToFull({ cellsUsed: 6_000_000, messageCells: 3_000_000, growth, retentionDays: 0 })).toBe(100);
  });
  it('levels "Mensagens" off at N days of messages with a retention', () => {
    // Mensagens levels at 30 days x 30,000 = 900,000 cells < 3,000,000 now: only Conversas grows.
    expect(daysToFull({ cellsUsed: 6_000_000, messageCells: 3_000_000, growth, retentionDays: 30 })).toBe(400);
  });
  it('is null when nothing grows, and 0 at the wall', () => {
    expect(daysToFull({ cellsUsed: 1_000, messageCells: 0, growth: { conversationCells: 0, messageCells: 0 }, retentionDays: 0 })).toBeNull();
    expect(daysToFull({ cellsUsed: CELL_LIMIT, messageCells: 0, growth, retentionDays: 0 })).toBe(0);
  });
  it('gives the date in the spreadsheet day', () => {
    const c = toCapacity({ cellsUsed: 6_000_000, messageCells: 3_000_000, growth, retentionDays: 0 }, NOW, -3 * 3_600_000);
    expect(c).toMatchObject({ cellsUsed: 6_000_000, cellLimit: CELL_LIMIT, percent: 60, projectedFullDate: '2026-06-23' });
    expect(c.suggestedRetentionDays).toBeNull();
  });
});

describe('suggested retention', () => {
  it('keeps the sheet under 80 % for a year at the current rate', () => {
    // Others: 7,000,000 − 2,000,000 + 365 × 1,000 = 5,365,000; room for messages 8,000,000 − 5,365,000 = 2,635,000.
    const n = suggestRetentionDays({ cellsUsed: 7_000_000, messageCells: 2_000_000, growth: { conversationCells: 1_000, messageCells: 20_000 } });
    expect(n).toBe(131);
  });
  it('proposes the shortest window when nothing else fits, and nothing when messages do not grow or all fit', () => {
    expect(suggestRetentionDays({ cellsUsed: 9_500_000, messageCells: 100_000, growth: { conversationCells: 5_000, messageCells: 1_000 } })).toBe(7);
    expect(suggestRetentionDays({ cellsUsed: 9_000_000, messageCells: 0, growth: { conversationCells: 5_000, messageCells: 0 } })).toBeNull();
    expect(suggestRetentionDays({ cellsUsed: 100_000, messageCells: 50_000, growth: { conversationCells: 10, messageCells: 10 } })).toBeNull();
  });
});

describe('notice', () => {
  it('is silent below 70 % and speaks Portuguese from 70 %', () => {
    const base = { cellLimit: CELL_LIMIT, projectedFullDate: '2026-07-15', suggestedRetentionDays: 90 };
    expect(capacityNotice({ ...base, cellsUsed: 6_900_000, percent: 69 }, NOW, 0)).toBe('');
    expect(capacityNotice({ ...base, cellsUsed: 7_550_000, percent: 75.5 }, NOW, 0)).toBe(
      'Capacidade da planilha: 75,5 % do limite de 10 milhões de células — cheia em ~4 meses neste ritmo. Para liberar espaço, mantenha só as mensagens dos últimos 90 dias (Configurações).',
    );
  });
});

describe('stored state', () => {
  it('round-trips, fits a property easily, and ignores a hand-broken value', () => {
    const state = measuredState(null, [{ name: 'Conversas', rows: 2001, columns: 41 }, { name: 'Mensagens', rows: 24_000, columns: 12 }], NOW);
    countCreated(state, 'messages', Array.from({ length: 31 }, (_, i) => NOW - i * DAY), NOW);
    state.autoRetentionDays = 30;
    const json = serializeCapacityState(state);
    expect(json.length).toBeLessThan(2000);
    expect(parseCapacityState(json)).toEqual(state);
    expect(parseCapacityState('{oops')).toBeNull();
    expect(parseCapacityState(JSON.stringify({ t: 'x', c: 1 }))).toBeNull();
  });
});

describe('the cell-limit error', () => {
  it('is told by the limit itself, in any language or number format', () => {
    expect(isCellLimitMessage('This action would increase the number of cells in the workbook above the limit of 10000000 cells.')).toBe(true);
    expect(isCellLimitMessage('Exception: This action would increase the number of cells in the workbook above the limit of 10,000,000 cells.')).toBe(true);
    expect(isCellLimitMessage('Esta ação aumentaria o número de células na pasta de trabalho acima do limite de 10.000.000 células.')).toBe(true);
    expect(isCellLimitMessage('This action would increase the number of cells in the spreadsheet above the limit.')).toBe(true);
    expect(isCellLimitMessage('Your input contains more than the maximum of 50000 characters in a single cell.')).toBe(false);
    expect(isCellLimitMessage('The coordinates of the range are outside the dimensions of the sheet.')).toBe(false);
    expect(isCellLimitMessage('Service invoked too many times: 100000000.')).toBe(false);
  });
});
