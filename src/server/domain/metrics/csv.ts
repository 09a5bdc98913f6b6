// RFC 4180 CSV of sheet rows: CRLF, quoted fields, dates in the spreadsheet's zone, formula-safe text.
import type { CellValue } from '../cell-text';
import { zoneClock, type ZoneClock } from './time-zone';

/** Text a spreadsheet would run as a formula: `=`, `+`, `-`, `@` first (also after leading blanks), or a leading tab/CR. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;
const NEEDS_QUOTES = /[",\r\n]/;

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** `yyyy-MM-dd HH:mm:ss` of an instant in the clock's zone. */
export function formatSheetDate(date: Date, clock: ZoneClock): string {
  const local = new Date(clock.toLocalMs(date.getTime()));
  return (
    `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
  );
}

/** One CSV field: text as in the sheet (formula-like text prefixed with `'`), quoted when RFC 4180 requires it. */
export function csvField(cell: CellValue, clock: ZoneClock): string {
  let text: string;
  if (cell instanceof Date) text = Number.isNaN(cell.getTime()) ? '' : formatSheetDate(cell, clock);
  else if (typeof cell === 'boolean') text = cell ? 'TRUE' : 'FALSE';
  else if (typeof cell === 'number') text = Number.isFinite(cell) ? String(cell) : '';
  else text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV: the header row, then the rows, every line ended by CRLF. Rows shorter than the header are padded
 * with empty fields; no header and no rows give ''.
 * @example toCsv(['a','b'], [['=1+1', 'x,y']], 'UTC') // "a,b\r\n'=1+1,\"x,y\"\r\n"
 */
export function toCsv(header: readonly string[], rows: readonly CellValue[][], timeZone: string): string {
  // No "Conversas" sheet (or an empty one): an empty file, not a lone line break.
  if (header.length === 0 && rows.length === 0) return '';
  const clock = zoneClock(timeZone);
  const width = header.length;
  const lines: string[] = [header.map((name) => csvField(name, clock)).join(',')];
  for (const row of rows) {
    const fields = new Array<string>(Math.max(width, row.length));
    for (let i = 0; i < fields.length; i++) fields[i] = csvField(row[i] ?? '', clock);
    lines.push(fields.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
