// The port the sheet rebuild draws through: sheet shape, block writes, formatting, gradient rules and native charts.
import type { ChartSpec, GradientRule, TableBlock } from '../../domain/sheet-layouts';

/** Where a chart sits: its id and the cell its top-left corner is anchored to (1-based). */
export interface ChartPlacement {
  id: string;
  anchorRow: number;
  anchorColumn: number;
}

/**
 * Drawing operations on one spreadsheet. Every method is a fixed number of service calls, independent of
 * the number of rows, so a rebuild costs a constant number of calls (FIRST_REBUILD_CALLS and NEXT_REBUILD_CALLS
 * in test/server/sheets/rebuild-bundle.test.ts pin them).
 */
export interface SheetRenderPort {
  /** Creates the sheet when missing; true when it was created. */
  ensureSheet(name: string): boolean;
  /**
   * Clears values, formats and conditional-format rules (charts stay) and resizes the sheet to exactly
   * `rows` × `columns`, so no stray empty rows or columns eat the 10M-cell budget.
   */
  resetSheet(name: string, rows: number, columns: number): void;
  /**
   * Writes one table on its range: number formats, values (strings as text, never parsed as formulas),
   * and the bold, shaded header rows — a fixed number of calls, whatever the block's size.
   */
  writeBlock(name: string, block: TableBlock): void;
  setFrozenRows(name: string, rows: number): void;
  /** Widths in pixels from column 1; runs of equal widths are set together. */
  setColumnWidths(name: string, widths: number[]): void;
  /** Replaces the sheet's conditional-format rules with these colour scales. */
  setGradients(name: string, rules: GradientRule[]): void;
  /** Ids of the charts on the sheet (any author). */
  listChartIds(name: string): string[];
  /** The charts on the sheet (any author) with the cell each is anchored to. */
  listCharts(name: string): ChartPlacement[];
  /** The `title` option of each listed chart (ids from `listChartIds`); '' when it has none. */
  chartTitles(name: string, ids: string[]): Record<string, string>;
  /** Inserts a chart at `spec.position`; returns its id. */
  insertChart(name: string, spec: ChartSpec): string;
  /**
   * Rewrites an existing chart in place (modify + updateChart): type, ranges, title and `spec.options`;
   * its position and every other option stay as the user left them.
   */
  updateChart(name: string, id: string, spec: ChartSpec): void;
  removeChart(name: string, id: string): void;
  /** Makes the writes visible before returning to a UI. */
  flush(): void;
}
