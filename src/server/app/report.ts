// Use case: the scheduled summary e-mail (daily/weekly), at most once per period, with an optional PDF of "Visão Geral".
import { businessHoursOn } from '../domain/business-hours-settings';
import { CONVERSATIONS_SHEET } from '../domain/columns';
import { readConversationTable } from '../domain/metrics/conversation-table';
import { computeDashboard } from '../domain/metrics/dashboard';
import { duePeriod, renderReportEmail } from '../domain/report';
import type { AlertDeps } from './alerts';
import { loadSettings } from './settings-store';

/** Document Properties key of the last period sent (`ReportPeriod.key`). */
export const REPORT_STATE_KEY = 'report.lastSent.v1';
/** The sheet attached as PDF when `attachPdf` is on. */
export const REPORT_PDF_SHEET = 'Visão Geral';

/** A PDF of one sheet; throws when the export is not possible (no scope, no network, no sheet). */
export interface PdfExportPort {
  exportSheet(sheetName: string): { fileName: string; mimeType: string; bytes: number[] };
}

/** The ports the report uses: the alerts' (sheet, stores, clock, mail, spreadsheet name) plus the PDF export. */
export interface ReportDeps extends AlertDeps {
  pdf: PdfExportPort;
}

/** What one report run did. */
export interface ReportRunResult {
  sent: boolean;
  /** The period key considered, or null when none was due. */
  period: string | null;
  note: string;
}

/**
 * Post-sync step: sends the summary of the due period (see `duePeriod`) to the configured recipients and marks it
 * sent. Not due, no recipients → nothing. Quota short of the recipients → not sent and not marked (the next sync
 * retries). The PDF export failing (always offline, or without the extra scope) sends the e-mail without it and
 * says so in the body. A send error is returned as the note, never thrown.
 */
export function runScheduledReport(deps: ReportDeps): ReportRunResult {
  const settings = loadSettings(deps.userStore, deps.documentStore);
  const timeZone = deps.sheet.timeZone();
  const nowMs = deps.clock.now();
  const period = duePeriod(settings.report, nowMs, timeZone, deps.documentStore.get(REPORT_STATE_KEY));
  if (!period) return { sent: false, period: null, note: 'nenhum relatório pendente' };
  const recipients = settings.report.recipients;
  if (recipients.length === 0) return { sent: false, period: period.key, note: 'nenhum destinatário configurado' };
  if (deps.mail.remainingDailyQuota() < recipients.length) {
    return { sent: false, period: period.key, note: 'cota diária de e-mails do Google esgotada; nova tentativa na próxima sincronização' };
  }
  const snapshot = deps.sheet.readSheet(CONVERSATIONS_SHEET);
  const table = readConversationTable(snapshot ? snapshot.values : [], timeZone);
  const data = computeDashboard(
    table,
    { from: period.from, to: period.to },
    {
      timeZone,
      now: new Date(nowMs),
      slaSeconds: settings.slaSeconds,
      abandonMinutes: settings.abandonMinutes,
      lastSync: null,
      businessHoursOn: businessHoursOn(settings.businessHours),
    },
  );
  let attachments: Array<{ fileName: string; mimeType: string; bytes: number[] }> | undefined;
  let note: string | null = null;
  if (settings.report.attachPdf) {
    try {
      attachments = [deps.pdf.exportSheet(REPORT_PDF_SHEET)];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      note = `O PDF da aba "${REPORT_PDF_SHEET}" não pôde ser anexado (${reason}); o resumo segue neste e-mail.`;
    }
  }
  const email = renderReportEmail(data, period, deps.spreadsheetName, note, deps.spreadsheetUrl ?? null);
  try {
    deps.mail.send({ to: recipients, subject: email.subject, htmlBody: email.htmlBody, body: email.body, ...(attachments ? { attachments } : {}) });
  } catch (error) {
    return { sent: false, period: period.key, note: `falha no envio: ${error instanceof Error ? error.message : String(error)}` };
  }
  deps.documentStore.setMany({ [REPORT_STATE_KEY]: period.key });
  return { sent: true, period: period.key, note: note ?? `enviado para ${recipients.length} destinatário(s)` };
}
