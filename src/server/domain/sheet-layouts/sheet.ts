// Assembly helpers for a sheet layout: the heading row, chart specs over placed tables, and the final size.
import { FORMATS, a1, type PlacedTable } from './format';
import type { ChartKind, ChartSpec, DashboardSheetName, GradientRule, SheetLayout } from './types';

/** Rows a chart covers at the default size (about 370 px at 21 px a row): the sheet keeps them. */
export const CHART_ROWS = 20;

/** Columns a chart covers at the default size (about 600 px at 100 px a column). */
export const CHART_COLUMNS = 6;

/** Row 1 of every dashboard: the sheet's heading (frozen), tables start at row 3. */
export function heading(title: string): PlacedTable {
  return {
    block: { row: 1, column: 1, values: [[title]], numberFormats: [[FORMATS.text]], headerRows: 1 },
    headerRow: 1,
    firstDataRow: 2,
    dataRows: 0,
    endRow: 2,
  };
}

/** The first row of tables under the heading. */
export const FIRST_TABLE_ROW = 3;

/**
 * A chart over columns of a placed table (header row included, so Sheets names the series), or null
 * when the table has no data rows: an empty table shows "sem dados para o filtro" instead of a broken chart.
 * `columns` are 1-based offsets inside the table (1 = its first column); consecutive runs become one range.
 */
export function chartOver(
  placed: PlacedTable,
  columns: number[],
  spec: { key: string; kind: ChartKind; title: string; row: number; column: number; options?: ChartSpec['options'] },
): ChartSpec | null {
  if (placed.dataRows === 0) return null;
  const ranges: string[] = [];
  let runStart = columns[0];
  let runEnd = runStart;
  const flush = () => {
    if (runStart === undefined || runEnd === undefined) return;
    ranges.push(a1(placed.headerRow, placed.block.column + runStart - 1, placed.dataRows + 1, runEnd - runStart + 1));
  };
  for (const column of columns.slice(1)) {
    if (runEnd !== undefined && column === runEnd + 1) runEnd = column;
    else {
      flush();
      runStart = column;
      runEnd = column;
    }
  }
  flush();
  return {
    key: spec.key,
    kind: spec.kind,
    title: spec.title,
    ranges,
    position: { row: spec.row, column: spec.column, offsetX: 0, offsetY: 0 },
    options: spec.options ?? {},
  };
}

/** Builds the layout; the sheet gets exactly the rows its tables and charts need and one column per width. */
export function finishLayout(input: {
  name: DashboardSheetName;
  tables: PlacedTable[];
  charts: Array<ChartSpec | null>;
  gradients?: GradientRule[];
  columnWidths: number[];
  frozenRows?: number;
}): SheetLayout {
  const charts = input.charts.filter((c): c is ChartSpec => c !== null);
  const tableRows = Math.max(...input.tables.map((t) => t.endRow - 1));
  const chartRows = Math.max(0, ...charts.map((c) => c.position.row + CHART_ROWS - 1));
  const tableColumns = Math.max(...input.tables.map((t) => t.block.column + (t.block.values[0]?.length ?? 1) - 1));
  const columns = Math.max(tableColumns, input.columnWidths.length);
  const widths = input.columnWidths.slice(0, columns);
  while (widths.length < columns) widths.push(100);
  const frozenRows = input.frozenRows ?? 1;
  return {
    name: input.name,
    // Sheets refuses to freeze every row of a sheet: keep at least one row below the frozen ones.
    rows: Math.max(tableRows, chartRows, frozenRows + 1),
    columns,
    frozenRows,
    columnWidths: widths,
    blocks: input.tables.map((t) => t.block),
    charts,
    gradients: input.gradients ?? [],
  };
}

/** Human list of a filter's values, or "todos" when the set is empty (= all). */
export function listOrAll(values: string[] | undefined): string {
  return values && values.length > 0 ? values.join(', ') : 'todos';
}
