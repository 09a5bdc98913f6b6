// Keyed sheet access for the sync: header and key columns first, then only the rows a merge touches, then block writes.
import type { CellValue, SpreadsheetPort } from './ports';
import {
  findColumn,
  headerNames,
  planTableMerge,
  rowsByKey,
  type ColumnSpec,
  type MergePlan,
  type SheetView,
  writeStretches,
} from '../domain/table-merge';

/** A sheet opened by key: its header, its rows by key and the extra columns asked for (rows 2..lastRow). */
export interface KeyedSheet {
  name: string;
  exists: boolean;
  lastColumn: number;
  view: SheetView;
  /** Full rows read so far by sheet row; `view.rowAt` answers from here. */
  loaded: Map<number, readonly CellValue[]>;
  /** Cells of a column asked for when opening (index 0 = row 2); [] when the column is absent. */
  column(name: string): readonly CellValue[];
  /** Reads one more column's cells (rows 2..lastRow) in one call; [] when the column is absent. */
  readColumn(name: string): readonly CellValue[];
  /**
   * Reads the cells of `columns` at the given sheet rows: stretches of nearby rows (one call each, rows between read
   * along) rather than whole columns, so a re-list of the last day reads about a day of rows whatever the sheet's size.
   */
  readCells(columns: readonly string[], rows: readonly number[]): void;
  /** A cell read at opening or by `readCells` ('' when the column is absent or the cell was not read). */
  cellAt(column: string, row: number): CellValue;
  /**
   * Reads `columns` at the rows of `keys` (`readCells`); a sheet opened through a key index (key-index.ts) also finds
   * those keys' rows in the same reads. Call it before asking `view.rows` about these keys.
   */
  readKeyed(keys: readonly string[], columns: readonly string[]): void;
  /** Told by `mergeIntoSheet` what it wrote (a key index learns the rows appended). */
  written?(plan: MergePlan): void;
}

/**
 * What one more read call is worth in cells read instead: getRange + getValues ≈ 60 ms against 0.01 ms a cell
 * (test/runtime/latency.ts, scaled from Google's published figures). Columns further apart than this many cells are
 * read separately rather than with the columns between.
 */
export const CALL_WORTH_CELLS = 4000;
/**
 * What one more stretch of rows is worth in cells read and rewritten instead: a read (≈ 60 ms) and a write
 * (getRange + setNumberFormats + setValues ≈ 70 ms) against 0.01 + 0.03 ms a carried cell, plus its bytes.
 */
export const STRETCH_WORTH_CELLS = 3000;

/** Rows further apart than this are read and written in separate blocks (see STRETCH_WORTH_CELLS). */
export function maxRowGap(columns: number): number {
  return Math.max(1, Math.floor(STRETCH_WORTH_CELLS / Math.max(1, columns)));
}

/**
 * Opens a sheet with a constant number of calls: its size, its header row, then the key column and `extra`
 * columns (one block when they are close together, as in the add-on's layout). Nothing else is read, so an
 * idle sync costs a few hundred cells per thousand rows instead of the whole table.
 */
export function openKeyedSheet(sheets: SpreadsheetPort, name: string, key: string, extra: readonly string[], readKey = true): KeyedSheet {
  const size = sheets.size ? sheets.size(name) : readSize(sheets, name);
  if (size === null || size.lastRow === 0) {
    const view: SheetView = { header: [], lastRow: 0, rows: new Map(), rowAt: () => undefined };
    return { name, exists: size !== null, lastColumn: 0, view, loaded: new Map(), column: () => [], readColumn: () => [], readCells: () => {}, cellAt: () => '', readKeyed: () => {} };
  }
  const header = headerNames(sheets.readBlock(name, 1, 1, 1, size.lastColumn)[0]);
  // `readKey` false: the caller (key-index.ts) finds rows by key without the key column and sets `view.rows`.
  const wanted = [...(readKey ? [key] : []), ...extra].map((column) => findColumn(header, column)).filter((p) => p >= 0);
  const cells = new Map<number, CellValue[]>();
  const dataRows = size.lastRow - 1;
  if (dataRows > 0 && wanted.length > 0) {
    const sorted = [...new Set(wanted)].sort((a, b) => a - b);
    // Group close columns into one block read; the reads stay few whatever the number of rows.
    let group: number[] = [];
    const flush = () => {
      const first = group[0];
      const last = group[group.length - 1];
      if (first === undefined || last === undefined) return;
      const block = sheets.readBlock(name, 2, first + 1, dataRows, last - first + 1);
      for (const p of group) cells.set(p, block.map((row) => row[p - first] ?? ''));
      group = [];
    };
    for (const p of sorted) {
      const last = group[group.length - 1];
      // Reading the columns between costs their cells; a separate read costs one call.
      if (last !== undefined && (p - last - 1) * dataRows > CALL_WORTH_CELLS) flush();
      group.push(p);
    }
    flush();
  }
  const keyColumn = findColumn(header, key);
  const loaded = new Map<number, readonly CellValue[]>();
  /** Cells read by readCells: column position → sheet row → cell. */
  const sparse = new Map<number, Map<number, CellValue>>();
  const view: SheetView = {
    header,
    lastRow: size.lastRow,
    rows: rowsByKey(keyColumn < 0 ? [] : (cells.get(keyColumn) ?? [])),
    rowAt: (row) => loaded.get(row),
  };
  const opened: KeyedSheet = {
    name,
    exists: true,
    lastColumn: size.lastColumn,
    view,
    loaded,
    column: (column) => {
      const p = findColumn(header, column);
      return p < 0 ? [] : (cells.get(p) ?? []);
    },
    readColumn: (column) => {
      const p = findColumn(header, column);
      if (p < 0 || dataRows <= 0) return [];
      const read = cells.get(p) ?? sheets.readBlock(name, 2, p + 1, dataRows, 1).map((row) => row[0] ?? '');
      cells.set(p, read);
      return read;
    },
    readCells: (columns, rows) => {
      const positions = [...new Set(columns.map((column) => findColumn(header, column)).filter((p) => p >= 0 && !cells.has(p)))].sort((a, b) => a - b);
      if (positions.length === 0) return;
      const first = positions[0] as number;
      const width = (positions[positions.length - 1] as number) - first + 1;
      // A row counts as read only when every column asked for was read there (a key index reads the key column alone first).
      const wanted = rows.filter((row) => row >= 2 && row <= size.lastRow && !positions.every((p) => sparse.get(p)?.has(row) ?? false));
      for (const [from, to] of writeStretches(wanted, Math.floor(CALL_WORTH_CELLS / width), () => true)) {
        const block = sheets.readBlock(name, from, first + 1, to - from + 1, width);
        for (const p of positions) {
          const column = sparse.get(p) ?? new Map<number, CellValue>();
          sparse.set(p, column);
          block.forEach((row, i) => column.set(from + i, row[p - first] ?? ''));
        }
      }
    },
    cellAt: (column, row) => {
      const p = findColumn(header, column);
      if (p < 0) return '';
      return cells.get(p)?.[row - 2] ?? sparse.get(p)?.get(row) ?? '';
    },
    readKeyed: (keys, columns) => {
      const rows = keys.map((k) => view.rows.get(k)).filter((row): row is number => row !== undefined);
      opened.readCells(columns, rows);
    },
  };
  return opened;
}

function readSize(sheets: SpreadsheetPort, name: string): { lastRow: number; lastColumn: number } | null {
  const snapshot = sheets.readSheet(name);
  return snapshot === null ? null : { lastRow: snapshot.lastRow, lastColumn: snapshot.lastColumn };
}

/**
 * Reads, over every column (so user cells are known), the existing rows of `keys`: what a merge of records with
 * those keys may rewrite. Rows at most `maxRowGap` apart share one block read (the rows between come along and
 * may be carried by the write); farther ones are read separately, so a few changes scattered over a large sheet
 * read a few rows each, not the table.
 */
export function loadRowsFor(sheets: SpreadsheetPort, sheet: KeyedSheet, keys: Iterable<string>): void {
  if (sheet.lastColumn === 0) return;
  const wanted: number[] = [];
  for (const key of keys) {
    const row = sheet.view.rows.get(key);
    if (row !== undefined && !sheet.loaded.has(row)) wanted.push(row);
  }
  const gap = maxRowGap(sheet.lastColumn);
  for (const [from, to] of writeStretches(wanted, gap, () => true)) {
    const block = sheets.readBlock(sheet.name, from, 1, to - from + 1, sheet.lastColumn);
    block.forEach((row, i) => {
      if (!sheet.loaded.has(from + i)) sheet.loaded.set(from + i, row);
    });
  }
}

/**
 * Upserts `records` into an opened sheet (reading the rows it needs unless `loadRowsFor` already did),
 * creating the sheet when missing, and writes the plan's blocks. When the user's columns split the
 * add-on's into several blocks, the block holding `commitColumn` is written last: a crash between blocks
 * then leaves that cell old, so the next run sees the row as changed and rewrites it whole. Returns the plan.
 */
export function mergeIntoSheet(
  sheets: SpreadsheetPort,
  sheet: KeyedSheet,
  columns: readonly ColumnSpec[],
  key: string,
  records: ReadonlyArray<Record<string, unknown>>,
  commitColumn?: string,
): MergePlan {
  loadRowsFor(
    sheets,
    sheet,
    records.map((r) => String(r[key] ?? '').trim()),
  );
  const plan = planTableMerge(sheet.view, columns, key, records, maxRowGap(Math.max(sheet.lastColumn, columns.length)));
  if (plan.blocks.length === 0) return plan;
  if (!sheet.exists) sheets.ensureSheet(sheet.name);
  const commitAt = commitColumn === undefined ? -1 : findColumn(sheet.view.header, commitColumn) + 1;
  const holdsCommit = (b: MergePlan['blocks'][number]) => commitAt >= b.column && commitAt < b.column + (b.numberFormats.length || 1);
  const ordered = [...plan.blocks.filter((b) => !holdsCommit(b)), ...plan.blocks.filter(holdsCommit)];
  for (const block of ordered) sheets.writeBlock(sheet.name, block.row, block.column, block.values, block.numberFormats);
  sheet.written?.(plan);
  return plan;
}
