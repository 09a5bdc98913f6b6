// Pure upsert planning for a keyed sheet: columns found by header name, rows by key, one block write per column run.
import { AUTOMATIC_FORMAT, TEXT_FORMAT, recordToCells, type CellValue } from './cell-text';
import type { ColumnKind } from './columns';

/** One column the add-on owns in a sheet. */
export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
}

/** Number formats by column kind, applied before values are written (apps-script-platform.md). */
export const NUMBER_FORMATS: Readonly<Record<ColumnKind, string>> = {
  text: TEXT_FORMAT,
  date: 'yyyy-mm-dd hh:mm:ss',
  integer: '0',
  decimal: '0.00',
  boolean: AUTOMATIC_FORMAT,
};

/**
 * What the planner knows of a sheet. A sync reads the header and the key column first (cheap), then only the
 * rows a merge touches: `rowAt` must answer for every row from the first existing row of a record to `lastRow`.
 */
export interface SheetView {
  /** Row 1 as trimmed text ([] for an empty sheet). */
  header: readonly string[];
  /** Last row with content (0 for an empty sheet). */
  lastRow: number;
  /** 1-based sheet row of each key (the first one, if a person duplicated it). */
  rows: ReadonlyMap<string, number>;
  /** The cells of a sheet row, index 0 = column A; undefined when not read (treated as blank). */
  rowAt(row: number): readonly CellValue[] | undefined;
}

/** A rectangular write: one `setValues` call (1-based row/column, like the SpreadsheetPort). */
export interface MergeBlock {
  row: number;
  column: number;
  values: CellValue[][];
  numberFormats: string[];
}

/** What a merge writes, and which keys it inserted or changed. */
export interface MergePlan {
  /** One block per stretch of nearby changed rows and contiguous run of the add-on's columns. */
  blocks: MergeBlock[];
  inserted: string[];
  updated: string[];
  /** The header after the merge (missing add-on columns appended). */
  header: string[];
  /** Every row the merge changes (1-based sheet row → its full cells in `header` order, user cells included). */
  rows: Map<number, CellValue[]>;
}

/**
 * Rows to write grouped into stretches, each written as one block carrying the rows between: two changed rows share
 * a block when at most `maxGap` rows apart and every row between is known (read, or past the last row).
 */
export function writeStretches(
  changedRows: Iterable<number>,
  maxGap: number,
  known: (row: number) => boolean,
): Array<[from: number, to: number]> {
  const sorted = [...changedRows].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const row of sorted) {
    const last = out[out.length - 1];
    let join = last !== undefined && row - last[1] <= maxGap;
    for (let r = (last?.[1] ?? row) + 1; join && r < row; r++) join = known(r);
    if (last && join) last[1] = row;
    else out.push([row, row]);
  }
  return out;
}

/** Zero-width characters (spaces, joiners, word joiner, BOM) a copy-paste or an older writer may leave in a cell. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
/** The quote marks an older version of the add-on left in front of its own header names and ids. */
const LEADING_QUOTES = /^'+/;

/**
 * A key cell as text: ids typed by a person or by Make may have been read as numbers. Whitespace, zero-width
 * characters and leading apostrophes (the mark an older version of the add-on left in plain-text cells) are
 * dropped: Chatvolt ids never contain them, so a marked row still matches its conversation and is rewritten
 * clean instead of duplicated.
 * @example keyText(" 'c1 ") // 'c1'
 */
export function keyText(cell: CellValue | undefined): string {
  if (cell === undefined || cell instanceof Date) return '';
  return String(cell).replace(ZERO_WIDTH, '').trim().replace(LEADING_QUOTES, '').trim();
}

/**
 * A header name as the add-on compares it: trimmed, without zero-width characters and without a stray leading
 * apostrophe (an older version wrote its header names into plain-text cells with a quote prefix, which Sheets
 * keeps there), lower case.
 * @example headerKey(" 'Status\u200B") // 'status'
 */
export function headerKey(name: string): string {
  return stripHeaderMarks(name).toLowerCase();
}

/** A header name without whitespace around it, zero-width characters or leading apostrophes; case kept. */
export function stripHeaderMarks(name: string): string {
  return name.replace(ZERO_WIDTH, '').trim().replace(LEADING_QUOTES, '').trim();
}

/** Row 1 as trimmed header names. */
export function headerNames(row: readonly CellValue[] | undefined): string[] {
  return (row ?? []).map((cell) => (cell === undefined || cell instanceof Date ? '' : String(cell).trim()));
}

/**
 * 0-based column of a header name: exact match first, then by `headerKey` (case, whitespace, zero-width
 * characters and a stray leading apostrophe ignored); -1 when absent. The first of duplicates wins.
 */
export function findColumn(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const wanted = headerKey(name);
  return header.findIndex((h) => headerKey(h) === wanted);
}

/** Sheet rows by key from the key column's cells of rows 2.. (first occurrence wins). */
export function rowsByKey(keyCells: ReadonlyArray<CellValue | undefined>): Map<string, number> {
  const rows = new Map<string, number>();
  keyCells.forEach((cell, i) => {
    const key = keyText(cell);
    if (key !== '' && !rows.has(key)) rows.set(key, i + 2);
  });
  return rows;
}

/**
 * A view of a sheet read whole (`values[0]` = header), for tests and small sheets.
 * @example viewOfValues([['id'], ['a']], 'id').rows.get('a') // 2
 */
export function viewOfValues(values: readonly CellValue[][], key: string): SheetView {
  const header = headerNames(values[0]);
  const keyColumn = findColumn(header, key);
  return {
    header,
    lastRow: values.length,
    rows: keyColumn < 0 ? new Map() : rowsByKey(values.slice(1).map((row) => row[keyColumn])),
    rowAt: (row) => values[row - 1],
  };
}

/**
 * Whether a time read from the sheet is the time `expected`, exactly or as Sheets would keep it if it dropped
 * the milliseconds (truncated or rounded to the second). A real change of a few milliseconds still counts.
 */
export function sameInstant(inSheet: number, expected: number): boolean {
  return inSheet === expected || inSheet === Math.floor(expected / 1000) * 1000 || inSheet === Math.round(expected / 1000) * 1000;
}

/**
 * Whether the cell about to be written (`next`) holds what the sheet already has (`current`): dates by
 * `sameInstant`, numbers within a relative 1e-9, anything else strictly; `''` and a missing cell are blank.
 */
export function sameCell(next: CellValue | undefined, current: CellValue | undefined): boolean {
  const x = next ?? '';
  const y = current ?? '';
  if (x instanceof Date || y instanceof Date) return x instanceof Date && y instanceof Date && sameInstant(y.getTime(), x.getTime());
  if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  return x === y;
}

/**
 * Where each add-on column sits (0-based), missing ones appended after the sheet's last header cell. `header` is
 * row 1 as it will be written: an add-on column found under its name plus stray marks (an older version's quote
 * prefix, spaces, zero-width characters) is written back under its exact name, a case variant is kept. `keys` is
 * the header with the add-on's own names at its positions, for laying records out.
 */
export function layoutColumns(
  header: readonly string[],
  columns: readonly ColumnSpec[],
): { positions: number[]; header: string[]; keys: string[]; headerChanged: boolean } {
  const finalHeader = [...header];
  let renamed = false;
  const positions = columns.map((column) => {
    const found = findColumn(header, column.name);
    if (found >= 0) {
      if (header[found] !== column.name && stripHeaderMarks(header[found] ?? '') === column.name) {
        finalHeader[found] = column.name;
        renamed = true;
      }
      return found;
    }
    finalHeader.push(column.name);
    return finalHeader.length - 1;
  });
  const keys = [...finalHeader];
  positions.forEach((p, i) => {
    keys[p] = columns[i]?.name ?? keys[p] ?? '';
  });
  return { positions, header: finalHeader, keys, headerChanged: renamed || finalHeader.length !== header.length };
}

function latestByKey(records: ReadonlyArray<Record<string, unknown>>, key: string): Map<string, Record<string, unknown>> {
  const latest = new Map<string, Record<string, unknown>>();
  for (const record of records) {
    const k = record[key];
    if (typeof k === 'string' && k.trim() !== '') latest.set(k.trim(), record);
  }
  return latest;
}

/** Contiguous runs of sorted 0-based column positions. */
function runsOf(positions: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const p of [...positions].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    const previous = last?.[last.length - 1];
    if (last && previous !== undefined && p === previous + 1) last.push(p);
    else runs.push([p]);
  }
  return runs;
}

/**
 * Plans the upsert of `records` (keyed by their `key` field, the last of a duplicated key wins). Existing rows
 * are matched by key and rewritten only when one of the add-on's cells differs; new keys are appended after
 * the last row in the given order. Missing add-on columns are appended to the header (the whole header is
 * written when the sheet is empty). User columns and rows no record matches are never changed: each block
 * covers only the add-on's columns, from the first to the last changed row, carrying the cells read for
 * the unchanged rows in between.
 */
export function planTableMerge(
  view: SheetView,
  columns: readonly ColumnSpec[],
  key: string,
  records: ReadonlyArray<Record<string, unknown>>,
  maxGap = Infinity,
): MergePlan {
  const layout = layoutColumns(view.header, columns);
  const keyIndex = columns.findIndex((c) => c.name === key);
  if (keyIndex < 0) throw new Error(`planTableMerge: the key "${key}" is not one of the columns`);

  // Sheet row (1-based) → the full row of cells to write there.
  const changed = new Map<number, CellValue[]>();
  const inserted: string[] = [];
  const updated: string[] = [];
  let nextRow = Math.max(view.lastRow, 1) + 1;
  for (const [k, record] of latestByKey(records, key)) {
    const row = view.rows.get(k);
    const base = row === undefined ? undefined : view.rowAt(row);
    const cells = recordToCells(record, layout.keys, base);
    if (row === undefined) {
      changed.set(nextRow++, cells);
      inserted.push(k);
    } else if (layout.positions.some((p) => !sameCell(cells[p], base?.[p]))) {
      changed.set(row, cells);
      updated.push(k);
    }
  }
  if (layout.headerChanged) changed.set(1, layout.header);
  if (changed.size === 0) return { blocks: [], inserted, updated, header: layout.header, rows: changed };

  const kindAt = new Map(layout.positions.map((p, i) => [p, columns[i]?.kind ?? 'text']));
  const known = (row: number) => row > view.lastRow || view.rowAt(row) !== undefined;
  const blocks: MergeBlock[] = [];
  for (const [first, last] of writeStretches(changed.keys(), maxGap, known)) {
    for (const run of runsOf(layout.positions)) {
      const values: CellValue[][] = [];
      for (let row = first; row <= last; row++) {
        const source = changed.get(row) ?? view.rowAt(row) ?? [];
        values.push(run.map((p) => source[p] ?? ''));
      }
      blocks.push({
        row: first,
        column: (run[0] ?? 0) + 1,
        values,
        numberFormats: run.map((p) => NUMBER_FORMATS[kindAt.get(p) ?? 'text']),
      });
    }
  }
  return { blocks, inserted, updated, header: layout.header, rows: changed };
}
