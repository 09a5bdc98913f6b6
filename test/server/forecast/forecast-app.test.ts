// The "Previsão" layout and tomorrow's figure for the sidebar: shape, chart ranges, "Dados insuficientes", caching.
import { describe, expect, it } from 'vitest';
import { loadDashboard } from '../../../src/server/app/dashboard';
import type { CachePort } from '../../../src/server/app/ports';
import { SYNC_STATE_KEYS } from '../../../src/server/app/sync-state';
import { buildForecast, forecastSheetLayout, type Forecast } from '../../../src/server/domain/forecast';
import { ManualClock, MemoryBook, MemoryStore, conversationValues } from '../alerts/memory-ports';
import { recordsFor, syntheticCounts } from './synthetic';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);

class CountingCache implements CachePort {
  readonly entries = new Map<string, string>();
  puts = 0;
  getAll(keys: string[]): Record<string, string> {
    return Object.fromEntries(keys.filter((k) => this.entries.has(k)).map((k) => [k, this.entries.get(k) as string]));
  }
  putAll(values: Record<string, string>): void {
    this.puts++;
    for (const [k, v] of Object.entries(values)) this.entries.set(k, v);
  }
}

describe('forecastSheetLayout', () => {
  const counts = syntheticCounts(8 * 7, { trend: 0.3, noise: 4, seed: 5 });
  const result = buildForecast({ records: recordsFor(counts, START), timeZone: 'UTC', nowMs: START + 56 * DAY + 1, slaSeconds: 300 }) as Forecast;
  const layout = forecastSheetLayout(result, 'UTC');

  it('lays out the summary, 14 forecast days and 168 hourly rows, and charts date, expected, low and high', () => {
    const daily = layout.blocks.find((b) => b.values.some((r) => r[0] === 'Data' && r[4] === 'Modelo'))!;
    const headerIndex = daily.values.findIndex((r) => r[0] === 'Data');
    expect(daily.values.length - headerIndex - 1).toBe(14);
    expect(daily.values[headerIndex + 1]![0]).toEqual(new Date(START + 56 * DAY));
    const summary = layout.blocks.find((b) => b.values.some((r) => r[0] === 'Histórico'))!;
    expect(summary.values.find((r) => r[0] === 'Histórico')![1]).toBe('05/01/2026 a 01/03/2026 (56 dias)');
    const hourly = layout.blocks.find((b) => b.values.some((r) => r[1] === 'Hora'))!;
    expect(hourly.values.length).toBe(2 + 168);
    const headerRow = daily.row + headerIndex;
    expect(layout.charts).toHaveLength(1);
    expect(layout.charts[0]!.kind).toBe('LINE');
    expect(layout.charts[0]!.ranges).toEqual([`A${headerRow}:D${headerRow + 14}`]);
    // The sheet is sized to its content: the last hourly row is the last row.
    expect(layout.rows).toBe(hourly.row + hourly.values.length - 1);
    for (const block of layout.blocks) {
      expect(block.numberFormats).toHaveLength(block.values.length);
      block.values.forEach((r, i) => expect(block.numberFormats[i]).toHaveLength(r.length));
    }
  });

  it('shows only the message, without a chart, when the history is too short', () => {
    const short = buildForecast({ records: recordsFor([5, 5, 5], START), timeZone: 'UTC', nowMs: START + 3 * DAY, slaSeconds: 300 });
    const out = forecastSheetLayout(short, 'UTC');
    expect(out.charts).toEqual([]);
    expect(out.blocks.flatMap((b) => b.values.map((r) => r[0]))).toContain(
      'Dados insuficientes para a previsão: 3 dia(s) completo(s) de histórico; são necessários ao menos 21 (3 semanas).',
    );
  });
});

describe('DashboardData.forecastTomorrow', () => {
  it('comes with the dashboard from one sheet read, then from the cache, and is refitted only when its input series changes', () => {
    const counts = syntheticCounts(5 * 7, { trend: 0, noise: 3, seed: 9 });
    const book = new MemoryBook();
    book.sheets.set('Conversas', conversationValues(recordsFor(counts, START).map((r) => ({ conversation_id: r.conversation_id ?? '', created_at: r.created_at as Date }))));
    const documents = new MemoryStore();
    documents.setMany({ [SYNC_STATE_KEYS.dataVersion]: '7' });
    const cache = new CountingCache();
    const clock = new ManualClock(START + 35 * DAY + 3_600_000);
    const deps = { sheet: book, documentStore: documents, userStore: new MemoryStore(), clock, cache };
    const first = loadDashboard(deps, {}).forecastTomorrow;
    expect(first).toBeTruthy();
    expect(first!.low).toBeLessThanOrEqual(first!.expected);
    expect(first!.high).toBeGreaterThanOrEqual(first!.expected);
    expect(book.reads).toBe(1);
    // The sidebar-in-use marker (6 h), the forecast by its input series (6 h), the metrics snapshot, the sync's key
    // index (from the same read of the table), the history state's generation and this filter's part, the dashboard
    // with the forecast by data version.
    expect(cache.puts).toBe(7);
    expect(loadDashboard(deps, { channels: ['whatsapp'] }).forecastTomorrow).toEqual(first);
    expect(loadDashboard(deps, {}).forecastTomorrow).toEqual(first);
    // The filtered dashboard came from the snapshot: no second read of the sheet.
    expect(book.reads).toBe(1);
    documents.setMany({ [SYNC_STATE_KEYS.dataVersion]: '8' });
    const puts = cache.puts;
    expect(loadDashboard(deps, {}).forecastTomorrow).toEqual(first);
    // A data version no sync patched the snapshot to: rebuilt from one read; same daily counts, so the forecast is not
    // refitted (no new put of its series entry: the snapshot, the key index, a new history generation and part, and
    // the dashboard only).
    expect(book.reads).toBe(2);
    expect(cache.puts - puts).toBe(5);
  });

  it('is null without three weeks of history', () => {
    const book = new MemoryBook();
    book.sheets.set('Conversas', conversationValues(recordsFor([4, 5, 6], START).map((r) => ({ conversation_id: r.conversation_id ?? '', created_at: r.created_at as Date }))));
    const deps = { sheet: book, documentStore: new MemoryStore(), userStore: new MemoryStore(), clock: new ManualClock(START + 3 * DAY + 1), cache: new CountingCache() };
    expect(loadDashboard(deps, {}).forecastTomorrow).toBeNull();
  });
});
