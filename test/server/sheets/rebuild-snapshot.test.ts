// rebuildDashboards with a current metrics snapshot (bundle): the same six sheets as one read of the table, far fewer cells read.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runtimeWithScript } from '../../runtime/fixture';
import { SheetModel } from '../../runtime/sheet-model';
import type { CellValue, LocalRuntime } from '../../runtime/index';
import type { Filters } from '../../../src/shared/dto';
import { bundleText } from '../settings/dist-snapshot';
import { conversationRows } from './conversation-rows';
import { SNAPSHOT_REBUILD_MIN_ROWS } from '../../../src/server/app/dashboard-sheets/rebuild-inputs';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import { newestDetailRows } from '../../../src/server/domain/sheet-layouts/detailed-data';

const SHEETS = ['Visão Geral', 'Tempo de Atendimento', 'Análise Temporal', 'Frustração', 'Agentes e Canais', 'Dados Detalhados'];

let bundle = '';
beforeAll(() => {
  bundle = bundleText();
});
const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const rt of runtimes.splice(0)) rt.dispose();
});

/**
 * 5,300 rows (over the 5,000 "Dados Detalhados" keeps) with what a full read treats specially: rows without
 * created_at (one with only a user note), a created_at typed as text, a blank channel, a fully blank row, and a
 * user column.
 */
function table(): CellValue[][] {
  const rows = conversationRows(5_300).map((row, i) => [...row, i === 0 ? 'nota' : '']);
  const header = (rows[0] ?? []).map(String);
  const col = (name: string) => header.indexOf(name);
  const set = (r: number, name: string, value: CellValue) => {
    (rows[r] as CellValue[])[col(name)] = value;
  };
  set(5_250, 'created_at', '');
  set(5_260, 'created_at', '2026-03-20 10:00:00');
  set(5_270, 'channel', '');
  set(5_280, 'channel', '');
  set(5_280, 'created_at', '');
  rows[5_285] = (rows[5_285] ?? []).map(() => '');
  const noteOnly = (rows[5_290] ?? []).map(() => '');
  noteOnly[header.length - 1] = 'só uma nota';
  rows[5_290] = noteOnly;
  return rows;
}

function runtime(): LocalRuntime {
  const rt = runtimeWithScript(bundle);
  runtimes.push(rt);
  rt.book.seed('Conversas', table(), { typed: false });
  return rt;
}

/** Cells of "Conversas" the script read during `fn` (counted in the runtime's sheet model). */
function conversasCellsRead(fn: () => void): number {
  const original = SheetModel.prototype.read;
  let cells = 0;
  SheetModel.prototype.read = function (this: SheetModel, row: number, column: number, timeZone: string) {
    if (this.name === 'Conversas') cells += 1;
    return original.call(this, row, column, timeZone);
  };
  try {
    fn();
  } finally {
    SheetModel.prototype.read = original;
  }
  return cells;
}

const FILTERS: Filters[] = [
  {},
  { channels: ['whatsapp'] },
  { channels: ['(vazio)'] },
  { from: '2026-12-01', to: '2027-01-31' },
  { from: '2028-01-01', channels: ['website'] },
  { from: '2026-12-01', statuses: ['RESOLVED', 'UNRESOLVED'], agentIds: ['agent-1', 'agent-2'] },
  { priorities: ['HIGH'], channels: ['(vazio)', 'website'] },
];

/** Filters no test rebuilds with: every row, under another dashboard cache key. */
const WARM_UP: Filters = { to: '2099-12-31' };

describe('rebuildDashboards from the metrics snapshot (bundle)', () => {
  it('writes the same sheets as a rebuild from one read of the table, for every filter', () => {
    const rows = table();
    const width = rows[0]?.length ?? 0;
    const rowOf = new Map(rows.map((row, i) => [String(row[0]), i + 1]).filter(([id]) => id !== '' && id !== 'conversation_id') as Array<[string, number]>);
    for (const filters of FILTERS) {
      const full = runtime();
      const fromSnapshot = runtime();
      // The sidebar's dashboard builds the snapshot (its own filters: a cached dashboard of the rebuild's filters
      // would keep its own "Gerado em"); the rebuild then reads only what "Dados Detalhados" shows.
      fromSnapshot.call('getDashboard', WARM_UP);
      fromSnapshot.clock.set(full.clock.now().toISOString());
      const fullCells = conversasCellsRead(() => full.call('rebuildDashboards', filters));
      const cells = conversasCellsRead(() => fromSnapshot.call('rebuildDashboards', filters));
      for (const sheet of SHEETS) {
        expect(fromSnapshot.book.values(sheet), `${sheet} for ${JSON.stringify(filters)}`).toEqual(full.book.values(sheet));
      }
      // The filter columns (at most five), the header, and the rows from the first shown to the last (rows close
      // together are read as one stretch: a call costs more than the cells between).
      const shownRows = full.book
        .values('Dados Detalhados')
        .map((row) => rowOf.get(String(row[0])))
        .filter((row): row is number => row !== undefined);
      const span = shownRows.length === 0 ? 0 : Math.max(...shownRows) - Math.min(...shownRows) + 1;
      expect(cells, JSON.stringify(filters)).toBeLessThanOrEqual(5 * 5_300 + width + (span + 100) * width);
      if (span < 2_000) expect(cells).toBeLessThan(fullCells / 2);
    }
  });

  it('rebuilds and stores the snapshot when a long table has none, reading fewer cells than the whole table', () => {
    const rows = conversationRows(SNAPSHOT_REBUILD_MIN_ROWS);
    const rt = runtimeWithScript(bundle);
    runtimes.push(rt);
    rt.book.seed('Conversas', rows, { typed: false });
    const width = rows[0]?.length ?? 0;
    const cells = conversasCellsRead(() => rt.call('rebuildDashboards', {}));
    expect(cells).toBeLessThan(rows.length * width);
    // "Dados Detalhados" shows the rows a full read would: the newest MAX_DETAIL_ROWS, in sheet order.
    const table = readConversationTable(rt.book.values('Conversas'), rt.book.timeZone);
    const expected = newestDetailRows({ header: table.header, rows: table.rows }).rows.map((row) => String(row[0]));
    const ids = new Set(rows.slice(1).map((row) => String(row[0])));
    expect(rt.book.values('Dados Detalhados').map((row) => String(row[0])).filter((id) => ids.has(id))).toEqual(expected);
    // The snapshot it built is stored: the sidebar's next refresh reads no cell of the table.
    rt.clock.advance(60_000);
    expect(conversasCellsRead(() => rt.call('getDashboard', {}))).toBe(0);
  });

  it('reads under a tenth of the table when the filters select recent days', () => {
    const rt = runtime();
    rt.call('getDashboard', WARM_UP);
    const fullCells = 5_301 * (table()[0]?.length ?? 0);
    const cells = conversasCellsRead(() => rt.call('rebuildDashboards', { from: '2028-01-10' }));
    expect(rt.book.values('Dados Detalhados').length).toBeGreaterThan(10);
    expect(cells).toBeLessThan(fullCells / 10);
  });
});
