// A1 notation: column letters, cell/range parsing and printing.

/** 1 → 'A', 27 → 'AA'. */
export function columnLetters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A parsed A1 range; `null` bounds mean "to the end of the sheet" (A:A, 1:1, A2:C). */
export interface A1Range {
  sheet: string | null;
  row: number;
  column: number;
  lastRow: number | null;
  lastColumn: number | null;
}

const PART = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

/** Parses 'A1', 'B2:D10', 'A:C', '2:5', 'A2:C', "'My sheet'!A1:B2"; null when malformed. */
export function parseA1(notation: string): A1Range | null {
  let sheet: string | null = null;
  let rest = notation.trim();
  const bang = rest.lastIndexOf('!');
  if (bang >= 0) {
    sheet = rest.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
    rest = rest.slice(bang + 1);
  }
  const [a, b, extra] = rest.split(':');
  if (a === undefined || extra !== undefined) return null;
  const start = PART.exec(a);
  const end = PART.exec(b ?? a);
  if (!start || !end) return null;
  const [, c1 = '', r1 = ''] = start;
  const [, c2 = '', r2 = ''] = end;
  if ((c1 === '' && r1 === '') || (c2 === '' && r2 === '')) return null;
  if (b === undefined && (c1 === '' || r1 === '')) return null;
  const column = c1 === '' ? 1 : columnNumber(c1);
  const row = r1 === '' ? 1 : Number(r1);
  const lastColumn = c2 === '' ? null : columnNumber(c2);
  const lastRow = r2 === '' ? null : Number(r2);
  if (row < 1 || column < 1) return null;
  return {
    sheet,
    row: Math.min(row, lastRow ?? row),
    column: Math.min(column, lastColumn ?? column),
    lastRow: lastRow === null ? null : Math.max(row, lastRow),
    lastColumn: lastColumn === null ? null : Math.max(column, lastColumn),
  };
}

/** 'A1' for one cell, 'A1:C3' otherwise. */
export function a1Notation(row: number, column: number, numRows: number, numColumns: number): string {
  const first = `${columnLetters(column)}${row}`;
  if (numRows === 1 && numColumns === 1) return first;
  return `${first}:${columnLetters(column + numColumns - 1)}${row + numRows - 1}`;
}
