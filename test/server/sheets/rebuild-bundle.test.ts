// rebuildDashboards through the built bundle (dist/Code.js) in the local runtime: tables, charts, idempotence, calls.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runtimeWithScript } from '../../runtime/fixture';
import { removeSnapshot, snapshotDist } from '../settings/dist-snapshot';
import type { CellValue, LocalRuntime } from '../../runtime/index';
import type { DashboardData, Filters, Kpis } from '../../../src/shared/dto';
import { conversationRows } from './conversation-rows';

/** Test-only helpers appended to the built bundle: what a user does by hand in the Sheets UI. */
const USER_ACTIONS = `
function testSheet_(name) { return SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name); }
function testMoveChart(name, index, row, column) {
  var s = testSheet_(name);
  var c = s.getCharts()[index];
  s.updateChart(c.modify().setPosition(row, column, 15, 25).setOption('colors', ['#123456']).build());
  return c.getChartId();
}
function testAddUserChart(name) {
  var s = testSheet_(name);
  s.insertChart(s.newChart().setChartType(Charts.ChartType.TABLE).addRange(s.getRange('A1:B2'))
    .setPosition(1, 1, 0, 0).setOption('title', 'Meu gráfico').build());
}
function testRemoveFirstChart(name) { var s = testSheet_(name); s.removeChart(s.getCharts()[0]); }
function testFreeze(name, rows) { testSheet_(name).setFrozenRows(rows); }
function testSize(name) { var s = testSheet_(name); return [s.getMaxRows(), s.getMaxColumns()]; }
`;

const SHEETS = ['Visão Geral', 'Tempo de Atendimento', 'Análise Temporal', 'Frustração', 'Agentes e Canais', 'Dados Detalhados'];

/**
 * Service calls of one rebuild in a fresh spreadsheet (creates the six sheets and eleven charts), and of a
 * rebuild over existing sheets (updates the charts): the same for 100 and 2,000 rows. README states these. The first
 * one also looks up and stores tomorrow's forecast by its input series (one getAll, one putAll). Each also asks for
 * the metrics snapshot's manifest and the size of "Conversas" (four calls) to choose between the snapshot and one
 * read of the table (rebuild-inputs.ts); these tests have no snapshot, so they read the table.
 */
const FIRST_REBUILD_CALLS = 482;
const NEXT_REBUILD_CALLS = 452;

// Read once from a private copy: another `npm run build` may empty dist/ while the tests run.
let bundle = '';
beforeAll(() => {
  const copy = snapshotDist(['Code.js']);
  bundle = `${fs.readFileSync(path.join(copy, 'Code.js'), 'utf8')}\n${USER_ACTIONS}`;
  removeSnapshot(copy);
});

const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const rt of runtimes.splice(0)) rt.dispose();
});

function runtime(rows: number | null): LocalRuntime {
  const rt = runtimeWithScript(bundle);
  runtimes.push(rt);
  if (rows !== null) rt.book.seed('Conversas', conversationRows(rows), { typed: false });
  return rt;
}

function rebuild(rt: LocalRuntime, filters?: Filters): { sheets: string[]; message: string } {
  return filters === undefined ? rt.call('rebuildDashboards') : rt.call('rebuildDashboards', filters);
}

/** The cell at an A1 address ("B16") of a sheet as getValues() returns it. */
function at(rt: LocalRuntime, sheet: string, address: string): CellValue {
  const match = /^([A-Z]+)(\d+)$/.exec(address);
  if (!match) throw new Error(address);
  const column = [...(match[1] as string)].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return rt.book.cell(sheet, Number(match[2]), column).value;
}

/** What a number from DashboardData looks like in the sheet: "—" for null, durations as fractions of a day. */
const shown = (value: number | null, perDay = 1): CellValue => (value === null ? '—' : value / perDay);
const SECONDS = 86_400;
const MINUTES = 1_440;

function column(rt: LocalRuntime, sheet: string, letter: string, from: number, count: number): CellValue[] {
  return Array.from({ length: count }, (_, i) => at(rt, sheet, `${letter}${from + i}`));
}

describe('rebuildDashboards in the local runtime', () => {
  const filters: Filters = { from: '2026-03-03', to: '2026-03-09' };

  it('writes every table from the DashboardData getDashboard returns for the same filters', () => {
    const rt = runtime(100);
    expect(rebuild(rt, filters).sheets).toEqual(SHEETS);
    const data = rt.call<DashboardData>('getDashboard', filters);
    expect(data.kpis.volume).toBeGreaterThan(0);
    expect(data.previous).not.toBeNull();
    const previous = data.previous as Kpis;

    // Visão Geral: KPI rows 16–32 (value, previous, change), then the distributions.
    const kpiRows: Array<[row: number, pick: (k: Kpis) => number | null, perDay: number]> = [
      [16, (k) => k.volume, 1],
      [17, (k) => k.resolutionRate, 1],
      [18, (k) => k.escalationRate, 1],
      [19, (k) => k.containmentRate, 1],
      [20, (k) => k.slaRate, 1],
      [21, (k) => k.unanswered, 1],
      [22, (k) => k.abandoned, 1],
      [23, (k) => k.firstResponse.mean, SECONDS],
      [24, (k) => k.firstResponse.median, SECONDS],
      [25, (k) => k.firstResponse.p90, SECONDS],
      [26, (k) => k.resolution.mean, MINUTES],
      [27, (k) => k.resolution.median, MINUTES],
      [28, (k) => k.resolution.p90, MINUTES],
      [29, (k) => k.satisfaction.mean, 1],
      [30, (k) => k.satisfaction.top2Rate, 1],
      [31, (k) => k.frustration.mean, 1],
      [32, (k) => k.frustration.highRate, 1],
    ];
    for (const [row, pick, perDay] of kpiRows) {
      const now = pick(data.kpis);
      const before = pick(previous);
      expect([at(rt, 'Visão Geral', `B${row}`), at(rt, 'Visão Geral', `D${row}`), at(rt, 'Visão Geral', `E${row}`)]).toEqual([
        shown(now, perDay),
        shown(before, perDay),
        now === null || before === null ? '—' : (now - before) / perDay,
      ]);
    }
    expect(at(rt, 'Visão Geral', 'B5')).toBe('03/03/2026 a 09/03/2026');
    expect(at(rt, 'Visão Geral', 'B11')).toEqual(new Date(data.generatedAt));
    data.byStatus.forEach((s, i) => {
      expect([at(rt, 'Visão Geral', `A${44 + i}`), at(rt, 'Visão Geral', `B${44 + i}`)]).toEqual([s.key, s.count]);
    });
    // Durable AI resolution beside the containment rate (rows 36–40).
    expect(column(rt, 'Visão Geral', 'B', 36, 5)).toEqual([
      shown(data.kpis.containmentRate),
      shown(data.durableAi.rate),
      data.durableAi.durable,
      data.durableAi.aiResolved - data.durableAi.pending,
      data.durableAi.pending,
    ]);

    // Tempo de Atendimento: statistics and bands.
    const fr = data.kpis.firstResponse;
    const res = data.kpis.resolution;
    expect(column(rt, 'Tempo de Atendimento', 'B', 5, 4)).toEqual([shown(fr.mean, SECONDS), shown(fr.median, SECONDS), shown(fr.p90, SECONDS), fr.n]);
    expect(column(rt, 'Tempo de Atendimento', 'C', 5, 4)).toEqual([shown(res.mean, MINUTES), shown(res.median, MINUTES), shown(res.p90, MINUTES), res.n]);
    expect(column(rt, 'Tempo de Atendimento', 'A', 12, 7)).toEqual(data.firstResponseBands.map((b) => b.label));
    expect(column(rt, 'Tempo de Atendimento', 'B', 12, 7)).toEqual(data.firstResponseBands.map((b) => b.count));

    // Análise Temporal: the 7×24 grid, then the daily series (dates at midnight in America/Sao_Paulo, UTC−3).
    const grid = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => at(rt, 'Análise Temporal', `${String.fromCharCode(66 + h)}${5 + d}`)));
    // Columns past Z do not exist here: the grid ends at Y (hour 23).
    expect(grid).toEqual(data.heatmap);
    expect(data.daily.map((_, i) => at(rt, 'Análise Temporal', `A${36 + i}`))).toEqual(
      data.daily.map((p) => new Date(`${p.date}T03:00:00.000Z`)),
    );
    expect(data.daily.map((_, i) => at(rt, 'Análise Temporal', `B${36 + i}`))).toEqual(data.daily.map((p) => p.created));
    expect(data.daily.map((_, i) => at(rt, 'Análise Temporal', `E${36 + i}`))).toEqual(
      data.daily.map((p) => shown(p.firstResponseMedian, SECONDS)),
    );
    expect(data.weekly.map((_, i) => [at(rt, 'Análise Temporal', `G${36 + i}`), at(rt, 'Análise Temporal', `I${36 + i}`)])).toEqual(
      data.weekly.map((p) => [p.week, p.resolved]),
    );

    // Frustração: levels and correlations.
    expect(column(rt, 'Frustração', 'B', 5, 5)).toEqual(data.frustrationLevels.map((l) => l.count));
    expect(column(rt, 'Frustração', 'C', 5, 5)).toEqual(data.frustrationLevels.map((l) => shown(l.escalationRate)));
    const c = data.frustrationCorrelations;
    expect(column(rt, 'Frustração', 'B', 18, 3)).toEqual([shown(c.firstResponse), shown(c.resolution), shown(c.satisfaction)]);

    // Agentes e Canais: every column of both breakdowns.
    const breakdown = (b: DashboardData['agents'][number]) => [
      b.key,
      b.volume,
      shown(b.resolutionRate),
      shown(b.escalationRate),
      shown(b.firstResponseMedian, SECONDS),
      shown(b.resolutionMedian, MINUTES),
      shown(b.satisfactionMean),
      shown(b.frustrationMean),
    ];
    expect(data.agents.map((_, i) => [...'ABCDEFGH'].map((l) => at(rt, 'Agentes e Canais', `${l}${5 + i}`)))).toEqual(data.agents.map(breakdown));
    expect(data.channels.map((_, i) => [...'JKLMNOPQ'].map((l) => at(rt, 'Agentes e Canais', `${l}${5 + i}`)))).toEqual(data.channels.map(breakdown));
  });

  it('draws the specified native charts over their tables and the heat map gradient', () => {
    const rt = runtime(100);
    rebuild(rt, filters);
    const data = rt.call<DashboardData>('getDashboard', filters);
    const charts = (sheet: string) => rt.book.charts(sheet).map((c) => [c.type, c.options.title, c.ranges]);
    const nStatus = data.byStatus.length;
    const nChannel = data.byChannel.length;
    const nPriority = data.byPriority.length;
    // Status table: header at row 43 (after the durable AI block); channel table two rows after it; priority likewise.
    const channelHeader = 43 + nStatus + 3;
    const priorityHeader = channelHeader + nChannel + 3;
    expect(charts('Visão Geral')).toEqual([
      ['PIE', 'Conversas por status', [`A43:B${43 + nStatus}`]],
      ['COLUMN', 'Volume por canal', [`A${channelHeader}:B${channelHeader + nChannel}`]],
      ['BAR', 'Conversas por prioridade', [`A${priorityHeader}:B${priorityHeader + nPriority}`]],
    ]);
    // resolution_time is the 11th column (K) of "Conversas", so of "Dados Detalhados" too.
    const detailRows = rt.book.values('Dados Detalhados').length;
    expect(charts('Tempo de Atendimento')).toEqual([
      ['COLUMN', 'Primeira resposta por faixa (SLA)', ['A11:B18']],
      ['HISTOGRAM', 'Distribuição do tempo de resolução (minutos)', [`'Dados Detalhados'!K1:K${detailRows}`]],
    ]);
    expect(charts('Análise Temporal')).toEqual([
      ['COLUMN', 'Conversas por dia da semana', ['A14:B21']],
      ['LINE', 'Conversas por dia — criadas, resolvidas e escalonadas', [`A35:D${35 + data.daily.length}`]],
    ]);
    expect(charts('Frustração')).toEqual([
      ['COLUMN', 'Conversas por nível de frustração', ['A4:B9']],
      ['COLUMN', 'Escalonamento e resolução por nível', ['A4:A9', 'C4:D9']],
    ]);
    const nAgents = data.agents.length;
    const operatorsHeader = Math.max(nAgents, data.channels.length) + 7;
    expect(charts('Agentes e Canais')).toEqual([
      ['BAR', 'Agentes — taxas de resolução e de escalonamento', [`A4:A${4 + nAgents}`, `C4:D${4 + nAgents}`]],
      ['COLUMN', 'Volume por canal', [`J4:K${4 + data.channels.length}`]],
      // Operators: under the taller of the two breakdowns (title, header, rows, one blank row).
      ['BAR', 'Conversas por operador', [`A${operatorsHeader}:B${operatorsHeader + data.operators.length}`]],
    ]);
    expect(rt.book.charts('Dados Detalhados')).toEqual([]);
    const rules = rt.book.conditionalFormatRules('Análise Temporal');
    expect(rules.map((r) => [r.ranges, r.gradient?.min?.color, r.gradient?.mid?.type, r.gradient?.max?.color])).toEqual([
      [['B5:Y11'], '#ffffff', 'PERCENTILE', '#d93025'],
    ]);
    for (const sheet of SHEETS) expect(rt.book.frozenRows(sheet)).toBe(1);
  });

  it('leaves exactly one set of charts after two rebuilds, with the same chart ids and the same tables', () => {
    const rt = runtime(100);
    rebuild(rt, filters);
    const firstIds = SHEETS.map((s) => rt.book.charts(s).map((c) => c.id));
    const firstValues = SHEETS.slice(1).map((s) => rt.book.values(s));
    rebuild(rt, filters);
    expect(SHEETS.map((s) => rt.book.charts(s).map((c) => c.id))).toEqual(firstIds);
    expect(firstIds.flat()).toHaveLength(12);
    // "Visão Geral" carries the generation time; the other sheets are identical.
    expect(SHEETS.slice(1).map((s) => rt.book.values(s))).toEqual(firstValues);
  });

  it('keeps the position and style a user gave a chart, and never touches a chart the user made', () => {
    const rt = runtime(100);
    rebuild(rt, filters);
    rt.call('testMoveChart', 'Visão Geral', 0, 30, 2);
    rt.call('testAddUserChart', 'Visão Geral');
    rebuild(rt, { ...filters, channels: ['whatsapp'] });
    const charts = rt.book.charts('Visão Geral');
    expect(charts).toHaveLength(4);
    const pie = charts.find((c) => c.type === 'PIE');
    expect([pie?.anchorRow, pie?.anchorColumn, pie?.offsetX, pie?.offsetY, pie?.options.colors]).toEqual([30, 2, 15, 25, ['#123456']]);
    expect(pie?.options.title).toBe('Conversas por status');
    const mine = charts.find((c) => c.options.title === 'Meu gráfico');
    expect([mine?.type, mine?.ranges]).toEqual(['TABLE', ['A1:B2']]);
  });

  it('keeps the grid under a chart moved below the tables when a narrower filter shrinks them', () => {
    const rt = runtime(100);
    rebuild(rt);
    rt.call('testMoveChart', 'Análise Temporal', 1, 90, 30);
    rebuild(rt, { from: '2026-03-02', to: '2026-03-03' });
    const daily = rt.book.charts('Análise Temporal').find((c) => c.type === 'LINE');
    expect([daily?.anchorRow, daily?.anchorColumn]).toEqual([90, 30]);
    // A chart covers 20 rows and 6 columns from its anchor: far more than the two-day tables need.
    expect(rt.call('testSize', 'Análise Temporal')).toEqual([109, 35]);
  });

  it('adopts its charts by title instead of stacking new ones when the stored chart ids are lost', () => {
    const rt = runtime(100);
    rebuild(rt, filters);
    const ids = SHEETS.map((s) => rt.book.charts(s).map((c) => c.id));
    // A copied spreadsheet (or a wiped store) keeps the charts but not the Document Properties map.
    rt.properties.document.delete('sheets.charts.v1');
    rebuild(rt, filters);
    expect(SHEETS.map((s) => rt.book.charts(s).map((c) => c.id))).toEqual(ids);
  });

  it('puts back a chart of its own that the user deleted, without touching the others', () => {
    const rt = runtime(100);
    rebuild(rt, filters);
    const before = rt.book.charts('Frustração').map((c) => [c.id, c.options.title]);
    rt.call('testRemoveFirstChart', 'Frustração');
    rebuild(rt, filters);
    const after = rt.book.charts('Frustração').map((c) => [c.id, c.options.title]);
    expect(after).toHaveLength(2);
    expect(after[0]).toEqual(before[1]);
    expect(after[1]?.[1]).toBe(before[0]?.[1]);
    expect(after[1]?.[0]).not.toBe(before[0]?.[0]);
  });

  it('shows "sem dados para o filtro" instead of charts when the filters select nothing, keeping the user chart', () => {
    const rt = runtime(100);
    rebuild(rt, filters);
    rt.call('testAddUserChart', 'Frustração');
    const result = rebuild(rt, { channels: ['telegram'] });
    expect(result.message).toContain('sem dados para o filtro');
    for (const sheet of SHEETS.slice(0, 5)) {
      expect(rt.book.values(sheet).flat()).toContain('sem dados para o filtro');
    }
    expect(SHEETS.map((s) => rt.book.charts(s).map((c) => c.options.title))).toEqual([[], [], [], ['Meu gráfico'], [], []]);
    expect(rt.book.conditionalFormatRules('Análise Temporal')).toEqual([]);
    expect(rt.book.values('Dados Detalhados')).toHaveLength(1);
  });

  it('shrinks a sheet on which the user froze many rows', () => {
    const rt = runtime(100);
    rebuild(rt);
    rt.call('testFreeze', 'Dados Detalhados', 40);
    rebuild(rt, { channels: ['telegram'] });
    expect(rt.call('testSize', 'Dados Detalhados')).toEqual([2, 42]);
    expect(rt.book.frozenRows('Dados Detalhados')).toBe(1);
  });

  it('builds the sheets with "sem dados para o filtro" when there is no "Conversas" sheet, and no stray rows', () => {
    const rt = runtime(null);
    // The menu passes no filters; a UI exists, so the result is also shown as a toast.
    const result = rebuild(rt);
    expect(rt.ui.toasts.map((t) => t.message)).toEqual([result.message]);
    expect(rt.book.values('Visão Geral').flat()).toContain('sem dados para o filtro');
    expect(rt.book.values('Dados Detalhados')[0]?.slice(0, 2)).toEqual(['conversation_id', 'created_at']);
    expect(rt.call('testSize', 'Dados Detalhados')).toEqual([2, 42]);
    expect(SHEETS.flatMap((s) => rt.book.charts(s))).toEqual([]);
  });

  it('copies the filtered "Conversas" rows in sheet order into "Dados Detalhados", text kept as text', () => {
    const rt = runtime(100);
    rebuild(rt, { channels: ['whatsapp'] });
    const source = conversationRows(100);
    const header = source[0] as CellValue[];
    const channel = header.indexOf('channel');
    const expected = [header, ...source.slice(1).filter((r) => r[channel] === 'whatsapp')];
    expect(rt.book.values('Dados Detalhados')).toEqual(expected);
    expect(rt.call('testSize', 'Dados Detalhados')).toEqual([expected.length, header.length]);
    // Row index 2 (whatsapp: 2 % 3 !== 0 → not whatsapp) is filtered out; check the injection on an unfiltered rebuild.
    rebuild(rt);
    expect(at(rt, 'Dados Detalhados', `${String.fromCharCode(65 + header.indexOf('contact_name'))}4`)).toBe('=HYPERLINK("http://x")');
    expect(rt.book.formulas()).toEqual([]);
    // Dates as the CSV export writes them; the spreadsheet shows them in its own time zone.
    expect(rt.book.cell('Dados Detalhados', 2, header.indexOf('created_at') + 1).numberFormat).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('copies a formula-like "Conversas" cell of exactly 50,000 characters whole, as text, without failing the rebuild', () => {
    // Sheets accepts 50,000 characters in a cell (Make may write that many): a plain-text cell takes them all, with
    // no quote prefix to push the cell over the limit.
    const rt = runtime(null);
    const rows = conversationRows(3);
    const header = rows[0] as CellValue[];
    const column = header.indexOf('contact_name');
    (rows[2] as CellValue[])[column] = `=${'x'.repeat(49_999)}`;
    rt.book.seed('Conversas', rows, { typed: false });
    rebuild(rt);
    expect(rt.book.cell('Dados Detalhados', 3, column + 1).value).toBe(`=${'x'.repeat(49_999)}`);
    expect(rt.book.cell('Dados Detalhados', 3, column + 1).numberFormat).toBe('@');
    expect(rt.book.cell('Dados Detalhados', 2, column + 1).value).toBe('Cliente 0');
    expect(rt.book.formulas()).toEqual([]);
  });

  it('copies a plain text of exactly 50,000 characters whole (contract: only longer texts are cut)', () => {
    const rt = runtime(null);
    const rows = conversationRows(2);
    const column = (rows[0] as CellValue[]).indexOf('title');
    (rows[1] as CellValue[])[column] = 'y'.repeat(50_000);
    rt.book.seed('Conversas', rows, { typed: false });
    rebuild(rt);
    expect(rt.book.cell('Dados Detalhados', 2, column + 1).value).toBe('y'.repeat(50_000));
  });

  it('keeps exactly one of each chart when Sheet.clear() also deletes embedded charts (the other reading)', () => {
    const rt = runtimeWithScript(bundle, { readings: { clearRemovesCharts: true } });
    runtimes.push(rt);
    rt.book.seed('Conversas', conversationRows(100), { typed: false });
    rebuild(rt);
    const first = SHEETS.map((sheet) => rt.book.charts(sheet).map((c) => c.options.title));
    rebuild(rt);
    rebuild(rt);
    expect(SHEETS.map((sheet) => rt.book.charts(sheet).map((c) => c.options.title))).toEqual(first);
    // As many as a rebuild makes when clear() keeps them.
    const reference = runtime(100);
    rebuild(reference);
    expect(first).toEqual(SHEETS.map((sheet) => reference.book.charts(sheet).map((c) => c.options.title)));
  });

  it('gives rates, durations and dates their number formats', () => {
    const rt = runtime(100);
    rebuild(rt, filters);
    const format = (sheet: string, row: number, col: number) => rt.book.cell(sheet, row, col).numberFormat;
    expect([format('Visão Geral', 17, 2), format('Visão Geral', 24, 2), format('Visão Geral', 16, 2), format('Visão Geral', 11, 2)]).toEqual([
      '0.0%',
      '[h]:mm:ss',
      '#,##0',
      'dd/mm/yyyy hh:mm:ss',
    ]);
    expect([format('Análise Temporal', 36, 1), format('Tempo de Atendimento', 5, 3), format('Frustração', 18, 2)]).toEqual([
      'dd/mm/yyyy',
      '[h]:mm:ss',
      '0.00',
    ]);
  });

  it('costs the same number of service calls for 100 and 2,000 rows', () => {
    const calls = [100, 2000].map((rows) => {
      const rt = runtime(rows);
      const first = rt.run('rebuildDashboards', []);
      const next = rt.run('rebuildDashboards', []);
      expect(first.ok && next.ok).toBe(true);
      expect(rt.book.values('Dados Detalhados')).toHaveLength(rows + 1);
      return [first.stats.calls, next.stats.calls, first.stats.callsByMethod['Range.setValues']];
    });
    expect(calls).toEqual([
      [FIRST_REBUILD_CALLS, NEXT_REBUILD_CALLS, 26],
      [FIRST_REBUILD_CALLS, NEXT_REBUILD_CALLS, 26],
    ]);
  });

  it('rejects invalid filters with a Portuguese message and writes nothing', () => {
    const rt = runtime(10);
    const result = rt.run('rebuildDashboards', [{ from: '2026-13-01' }]);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/data/);
    expect(rt.book.sheetNames()).toEqual(['Página1', 'Conversas']);
  });
});
