// Cell text limit and record → row layout by header name.
import { describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, asSheetText, fitCellText, recordToCells } from '../../../src/server/domain/cell-text';

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

  it('cuts at a smaller limit when a writer needs room for a quote prefix', () => {
    const text = 'x'.repeat(50000);
    expect(fitCellText(text, 49999)).toBe('x'.repeat(49980) + ' … [truncado]');
    expect(fitCellText('x'.repeat(49999), 49999)).toBe('x'.repeat(49999));
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

describe('asSheetText', () => {
  it('quotes every non-empty string so Sheets keeps it as text, and leaves other values alone', () => {
    expect(asSheetText('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(asSheetText('+5511988887777')).toBe("'+5511988887777");
    expect(asSheetText('00123')).toBe("'00123");
    expect(asSheetText('Maria')).toBe("'Maria");
    expect(asSheetText('')).toBe('');
    expect(asSheetText(42)).toBe(42);
    expect(asSheetText(true)).toBe(true);
    const date = new Date(Date.UTC(2026, 0, 1));
    expect(asSheetText(date)).toBe(date);
  });

  it('keeps a plain text of exactly 50,000 characters whole, written bare (the quote would pass the limit)', () => {
    const text = 'a'.repeat(MAX_CELL_CHARS);
    expect(asSheetText(text)).toBe(text);
  });

  it('cuts a formula-like text at the limit so quote + text fit in 50,000 characters', () => {
    const text = '=' + 'a'.repeat(MAX_CELL_CHARS - 1);
    const written = asSheetText(text) as string;
    expect(written).toBe("'=" + 'a'.repeat(49979) + ' … [truncado]');
    expect(written.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(asSheetText(' -x'.padEnd(MAX_CELL_CHARS, 'y'))).toMatch(/^' -x/);
  });

  it('quotes a text one character under the limit (it still fits with the quote)', () => {
    const text = 'b'.repeat(MAX_CELL_CHARS - 1);
    expect(asSheetText(text)).toBe(`'${text}`);
  });
});
