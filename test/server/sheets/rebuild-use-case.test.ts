// rebuildDashboardSheets over in-memory ports: order of work, chart bookkeeping, validation, port calls.
import { describe, expect, it } from 'vitest';
import {
  CHART_MAP_KEY,
  rebuildAfterSyncNeeded,
  rebuildDashboardSheets,
  type RebuildDeps,
} from '../../../src/server/app/dashboard-sheets/rebuild';
import type { SyncReport } from '../../../src/shared/dto';
import type { SheetRenderPort } from '../../../src/server/app/dashboard-sheets/render-port';
import type { CachePort, CellValue, KeyValueStore, SpreadsheetPort } from '../../../src/server/app/ports';
import type { ChartSpec, GradientRule, TableBlock } from '../../../src/server/domain/sheet-layouts';
import { conversationRows } from './conversation-rows';

/** A spreadsheet as the render port sees it: sheets with size, blocks, rules and charts; every call logged. */
class MemoryRender implements SheetRenderPort {
  readonly log: string[] = [];
  readonly sheets = new Map<string, { rows: number; columns: number; frozen: number; blocks: TableBlock[]; gradients: GradientRule[] }>();
  readonly charts = new Map<string, Map<string, { spec: ChartSpec; position: ChartSpec['position'] }>>();
  private nextId = 1;
  private sheet(name: string) {
    const found = this.sheets.get(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  }
  private chartsOf(name: string) {
    this.sheet(name);
    const found = this.charts.get(name) ?? new Map();
    this.charts.set(name, found);
    return found;
  }
  ensureSheet(name: string): boolean {
    this.log.push(`ensureSheet ${name}`);
    if (this.sheets.has(name)) return false;
    this.sheets.set(name, { rows: 1000, columns: 26, frozen: 0, blocks: [], gradients: [] });
    return true;
  }
  resetSheet(name: string, rows: number, columns: number): void {
    this.log.push(`resetSheet ${name}`);
    Object.assign(this.sheet(name), { rows, columns, blocks: [] });
  }
  writeBlock(name: string, block: TableBlock): void {
    this.log.push(`writeBlock ${name}`);
    this.sheet(name).blocks.push(block);
  }
  setFrozenRows(name: string, rows: number): void {
    this.log.push(`setFrozenRows ${name}`);
    this.sheet(name).frozen = rows;
  }
  setColumnWidths(name: string): void {
    this.log.push(`setColumnWidths ${name}`);
  }
  setGradients(name: string, rules: GradientRule[]): void {
    this.log.push(`setGradients ${name}`);
    this.sheet(name).gradients = rules;
  }
  listChartIds(name: string): string[] {
    this.log.push(`listChartIds ${name}`);
    return [...this.chartsOf(name).keys()];
  }
  listCharts(name: string): Array<{ id: string; anchorRow: number; anchorColumn: number }> {
    this.log.push(`listCharts ${name}`);
    return [...this.chartsOf(name)].map(([id, c]) => ({ id, anchorRow: c.position.row, anchorColumn: c.position.column }));
  }
  chartTitles(name: string, ids: string[]): Record<string, string> {
    this.log.push(`chartTitles ${name}`);
    return Object.fromEntries(ids.map((id) => [id, this.chartsOf(name).get(id)?.spec.title ?? '']));
  }
  insertChart(name: string, spec: ChartSpec): string {
    this.log.push(`insertChart ${name}`);
    const id = String(this.nextId++);
    this.chartsOf(name).set(id, { spec, position: spec.position });
    return id;
  }
  updateChart(name: string, id: string, spec: ChartSpec): void {
    this.log.push(`updateChart ${name}`);
    const chart = this.chartsOf(name).get(id);
    if (!chart) throw new Error(`no chart ${id}`);
    chart.spec = spec;
  }
  removeChart(name: string, id: string): void {
    this.log.push(`removeChart ${name}`);
    if (!this.chartsOf(name).delete(id)) throw new Error(`no chart ${id}`);
  }
  flush(): void {
    this.log.push('flush');
  }
}

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  getMany(keys: string[]): Record<string, string | null> {
    return Object.fromEntries(keys.map((k) => [k, this.get(k)]));
  }
  getAll(): Record<string, string> {
    return Object.fromEntries(this.map);
  }
  setMany(values: Record<string, string>): void {
    for (const [k, v] of Object.entries(values)) this.map.set(k, v);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

const noCache: CachePort = { getAll: () => ({}), putAll: () => undefined };

function conversas(values: CellValue[][]): SpreadsheetPort {
  return {
    timeZone: () => 'America/Sao_Paulo',
    readSheet: (name) => (name === 'Conversas' ? { name, values, lastRow: values.length, lastColumn: values[0]?.length ?? 0 } : null),
    readBlock: () => [],
    ensureSheet: () => false,
    writeBlock: () => undefined,
    flush: () => undefined,
  };
}

function deps(rows: number, render = new MemoryRender(), documentStore = new MemoryStore()): RebuildDeps & { render: MemoryRender; documentStore: MemoryStore } {
  return {
    sheet: conversas(conversationRows(rows)),
    cache: noCache,
    documentStore,
    userStore: new MemoryStore(),
    clock: { now: () => Date.parse('2026-03-15T12:00:00.000Z'), sleep: () => undefined },
    render,
  };
}

const SHEETS = ['Visão Geral', 'Tempo de Atendimento', 'Análise Temporal', 'Frustração', 'Agentes e Canais', 'Dados Detalhados'];

describe('rebuildDashboardSheets', () => {
  it('draws every sheet before any chart, and stores the ids of the charts it inserted', () => {
    const d = deps(40);
    rebuildDashboardSheets(d, {});
    const firstChart = d.render.log.findIndex((l) => l.startsWith('insertChart'));
    const lastDraw = d.render.log.map((l) => l.startsWith('setGradients')).lastIndexOf(true);
    expect(lastDraw).toBeLessThan(firstChart);
    expect([...d.render.sheets.keys()]).toEqual(SHEETS);
    const stored = JSON.parse(d.documentStore.get(CHART_MAP_KEY) ?? '{}') as Record<string, Record<string, string>>;
    expect(Object.keys(stored)).toEqual(SHEETS);
    for (const sheet of SHEETS) {
      expect(Object.values(stored[sheet] ?? {}).sort()).toEqual([...(d.render.charts.get(sheet)?.keys() ?? [])].sort());
    }
    expect(SHEETS.map((s) => d.render.charts.get(s)?.size ?? 0)).toEqual([3, 2, 2, 2, 3, 0]);
  });

  it('updates its charts on the next rebuild and removes only its own charts when nothing matches', () => {
    const d = deps(40);
    rebuildDashboardSheets(d, {});
    const userChart = d.render.insertChart('Visão Geral', {
      key: 'user',
      kind: 'PIE',
      title: 'Gráfico da equipe',
      ranges: ['A1:B2'],
      position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
      options: {},
    });
    d.render.log.length = 0;
    rebuildDashboardSheets(d, {});
    expect(d.render.log.filter((l) => l.startsWith('insertChart') || l.startsWith('removeChart'))).toEqual([]);
    expect(d.render.log.filter((l) => l.startsWith('updateChart'))).toHaveLength(12);
    rebuildDashboardSheets(d, { channels: ['telegram'] });
    expect(SHEETS.map((s) => [...(d.render.charts.get(s)?.keys() ?? [])])).toEqual([[userChart], [], [], [], [], []]);
  });

  it('keeps the rows and columns under a chart the user moved beyond the tables', () => {
    const d = deps(40);
    rebuildDashboardSheets(d, {});
    const daily = [...(d.render.charts.get('Análise Temporal')?.values() ?? [])].find((c) => c.spec.kind === 'LINE');
    if (!daily) throw new Error('no daily chart');
    daily.position = { row: 300, column: 40, offsetX: 0, offsetY: 0 };
    rebuildDashboardSheets(d, { from: '2026-03-02', to: '2026-03-03' });
    const sheet = d.render.sheets.get('Análise Temporal');
    // A chart covers 20 rows and 6 columns from its anchor.
    expect([sheet?.rows, sheet?.columns]).toEqual([319, 45]);
  });

  it('throws a Portuguese message for invalid filters before drawing anything', () => {
    const d = deps(10);
    expect(() => rebuildDashboardSheets(d, { to: '2026-02-30' })).toThrow(/data/);
    expect(d.render.log).toEqual([]);
    expect(d.documentStore.get(CHART_MAP_KEY)).toBeNull();
  });

  it('makes the same render calls for 10 and 300 rows', () => {
    const logs = [10, 300].map((rows) => {
      const d = deps(rows);
      rebuildDashboardSheets(d, {});
      return d.render.log;
    });
    expect(logs[1]).toEqual(logs[0]);
  });
});

describe('rebuildAfterSyncNeeded', () => {
  const report = (ok: boolean, written: number): SyncReport => ({
    ok,
    complete: true,
    conversationsListed: 5,
    conversationsWritten: written,
    messagesFetched: 0,
    apiCalls: 1,
    durationMs: 10,
    startedAt: '2026-03-15T12:00:00.000Z',
    finishedAt: '2026-03-15T12:00:01.000Z',
    message: '',
    capacity: { cellsUsed: 0, cellLimit: 10_000_000, percent: 0, projectedFullDate: null },
  });

  it('rebuilds after a successful sync that wrote rows, or when the sheets were never built', () => {
    const built = new MemoryStore();
    built.setMany({ [CHART_MAP_KEY]: '{}' });
    const never = new MemoryStore();
    expect([
      rebuildAfterSyncNeeded(report(true, 3), true, built),
      rebuildAfterSyncNeeded(report(true, 0), true, built),
      rebuildAfterSyncNeeded(report(true, 0), true, never),
      rebuildAfterSyncNeeded(report(false, 3), true, built),
      rebuildAfterSyncNeeded(report(true, 3), false, never),
    ]).toEqual([true, false, true, false, false]);
  });
});
