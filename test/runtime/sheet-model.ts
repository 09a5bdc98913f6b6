// In-memory spreadsheet model (persists across executions): grids of cells, charts, conditional format rules.
import type { CellValue } from '../../src/server/app/ports';
import { GasError } from './execution';
import { instantOf, wallTime } from './time-zone';
import { parseTyped, type SheetLocale } from './typed-input';

/** The plain-text number format (Format → Number → Plain text). */
export const TEXT_FORMAT = '@';
/** getNumberFormat() of a cell nobody formatted. */
export const DEFAULT_NUMBER_FORMAT = 'General';
/** ⚑ characters in one cell (apps-script-platform.md, Quotas). */
export const MAX_CELL_CHARS = 50_000;
/** ⚑ cells of a spreadsheet, all tabs (apps-script-platform.md, Quotas). */
export const MAX_BOOK_CELLS = 10_000_000;
/** A new sheet is 1000 rows × 26 columns. */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;

/** One stored cell. */
export interface Cell {
  value: CellValue;
  formula: string | null;
  numberFormat: string;
  /** For a date cell: the spreadsheet time zone when it was written (Sheets stores the wall time, not the instant). */
  zone?: string;
  /** Colours, weights, alignment…; allocated on first use (most cells never get one). */
  format?: Record<string, string | boolean>;
}

/** A rectangle of a sheet (1-based). */
export interface GridRange {
  sheet: SheetModel;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export interface ChartModel {
  id: number;
  type: string;
  ranges: GridRange[];
  options: Map<string, unknown>;
  /** setNumHeaders; null when never set (Sheets then guesses). */
  numHeaders: number | null;
  anchorRow: number;
  anchorColumn: number;
  offsetX: number;
  offsetY: number;
}

export interface GradientPoint {
  color: string;
  type: string;
  value: string;
}

export interface ConditionalRuleModel {
  ranges: GridRange[];
  condition: { type: string; values: unknown[] } | null;
  gradient: { min?: GradientPoint; mid?: GradientPoint; max?: GradientPoint } | null;
  format: { background?: string; fontColor?: string; bold?: boolean; italic?: boolean };
}

/** One tab. Rows and cells are stored sparsely. */
export class SheetModel {
  maxRows = NEW_SHEET_ROWS;
  maxColumns = NEW_SHEET_COLUMNS;
  rows: Array<Array<Cell | undefined> | undefined> = [];
  frozenRows = 0;
  frozenColumns = 0;
  charts: ChartModel[] = [];
  rules: ConditionalRuleModel[] = [];
  tabColor: string | null = null;
  hiddenGridlines = false;
  columnWidths = new Map<number, number>();

  constructor(
    readonly id: number,
    public name: string,
  ) {}

  cell(row: number, column: number): Cell | undefined {
    return this.rows[row - 1]?.[column - 1];
  }

  ensureCell(row: number, column: number): Cell {
    let line = this.rows[row - 1];
    if (!line) {
      line = [];
      this.rows[row - 1] = line;
    }
    let cell = line[column - 1];
    if (!cell) {
      cell = { value: '', formula: null, numberFormat: DEFAULT_NUMBER_FORMAT };
      line[column - 1] = cell;
    }
    return cell;
  }

  /** Last row holding a value or a formula (0 when empty). */
  lastRow(): number {
    for (let r = this.rows.length; r >= 1; r -= 1) {
      const line = this.rows[r - 1];
      if (line && line.some(hasContent)) return r;
    }
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const line of this.rows) {
      if (!line) continue;
      for (let c = line.length; c > last; c -= 1) if (hasContent(line[c - 1])) last = c;
    }
    return last;
  }

  /**
   * The value a read sees in a spreadsheet whose time zone is `timeZone`: '' for empty cells and formulas (never
   * evaluated here), a fresh Date for date cells. Sheets keeps a date cell's wall time: after the spreadsheet's
   * time zone changes, the same cell reads as another instant.
   */
  read(row: number, column: number, timeZone: string): CellValue {
    const cell = this.cell(row, column);
    if (!cell || cell.formula !== null) return '';
    if (!(cell.value instanceof Date)) return cell.value;
    const ms = cell.value.getTime();
    if (cell.zone === undefined || cell.zone === timeZone) return new Date(ms);
    const w = wallTime(ms, cell.zone);
    return new Date(instantOf(timeZone, w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond));
  }
}

function hasContent(cell: Cell | undefined): boolean {
  return cell !== undefined && (cell.value !== '' || cell.formula !== null);
}

/** The whole spreadsheet. */
export class BookModel {
  sheets: SheetModel[] = [];
  readonly formulaLog: Array<{ sheet: string; row: number; column: number; formula: string }> = [];
  activeSheet: SheetModel | null = null;
  private nextSheetId = 0;
  nextChartId = 1;
  /** Writes since the last flush (flush costs more when something is pending). */
  pendingWrites = false;

  constructor(
    public timeZone: string,
    readonly id: string,
    readonly name: string,
    /** Decides how typed strings become numbers and dates. */
    readonly locale: SheetLocale = 'en_US',
  ) {
    this.addSheet('Página1');
  }

  find(name: string): SheetModel | undefined {
    // Sheet names are unique regardless of case, and lookups ignore case too.
    const wanted = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === wanted);
  }

  totalCells(): number {
    return this.sheets.reduce((sum, s) => sum + s.maxRows * s.maxColumns, 0);
  }

  /** Throws when growing by `extra` cells would pass the 10,000,000-cell limit. */
  checkGrowth(extra: number): void {
    if (this.totalCells() + extra > MAX_BOOK_CELLS)
      throw new GasError(`This action would increase the number of cells in the workbook above the limit of ${MAX_BOOK_CELLS} cells.`);
  }

  addSheet(name: string, index?: number): SheetModel {
    if (this.find(name)) throw new GasError(`A sheet with the name "${name}" already exists. Please enter another name.`);
    this.checkGrowth(NEW_SHEET_ROWS * NEW_SHEET_COLUMNS);
    // Sheet ids: 0 for the first tab, then large pseudo-random-looking numbers like Sheets gives.
    const id = this.nextSheetId === 0 ? 0 : 100_000_000 + this.nextSheetId * 7_919;
    this.nextSheetId += 1;
    const sheet = new SheetModel(id, name);
    const at = index === undefined ? this.sheets.length : Math.max(0, Math.min(index, this.sheets.length));
    this.sheets.splice(at, 0, sheet);
    return sheet;
  }

  /** Writes one value like setValues does; `parse`: strings are parsed as typed input (unless the cell is '@'). */
  write(sheet: SheetModel, row: number, column: number, value: unknown, parse: boolean): void {
    const cell = sheet.ensureCell(row, column);
    this.pendingWrites = true;
    cell.formula = null;
    delete cell.zone;
    if (value === null || value === undefined) {
      cell.value = '';
      return;
    }
    if (value instanceof Date) {
      cell.value = new Date(value.getTime());
      cell.zone = this.timeZone;
      return;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      cell.value = value;
      return;
    }
    if (typeof value !== 'string') throw new GasError(`Cannot convert ${Object.prototype.toString.call(value)} to a cell value.`);
    if (value.length > MAX_CELL_CHARS)
      throw new GasError(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
    if (!parse || cell.numberFormat === TEXT_FORMAT) {
      // ⚑ A plain-text cell takes the string as written: a leading apostrophe stays part of the value
      // (apps-script-platform.md); only cells of another format consume a quote prefix (parseTyped).
      cell.value = value;
      return;
    }
    const typed = parseTyped(value, this.timeZone, this.locale);
    if (typed.formula !== null) {
      cell.value = '';
      cell.formula = typed.formula;
      this.formulaLog.push({ sheet: sheet.name, row, column, formula: typed.formula });
      return;
    }
    cell.value = typed.value;
    if (typed.value instanceof Date) cell.zone = this.timeZone;
    if (typed.inferredFormat && cell.numberFormat === DEFAULT_NUMBER_FORMAT) cell.numberFormat = typed.inferredFormat;
  }

  writeFormula(sheet: SheetModel, row: number, column: number, formula: string): void {
    if (formula === '') {
      this.write(sheet, row, column, '', false);
      return;
    }
    const cell = sheet.ensureCell(row, column);
    this.pendingWrites = true;
    const text = formula.startsWith('=') ? formula : `=${formula}`;
    delete cell.zone;
    cell.value = '';
    cell.formula = text;
    this.formulaLog.push({ sheet: sheet.name, row, column, formula: text });
  }
}
