// "Dados Detalhados": the header and the filtered "Conversas" rows in sheet order, ready for File → Download → CSV.
import { CONVERSATION_COLUMNS, CONVERSATION_HEADERS, type ColumnKind } from '../columns';
import { findColumn, headerKey } from '../table-merge';
import { FORMATS, columnLetter } from './format';
import type { LayoutCell, SheetLayout } from './types';

/** The filtered rows as the metrics module reads them (header and rows in sheet order). */
export interface DetailRows {
  header: string[];
  rows: LayoutCell[][];
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
  return {
    name: 'Dados Detalhados',
    // Sheets refuses to freeze every row: an empty result keeps one blank row under the header.
    rows: Math.max(2, values.length),
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
    ],
    charts: [],
    gradients: [],
  };
}
