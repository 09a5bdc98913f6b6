// Pure planning of the one-time heal of the quote marks an older version left in its own plain-text cells.
import type { CellValue } from './cell-text';
import { NUMBER_FORMATS, type ColumnSpec } from './table-merge';

/**
 * Leading apostrophes of a key cell. The older version prefixed every string it wrote with one apostrophe, in
 * plain-text cells where Sheets keeps it, and it rewrote a row whole each time (ids included): Chatvolt ids never
 * start with an apostrophe, so the marks on a row's id count the writes that added a mark to each of its texts.
 * @example markCount("''c1") // 2
 */
export function markCount(cell: CellValue | undefined): number {
  if (typeof cell !== 'string') return 0;
  let n = 0;
  while (n < cell.length && cell.charCodeAt(n) === 39) n++;
  return n;
}

/**
 * `text` without `count` leading apostrophes (fewer when it has fewer).
 * @example stripMarks("''x", 1) // "'x"
 */
export function stripMarks(text: string, count: number): string {
  return text.slice(Math.min(count, markCount(text)));
}

/** One write of the heal: sheet rows `row…` over the add-on columns `column…` (1-based), with one format per column. */
export interface HealBlock {
  row: number;
  column: number;
  values: CellValue[][];
  numberFormats: string[];
  /** Whether the block holds the key column: written last, so a crash before it leaves the marks that drive a retry. */
  holdsKey: boolean;
}

/** Where the add-on's columns sit in a sheet (0-based, -1 when absent) and which one is the key. */
export interface HealLayout {
  columns: readonly ColumnSpec[];
  positions: readonly number[];
  key: string;
}

/**
 * The 0-based sheet columns a heal reads: from the first to the last of the add-on's text columns present
 * (the key is one of them). null when the key column is missing.
 */
export function healSpan(layout: HealLayout): { first: number; last: number } | null {
  const keyAt = layout.positions[layout.columns.findIndex((c) => c.name === layout.key)] ?? -1;
  if (keyAt < 0) return null;
  let first = keyAt;
  let last = keyAt;
  layout.columns.forEach((column, i) => {
    const p = layout.positions[i] ?? -1;
    if (column.kind !== 'text' || p < 0) return;
    first = Math.min(first, p);
    last = Math.max(last, p);
  });
  return { first, last };
}

/**
 * Plans the heal of sheet rows `firstRow…` read over `span` (`cells[i][j]` = sheet row firstRow + i, 0-based column
 * span.first + j): in each row whose id carries k marks, exactly k leading apostrophes come off each of the add-on's
 * text cells, so a source text that itself starts with one keeps it. Rows whose id carries none (written by this
 * version, by Make or by a person) are never changed; the blocks cover contiguous runs of the add-on's columns
 * only (a user's column in between is neither read into a block nor written), from the first to the last marked
 * row, carrying the other cells as read. Returns [] when nothing is marked. Idempotent: a healed row's id is clean.
 */
export function planHeal(
  layout: HealLayout,
  span: { first: number; last: number },
  firstRow: number,
  cells: readonly (readonly CellValue[])[],
): HealBlock[] {
  const keyAt = layout.positions[layout.columns.findIndex((c) => c.name === layout.key)] ?? -1;
  const kindAt = new Map<number, ColumnSpec['kind']>();
  layout.columns.forEach((column, i) => {
    const p = layout.positions[i] ?? -1;
    if (p >= span.first && p <= span.last) kindAt.set(p, column.kind);
  });
  const marks = cells.map((row) => markCount(row[keyAt - span.first]));
  const firstMarked = marks.findIndex((k) => k > 0);
  if (firstMarked < 0) return [];
  let lastMarked = firstMarked;
  marks.forEach((k, i) => {
    if (k > 0) lastMarked = i;
  });
  const runs: number[][] = [];
  for (const p of [...kindAt.keys()].sort((a, b) => a - b)) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === p - 1) run.push(p);
    else runs.push([p]);
  }
  const blocks = runs.map((run): HealBlock => {
    const values: CellValue[][] = [];
    for (let i = firstMarked; i <= lastMarked; i++) {
      const row = cells[i] ?? [];
      const k = marks[i] ?? 0;
      values.push(
        run.map((p) => {
          const cell = row[p - span.first] ?? '';
          return k > 0 && kindAt.get(p) === 'text' && typeof cell === 'string' ? stripMarks(cell, k) : cell;
        }),
      );
    }
    return {
      row: firstRow + firstMarked,
      column: (run[0] ?? 0) + 1,
      values,
      numberFormats: run.map((p) => NUMBER_FORMATS[kindAt.get(p) ?? 'text']),
      holdsKey: run.includes(keyAt),
    };
  });
  return [...blocks.filter((b) => !b.holdsKey), ...blocks.filter((b) => b.holdsKey)];
}

/**
 * A short fingerprint of a block's cells (FNV-1a over their text; dates by instant), to tell after a crash whether a
 * block of a multi-block heal was already written.
 */
export function cellsHash(values: readonly (readonly CellValue[])[]): string {
  let h = 0x811c9dc5;
  for (const row of values) {
    for (const cell of row) {
      const text = cell instanceof Date ? `d${cell.getTime()}` : `${typeof cell}:${String(cell)}`;
      for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      h ^= 0x1f;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0x1e;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
