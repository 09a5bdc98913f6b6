// Forecast use cases: the forecast from "Conversas" and the "Previsão" sheet (tomorrow's figure: app/dashboard.ts).
import { CONVERSATIONS_SHEET } from '../domain/columns';
import {
  buildForecast,
  forecastSheetLayout,
  FORECAST_SHEET,
  type ForecastResult,
} from '../domain/forecast';
import { readConversationTable } from '../domain/metrics/conversation-table';
import type { ChartSpec } from '../domain/sheet-layouts';
import type { SheetRenderPort } from './dashboard-sheets/render-port';
import type { Clock, KeyValueStore, SpreadsheetPort } from './ports';
import { loadSettings } from './settings-store';

/** The ports the forecast reads. */
export interface ForecastDeps {
  sheet: SpreadsheetPort;
  documentStore: KeyValueStore;
  userStore: KeyValueStore;
  clock: Clock;
}

/** Document Properties key of the forecast chart's id (found by id, so the user may move or restyle it). */
export const FORECAST_CHART_KEY = 'forecast.chart.v1';

/** The forecast over the whole "Conversas" sheet (one read), in the spreadsheet's zone, with the SLA setting. */
export function computeForecast(deps: ForecastDeps): ForecastResult {
  const timeZone = deps.sheet.timeZone();
  const snapshot = deps.sheet.readSheet(CONVERSATIONS_SHEET);
  const table = readConversationTable(snapshot ? snapshot.values : [], timeZone);
  const settings = loadSettings(deps.userStore, deps.documentStore);
  return buildForecast({ records: table.records, timeZone, nowMs: deps.clock.now(), slaSeconds: settings.slaSeconds });
}

/** What `rebuildForecast` returns. */
export interface ForecastSheetResult {
  sheet: string;
  model: string | null;
  message: string;
}

/**
 * Writes the "Previsão" sheet: reset to the layout's exact size, one write per table, and its line chart updated in
 * place when the add-on made it before (id in Document Properties), inserted otherwise, removed when there is no
 * forecast. A constant number of service calls whatever the history's length. No flush: the caller releases the
 * document lock, which flushes.
 */
export function writeForecastSheet(deps: ForecastDeps & { render: SheetRenderPort }): ForecastSheetResult {
  const result = computeForecast(deps);
  const layout = forecastSheetLayout(result, deps.sheet.timeZone());
  const render = deps.render;
  render.ensureSheet(FORECAST_SHEET);
  render.resetSheet(FORECAST_SHEET, layout.rows, layout.columns);
  for (const block of layout.blocks) render.writeBlock(FORECAST_SHEET, block);
  render.setFrozenRows(FORECAST_SHEET, layout.frozenRows);
  render.setColumnWidths(FORECAST_SHEET, layout.columnWidths);
  syncChart(deps, layout.charts[0] ?? null);
  const message =
    result.status === 'ok'
      ? `Previsão atualizada: ${result.days.length} dias, modelo ${result.modelLabel}.`
      : result.message;
  return { sheet: FORECAST_SHEET, model: result.status === 'ok' ? result.model : null, message };
}

function syncChart(deps: ForecastDeps & { render: SheetRenderPort }, spec: ChartSpec | null): void {
  const known = deps.documentStore.get(FORECAST_CHART_KEY);
  const present = known !== null && deps.render.listChartIds(FORECAST_SHEET).includes(known);
  if (spec === null) {
    if (present) deps.render.removeChart(FORECAST_SHEET, known);
    if (known !== null) deps.documentStore.delete(FORECAST_CHART_KEY);
    return;
  }
  if (present) {
    deps.render.updateChart(FORECAST_SHEET, known, spec);
    return;
  }
  deps.documentStore.setMany({ [FORECAST_CHART_KEY]: deps.render.insertChart(FORECAST_SHEET, spec) });
}
