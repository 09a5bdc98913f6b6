// "Dados Detalhados" holds at most the newest 5,000 filtered rows, with a note, in a grid sized to its content.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runtimeWithScript } from '../../runtime/fixture';
import type { LocalRuntime } from '../../runtime/index';
import { detailedDataLayout, newestDetailRows } from '../../../src/server/domain/sheet-layouts/detailed-data';
import { bundleText } from '../settings/dist-snapshot';
import { conversationRows } from './conversation-rows';

const day = (d: number) => new Date(Date.UTC(2026, 0, d));

describe('newestDetailRows', () => {
  it('keeps the newest rows by created_at in sheet order, and says how many matched', () => {
    const detail = { header: ['id', 'created_at'], rows: [['a', day(5)], ['b', day(1)], ['c', day(9)], ['d', ''], ['e', day(7)]] };
    expect(newestDetailRows(detail, 3)).toEqual({ header: ['id', 'created_at'], rows: [['a', day(5)], ['c', day(9)], ['e', day(7)]], total: 5 });
    expect(newestDetailRows(detail, 5)).toBe(detail);
  });

  it('writes the note one blank row under a capped table, and no note otherwise', () => {
    const capped = detailedDataLayout({ header: ['id', 'created_at'], rows: [['a', day(5)]], total: 12_345 });
    expect(capped.rows).toBe(4);
    expect(capped.blocks[1]).toMatchObject({ row: 4, column: 1 });
    expect(capped.blocks[1]?.values).toEqual([
      ['Mostrando as 1 conversas mais recentes de 12.345 que atendem ao filtro. Todas estão na aba "Conversas" e em "Baixar CSV" no painel lateral.'],
    ]);
    const full = detailedDataLayout({ header: ['id', 'created_at'], rows: [['a', day(5)]] });
    expect(full.rows).toBe(2);
    expect(full.blocks).toHaveLength(1);
  });
});

let bundle = '';
beforeAll(() => {
  bundle = bundleText();
});
const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const rt of runtimes.splice(0)) rt.dispose();
});

describe('rebuildDashboards with more than 5,000 matching rows (bundle)', () => {
  it('copies only the newest 5,000, notes where the rest is, and sizes its grid to the content', () => {
    const rt = runtimeWithScript(bundle);
    runtimes.push(rt);
    const rows = conversationRows(5_200);
    rt.book.seed('Conversas', rows, { typed: false });
    rt.call('rebuildDashboards');
    const detail = rt.book.values('Dados Detalhados');
    const header = rows[0] ?? [];
    expect(detail[0]).toEqual(header);
    // conversationRows creates them oldest first: the newest 5,000 are the last 5,000.
    expect(detail.slice(1, 5_001).map((r) => r[0])).toEqual(rows.slice(201).map((r) => r[0]));
    expect(detail[5_001]?.every((cell) => cell === '')).toBe(true);
    expect(String(detail[5_002]?.[0])).toBe(
      'Mostrando as 5.000 conversas mais recentes de 5.200 que atendem ao filtro. Todas estão na aba "Conversas" e em "Baixar CSV" no painel lateral.',
    );
    expect(rt.book.grid('Dados Detalhados')).toEqual({ rows: 5_003, columns: header.length });
  });
});
