// Cell text limit, the one-guard rule (format per cell) and record → row layout by header name.
import { describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, cellFormat, fitCellText, guardBlock, recordToCells } from '../../../src/server/domain/cell-text';

describe('fitCellText', () => {
  it('keeps a text of exactly 50,000 characters', () => {
    const text = 'x'.repeat(50000);
    expect(fitCellText(text)).toBe(text);
    expect(MAX_CELL_CHARS).toBe(50000);
  });

  it('cuts a 50,001-character text to its first 49,980 characters plus the mark', () => {
    const text = 'a'.repeat(49980) + 'b'.repeat(21);
    expect(fitCellText(text)).toBe('a'.repeat(49980) + ' … [truncado]');
  });

  it('cuts a 60,000-character text to 49,993 characters', () => {
    const text = 'abcdefghij'.repeat(6000);
    const fitted = fitCellText(text);
    expect(fitted.length).toBe(49980 + 13);
    expect(fitted.startsWith('abcdefghij'.repeat(4998))).toBe(true);
    expect(fitted.endsWith('j … [truncado]')).toBe(true);
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    // 49,979 'a' then emojis: the 49,980th code unit is the first half of '😀'.
    const text = 'a'.repeat(49979) + '😀'.repeat(1000);
    expect(fitCellText(text)).toBe('a'.repeat(49979) + ' … [truncado]');
  });

  it('leaves short and empty texts alone', () => {
    expect(fitCellText('')).toBe('');
    expect(fitCellText('Olá')).toBe('Olá');
  });
});

describe('recordToCells', () => {
  const when = new Date(Date.UTC(2026, 2, 1, 12, 0, 0));

  it('lays values out in the order of the header, blanks for null', () => {
    const record = { id: 'c1', when, n: 3, ok: false, note: null };
    expect(recordToCells(record, ['ok', 'note', 'id', 'n', 'when'])).toEqual([false, '', 'c1', 3, when]);
  });

  it("keeps the base row's cell in columns the record does not own", () => {
    const record = { id: 'c1', score: null };
    const base = ['c1', 'comentário do usuário', 4.5, 'extra'];
    expect(recordToCells(record, ['id', 'minha coluna', 'score', 'outra'], base)).toEqual([
      'c1',
      'comentário do usuário',
      '',
      'extra',
    ]);
  });

  it('writes blanks in unowned columns when there is no base row, or the base row is shorter', () => {
    expect(recordToCells({ id: 'c1' }, ['x', 'id'])).toEqual(['', 'c1']);
    expect(recordToCells({ id: 'c1' }, ['id', 'x', 'y'], ['old'])).toEqual(['c1', '', '']);
  });

  it('turns invalid dates and non-finite numbers into blanks', () => {
    const record = { d: new Date(Number.NaN), a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 0 };
    expect(recordToCells(record, ['d', 'a', 'b', 'c'])).toEqual(['', '', '', 0]);
  });
});

describe('cellFormat and guardBlock: one guard per cell', () => {
  it('puts every non-empty string in a plain-text cell, whatever its column format', () => {
    for (const format of ['@', 'General', '0', 'yyyy-mm-dd hh:mm:ss', '0.###############']) {
      expect(cellFormat('=HYPERLINK("x")', format)).toBe('@');
      expect(cellFormat('00123', format)).toBe('@');
      expect(cellFormat("'x", format)).toBe('@');
    }
  });

  it("gives other values their column's format, or an explicit non-text one where the column is plain text", () => {
    const date = new Date(Date.UTC(2026, 0, 1));
    expect(cellFormat(5, '0.00')).toBe('0.00');
    expect(cellFormat(true, 'General')).toBe('General');
    expect(cellFormat(date, 'dd/mm/yyyy')).toBe('dd/mm/yyyy');
    expect(cellFormat(5, '@')).toBe('General');
    expect(cellFormat(false, '@')).toBe('General');
    expect(cellFormat(date, '@')).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it("leaves a blank in its column's format", () => {
    expect(cellFormat('', 'yyyy-mm-dd hh:mm:ss')).toBe('yyyy-mm-dd hh:mm:ss');
    expect(cellFormat('', '@')).toBe('@');
  });

  it('writes strings raw (no quote prefix), cut only past 50,000 characters', () => {
    const exact = '='.padEnd(MAX_CELL_CHARS, 'a');
    const over = "'".padEnd(MAX_CELL_CHARS + 1, 'b');
    const block = guardBlock([["'x", exact, over, 3]], () => 'General');
    expect(block.values[0]?.[0]).toBe("'x");
    expect(block.values[0]?.[1]).toBe(exact);
    expect(block.values[0]?.[2]).toBe("'" + 'b'.repeat(49979) + ' … [truncado]');
    expect(block.values[0]?.[3]).toBe(3);
    expect(block.formats).toEqual([['@', '@', '@', 'General']]);
  });

  it('takes the column format per cell from its position in the block', () => {
    const block = guardBlock(
      [
        ['h1', 'h2'],
        [1, new Date(0)],
      ],
      (r, c) => (r === 0 ? 'General' : ['0', 'dd/mm/yyyy'][c] ?? 'General'),
    );
    expect(block.formats).toEqual([
      ['@', '@'],
      ['0', 'dd/mm/yyyy'],
    ]);
  });
});
