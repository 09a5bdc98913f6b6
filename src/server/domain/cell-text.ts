// Text and record → cell rules shared by every sheet writer (Sheets' 50,000-characters-a-cell limit).
import type { CellValue } from '../app/ports';

/** Sheets rejects a cell holding more characters than this (apps-script-platform.md). */
export const MAX_CELL_CHARS = 50000;

const KEPT_CHARS = 49980;
const TRUNCATION_MARK = ' … [truncado]';

/**
 * Returns `text` unchanged when it fits in a cell, else its first 49,980 characters followed by
 * ` … [truncado]` (contract.md). A surrogate pair cut in half at the boundary is dropped whole, so the
 * result is always valid UTF-16. `limit` is the room left in the cell: a writer that adds a quote prefix
 * passes `MAX_CELL_CHARS - 1`, since Sheets counts the apostrophe against the 50,000.
 * @example fitCellText('a'.repeat(60000)).length // 49993
 */
export function fitCellText(text: string, limit: number = MAX_CELL_CHARS): string {
  if (text.length <= limit) return text;
  let end = KEPT_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + TRUNCATION_MARK;
}

/** A text Sheets could read as a formula (leading `=`, `+`, `-`, `@`) or that starts with the quote itself. */
const FORMULA_LIKE = /^\s*[=+\-@']/;

/**
 * The value to hand to `Range.setValues` so a string stays exactly that string: Sheets parses typed-in text
 * (formulas, numbers, dates, booleans), and a leading apostrophe keeps any string as text. The apostrophe
 * counts against the 50,000 characters, so a text already at the limit is written bare when it cannot parse
 * as anything but text (too long for a number or date, no formula start), else cut with the mark.
 * @example asSheetText('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 */
export function asSheetText(value: CellValue): CellValue {
  if (typeof value !== 'string' || value === '') return value;
  if (value.length >= MAX_CELL_CHARS && !FORMULA_LIKE.test(value)) return fitCellText(value);
  return `'${fitCellText(value, MAX_CELL_CHARS - 1)}`;
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/**
 * Lays a typed record out as one sheet row, following `header` (the sheet's row 1, so user-reordered
 * columns work). A column the record owns gets its value (`null` → `''`, a blank cell; invalid dates and
 * non-finite numbers → `''`). A column the record does not own (a user's own column, or a name the add-on
 * does not know) keeps the cell of `base` at the same index — pass the row being rewritten so a sync
 * never wipes cells it did not write — or `''` when there is no base row.
 * @example recordToCells({ a: 1, b: null }, ['b', 'note', 'a'], ['x', 'keep', 'y']) // ['', 'keep', 1]
 */
export function recordToCells<R extends Record<string, unknown>>(
  record: R,
  header: readonly string[],
  base?: readonly CellValue[],
): CellValue[] {
  return header.map((name, i) =>
    Object.prototype.hasOwnProperty.call(record, name) ? toCell(record[name]) : (base?.[i] ?? ''),
  );
}
