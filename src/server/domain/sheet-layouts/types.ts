// The pure description of one generated sheet: tables (values + number formats), charts and gradient rules.

/** A cell of a generated table: text, number, boolean or a date-time instant. */
export type LayoutCell = string | number | boolean | Date;

/** The generated sheets, in the order they are (re)built (contract.md, "Sheets"). */
export const DASHBOARD_SHEETS = [
  'Visão Geral',
  'Tempo de Atendimento',
  'Análise Temporal',
  'Frustração',
  'Agentes e Canais',
  'Dados Detalhados',
] as const;

export type DashboardSheetName = (typeof DASHBOARD_SHEETS)[number];

/** A rectangular block written with one setValues call. */
export interface TableBlock {
  /** 1-based anchor of the top-left cell. */
  row: number;
  column: number;
  values: LayoutCell[][];
  /** One number format per cell, same shape as `values`. */
  numberFormats: string[][];
  /** Leading rows drawn as a header (bold, shaded). */
  headerRows: number;
}

/** Native chart kinds the layouts use (Charts.ChartType names). */
export type ChartKind = 'PIE' | 'COLUMN' | 'BAR' | 'LINE' | 'HISTOGRAM';

/** A native chart of a generated sheet. */
export interface ChartSpec {
  /** Identity of the chart inside its sheet ("status", "daily"…): how a rebuild finds the chart it made before. */
  key: string;
  kind: ChartKind;
  title: string;
  /**
   * A1 ranges; the first row of each is its header. Without a sheet name they are on the chart's own sheet;
   * a sheet-qualified one (`'Dados Detalhados'!K1:K101`) points at another generated sheet.
   */
  ranges: string[];
  /** Where a new chart goes; a chart that already exists keeps the position the user gave it. */
  position: { row: number; column: number; offsetX: number; offsetY: number };
  /** Options the add-on owns (set on insert and on every update); anything else stays as the user left it. */
  options: Record<string, string | number | boolean>;
}

/** A colour-scale conditional-format rule (min → mid → max). */
export interface GradientRule {
  range: string;
  minColor: string;
  midColor: string;
  maxColor: string;
  /** The midpoint as a percentile of the values (0–100). */
  midPercentile: number;
}

/** Everything one generated sheet shows. */
export interface SheetLayout {
  name: DashboardSheetName;
  /** The exact sheet size: the sheet is resized to it, so no stray empty rows or columns eat the 10M-cell budget. */
  rows: number;
  columns: number;
  frozenRows: number;
  /** One width in pixels per column (length = `columns`). */
  columnWidths: number[];
  blocks: TableBlock[];
  charts: ChartSpec[];
  gradients: GradientRule[];
}
