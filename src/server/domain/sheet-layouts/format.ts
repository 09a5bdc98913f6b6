// Cell helpers shared by the sheet layouts: number formats, A1 notation, durations, dates and table blocks.
import type { LayoutCell, TableBlock } from './types';
import { DAY_MS, parseIsoDate, zoneClock } from '../metrics/time-zone';

/** Number formats of the generated sheets (Sheets patterns; minutes are `mm` next to hours). */
export const FORMATS = {
  /**
   * A text column's format for its blanks and its non-string cells (numbers show as typed); every non-empty string
   * goes into a plain-text cell whatever its column's format (`guardBlock`, domain/cell-text.ts).
   */
  text: '0.###############',
  integer: '#,##0',
  decimal: '0.00',
  percent: '0.0%',
  /** A change of a rate, in percentage points. */
  percentChange: '+0.0%;-0.0%;0.0%',
  integerChange: '+#,##0;-#,##0;0',
  decimalChange: '+0.00;-0.00;0.00',
  /** Durations are written as fractions of a day so Sheets shows and charts them as times. */
  duration: '[h]:mm:ss',
  durationChange: '+[h]:mm:ss;-[h]:mm:ss;[h]:mm:ss',
  correlation: '0.00',
  date: 'dd/mm/yyyy',
  dateTime: 'dd/mm/yyyy hh:mm:ss',
  /** Dados Detalhados: the CSV export's date layout (contract.md, exportCsv). */
  isoDateTime: 'yyyy-mm-dd hh:mm:ss',
} as const;

/** Shown for a value metrics.md defines as null ("—", never 0). */
export const NULL_TEXT = '—';

/** Shown instead of a table's rows (and instead of its chart) when the filters select nothing. */
export const EMPTY_TEXT = 'sem dados para o filtro';

/** A value with its number format. */
export type FormattedCell = readonly [value: LayoutCell, format: string];

/** Text cell. */
export const text = (value: string): FormattedCell => [value, FORMATS.text];

/** A number with a format, or "—" when null. */
export function num(value: number | null, format: string): FormattedCell {
  return value === null || !Number.isFinite(value) ? [NULL_TEXT, FORMATS.text] : [value, format];
}

/** Seconds as a Sheets duration (fraction of a day), or "—". */
export function seconds(value: number | null, format: string = FORMATS.duration): FormattedCell {
  return num(value === null ? null : value / 86_400, format);
}

/** Minutes as a Sheets duration (fraction of a day), or "—". */
export function minutes(value: number | null, format: string = FORMATS.duration): FormattedCell {
  return num(value === null ? null : value / 1_440, format);
}

/** `kpis − previous`, computed where it is shown (contract.md); "—" when either side is null. */
export function change(current: number | null, previous: number | null | undefined): number | null {
  return current === null || previous === null || previous === undefined ? null : current - previous;
}

/** Column number (1-based) to letters: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A1 notation of a rectangle (1-based, inclusive size). */
export function a1(row: number, column: number, numRows = 1, numColumns = 1): string {
  const start = `${columnLetter(column)}${row}`;
  if (numRows === 1 && numColumns === 1) return start;
  return `${start}:${columnLetter(column + numColumns - 1)}${row + numRows - 1}`;
}

/** A table: an optional title row, one header row, then data rows (or one "sem dados para o filtro" row). */
export interface TableInput {
  row: number;
  column: number;
  title?: string;
  header: string[];
  rows: FormattedCell[][];
}

/** Where a table's parts landed, for charts and rules that point at it. */
export interface PlacedTable {
  block: TableBlock;
  /** Row of the header line. */
  headerRow: number;
  /** First data row and number of data rows (0 when the table shows "sem dados para o filtro"). */
  firstDataRow: number;
  dataRows: number;
  /** Row after the table's last row. */
  endRow: number;
}

/** Builds one rectangular block (one setValues call) from a table description. */
export function table(input: TableInput): PlacedTable {
  const width = input.header.length;
  const pad = (cells: FormattedCell[]): FormattedCell[] => {
    const out = cells.slice(0, width);
    while (out.length < width) out.push(text(''));
    return out;
  };
  const lines: FormattedCell[][] = [];
  if (input.title !== undefined) lines.push(pad([text(input.title)]));
  lines.push(input.header.map(text));
  const headerRows = lines.length;
  if (input.rows.length === 0) lines.push(pad([text(EMPTY_TEXT)]));
  else for (const r of input.rows) lines.push(pad(r));
  const block: TableBlock = {
    row: input.row,
    column: input.column,
    values: lines.map((line) => line.map(([value]) => value)),
    numberFormats: lines.map((line) => line.map(([, format]) => format)),
    headerRows,
  };
  return {
    block,
    headerRow: input.row + headerRows - 1,
    firstDataRow: input.row + headerRows,
    dataRows: input.rows.length,
    endRow: input.row + lines.length,
  };
}

/**
 * Midnight of a calendar day in `timeZone`, as an instant: written as a date cell, Sheets shows that day
 * in the spreadsheet's time zone. On a day whose midnight a DST change skips, the day's first instant.
 * @example zonedMidnight('2026-03-02', 'America/Sao_Paulo') // 2026-03-02T03:00:00.000Z
 */
export function zonedMidnight(day: string, timeZone: string): Date | null {
  const localDay = parseIsoDate(day);
  // fromLocalMs maps a wall time inside a DST gap forward by the gap: the day's first instant.
  return localDay === null ? null : new Date(zoneClock(timeZone).fromLocalMs(localDay * DAY_MS));
}

/** A calendar day as a date cell (or the text when it cannot be read). */
export function day(value: string, timeZone: string): FormattedCell {
  const instant = zonedMidnight(value, timeZone);
  return instant ? [instant, FORMATS.date] : text(value);
}

/** An ISO-8601 instant as a date-time cell, or "—". */
export function instant(iso: string | null | undefined): FormattedCell {
  if (!iso) return text(NULL_TEXT);
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? text(iso) : [new Date(ms), FORMATS.dateTime];
}
