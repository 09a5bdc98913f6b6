// Charts (EmbeddedChartBuilder / EmbeddedChart) and conditional format rules as scripts see them.
import { a1Notation } from './a1';
import { Execution, GasError, GasObject } from './execution';
import type { ChartModel, ConditionalRuleModel, GradientPoint, GridRange, SheetModel } from './sheet-model';

/** Charts.ChartType. */
export const CHART_TYPES = ['AREA', 'BAR', 'COLUMN', 'COMBO', 'HISTOGRAM', 'LINE', 'PIE', 'SCATTER', 'TABLE'] as const;

/** A range object a builder received (Range in range.ts); only its grid position matters here. */
export interface HasGrid {
  _grid(): GridRange;
}

function isHasGrid(value: unknown): value is HasGrid {
  return typeof value === 'object' && value !== null && typeof (value as { _grid?: unknown })._grid === 'function';
}

function gridOf(value: unknown, what: string): GridRange {
  if (!isHasGrid(value)) throw new GasError(`The parameters (${typeof value}) don't match the method signature for ${what}.`);
  return value._grid();
}

/** A1 of a grid, prefixed with the sheet name when it is not `home`. */
export function gridA1(grid: GridRange, home: SheetModel): string {
  const a1 = a1Notation(grid.row, grid.column, grid.numRows, grid.numColumns);
  return grid.sheet === home ? a1 : `'${grid.sheet.name.replace(/'/g, "''")}'!${a1}`;
}

function copyChart(chart: ChartModel): ChartModel {
  return { ...chart, ranges: [...chart.ranges], options: new Map(chart.options) };
}

/** The Charts global: only the ChartType enum. */
export class ChartsService extends GasObject {
  constructor(exec: Execution) {
    super('Charts', exec);
  }
  get ChartType(): Record<string, string> {
    return Object.fromEntries(CHART_TYPES.map((t) => [t, t]));
  }
}

export class EmbeddedChartBuilder extends GasObject {
  constructor(
    exec: Execution,
    readonly sheet: SheetModel,
    readonly chart: ChartModel,
    readonly rangeFactory: (grid: GridRange) => GasObject,
  ) {
    super('EmbeddedChartBuilder', exec);
  }
  setChartType(type: unknown): EmbeddedChartBuilder {
    if (typeof type !== 'string' || !(CHART_TYPES as readonly string[]).includes(type)) throw new GasError(`Invalid argument: type`);
    this.chart.type = type;
    return this;
  }
  addRange(range: unknown): EmbeddedChartBuilder {
    this.chart.ranges.push(gridOf(range, 'EmbeddedChartBuilder.addRange'));
    return this;
  }
  removeRange(range: unknown): EmbeddedChartBuilder {
    const g = gridOf(range, 'EmbeddedChartBuilder.removeRange');
    this.chart.ranges = this.chart.ranges.filter(
      (r) => !(r.sheet === g.sheet && r.row === g.row && r.column === g.column && r.numRows === g.numRows && r.numColumns === g.numColumns),
    );
    return this;
  }
  clearRanges(): EmbeddedChartBuilder {
    this.chart.ranges = [];
    return this;
  }
  setPosition(anchorRow: number, anchorColumn: number, offsetX: number, offsetY: number): EmbeddedChartBuilder {
    this.chart.anchorRow = anchorRow;
    this.chart.anchorColumn = anchorColumn;
    this.chart.offsetX = offsetX;
    this.chart.offsetY = offsetY;
    return this;
  }
  setOption(option: string, value: unknown): EmbeddedChartBuilder {
    this.chart.options.set(option, value);
    return this;
  }
  setNumHeaders(headers: number): EmbeddedChartBuilder {
    this.chart.numHeaders = headers;
    return this;
  }
  getChartType(): string {
    return this.chart.type;
  }
  getRanges(): GasObject[] {
    return this.chart.ranges.map(this.rangeFactory);
  }
  build(): EmbeddedChart {
    if (this.chart.ranges.length === 0) throw new GasError('A chart needs at least one data range.');
    return new EmbeddedChart(this.exec, this.sheet, copyChart(this.chart), this.rangeFactory);
  }
}

export class EmbeddedChart extends GasObject {
  constructor(
    exec: Execution,
    readonly sheet: SheetModel,
    readonly chart: ChartModel,
    readonly rangeFactory: (grid: GridRange) => GasObject,
  ) {
    super('EmbeddedChart', exec);
  }
  getChartId(): number | null {
    return this.chart.id > 0 ? this.chart.id : null;
  }
  getRanges(): GasObject[] {
    return this.chart.ranges.map(this.rangeFactory);
  }
  getOptions(): ChartOptions {
    return new ChartOptions(this.exec, new Map(this.chart.options));
  }
  getContainerInfo(): ContainerInfo {
    return new ContainerInfo(this.exec, this.chart);
  }
  modify(): EmbeddedChartBuilder {
    return new EmbeddedChartBuilder(this.exec, this.sheet, copyChart(this.chart), this.rangeFactory);
  }
}

export class ChartOptions extends GasObject {
  constructor(
    exec: Execution,
    readonly options: Map<string, unknown>,
  ) {
    super('ChartOptions', exec);
  }
  get(option: string): unknown {
    return this.options.has(option) ? this.options.get(option) : null;
  }
}

export class ContainerInfo extends GasObject {
  constructor(
    exec: Execution,
    readonly chart: ChartModel,
  ) {
    super('ContainerInfo', exec);
  }
  getAnchorRow(): number {
    return this.chart.anchorRow;
  }
  getAnchorColumn(): number {
    return this.chart.anchorColumn;
  }
  getOffsetX(): number {
    return this.chart.offsetX;
  }
  getOffsetY(): number {
    return this.chart.offsetY;
  }
}

/** SpreadsheetApp.InterpolationType. */
export const INTERPOLATION_TYPES = ['MIN', 'MAX', 'NUMBER', 'PERCENT', 'PERCENTILE'] as const;

function point(color: string, type: unknown, value: unknown): GradientPoint {
  if (typeof type !== 'string' || !(INTERPOLATION_TYPES as readonly string[]).includes(type)) throw new GasError('Invalid argument: type');
  return { color, type, value: value === undefined || value === null ? '' : String(value) };
}

export class ConditionalFormatRuleBuilder extends GasObject {
  constructor(
    exec: Execution,
    readonly rule: ConditionalRuleModel,
    readonly rangeFactory: (grid: GridRange) => GasObject,
  ) {
    super('ConditionalFormatRuleBuilder', exec);
  }
  private _gradient(): NonNullable<ConditionalRuleModel['gradient']> {
    this.rule.condition = null;
    this.rule.gradient = this.rule.gradient ?? {};
    return this.rule.gradient;
  }
  private _condition(type: string, values: unknown[]): ConditionalFormatRuleBuilder {
    this.rule.gradient = null;
    this.rule.condition = { type, values };
    return this;
  }
  setGradientMinpoint(color: string): ConditionalFormatRuleBuilder {
    this._gradient().min = point(color, 'MIN', '');
    return this;
  }
  setGradientMinpointWithValue(color: string, type: unknown, value: unknown): ConditionalFormatRuleBuilder {
    this._gradient().min = point(color, type, value);
    return this;
  }
  setGradientMidpointWithValue(color: string, type: unknown, value: unknown): ConditionalFormatRuleBuilder {
    this._gradient().mid = point(color, type, value);
    return this;
  }
  setGradientMaxpoint(color: string): ConditionalFormatRuleBuilder {
    this._gradient().max = point(color, 'MAX', '');
    return this;
  }
  setGradientMaxpointWithValue(color: string, type: unknown, value: unknown): ConditionalFormatRuleBuilder {
    this._gradient().max = point(color, type, value);
    return this;
  }
  whenNumberGreaterThan(n: number): ConditionalFormatRuleBuilder {
    return this._condition('NUMBER_GREATER_THAN', [n]);
  }
  whenNumberGreaterThanOrEqualTo(n: number): ConditionalFormatRuleBuilder {
    return this._condition('NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }
  whenNumberLessThan(n: number): ConditionalFormatRuleBuilder {
    return this._condition('NUMBER_LESS_THAN', [n]);
  }
  whenNumberLessThanOrEqualTo(n: number): ConditionalFormatRuleBuilder {
    return this._condition('NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }
  whenNumberBetween(a: number, b: number): ConditionalFormatRuleBuilder {
    return this._condition('NUMBER_BETWEEN', [a, b]);
  }
  whenNumberEqualTo(n: number): ConditionalFormatRuleBuilder {
    return this._condition('NUMBER_EQUAL_TO', [n]);
  }
  whenTextEqualTo(text: string): ConditionalFormatRuleBuilder {
    return this._condition('TEXT_EQUAL_TO', [text]);
  }
  whenTextContains(text: string): ConditionalFormatRuleBuilder {
    return this._condition('TEXT_CONTAINS', [text]);
  }
  whenCellEmpty(): ConditionalFormatRuleBuilder {
    return this._condition('CELL_EMPTY', []);
  }
  whenCellNotEmpty(): ConditionalFormatRuleBuilder {
    return this._condition('CELL_NOT_EMPTY', []);
  }
  whenFormulaSatisfied(formula: string): ConditionalFormatRuleBuilder {
    return this._condition('CUSTOM_FORMULA', [formula]);
  }
  setBackground(color: string | null): ConditionalFormatRuleBuilder {
    if (color === null) delete this.rule.format.background;
    else this.rule.format.background = color;
    return this;
  }
  setFontColor(color: string | null): ConditionalFormatRuleBuilder {
    if (color === null) delete this.rule.format.fontColor;
    else this.rule.format.fontColor = color;
    return this;
  }
  setBold(bold: boolean): ConditionalFormatRuleBuilder {
    this.rule.format.bold = bold;
    return this;
  }
  setItalic(italic: boolean): ConditionalFormatRuleBuilder {
    this.rule.format.italic = italic;
    return this;
  }
  setRanges(ranges: unknown): ConditionalFormatRuleBuilder {
    if (!Array.isArray(ranges)) throw new GasError("The parameters (Range) don't match the method signature for ConditionalFormatRuleBuilder.setRanges.");
    this.rule.ranges = ranges.map((r) => gridOf(r, 'ConditionalFormatRuleBuilder.setRanges'));
    return this;
  }
  getRanges(): GasObject[] {
    return this.rule.ranges.map(this.rangeFactory);
  }
  build(): ConditionalFormatRule {
    if (this.rule.ranges.length === 0) throw new GasError('A conditional format rule needs at least one range.');
    if (!this.rule.gradient && !this.rule.condition) throw new GasError('A conditional format rule needs a condition or a gradient.');
    return new ConditionalFormatRule(this.exec, copyRule(this.rule), this.rangeFactory);
  }
}

export function copyRule(rule: ConditionalRuleModel): ConditionalRuleModel {
  return {
    ranges: [...rule.ranges],
    condition: rule.condition ? { type: rule.condition.type, values: [...rule.condition.values] } : null,
    gradient: rule.gradient ? { ...rule.gradient } : null,
    format: { ...rule.format },
  };
}

export class ConditionalFormatRule extends GasObject {
  constructor(
    exec: Execution,
    readonly rule: ConditionalRuleModel,
    readonly rangeFactory: (grid: GridRange) => GasObject,
  ) {
    super('ConditionalFormatRule', exec);
  }
  getRanges(): GasObject[] {
    return this.rule.ranges.map(this.rangeFactory);
  }
  copy(): ConditionalFormatRuleBuilder {
    return new ConditionalFormatRuleBuilder(this.exec, copyRule(this.rule), this.rangeFactory);
  }
}
