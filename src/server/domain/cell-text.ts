// Cell values and the one-guard rule every sheet writer follows (plain text for strings, 50,000 characters a cell).

/** A cell as `getValues()` returns it: empty cells are `''`. */
export type CellValue = string | number | boolean | Date;

/** Sheets rejects a cell holding more characters than this (apps-script-platform.md). */
export const MAX_CELL_CHARS = 50000;

/** The plain-text number format: Sheets stores a string written into it as written, never parsed. */
export const TEXT_FORMAT = '@';
/** The automatic number format ("General"), what an untouched cell has. */
export const AUTOMATIC_FORMAT = 'General';
/** A date cell's format when its column gives none (a carried date in a text or automatic column). */
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

const KEPT_CHARS = 49980;
const TRUNCATION_MARK = ' … [truncado]';

/**
 * Returns `text` unchanged when it fits in a cell (50,000 characters), else its first 49,980 characters followed
 * by ` … [truncado]` (contract.md). A surrogate pair cut in half at the boundary is dropped whole, so the result
 * is always valid UTF-16. Strings go into plain-text cells as written (no quote prefix), so the whole 50,000 is
 * the text's own.
 * @example fitCellText('a'.repeat(60000)).length // 49993
 */
export function fitCellText(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  let end = KEPT_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + TRUNCATION_MARK;
}

/**
 * The number format a cell gets in the same write as its value — one guard per cell, never relying on the
 * format the cell had before (an older version or a person may have set `@`): a non-empty string goes into a
 * plain-text cell (`@`), where Sheets keeps it exactly as written (never a formula, number, date or boolean, and
 * an apostrophe stays part of it); every other value gets its column's format, or when that is `@` an explicit
 * non-text one, so a cell once plain text never turns a later number into text. A blank keeps its column's format.
 * @example cellFormat('00123', '0') // '@'
 * @example cellFormat(5, '@') // 'General'
 */
export function cellFormat(value: CellValue, columnFormat: string): string {
  if (typeof value === 'string') return value === '' ? columnFormat : TEXT_FORMAT;
  if (columnFormat !== TEXT_FORMAT) return columnFormat;
  return value instanceof Date ? DATE_TIME_FORMAT : AUTOMATIC_FORMAT;
}

/** A block ready for `Range.setNumberFormats` + `Range.setValues`: the same shape, one format per cell. */
export interface GuardedBlock {
  values: CellValue[][];
  formats: string[][];
}

/**
 * Applies the one-guard rule to a block: strings fitted to the 50,000-character limit and written raw, each
 * cell's format chosen by `cellFormat` from `columnFormat(row, column)` (0-based within the block).
 * @example guardBlock([['=1+1', 2]], () => 'General') // { values: [['=1+1', 2]], formats: [['@', 'General']] }
 */
export function guardBlock(values: readonly (readonly CellValue[])[], columnFormat: (row: number, column: number) => string): GuardedBlock {
  const out: CellValue[][] = [];
  const formats: string[][] = [];
  values.forEach((cells, r) => {
    out.push(cells.map((cell) => (typeof cell === 'string' ? fitCellText(cell) : cell)));
    formats.push(cells.map((cell, c) => cellFormat(cell, columnFormat(r, c))));
  });
  return { values: out, formats };
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
