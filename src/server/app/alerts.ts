// Use case: evaluate the alert rules after a scheduled sync, e-mail new alerts within quota and limits, log them.
import { businessCalendar } from '../domain/business-hours';
import type { SyncReport } from '../../shared/dto';
import {
  ALERTS_HEADER,
  ALERTS_SHEET,
  ALERT_STATE_KEY,
  MAX_ALERT_EMAILS_PER_HOUR,
  alertLogRows,
  diffAlerts,
  evaluateAlerts,
  mayEmail,
  parseAlertState,
  renderAlertEmail,
  serializeAlertState,
  type AlertInput,
} from '../domain/alerts';
import { CONVERSATIONS_SHEET } from '../domain/columns';
import type { Settings } from '../domain/settings';
import { buildForecast, dailyHistory } from '../domain/forecast';
import { isoDate } from '../domain/metrics/time-zone';
import { readConversationTable } from '../domain/metrics/conversation-table';
import type { CellValue, Clock, KeyValueStore, MailPort, SpreadsheetPort } from './ports';
import { loadSettings } from './settings-store';

/** The ports the alerts use. */
export interface AlertDeps {
  sheet: SpreadsheetPort;
  documentStore: KeyValueStore;
  userStore: KeyValueStore;
  clock: Clock;
  mail: MailPort;
  /** The spreadsheet's name and address, for the e-mail. */
  spreadsheetName: string;
  spreadsheetUrl?: string;
}

/** What one alert run did. */
export interface AlertRunResult {
  /** Conditions holding now. */
  holding: number;
  /** Of those, new since the last run (alerted now). */
  fresh: number;
  cleared: number;
  emailed: boolean;
  /** The e-mail outcome as written in the "Alertas" sheet ('' when nothing was new). */
  note: string;
}

const FORMATS = ['dd/mm/yyyy hh:mm:ss', '@', '@', '@', '@', '@'];

/**
 * Post-sync alerts (issue 6). Always counts scheduled sync failures in a row (reset by a successful sync), so the
 * rule works from the moment it is switched on. With alerts on: evaluates the rules over "Conversas", alerts each
 * condition once until it clears, sends one e-mail for all new conditions when there are recipients, the hourly
 * limit allows and MailApp's daily quota covers every recipient, and appends one row per new condition to the
 * "Alertas" sheet in one write, noting why no e-mail went out. Never throws for quota or send errors.
 */
export function runAlerts(deps: AlertDeps, report: SyncReport): AlertRunResult {
  const settings = loadSettings(deps.userStore, deps.documentStore);
  const nowMs = deps.clock.now();
  const stored = deps.documentStore.get(ALERT_STATE_KEY);
  const state = parseAlertState(stored);
  // Properties writes cost ~50 ms: skip the write when nothing changed (alerts off, syncs succeeding).
  const save = (): void => {
    const next = serializeAlertState(state, nowMs);
    if (next !== stored) deps.documentStore.setMany({ [ALERT_STATE_KEY]: next });
  };
  state.failures = report.ok ? 0 : state.failures + 1;
  const alerts = settings.alerts;
  if (!alerts.enabled) {
    // Nothing is evaluated while alerts are off, so nobody sees a condition clear: forget them all, or one that
    // cleared and came back meanwhile would stay silent when alerts are switched on again.
    state.active = [];
    save();
    return { holding: 0, fresh: 0, cleared: 0, emailed: false, note: '' };
  }
  const timeZone = deps.sheet.timeZone();
  const snapshot = deps.sheet.readSheet(CONVERSATIONS_SHEET);
  const records = readConversationTable(snapshot ? snapshot.values : [], timeZone).records;
  let volume: AlertInput['volume'] = null;
  if (alerts.volumeAboveForecast) {
    const history = dailyHistory(records, timeZone, nowMs);
    const date = isoDate(history.today);
    if (state.band?.date !== date) {
      const forecast = buildForecast({ records, timeZone, nowMs, slaSeconds: settings.slaSeconds });
      const today = forecast.status === 'ok' ? forecast.days[0] : undefined;
      // No forecast yet (short history) is remembered for the day too, as an infinite band.
      state.band = { date, expected: today?.expected ?? 0, high: today?.high ?? Number.MAX_VALUE };
    }
    if (state.band.high < Number.MAX_VALUE) {
      volume = { date, today: history.todayVolume, expected: state.band.expected, high: state.band.high };
    }
  }
  const conditions = evaluateAlerts({
    records,
    nowMs,
    settings: alerts,
    slaSeconds: settings.slaSeconds,
    calendar: businessCalendar(settings.businessHours, settings.holidays, timeZone),
    syncFailures: state.failures,
    lastSyncMessage: report.ok ? null : report.message,
    volume,
    capacity: report.capacity,
  });
  const diff = diffAlerts(state.active, conditions);
  state.active = diff.active;
  let emailed = false;
  let note = '';
  if (diff.fresh.length > 0) {
    const recipients = alerts.recipients;
    if (recipients.length === 0) note = 'não enviado: nenhum destinatário configurado';
    else if (!mayEmail(state, nowMs)) note = `não enviado: limite de ${MAX_ALERT_EMAILS_PER_HOUR} e-mails de alerta por hora atingido`;
    else {
      // The quota call fails like a send does (MailApp unauthorised or down): the log and the state must still be
      // written, or the failure count is lost and the same conditions come back as new on every run.
      try {
        if (deps.mail.remainingDailyQuota() < recipients.length) note = 'não enviado: cota diária de e-mails do Google esgotada';
        else {
          const email = renderAlertEmail(diff.fresh, deps.spreadsheetName, deps.spreadsheetUrl ?? null);
          deps.mail.send({ to: recipients, subject: email.subject, htmlBody: email.htmlBody, body: email.body });
          emailed = true;
          state.sent.push(nowMs);
          note = `enviado para ${recipients.length} destinatário(s)`;
        }
      } catch (error) {
        note = `não enviado: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    appendLog(deps.sheet, alertLogRows(diff.fresh, new Date(nowMs), note));
  }
  save();
  return { holding: conditions.length, fresh: diff.fresh.length, cleared: diff.cleared, emailed, note };
}

/**
 * Whether `runAlerts` would do anything: with alerts off it only counts failed syncs and forgets the conditions, so
 * after a successful sync over a clean stored state it would change nothing. Lets the post-sync step skip the
 * document lock, its flush and the spreadsheet lookups on every idle run of a document without alerts (the default),
 * whose 1-minute trigger has 3.75 s a run.
 */
export function alertRunNeeded(
  deps: Pick<AlertDeps, 'documentStore' | 'userStore'>,
  report: SyncReport,
  settings: Settings = loadSettings(deps.userStore, deps.documentStore),
): boolean {
  if (!report.ok || settings.alerts.enabled) return true;
  const state = parseAlertState(deps.documentStore.get(ALERT_STATE_KEY));
  return state.failures > 0 || state.active.length > 0;
}

/** Appends rows under the log's last row (header first on a new sheet): one write per run. */
function appendLog(sheet: SpreadsheetPort, rows: CellValue[][]): void {
  const created = sheet.ensureSheet(ALERTS_SHEET);
  let lastRow = 0;
  if (!created) lastRow = sheet.size ? (sheet.size(ALERTS_SHEET)?.lastRow ?? 0) : (sheet.readSheet(ALERTS_SHEET)?.lastRow ?? 0);
  const block: CellValue[][] = lastRow === 0 ? [[...ALERTS_HEADER], ...rows] : rows;
  sheet.writeBlock(ALERTS_SHEET, lastRow + 1, 1, block, FORMATS);
}
