// Unit tests of the heal planner: marks counted on the id, stripped exactly, blocks per run of the add-on's columns.
import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../src/server/domain/table-merge';
import { cellsHash, healSpan, markCount, planHeal, stripMarks } from '../../src/server/domain/text-marks';

const COLUMNS: ColumnSpec[] = [
  { name: 'id', kind: 'text' },
  { name: 'when', kind: 'date' },
  { name: 'name', kind: 'text' },
  { name: 'n', kind: 'integer' },
];
const t = new Date(Date.UTC(2026, 2, 1));

describe('markCount and stripMarks', () => {
  it('counts leading apostrophes and strips at most that many', () => {
    expect(markCount("''c1")).toBe(2);
    expect(markCount('c1')).toBe(0);
    expect(markCount(5)).toBe(0);
    expect(stripMarks("''x", 1)).toBe("'x");
    expect(stripMarks("'x", 3)).toBe('x');
    expect(stripMarks('x', 1)).toBe('x');
  });
});

describe('planHeal', () => {
  const layout = { columns: COLUMNS, positions: [0, 1, 2, 3], key: 'id' };

  it("strips from each text cell as many marks as the row's id carries, and leaves clean rows alone", () => {
    const span = healSpan(layout);
    expect(span).toEqual({ first: 0, last: 2 });
    const cells = [
      ["'a", t, "''citação"],
      ['b', t, "'Make wrote this"],
      ["''c", '', "''twice"],
    ];
    const blocks = planHeal(layout, span ?? { first: 0, last: 2 }, 2, cells);
    expect(blocks).toEqual([
      {
        row: 2,
        column: 1,
        values: [
          ['a', t, "'citação"],
          ['b', t, "'Make wrote this"],
          ['c', '', 'twice'],
        ],
        numberFormats: ['@', 'yyyy-mm-dd hh:mm:ss', '@'],
        holdsKey: true,
      },
    ]);
  });

  it('plans nothing when no id is marked (idempotent after a heal)', () => {
    expect(planHeal(layout, { first: 0, last: 2 }, 2, [['a', t, "'x"]])).toEqual([]);
  });

  it("splits around a person's column and writes the block with the id last", () => {
    const split = { columns: COLUMNS, positions: [0, 1, 3, 4], key: 'id' };
    const span = healSpan(split) ?? { first: 0, last: 3 };
    const blocks = planHeal(split, span, 5, [["'a", t, 'nota', "'Zé"]]);
    expect(blocks.map((b) => [b.column, b.values, b.holdsKey])).toEqual([
      [4, [['Zé']], false],
      [1, [['a', t]], true],
    ]);
  });

  it('has no span without the id column', () => {
    expect(healSpan({ columns: COLUMNS, positions: [-1, 1, 2, 3], key: 'id' })).toBeNull();
  });
});

describe('cellsHash', () => {
  it('tells blocks apart by value, type and date instant', () => {
    expect(cellsHash([['a', 1]])).toBe(cellsHash([['a', 1]]));
    expect(cellsHash([['a', 1]])).not.toBe(cellsHash([['a', '1']]));
    expect(cellsHash([[t]])).not.toBe(cellsHash([[new Date(t.getTime() + 1)]]));
    expect(cellsHash([['ab'], ['c']])).not.toBe(cellsHash([['a'], ['bc']]));
  });
});
