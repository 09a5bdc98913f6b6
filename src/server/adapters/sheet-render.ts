// Adapter: the SheetRenderPort over SpreadsheetApp and Charts (sheet shape, block writes, formats, rules, charts).
import type { ChartPlacement, SheetRenderPort } from '../app/dashboard-sheets/render-port';
import { AUTOMATIC_FORMAT, guardBlock } from '../domain/cell-text';
import type { ChartSpec } from '../domain/sheet-layouts';
import { activeBook, noteSheetWrite } from './apps-script';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type EmbeddedChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
type ChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;

/** Background of header cells (Google's light blue). */
const HEADER_BACKGROUND = '#e8f0fe';

/** `'Sheet name'!A1:B2` → ['Sheet name', 'A1:B2']; a plain A1 stays on `home`. */
function splitQualified(range: string, home: string): [sheet: string, a1: string] {
  const bang = range.lastIndexOf('!');
  if (bang < 0) return [home, range];
  const name = range.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  return [name, range.slice(bang + 1)];
}

/** Type, ranges, title and the owned options onto a new or modified chart; the position is the caller's call. */
function describe(rangeOf: (range: string) => GoogleAppsScript.Spreadsheet.Range, builder: ChartBuilder, spec: ChartSpec): ChartBuilder {
  let out = builder.setChartType(Charts.ChartType[spec.kind]).clearRanges();
  for (const range of spec.ranges) out = out.addRange(rangeOf(range));
  out = out.setNumHeaders(1).setOption('title', spec.title);
  for (const [option, value] of Object.entries(spec.options)) out = out.setOption(option, value);
  return out;
}

/** The render port over the active spreadsheet. Sheet and chart objects are cached for the execution. */
export function sheetRender(): SheetRenderPort {
  // Whoever takes the render port draws: the next lock release flushes (see noteSheetWrite).
  noteSheetWrite();
  const book = activeBook();
  const sheets = new Map<string, Sheet>();
  const charts = new Map<string, Map<string, EmbeddedChart>>();
  const sheet = (name: string): Sheet => {
    const cached = sheets.get(name) ?? book.getSheetByName(name);
    if (!cached) throw new Error(`A aba "${name}" não existe.`);
    sheets.set(name, cached);
    return cached;
  };
  // Sheet.getRange does not take another sheet's name: a qualified range is read from its own sheet.
  const rangeOn = (home: string) => (range: string) => {
    const [name, a1] = splitQualified(range, home);
    return sheet(name).getRange(a1);
  };
  const chart = (name: string, id: string): EmbeddedChart => {
    const found = charts.get(name)?.get(id);
    if (!found) throw new Error(`O gráfico ${id} não está na aba "${name}".`);
    return found;
  };
  return {
    ensureSheet(name) {
      if (sheets.has(name)) return false;
      const existing = book.getSheetByName(name);
      sheets.set(name, existing ?? book.insertSheet(name));
      return existing === null;
    },
    resetSheet(name, rows, columns) {
      const target = sheet(name);
      // clear() drops values and formats; embedded charts are not cell content and stay.
      target.clear();
      const maxRows = target.getMaxRows();
      if (maxRows > rows) target.deleteRows(rows + 1, maxRows - rows);
      else if (maxRows < rows) target.insertRowsAfter(maxRows, rows - maxRows);
      const maxColumns = target.getMaxColumns();
      if (maxColumns > columns) target.deleteColumns(columns + 1, maxColumns - columns);
      else if (maxColumns < columns) target.insertColumnsAfter(maxColumns, columns - maxColumns);
    },
    writeBlock(name, block) {
      const numRows = block.values.length;
      const numColumns = block.values[0]?.length ?? 0;
      if (numRows === 0 || numColumns === 0) return;
      const range = sheet(name).getRange(block.row, block.column, numRows, numColumns);
      // Formats first, in the same write as the values: a value written into a date/duration/percent cell is shown
      // in that format at once, and every string goes raw into a plain-text cell (one guard per cell).
      const guarded = guardBlock(block.values, (r, c) => block.numberFormats[r]?.[c] ?? AUTOMATIC_FORMAT);
      range.setNumberFormats(guarded.formats);
      range.setValues(guarded.values);
      // resetSheet cleared every format, so only the header rows need styling: a 2-D setter over the whole
      // block would send one entry per cell ("Dados Detalhados" can hold a million).
      if (block.headerRows > 0) {
        sheet(name)
          .getRange(block.row, block.column, Math.min(block.headerRows, numRows), numColumns)
          .setFontWeight('bold')
          .setBackground(HEADER_BACKGROUND);
      }
    },
    setFrozenRows(name, rows) {
      sheet(name).setFrozenRows(rows);
    },
    setColumnWidths(name, widths) {
      const target = sheet(name);
      let start = 0;
      for (let i = 1; i <= widths.length; i++) {
        if (i < widths.length && widths[i] === widths[start]) continue;
        target.setColumnWidths(start + 1, i - start, widths[start] ?? 100);
        start = i;
      }
    },
    setGradients(name, rules) {
      const target = sheet(name);
      target.setConditionalFormatRules(
        rules.map((rule) =>
          SpreadsheetApp.newConditionalFormatRule()
            .setGradientMinpoint(rule.minColor)
            .setGradientMidpointWithValue(
              rule.midColor,
              SpreadsheetApp.InterpolationType.PERCENTILE,
              String(rule.midPercentile),
            )
            .setGradientMaxpoint(rule.maxColor)
            .setRanges([target.getRange(rule.range)])
            .build(),
        ),
      );
    },
    listChartIds(name) {
      const byId = new Map<string, EmbeddedChart>();
      for (const c of sheet(name).getCharts()) {
        const id = c.getChartId();
        if (id !== null) byId.set(String(id), c);
      }
      charts.set(name, byId);
      return [...byId.keys()];
    },
    chartTitles(name, ids) {
      const out: Record<string, string> = {};
      for (const id of ids) {
        const title = chart(name, id).getOptions().get('title');
        out[id] = typeof title === 'string' ? title : '';
      }
      return out;
    },
    listCharts(name) {
      const byId = new Map<string, EmbeddedChart>();
      const placements: ChartPlacement[] = [];
      for (const c of sheet(name).getCharts()) {
        const id = c.getChartId();
        if (id === null) continue;
        byId.set(String(id), c);
        const anchor = c.getContainerInfo();
        placements.push({ id: String(id), anchorRow: anchor.getAnchorRow(), anchorColumn: anchor.getAnchorColumn() });
      }
      charts.set(name, byId);
      return placements;
    },
    insertChart(name, spec) {
      const target = sheet(name);
      const { row, column, offsetX, offsetY } = spec.position;
      const built = describe(rangeOn(name), target.newChart(), spec).setPosition(row, column, offsetX, offsetY).build();
      target.insertChart(built);
      let id = built.getChartId();
      if (id === null) {
        // The built object may not learn its id on insert: the new chart is the one whose id we have not seen.
        const seen = charts.get(name) ?? new Map<string, EmbeddedChart>();
        const fresh = target.getCharts().find((c) => !seen.has(String(c.getChartId())));
        id = fresh ? fresh.getChartId() : null;
        if (fresh && id !== null) seen.set(String(id), fresh);
        charts.set(name, seen);
      }
      if (id === null) throw new Error(`Não foi possível identificar o gráfico "${spec.title}".`);
      return String(id);
    },
    updateChart(name, id, spec) {
      const target = sheet(name);
      // modify() starts from the chart as it is: position and options the user changed survive.
      target.updateChart(describe(rangeOn(name), chart(name, id).modify(), spec).build());
    },
    removeChart(name, id) {
      sheet(name).removeChart(chart(name, id));
      charts.get(name)?.delete(id);
    },
    flush: () => SpreadsheetApp.flush(),
  };
}
