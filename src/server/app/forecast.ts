// Forecast use cases: the forecast from "Conversas" and the "Previsão" sheet (tomorrow's figure: app/dashboard.ts).
import type { SyncReport } from '../../shared/dto';
import { CONVERSATIONS_SHEET } from '../domain/columns';
import {
  buildForecast,
  forecastSheetLayout,
  FORECAST_SHEET,
  type ForecastResult,
} from '../domain/forecast';
import { readConversationTable } from '../domain/metrics/conversation-table';
import { dayOf, isoDate, zoneClock } from '../domain/metrics/time-zone';
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
/** Document Properties key of the local day (`YYYY-MM-DD`) the "Previsão" sheet was last written on. */
export const FORECAST_DAY_KEY = 'forecast.day.v1';

/**
 * Whether a post-sync rewrite of "Previsão" could change it: the sheet depends only on the rows and on the local day
 * (the forecast starts today), so after a sync that wrote no row on the day of the last write it would redraw the
 * same sheet, and with a trigger every few minutes that redraw eats the daily trigger-time quota.
 */
export function forecastRebuildNeeded(deps: Pick<ForecastDeps, 'sheet' | 'documentStore' | 'clock'>, report: SyncReport): boolean {
  if (!report.ok) return false;
  if (report.conversationsWritten > 0) return true;
  return deps.documentStore.get(FORECAST_DAY_KEY) !== localDate(deps.sheet.timeZone(), deps.clock.now());
}

function localDate(timeZone: string, nowMs: number): string {
  return isoDate(dayOf(zoneClock(timeZone).toLocalMs(nowMs)));
}

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
  // One Properties write for the day and, when a chart was inserted, its id.
  deps.documentStore.setMany({ [FORECAST_DAY_KEY]: result.today.date, ...syncChart(deps, layout.charts[0] ?? null) });
  const message =
    result.status === 'ok'
      ? `Previsão atualizada: ${result.days.length} dias, modelo ${result.modelLabel}.`
      : result.message;
  return { sheet: FORECAST_SHEET, model: result.status === 'ok' ? result.model : null, message };
}

/** Updates, inserts or removes the chart; returns the property to store when a chart was inserted. */
function syncChart(deps: ForecastDeps & { render: SheetRenderPort }, spec: ChartSpec | null): Record<string, string> {
  const known = deps.documentStore.get(FORECAST_CHART_KEY);
  const present = known !== null && deps.render.listChartIds(FORECAST_SHEET).includes(known);
  if (spec === null) {
    if (present) deps.render.removeChart(FORECAST_SHEET, known);
    if (known !== null) deps.documentStore.delete(FORECAST_CHART_KEY);
    return {};
  }
  if (present) {
    deps.render.updateChart(FORECAST_SHEET, known, spec);
    return {};
  }
  return { [FORECAST_CHART_KEY]: deps.render.insertChart(FORECAST_SHEET, spec) };
}
