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
}

/** Columns further apart than this are read separately rather than as one block with the ones in between. */
const MAX_SPAN_GAP = 4;

/**
 * Opens a sheet with a constant number of calls: its size, its header row, then the key column and `extra`
 * columns (one block when they are close together, as in the add-on's layout). Nothing else is read, so an
 * idle sync costs a few hundred cells per thousand rows instead of the whole table.
 */
export function openKeyedSheet(sheets: SpreadsheetPort, name: string, key: string, extra: readonly string[]): KeyedSheet {
  const size = sheets.size ? sheets.size(name) : readSize(sheets, name);
  if (size === null || size.lastRow === 0) {
    const view: SheetView = { header: [], lastRow: 0, rows: new Map(), rowAt: () => undefined };
    return { name, exists: size !== null, lastColumn: 0, view, loaded: new Map(), column: () => [], readColumn: () => [] };
  }
  const header = headerNames(sheets.readBlock(name, 1, 1, 1, size.lastColumn)[0]);
  const wanted = [key, ...extra].map((column) => findColumn(header, column)).filter((p) => p >= 0);
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
      if (last !== undefined && p - last > MAX_SPAN_GAP) flush();
      group.push(p);
    }
    flush();
  }
  const keyColumn = findColumn(header, key);
  const loaded = new Map<number, readonly CellValue[]>();
  const view: SheetView = {
    header,
    lastRow: size.lastRow,
    rows: rowsByKey(keyColumn < 0 ? [] : (cells.get(keyColumn) ?? [])),
    rowAt: (row) => loaded.get(row),
  };
  return {
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
  };
}

function readSize(sheets: SpreadsheetPort, name: string): { lastRow: number; lastColumn: number } | null {
  const snapshot = sheets.readSheet(name);
  return snapshot === null ? null : { lastRow: snapshot.lastRow, lastColumn: snapshot.lastColumn };
}

/**
 * Reads, in one block over every column (so user cells are known), the rows from the first existing row of
 * `keys` to the last row: what a merge of records with those keys may rewrite or carry over.
 */
export function loadRowsFor(sheets: SpreadsheetPort, sheet: KeyedSheet, keys: Iterable<string>): void {
  let first: number | null = null;
  for (const key of keys) {
    const row = sheet.view.rows.get(key);
    if (row !== undefined && !sheet.loaded.has(row) && (first === null || row < first)) first = row;
  }
  if (first === null || sheet.lastColumn === 0) return;
  const start = first;
  const block = sheets.readBlock(sheet.name, start, 1, sheet.view.lastRow - start + 1, sheet.lastColumn);
  block.forEach((row, i) => sheet.loaded.set(start + i, row));
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
  const plan = planTableMerge(sheet.view, columns, key, records);
  if (plan.blocks.length === 0) return plan;
  if (!sheet.exists) sheets.ensureSheet(sheet.name);
  const commitAt = commitColumn === undefined ? -1 : findColumn(sheet.view.header, commitColumn) + 1;
  const holdsCommit = (b: MergePlan['blocks'][number]) => commitAt >= b.column && commitAt < b.column + (b.numberFormats.length || 1);
  const ordered = [...plan.blocks.filter((b) => !holdsCommit(b)), ...plan.blocks.filter(holdsCommit)];
  for (const block of ordered) sheets.writeBlock(sheet.name, block.row, block.column, block.values, block.numberFormats);
  return plan;
}
