// SpreadsheetApp, Spreadsheet, Sheet and Range over the in-memory book, with Sheets' limits and error messages.
import type { CellValue } from '../../src/server/app/ports';
import { a1Notation, parseA1 } from './a1';
import {
  ConditionalFormatRule,
  ConditionalFormatRuleBuilder,
  EmbeddedChart,
  EmbeddedChartBuilder,
  INTERPOLATION_TYPES,
  copyRule,
  type HasGrid,
} from './charts';
import { Execution, GasError, GasObject } from './execution';
import { FLUSH_IDLE_MS, FLUSH_WITH_WRITES_MS, GET_VALUES_PER_CELL_MS, SET_VALUES_PER_CELL_MS } from './latency';
import type { BookModel, GridRange, SheetModel } from './sheet-model';
import type { RuntimeState } from './state';
import { isValidTimeZone } from './time-zone';
import { Ui } from './ui';

function isInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

export class SpreadsheetApp extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('SpreadsheetApp', exec);
  }
  get InterpolationType(): Record<string, string> {
    return Object.fromEntries(INTERPOLATION_TYPES.map((t) => [t, t]));
  }
  getActiveSpreadsheet(): Spreadsheet {
    return new Spreadsheet(this.exec, this.state);
  }
  getActive(): Spreadsheet {
    return new Spreadsheet(this.exec, this.state);
  }
  getActiveSheet(): Sheet {
    const book = this.state.book;
    return new Sheet(this.exec, this.state, book.activeSheet ?? (book.sheets[0] as SheetModel));
  }
  getUi(): Ui {
    if (this.exec.settings.trigger === 'time') throw new GasError('Cannot call SpreadsheetApp.getUi() from this context.');
    return new Ui(this.exec, this.state);
  }
  flush(): void {
    this.exec.charge(this.state.book.pendingWrites ? FLUSH_WITH_WRITES_MS : FLUSH_IDLE_MS);
    this.state.book.pendingWrites = false;
  }
  newConditionalFormatRule(): ConditionalFormatRuleBuilder {
    return new ConditionalFormatRuleBuilder(this.exec, { ranges: [], condition: null, gradient: null, format: {} }, (g) =>
      new Range(this.exec, this.state, g),
    );
  }
}

export class Spreadsheet extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('Spreadsheet', exec);
  }
  private get _book(): BookModel {
    return this.state.book;
  }
  getId(): string {
    return this._book.id;
  }
  getName(): string {
    return this._book.name;
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this._book.id}/edit`;
  }
  getSpreadsheetTimeZone(): string {
    return this._book.timeZone;
  }
  setSpreadsheetTimeZone(timeZone: string): void {
    if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) throw new GasError(`Invalid argument: timeZone`);
    this._book.timeZone = timeZone;
  }
  getSheetByName(name: string): Sheet | null {
    const sheet = this._book.find(String(name));
    return sheet ? new Sheet(this.exec, this.state, sheet) : null;
  }
  getSheets(): Sheet[] {
    return this._book.sheets.map((s) => new Sheet(this.exec, this.state, s));
  }
  getActiveSheet(): Sheet {
    return new Sheet(this.exec, this.state, this._book.activeSheet ?? (this._book.sheets[0] as SheetModel));
  }
  insertSheet(name?: string, index?: number): Sheet {
    let sheetName = name;
    if (sheetName === undefined) {
      let n = this._book.sheets.length + 1;
      while (this._book.find(`Página${n}`)) n += 1;
      sheetName = `Página${n}`;
    }
    if (typeof sheetName !== 'string' || sheetName.trim() === '') throw new GasError('Invalid argument: sheetName');
    const sheet = this._book.addSheet(sheetName, index);
    this._book.activeSheet = sheet;
    return new Sheet(this.exec, this.state, sheet);
  }
  deleteSheet(sheet: unknown): void {
    if (!(sheet instanceof Sheet)) throw new GasError("The parameters don't match the method signature for Spreadsheet.deleteSheet.");
    const book = this._book;
    if (!book.sheets.includes(sheet.model)) throw new GasError('Sheet not found.');
    if (book.sheets.length === 1) throw new GasError("You can't remove all the sheets in a document.");
    book.sheets = book.sheets.filter((s) => s !== sheet.model);
    if (book.activeSheet === sheet.model) book.activeSheet = null;
  }
  toast(message: unknown, title?: unknown, _timeoutSeconds?: number): void {
    // A time-driven run has no browser to show it in; Apps Script silently drops it.
    if (this.exec.settings.trigger === 'time') return;
    this.state.ui.toasts.push({ message: String(message), title: title === undefined || title === null ? '' : String(title) });
  }
}

export class Sheet extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
    readonly model: SheetModel,
  ) {
    super('Sheet', exec);
  }
  private _range(row: number, column: number, numRows: number, numColumns: number): Range {
    return new Range(this.exec, this.state, { sheet: this.model, row, column, numRows, numColumns });
  }
  getName(): string {
    return this.model.name;
  }
  setName(name: string): Sheet {
    const other = this.state.book.find(name);
    if (other && other !== this.model) throw new GasError(`A sheet with the name "${name}" already exists. Please enter another name.`);
    this.model.name = name;
    return this;
  }
  getSheetId(): number {
    return this.model.id;
  }
  getIndex(): number {
    return this.state.book.sheets.indexOf(this.model) + 1;
  }
  getMaxRows(): number {
    return this.model.maxRows;
  }
  getMaxColumns(): number {
    return this.model.maxColumns;
  }
  getLastRow(): number {
    return this.model.lastRow();
  }
  getLastColumn(): number {
    return this.model.lastColumn();
  }
  getDataRange(): Range {
    return this._range(1, 1, Math.max(1, this.model.lastRow()), Math.max(1, this.model.lastColumn()));
  }
  getRange(a: unknown, column?: unknown, numRows?: unknown, numColumns?: unknown): Range {
    if (typeof a === 'string') {
      const parsed = parseA1(a);
      if (!parsed || (parsed.sheet !== null && this.state.book.find(parsed.sheet) !== this.model)) throw new GasError('Range not found');
      const lastRow = parsed.lastRow ?? this.model.maxRows;
      const lastColumn = parsed.lastColumn ?? this.model.maxColumns;
      if (lastRow > this.model.maxRows || lastColumn > this.model.maxColumns) throw new GasError('Range not found');
      return this._range(parsed.row, parsed.column, lastRow - parsed.row + 1, lastColumn - parsed.column + 1);
    }
    const rows = numRows === undefined ? 1 : numRows;
    const columns = numColumns === undefined ? 1 : numColumns;
    if (!isInteger(a) || !isInteger(column) || !isInteger(rows) || !isInteger(columns))
      throw new GasError("The parameters don't match the method signature for SpreadsheetApp.Sheet.getRange.");
    if (a < 1) throw new GasError('The starting row of the range is too small.');
    if (column < 1) throw new GasError('The starting column of the range is too small.');
    if (rows < 1) throw new GasError('The number of rows in the range must be at least 1.');
    if (columns < 1) throw new GasError('The number of columns in the range must be at least 1.');
    if (a + rows - 1 > this.model.maxRows || column + columns - 1 > this.model.maxColumns)
      throw new GasError('The coordinates of the range are outside the dimensions of the sheet.');
    return this._range(a, column, rows, columns);
  }
  insertRowsAfter(afterPosition: number, howMany: number): Sheet {
    if (!isInteger(afterPosition) || !isInteger(howMany) || howMany < 1 || afterPosition < 0 || afterPosition > this.model.maxRows)
      throw new GasError('Those rows are out of bounds.');
    this.state.book.checkGrowth(howMany * this.model.maxColumns);
    if (afterPosition < this.model.rows.length) this.model.rows.splice(afterPosition, 0, ...new Array<undefined>(howMany));
    this.model.maxRows += howMany;
    this.state.book.pendingWrites = true;
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): Sheet {
    if (!isInteger(afterPosition) || !isInteger(howMany) || howMany < 1 || afterPosition < 0 || afterPosition > this.model.maxColumns)
      throw new GasError('Those columns are out of bounds.');
    this.state.book.checkGrowth(howMany * this.model.maxRows);
    for (const line of this.model.rows) if (line && afterPosition < line.length) line.splice(afterPosition, 0, ...new Array<undefined>(howMany));
    this.model.maxColumns += howMany;
    this.state.book.pendingWrites = true;
    return this;
  }
  deleteRows(rowPosition: number, howMany: number): void {
    if (!isInteger(rowPosition) || !isInteger(howMany) || rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.model.maxRows)
      throw new GasError('Those rows are out of bounds.');
    if (howMany === this.model.maxRows) throw new GasError("You can't delete all the rows on the sheet.");
    this.model.rows.splice(rowPosition - 1, howMany);
    this.model.maxRows -= howMany;
    this.state.book.pendingWrites = true;
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    if (!isInteger(columnPosition) || !isInteger(howMany) || columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > this.model.maxColumns)
      throw new GasError('Those columns are out of bounds.');
    if (howMany === this.model.maxColumns) throw new GasError("You can't delete all the columns on the sheet.");
    for (const line of this.model.rows) line?.splice(columnPosition - 1, howMany);
    this.model.maxColumns -= howMany;
    this.state.book.pendingWrites = true;
  }
  appendRow(rowContents: unknown): Sheet {
    if (!Array.isArray(rowContents)) throw new GasError("The parameters don't match the method signature for SpreadsheetApp.Sheet.appendRow.");
    const row = this.model.lastRow() + 1;
    // appendRow is the one write that grows the grid by itself.
    if (row > this.model.maxRows) {
      this.state.book.checkGrowth(this.model.maxColumns);
      this.model.maxRows = row;
    }
    if (rowContents.length > this.model.maxColumns) {
      this.state.book.checkGrowth((rowContents.length - this.model.maxColumns) * this.model.maxRows);
      this.model.maxColumns = rowContents.length;
    }
    rowContents.forEach((value, i) => this.state.book.write(this.model, row, i + 1, value, true));
    return this;
  }
  clear(): Sheet {
    this.model.rows = [];
    // Assumed: embedded charts are not cell content and stay (README); the other reading is a runtime option.
    if (this.state.readings.clearRemovesCharts) this.model.charts = [];
    this.state.book.pendingWrites = true;
    return this;
  }
  clearContents(): Sheet {
    for (const line of this.model.rows)
      for (const cell of line ?? []) {
        if (!cell) continue;
        cell.value = '';
        cell.formula = null;
      }
    this.state.book.pendingWrites = true;
    return this;
  }
  clearFormats(): Sheet {
    for (const line of this.model.rows)
      for (const cell of line ?? []) {
        if (!cell) continue;
        cell.numberFormat = 'General';
        delete cell.format;
      }
    return this;
  }
  setFrozenRows(rows: number): void {
    if (!isInteger(rows) || rows < 0 || rows >= this.model.maxRows) throw new GasError('Invalid argument: rows');
    this.model.frozenRows = rows;
  }
  getFrozenRows(): number {
    return this.model.frozenRows;
  }
  setFrozenColumns(columns: number): void {
    if (!isInteger(columns) || columns < 0 || columns >= this.model.maxColumns) throw new GasError('Invalid argument: columns');
    this.model.frozenColumns = columns;
  }
  getFrozenColumns(): number {
    return this.model.frozenColumns;
  }
  setColumnWidth(columnPosition: number, width: number): Sheet {
    this.model.columnWidths.set(columnPosition, width);
    return this;
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): Sheet {
    for (let c = startColumn; c < startColumn + numColumns; c += 1) this.model.columnWidths.set(c, width);
    return this;
  }
  autoResizeColumns(startColumn: number, numColumns: number): Sheet {
    for (let c = startColumn; c < startColumn + numColumns; c += 1) this.model.columnWidths.delete(c);
    return this;
  }
  activate(): Sheet {
    this.state.book.activeSheet = this.model;
    return this;
  }
  setTabColor(color: string | null): Sheet {
    this.model.tabColor = color;
    return this;
  }
  setHiddenGridlines(hideGridlines: boolean): Sheet {
    this.model.hiddenGridlines = hideGridlines;
    return this;
  }
  hasHiddenGridlines(): boolean {
    return this.model.hiddenGridlines;
  }
  newChart(): EmbeddedChartBuilder {
    return new EmbeddedChartBuilder(
      this.exec,
      this.model,
      { id: 0, type: 'LINE', ranges: [], options: new Map(), numHeaders: null, anchorRow: 1, anchorColumn: 1, offsetX: 0, offsetY: 0 },
      (g) => new Range(this.exec, this.state, g),
    );
  }
  insertChart(chart: unknown): void {
    if (!(chart instanceof EmbeddedChart) || chart.sheet !== this.model)
      throw new GasError("The parameters don't match the method signature for SpreadsheetApp.Sheet.insertChart.");
    this.model.charts.push({ ...chart.chart, id: this.state.book.nextChartId++, ranges: [...chart.chart.ranges], options: new Map(chart.chart.options) });
  }
  updateChart(chart: unknown): void {
    if (!(chart instanceof EmbeddedChart)) throw new GasError("The parameters don't match the method signature for SpreadsheetApp.Sheet.updateChart.");
    const at = this.model.charts.findIndex((c) => c.id === chart.chart.id);
    if (at < 0) throw new GasError('Chart not found.');
    this.model.charts[at] = { ...chart.chart, ranges: [...chart.chart.ranges], options: new Map(chart.chart.options) };
  }
  removeChart(chart: unknown): void {
    if (!(chart instanceof EmbeddedChart)) throw new GasError("The parameters don't match the method signature for SpreadsheetApp.Sheet.removeChart.");
    this.model.charts = this.model.charts.filter((c) => c.id !== chart.chart.id);
  }
  getCharts(): EmbeddedChart[] {
    return this.model.charts.map(
      (c) => new EmbeddedChart(this.exec, this.model, { ...c, ranges: [...c.ranges], options: new Map(c.options) }, (g) => new Range(this.exec, this.state, g)),
    );
  }
  setConditionalFormatRules(rules: unknown): void {
    if (!Array.isArray(rules) || !rules.every((r) => r instanceof ConditionalFormatRule))
      throw new GasError("The parameters don't match the method signature for SpreadsheetApp.Sheet.setConditionalFormatRules.");
    this.model.rules = (rules as ConditionalFormatRule[]).map((r) => copyRule(r.rule));
  }
  getConditionalFormatRules(): ConditionalFormatRule[] {
    return this.model.rules.map((r) => new ConditionalFormatRule(this.exec, copyRule(r), (g) => new Range(this.exec, this.state, g)));
  }
}

/** A rectangle of a sheet. */
export class Range extends GasObject implements HasGrid {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
    readonly g: GridRange,
  ) {
    super('Range', exec);
  }
  _grid(): GridRange {
    return this.g;
  }
  private _cells(): number {
    return this.g.numRows * this.g.numColumns;
  }
  private _map<T>(f: (row: number, column: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.g.numRows; r += 1) {
      const line: T[] = [];
      for (let c = 0; c < this.g.numColumns; c += 1) line.push(f(this.g.row + r, this.g.column + c));
      out.push(line);
    }
    return out;
  }
  /** Checks a 2-D argument against the range (Sheets' own messages), then calls `f` for each cell. */
  private _each2d(data: unknown, f: (row: number, column: number, value: unknown) => void): void {
    if (!Array.isArray(data) || !data.every((line) => Array.isArray(line)))
      throw new GasError("The parameters don't match the method signature for SpreadsheetApp.Range.setValues.");
    const rows = data as unknown[][];
    if (rows.length !== this.g.numRows)
      throw new GasError(`The number of rows in the data does not match the number of rows in the range. The data has ${rows.length} but the range has ${this.g.numRows}.`);
    for (const line of rows)
      if (line.length !== this.g.numColumns)
        throw new GasError(
          `The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${this.g.numColumns}.`,
        );
    rows.forEach((line, r) => line.forEach((value, c) => f(this.g.row + r, this.g.column + c, value)));
  }
  private _fill(f: (row: number, column: number) => void): Range {
    this._map(f);
    return this;
  }
  getValues(): CellValue[][] {
    this.exec.charge(this._cells() * GET_VALUES_PER_CELL_MS);
    return this._map((r, c) => this.g.sheet.read(r, c, this.state.book.timeZone));
  }
  getValue(): CellValue {
    return this.g.sheet.read(this.g.row, this.g.column, this.state.book.timeZone);
  }
  getDisplayValues(): string[][] {
    this.exec.charge(this._cells() * GET_VALUES_PER_CELL_MS);
    return this._map((r, c) => {
      const v = this.g.sheet.read(r, c, this.state.book.timeZone);
      return v instanceof Date ? v.toISOString() : String(v);
    });
  }
  setValues(values: unknown): Range {
    // Validate everything first: Sheets rejects the whole call, it never half-writes a block.
    this._each2d(values, () => undefined);
    for (const line of values as unknown[][])
      for (const v of line)
        if (typeof v === 'string' && v.length > 50_000)
          throw new GasError('Your input contains more than the maximum of 50000 characters in a single cell.');
    this.exec.charge(this._cells() * SET_VALUES_PER_CELL_MS);
    this._each2d(values, (r, c, v) => this.state.book.write(this.g.sheet, r, c, v, true));
    return this;
  }
  setValue(value: unknown): Range {
    this.exec.charge(this._cells() * SET_VALUES_PER_CELL_MS);
    return this._fill((r, c) => this.state.book.write(this.g.sheet, r, c, value, true));
  }
  getFormulas(): string[][] {
    return this._map((r, c) => this.g.sheet.cell(r, c)?.formula ?? '');
  }
  getFormula(): string {
    return this.g.sheet.cell(this.g.row, this.g.column)?.formula ?? '';
  }
  setFormula(formula: string): Range {
    return this._fill((r, c) => this.state.book.writeFormula(this.g.sheet, r, c, String(formula)));
  }
  setFormulas(formulas: unknown): Range {
    this._each2d(formulas, () => undefined);
    this._each2d(formulas, (r, c, f) => this.state.book.writeFormula(this.g.sheet, r, c, String(f)));
    return this;
  }
  getNumberFormats(): string[][] {
    return this._map((r, c) => this.g.sheet.cell(r, c)?.numberFormat ?? 'General');
  }
  getNumberFormat(): string {
    return this.g.sheet.cell(this.g.row, this.g.column)?.numberFormat ?? 'General';
  }
  setNumberFormat(format: string): Range {
    return this._fill((r, c) => {
      this.g.sheet.ensureCell(r, c).numberFormat = String(format);
    });
  }
  setNumberFormats(formats: unknown): Range {
    this._each2d(formats, () => undefined);
    this._each2d(formats, (r, c, f) => {
      this.g.sheet.ensureCell(r, c).numberFormat = String(f);
    });
    return this;
  }
  private _format(key: string, value: string | boolean | null): Range {
    return this._fill((r, c) => {
      const cell = this.g.sheet.ensureCell(r, c);
      if (value === null) delete cell.format?.[key];
      else (cell.format ??= {})[key] = value;
    });
  }
  private _formats(key: string, values: unknown): Range {
    this._each2d(values, () => undefined);
    this._each2d(values, (r, c, v) => {
      const cell = this.g.sheet.ensureCell(r, c);
      if (v === null) delete cell.format?.[key];
      else (cell.format ??= {})[key] = String(v);
    });
    return this;
  }
  setFontWeight(fontWeight: string | null): Range {
    return this._format('fontWeight', fontWeight);
  }
  setFontWeights(fontWeights: unknown): Range {
    return this._formats('fontWeight', fontWeights);
  }
  setBackground(color: string | null): Range {
    return this._format('background', color);
  }
  setBackgrounds(colors: unknown): Range {
    return this._formats('background', colors);
  }
  setFontColor(color: string | null): Range {
    return this._format('fontColor', color);
  }
  setHorizontalAlignment(alignment: string | null): Range {
    return this._format('horizontalAlignment', alignment);
  }
  setWrap(isWrapEnabled: boolean): Range {
    return this._format('wrap', Boolean(isWrapEnabled));
  }
  clearContent(): Range {
    return this._fill((r, c) => {
      const cell = this.g.sheet.cell(r, c);
      if (cell) {
        cell.value = '';
        cell.formula = null;
        this.state.book.pendingWrites = true;
      }
    });
  }
  getA1Notation(): string {
    return a1Notation(this.g.row, this.g.column, this.g.numRows, this.g.numColumns);
  }
  getRow(): number {
    return this.g.row;
  }
  getColumn(): number {
    return this.g.column;
  }
  getNumRows(): number {
    return this.g.numRows;
  }
  getNumColumns(): number {
    return this.g.numColumns;
  }
  getLastRow(): number {
    return this.g.row + this.g.numRows - 1;
  }
  getLastColumn(): number {
    return this.g.column + this.g.numColumns - 1;
  }
  getSheet(): Sheet {
    return new Sheet(this.exec, this.state, this.g.sheet);
  }
}
