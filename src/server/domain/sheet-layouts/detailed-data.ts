// "Dados Detalhados": the header and the filtered "Conversas" rows in sheet order, ready for File → Download → CSV.
import { CONVERSATION_COLUMNS, CONVERSATION_HEADERS, type ColumnKind } from '../columns';
import { findColumn, headerKey } from '../table-merge';
import { FORMATS, columnLetter } from './format';
import type { LayoutCell, SheetLayout } from './types';

/** The filtered rows as the metrics module reads them (header and rows in sheet order). */
export interface DetailRows {
  header: string[];
  rows: LayoutCell[][];
  /** Rows the filter matched when `rows` holds only the newest of them (see `newestDetailRows`). */
  total?: number;
}

/**
 * Rows "Dados Detalhados" holds at most: a full copy of "Conversas" would double the spreadsheet's largest tab
 * against the 10,000,000-cell limit, while "Conversas" and the sidebar's CSV already give every row.
 */
export const MAX_DETAIL_ROWS = 5000;

/**
 * The newest `max` rows by `created_at` (ties and undated rows keep sheet order; undated rows count as oldest),
 * still in sheet order, with `total` set when rows were left out.
 * @example newestDetailRows({ header: ['created_at'], rows: [[d1], [d3], [d2]] }, 2).rows // [[d3], [d2]]
 */
export function newestDetailRows(detail: DetailRows, max = MAX_DETAIL_ROWS): DetailRows {
  if (detail.rows.length <= max) return detail;
  const created = detail.header.indexOf('created_at');
  const time = (row: LayoutCell[]) => {
    const cell = created < 0 ? undefined : row[created];
    return cell instanceof Date ? cell.getTime() : -Infinity;
  };
  const ranked = detail.rows.map((row, i) => ({ i, t: time(row) })).sort((a, b) => b.t - a.t || b.i - a.i);
  const kept = new Set(ranked.slice(0, max).map((r) => r.i));
  return { header: detail.header, rows: detail.rows.filter((_, i) => kept.has(i)), total: detail.rows.length };
}

/** The note under a capped table (Portuguese, for the sheet). */
export function detailNote(shown: number, total: number): string {
  const n = (x: number) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `Mostrando as ${n(shown)} conversas mais recentes de ${n(total)} que atendem ao filtro. Todas estão na aba "Conversas" e em "Baixar CSV" no painel lateral.`;
}

const KIND_FORMATS: Record<ColumnKind, string> = {
  text: FORMATS.text,
  // The CSV export's layout: File → Download → CSV writes what the cells show.
  date: FORMATS.isoDateTime,
  integer: '0',
  // As "Conversas" shows them. Not '0.##': with only optional digits, a whole number keeps its point ("4.").
  decimal: FORMATS.decimal,
  boolean: FORMATS.text,
};

const KNOWN_KINDS = new Map<string, ColumnKind>(CONVERSATION_COLUMNS.map(([name, kind]) => [headerKey(name), kind]));

/** A column's format: by its header when the add-on knows it, else a date format when it holds dates. */
function columnFormat(name: string, index: number, rows: LayoutCell[][]): string {
  const kind = KNOWN_KINDS.get(headerKey(name));
  if (kind) return KIND_FORMATS[kind];
  return rows.some((r) => r[index] instanceof Date) ? FORMATS.isoDateTime : FORMATS.text;
}

/**
 * Sheet-qualified A1 of one column of "Dados Detalhados" (header included), or null when the column is
 * missing or no row matched: lets another sheet chart the raw values (a native histogram bins them itself).
 * @example detailColumnRange({ header: ['a', 'resolution_time'], rows: [[1, 2]] }, 'resolution_time') // "'Dados Detalhados'!B1:B2"
 */
export function detailColumnRange(detail: DetailRows, column: string): string | null {
  const index = findColumn(detail.header, column);
  if (index < 0 || detail.rows.length === 0) return null;
  const letter = columnLetter(index + 1);
  return `'Dados Detalhados'!${letter}1:${letter}${detail.rows.length + 1}`;
}

/** The "Dados Detalhados" sheet: one block, header frozen; with no "Conversas" sheet, the contract's header. */
export function detailedDataLayout(detail: DetailRows): SheetLayout {
  const header = detail.header.length > 0 ? detail.header : [...CONVERSATION_HEADERS];
  const width = header.length;
  const rows = detail.rows.map((r) => {
    const out = r.slice(0, width);
    while (out.length < width) out.push('');
    return out;
  });
  const formats = header.map((name, i) => columnFormat(name, i, rows));
  const values: LayoutCell[][] = [header, ...rows];
  // A capped table says so one blank row below it, where a chart reading the columns (rows 1..n+1) never looks.
  const capped = detail.total !== undefined && detail.total > rows.length;
  const note = capped
    ? [{ row: values.length + 2, column: 1, values: [[detailNote(rows.length, detail.total ?? 0)]], numberFormats: [[FORMATS.text]], headerRows: 0 }]
    : [];
  return {
    name: 'Dados Detalhados',
    // Sheets refuses to freeze every row: an empty result keeps one blank row under the header.
    rows: Math.max(2, values.length + (capped ? 2 : 0)),
    columns: width,
    frozenRows: 1,
    // One width (fits `yyyy-mm-dd hh:mm:ss`) for every column: one setColumnWidths call.
    columnWidths: header.map(() => 140),
    blocks: [
      {
        row: 1,
        column: 1,
        values,
        numberFormats: values.map((_, i) => (i === 0 ? header.map(() => FORMATS.text) : formats)),
        headerRows: 1,
      },
      ...note,
    ],
    charts: [],
    gradients: [],
  };
}
