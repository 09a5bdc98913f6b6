// Entry points of issue 6: rebuildForecast (menu), the post-sync alert, report and forecast steps.
import type { SyncReport } from '../../shared/dto';
import { mailApp, spreadsheetUi } from '../adapters/apps-script';
import { sheetRender } from '../adapters/sheet-render';
import { alertRunNeeded, runAlerts } from '../app/alerts';
import { forecastRebuildNeeded, writeForecastSheet, type ForecastSheetResult } from '../app/forecast';
import { runScheduledReport, type PdfExportPort } from '../app/report';
import type { Settings } from '../domain/settings';
import { FORECAST_SHEET } from '../domain/forecast';
import { dashboardDeps, withDocumentLock } from './services';

/** The spreadsheet's name and address for the e-mails. */
function spreadsheetRef(): { spreadsheetName: string; spreadsheetUrl: string } {
  const book = SpreadsheetApp.getActiveSpreadsheet();
  return { spreadsheetName: book.getName(), spreadsheetUrl: book.getUrl() };
}

/**
 * (Re)writes the "Previsão" sheet: 14-day forecast with bands, the hourly split with Erlang C operators, the backtest
 * and a line chart. Menu and sidebar; takes the document lock like rebuildDashboards.
 */
export function rebuildForecast(): ForecastSheetResult {
  const result = withDocumentLock('Outra atualização está em andamento. Tente gerar a previsão de novo em alguns instantes.', () =>
    writeForecastSheet({ ...dashboardDeps(), render: sheetRender() }),
  );
  spreadsheetUi()?.toast(result.message, 'Chatvolt Analytics');
  return result;
}

const BUSY_STEP = 'outra execução segurou a planilha; a etapa roda de novo na próxima sincronização agendada.';

/** Post-sync step: alert rules, e-mail and the "Alertas" log (runs after failed syncs too: it counts them). */
export function alertsAfterSync(report: SyncReport, settings: Settings): void {
  const deps = dashboardDeps();
  if (!alertRunNeeded(deps, report, settings)) return;
  withDocumentLock(BUSY_STEP, () => runAlerts({ ...deps, ...spreadsheetRef(), mail: mailApp() }, report));
}

/**
 * The "Visão Geral" sheet as PDF through the spreadsheet export URL with the script's OAuth token. Needs a scope
 * that can read the file (`https://www.googleapis.com/auth/spreadsheets` or `drive.readonly`; `spreadsheets.currentonly`
 * is not enough) and `https://docs.google.com/` in `urlFetchWhitelist`; without them (and always in the local
 * runtime, which is offline) it throws and the report goes without the attachment.
 */
function sheetPdfExport(): PdfExportPort {
  return {
    exportSheet(sheetName) {
      const book = SpreadsheetApp.getActiveSpreadsheet();
      const sheet = book.getSheetByName(sheetName);
      if (!sheet) throw new Error(`a aba "${sheetName}" não existe; gere os painéis primeiro`);
      const url =
        `https://docs.google.com/spreadsheets/d/${book.getId()}/export?format=pdf&gid=${sheet.getSheetId()}` +
        '&portrait=false&fitw=true&gridlines=false';
      const response = UrlFetchApp.fetch(url, {
        headers: { Authorization: `Bearer ${ScriptApp.getOAuthToken()}` },
        muteHttpExceptions: true,
      });
      const status = response.getResponseCode();
      if (status !== 200) throw new Error(`a exportação respondeu HTTP ${status}`);
      return { fileName: `${sheetName}.pdf`, mimeType: 'application/pdf', bytes: response.getBlob().getBytes() };
    },
  };
}

/**
 * Post-sync step: the daily/weekly summary e-mail when one is due (after a successful sync only). A due report that
 * could not go out (quota, send error) throws its note, so the sync report's message says why until it is sent.
 */
export function reportAfterSync(report: SyncReport, settings: Settings): void {
  if (!report.ok) return;
  // Most documents never turn the report on: no lock nor sheet read for them.
  if (settings.report.frequency === 'off') return;
  const deps = dashboardDeps();
  const result = withDocumentLock(BUSY_STEP, () =>
    runScheduledReport({ ...deps, ...spreadsheetRef(), mail: mailApp(), pdf: sheetPdfExport() }),
  );
  if (!result.sent && result.period !== null) throw new Error(`não enviado: ${result.note}`);
}

/**
 * Post-sync step: rewrites "Previsão" with the other generated sheets when `rebuildAfterSync` is on and the user has
 * generated it once (the sheet exists): a scheduled sync never adds a sheet nobody asked for. Skipped when the sync
 * wrote nothing on the day of the last write (see forecastRebuildNeeded).
 */
export function forecastAfterSync(report: SyncReport, settings: Settings): void {
  if (!report.ok || !settings.rebuildAfterSync) return;
  const deps = dashboardDeps();
  if (!forecastRebuildNeeded(deps, report)) return;
  if (deps.sheet.size ? deps.sheet.size(FORECAST_SHEET) === null : deps.sheet.readSheet(FORECAST_SHEET) === null) return;
  withDocumentLock(BUSY_STEP, () => writeForecastSheet({ ...deps, render: sheetRender() }));
}
