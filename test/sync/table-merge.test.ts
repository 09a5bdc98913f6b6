// Unit tests of the keyed upsert planner: header creation, in-place updates, appends, user columns and rows kept.
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/server/app/ports';
import { findColumn, headerKey, keyText, planTableMerge, sameCell, viewOfValues, writeStretches, type ColumnSpec } from '../../src/server/domain/table-merge';

const COLUMNS: ColumnSpec[] = [
  { name: 'id', kind: 'text' },
  { name: 'when', kind: 'date' },
  { name: 'count', kind: 'integer' },
];

const t1 = new Date(Date.UTC(2026, 2, 1, 12));
const t2 = new Date(Date.UTC(2026, 2, 2, 12));

describe('planTableMerge', () => {
  it('writes the header and every row from row 1 when the sheet is empty', () => {
    const plan = planTableMerge(viewOfValues([], 'id'), COLUMNS, 'id', [
      { id: 'a', when: t1, count: 1 },
      { id: 'b', when: null, count: 2 },
    ]);
    expect(plan.inserted).toEqual(['a', 'b']);
    expect(plan.blocks).toEqual([
      {
        row: 1,
        column: 1,
        values: [
          ['id', 'when', 'count'],
          ['a', t1, 1],
          ['b', '', 2],
        ],
        numberFormats: ['@', 'yyyy-mm-dd hh:mm:ss', '0'],
      },
    ]);
  });

  it('rewrites changed rows in place, skips identical ones and appends new keys after the last row', () => {
    const values: CellValue[][] = [
      ['id', 'when', 'count'],
      ['a', t1, 1],
      ['b', t1, 2],
      ['c', t1, 3],
    ];
    const plan = planTableMerge(viewOfValues(values, 'id'), COLUMNS, 'id', [
      { id: 'a', when: t1, count: 1 },
      { id: 'c', when: t2, count: 4 },
      { id: 'd', when: t2, count: 5 },
    ]);
    expect(plan.updated).toEqual(['c']);
    expect(plan.inserted).toEqual(['d']);
    expect(plan.blocks).toHaveLength(1);
    expect(plan.blocks[0]?.row).toBe(4);
    expect(plan.blocks[0]?.values).toEqual([
      ['c', t2, 4],
      ['d', t2, 5],
    ]);
  });

  it('finds reordered columns by name and never writes a user column between them', () => {
    const values: CellValue[][] = [
      ['count', 'nota do gerente', 'id', 'when'],
      [1, 'ligar de volta', 'a', t1],
    ];
    const plan = planTableMerge(viewOfValues(values, 'id'), COLUMNS, 'id', [{ id: 'a', when: t2, count: 7 }]);
    expect(plan.updated).toEqual(['a']);
    // Column B belongs to the user: two blocks, A and C:D.
    expect(plan.blocks.map((b) => [b.row, b.column, b.values])).toEqual([
      [2, 1, [[7]]],
      [2, 3, [['a', t2]]],
    ]);
  });

  it('carries the cells of a row it did not create (a Make row) unchanged when the block spans it', () => {
    const values: CellValue[][] = [
      ['id', 'when', 'count'],
      ['a', t1, 1],
      ['make-1', '', 9],
      ['b', t1, 2],
    ];
    const plan = planTableMerge(viewOfValues(values, 'id'), COLUMNS, 'id', [
      { id: 'a', when: t2, count: 1 },
      { id: 'b', when: t2, count: 2 },
    ]);
    expect(plan.blocks[0]?.row).toBe(2);
    expect(plan.blocks[0]?.values[1]).toEqual(['make-1', '', 9]);
  });

  it('appends a missing add-on column to the header after the user columns', () => {
    const values: CellValue[][] = [
      ['id', 'when', 'minha coluna'],
      ['a', t1, 'x'],
    ];
    const plan = planTableMerge(viewOfValues(values, 'id'), COLUMNS, 'id', [{ id: 'a', when: t1, count: 3 }]);
    expect(plan.blocks.map((b) => [b.row, b.column, b.values])).toEqual([
      [
        1,
        1,
        [
          ['id', 'when'],
          ['a', t1],
        ],
      ],
      [1, 4, [['count'], [3]]],
    ]);
  });

  it('writes nothing when every record matches the sheet', () => {
    const values: CellValue[][] = [
      ['id', 'when', 'count'],
      ['a', t1, 1],
    ];
    const plan = planTableMerge(viewOfValues(values, 'id'), COLUMNS, 'id', [{ id: 'a', when: t1, count: 1 }]);
    expect(plan).toEqual({ header: ['id', 'when', 'count'], blocks: [], inserted: [], updated: [], rows: new Map() });
  });
});

describe('stretches of changed rows', () => {
  const sheet: CellValue[][] = [['id', 'when', 'count'], ...Array.from({ length: 300 }, (_, i): CellValue[] => [`r${i + 2}`, t1, i])];

  it('writes far-apart changes as separate blocks and near ones as one block carrying the rows between', () => {
    const view = viewOfValues(sheet, 'id');
    const plan = planTableMerge(view, COLUMNS, 'id', [
      { id: 'r10', when: t2, count: 0 },
      { id: 'r13', when: t2, count: 0 },
      { id: 'r250', when: t2, count: 0 },
    ], 5);
    expect(plan.blocks.map((b) => [b.row, b.values.length])).toEqual([
      [10, 4],
      [250, 1],
    ]);
    // Rows 11 and 12 are carried exactly as they were.
    expect(plan.blocks[0]?.values[1]).toEqual(sheet[10]);
    expect([...plan.rows.keys()].sort((a, b) => a - b)).toEqual([10, 13, 250]);
  });

  it('never carries a row it did not read: a gap with an unread row splits the block', () => {
    const known = (row: number) => row !== 11;
    expect(writeStretches([10, 13, 12], 5, known)).toEqual([
      [10, 10],
      [12, 13],
    ]);
    expect(writeStretches([10, 13], 5, () => true)).toEqual([[10, 13]]);
    expect(writeStretches([10, 20], 5, () => true)).toEqual([
      [10, 10],
      [20, 20],
    ]);
  });
});

describe('sameCell', () => {
  it('treats a date the sheet kept without milliseconds as equal, but not a change of a millisecond', () => {
    expect(sameCell(new Date(1400), new Date(1000))).toBe(true);
    expect(sameCell(new Date(1600), new Date(2000))).toBe(true);
    expect(sameCell(new Date(1401), new Date(1400))).toBe(false);
    expect(sameCell(new Date(1000), new Date(2000))).toBe(false);
    expect(sameCell('', undefined)).toBe(true);
    expect(sameCell(1, '1')).toBe(false);
  });
});

describe('header and key matching across stray marks', () => {
  it('finds a column whose header carries a stray apostrophe, spaces or zero-width characters', () => {
    const header = ["'id", ' when\u200B ', '\uFEFFCount', 'nota'];
    expect(findColumn(header, 'id')).toBe(0);
    expect(findColumn(header, 'when')).toBe(1);
    expect(findColumn(header, 'count')).toBe(2);
    expect(findColumn(header, 'missing')).toBe(-1);
    expect(headerKey("  ''Status\u200D")).toBe('status');
  });

  it('keeps a case variant of a header name as the user wrote it', () => {
    const plan = planTableMerge(viewOfValues([['ID', 'when', 'count']], 'id'), COLUMNS, 'id', [{ id: 'a', when: t1, count: 2 }]);
    expect(plan.blocks[0]?.values[0]).toEqual(['a', t1, 2]);
  });

  it('prefers an exact header over a marked duplicate', () => {
    expect(findColumn(["'id", 'id'], 'id')).toBe(1);
  });

  it('adds no duplicate column when the old header names carry the quote mark', () => {
    const view = viewOfValues(
      [
        ["'id", 'when', 'count'],
        ["'a", t1, 1],
      ],
      'id',
    );
    const plan = planTableMerge(view, COLUMNS, 'id', [{ id: 'a', when: t1, count: 2 }]);
    expect(plan.inserted).toEqual([]);
    expect(plan.updated).toEqual(['a']);
    // The header's own names come back without the mark in the same write.
    expect(plan.blocks).toEqual([
      {
        row: 1,
        column: 1,
        values: [
          ['id', 'when', 'count'],
          ['a', t1, 2],
        ],
        numberFormats: ['@', 'yyyy-mm-dd hh:mm:ss', '0'],
      },
    ]);
  });

  it('matches a key cell written with quote marks to the clean id', () => {
    expect(keyText("''c1")).toBe('c1');
    expect(keyText(' c1\u200B')).toBe('c1');
    expect(keyText(12)).toBe('12');
  });
});
