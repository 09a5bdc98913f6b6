// runAlerts over in-memory ports: once-and-clear by e-mail, the "Alertas" log, quota and hourly limits, sync failures.
import { describe, expect, it } from 'vitest';
import { alertRunNeeded, runAlerts, type AlertDeps } from '../../../src/server/app/alerts';
import type { CellValue } from '../../../src/server/app/ports';
import { ALERT_STATE_KEY, MAX_CONDITIONS_PER_RULE, parseAlertState } from '../../../src/server/domain/alerts';
import { SETTINGS_KEYS } from '../../../src/server/domain/settings';
import type { AlertSettings, SyncReport } from '../../../src/shared/dto';
import { ManualClock, MemoryBook, MemoryMail, MemoryStore, conversationValues } from './memory-ports';

const NOW = Date.UTC(2026, 2, 15, 12, 0);
const MIN = 60_000;
const EVIL = '<img src=x onerror=alert(1)>';

const OK: SyncReport = {
  ok: true,
  complete: true,
  conversationsListed: 0,
  conversationsWritten: 0,
  messagesFetched: 0,
  apiCalls: 1,
  durationMs: 1,
  startedAt: new Date(NOW).toISOString(),
  finishedAt: new Date(NOW).toISOString(),
  message: 'ok',
  capacity: { cellsUsed: 0, cellLimit: 10_000_000, percent: 0, projectedFullDate: null },
};
const FAILED: SyncReport = { ...OK, ok: false, message: 'A chave da API foi recusada pelo Chatvolt.' };

function setup(alerts: Partial<AlertSettings>, options: { quota?: number } = {}) {
  const documents = new MemoryStore();
  documents.setMany({
    [SETTINGS_KEYS.document]: JSON.stringify({ alerts: { enabled: true, recipients: ['equipe@example.com'], ...alerts } }),
  });
  const book = new MemoryBook();
  const mail = new MemoryMail(options.quota ?? 100);
  const clock = new ManualClock(NOW);
  const deps: AlertDeps = { sheet: book, documentStore: documents, userStore: new MemoryStore(), clock, mail, spreadsheetName: 'Atendimento' };
  const waiting = (id: string, minutesAgo: number, awaiting = true) => ({
    conversation_id: id,
    awaiting_reply: awaiting,
    contact_name: EVIL,
    last_customer_message_at: new Date(clock.ms - minutesAgo * MIN),
  });
  const setRows = (rows: Array<Record<string, CellValue>>) => book.sheets.set('Conversas', conversationValues(rows));
  return { deps, book, mail, clock, documents, waiting, setRows };
}

const logRows = (book: MemoryBook) => book.sheets.get('Alertas') ?? [];

describe('runAlerts', () => {
  it('e-mails an unanswered conversation once, stays quiet while it holds, and alerts again after it clears', () => {
    const t = setup({ unansweredMinutes: 15 });
    t.setRows([t.waiting('c1', 20)]);
    expect(runAlerts(t.deps, OK)).toMatchObject({ holding: 1, fresh: 1, emailed: true });
    expect(t.mail.sent).toHaveLength(1);
    expect(t.mail.sent[0]!.to).toEqual(['equipe@example.com']);
    expect(logRows(t.book)).toHaveLength(2);

    t.clock.ms += 5 * MIN;
    expect(runAlerts(t.deps, OK)).toMatchObject({ holding: 1, fresh: 0, emailed: false });
    expect(t.mail.sent).toHaveLength(1);
    expect(logRows(t.book)).toHaveLength(2);

    t.setRows([t.waiting('c1', 20, false)]);
    expect(runAlerts(t.deps, OK)).toMatchObject({ holding: 0, fresh: 0, cleared: 1 });

    t.clock.ms += 60 * MIN;
    t.setRows([t.waiting('c1', 16)]);
    expect(runAlerts(t.deps, OK)).toMatchObject({ fresh: 1, emailed: true });
    expect(t.mail.sent).toHaveLength(2);
    expect(logRows(t.book)).toHaveLength(3);
  });

  it('escapes the contact name in the e-mail and keeps it as plain text in the log', () => {
    const t = setup({ unansweredMinutes: 15 });
    t.setRows([t.waiting('c1', 20)]);
    runAlerts(t.deps, OK);
    const html = t.mail.sent[0]!.htmlBody;
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('c1');
    const [header, row] = logRows(t.book);
    expect(header).toEqual(['Data/hora', 'Regra', 'Conversa', 'Contato / título', 'Detalhe', 'E-mail']);
    expect(row!.slice(1, 4)).toEqual(['Conversa sem resposta', 'c1', EVIL]);
    expect(row![0]).toEqual(new Date(NOW));
  });

  it('logs to "Alertas" with a note and does not throw when the daily mail quota is exhausted', () => {
    const t = setup({ unansweredMinutes: 15, recipients: ['a@example.com', 'b@example.com'] }, { quota: 1 });
    t.setRows([t.waiting('c1', 20), t.waiting('c2', 30)]);
    expect(runAlerts(t.deps, OK)).toMatchObject({ fresh: 2, emailed: false });
    expect(t.mail.sent).toHaveLength(0);
    const rows = logRows(t.book).slice(1);
    // Longest waiting first.
    expect(rows.map((r) => r[2])).toEqual(['c2', 'c1']);
    for (const r of rows) expect(r[5]).toBe('não enviado: cota diária de e-mails do Google esgotada');
    // One write for header and both rows.
    expect(t.book.writes).toEqual([{ sheet: 'Alertas', row: 1, rows: 3 }]);
    // Still de-duplicated: the next run neither e-mails nor logs them again.
    t.mail.quota = 100;
    expect(runAlerts(t.deps, OK)).toMatchObject({ fresh: 0 });
    expect(logRows(t.book)).toHaveLength(3);
  });

  it('logs the alert with the error and keeps its state when MailApp itself fails', () => {
    const t = setup({ unansweredMinutes: 15, syncFailures: 2 });
    t.mail.failure = new Error('Você não tem permissão para chamar MailApp.getRemainingDailyQuota.');
    t.setRows([t.waiting('c1', 20)]);
    expect(runAlerts(t.deps, FAILED)).toMatchObject({ fresh: 1, emailed: false });
    expect(logRows(t.book)[1]![5]).toBe('não enviado: Você não tem permissão para chamar MailApp.getRemainingDailyQuota.');
    // The failed sync was counted and the condition remembered: the second failure alerts only the sync rule.
    expect(runAlerts(t.deps, FAILED)).toMatchObject({ fresh: 1, holding: 2 });
    expect(logRows(t.book).map((r) => r[1])).toEqual(['Regra', 'Conversa sem resposta', 'Sincronização falhando']);
  });

  it('sends at most four alert e-mails an hour and logs the rest with a note', () => {
    const t = setup({ unansweredMinutes: 15 });
    const rows: Array<Record<string, CellValue>> = [];
    for (let i = 1; i <= 5; i++) {
      rows.push(t.waiting(`c${i}`, 20));
      t.setRows(rows);
      runAlerts(t.deps, OK);
      t.clock.ms += 5 * MIN;
    }
    expect(t.mail.sent).toHaveLength(4);
    expect(logRows(t.book)[5]![5]).toContain('limite de 4 e-mails de alerta por hora');
    // An hour after the first ones, a new condition is e-mailed again.
    t.clock.ms += 60 * MIN;
    rows.push(t.waiting('c6', 20));
    t.setRows(rows);
    runAlerts(t.deps, OK);
    expect(t.mail.sent).toHaveLength(5);
  });

  it('counts failed scheduled syncs in a row and alerts at the configured count, once', () => {
    const t = setup({ syncFailures: 2 });
    t.setRows([]);
    expect(runAlerts(t.deps, FAILED).fresh).toBe(0);
    expect(runAlerts(t.deps, FAILED)).toMatchObject({ fresh: 1, emailed: true });
    expect(t.mail.sent[0]!.body).toContain('A chave da API foi recusada');
    expect(runAlerts(t.deps, FAILED)).toMatchObject({ fresh: 0, holding: 1 });
    expect(runAlerts(t.deps, OK)).toMatchObject({ cleared: 1, holding: 0 });
    expect(parseAlertState(t.documents.get(ALERT_STATE_KEY)).failures).toBe(0);
  });

  it('alerts when today passes the forecast upper band, computing the band once a day', () => {
    const t = setup({ volumeAboveForecast: true });
    const day0 = Date.UTC(2026, 1, 15);
    const rows: Array<Record<string, CellValue>> = [];
    // 28 days of exactly 10 conversations a day, then today (15 March, UTC) so far.
    for (let d = 0; d < 28; d++) for (let i = 0; i < 10; i++) rows.push({ conversation_id: `h${d}-${i}`, created_at: new Date(day0 + d * 86_400_000 + i * 3_600_000) });
    const today = (n: number) => Array.from({ length: n }, (_, i) => ({ conversation_id: `t${i}`, created_at: new Date(Date.UTC(2026, 2, 15, 0, i)) }));
    t.setRows([...rows, ...today(10)]);
    expect(runAlerts(t.deps, OK).holding).toBe(0);
    const band = parseAlertState(t.documents.get(ALERT_STATE_KEY)).band;
    // A perfectly flat history: the seasonal naive forecasts 10 with no error, so the band is [10, 10].
    expect(band).toEqual({ date: '2026-03-15', expected: 10, high: 10 });
    // Rewriting the history does not move today's band: it was computed once for the day.
    t.setRows([...rows.slice(0, 100), ...today(11)]);
    const result = runAlerts(t.deps, OK);
    expect(result).toMatchObject({ fresh: 1, emailed: true });
    expect(t.mail.sent[0]!.body).toContain('11 conversas hoje (2026-03-15)');
  });

  it('alerts a condition that still holds when alerts are switched off and on again', () => {
    const t = setup({ unansweredMinutes: 15 });
    t.setRows([t.waiting('c1', 20)]);
    expect(runAlerts(t.deps, OK)).toMatchObject({ fresh: 1, emailed: true });
    const settings = (enabled: boolean) =>
      t.documents.setMany({
        [SETTINGS_KEYS.document]: JSON.stringify({ alerts: { enabled, recipients: ['equipe@example.com'], unansweredMinutes: 15 } }),
      });
    settings(false);
    t.clock.ms += 2 * 60 * MIN;
    runAlerts(t.deps, OK);
    // While off, c1 may have been answered and left waiting again unseen: back on, it is reported afresh.
    settings(true);
    expect(runAlerts(t.deps, OK)).toMatchObject({ fresh: 1, emailed: true });
    expect(t.mail.sent).toHaveLength(2);
  });

  it('keeps counting failures but reads no sheet and sends nothing when alerts are off', () => {
    const t = setup({ enabled: false, syncFailures: 1 });
    t.setRows([t.waiting('c1', 999)]);
    runAlerts(t.deps, FAILED);
    runAlerts(t.deps, FAILED);
    expect(t.book.reads).toBe(0);
    expect(t.mail.sent).toHaveLength(0);
    expect(parseAlertState(t.documents.get(ALERT_STATE_KEY)).failures).toBe(2);
    // Successful syncs reset the counter once; after that an unchanged state is not written again.
    const writes = t.documents.writes;
    runAlerts(t.deps, OK);
    runAlerts(t.deps, OK);
    runAlerts(t.deps, OK);
    expect(t.documents.writes).toBe(writes + 1);
    expect(parseAlertState(t.documents.get(ALERT_STATE_KEY)).failures).toBe(0);
  });

  it('has nothing to do with alerts off after a successful sync over a clean state, and runs otherwise', () => {
    const t = setup({ enabled: false, syncFailures: 1 });
    expect(alertRunNeeded(t.deps, OK)).toBe(false);
    expect(alertRunNeeded(t.deps, FAILED)).toBe(true);
    runAlerts(t.deps, FAILED);
    // The failure count must go back to 0.
    expect(alertRunNeeded(t.deps, OK)).toBe(true);
    runAlerts(t.deps, OK);
    expect(alertRunNeeded(t.deps, OK)).toBe(false);
    expect(alertRunNeeded(setup({ unansweredMinutes: 15 }).deps, OK)).toBe(true);
  });

  it('alerts each of a thousand waiting conversations at most once: the remembered keys stay under 9 KB', () => {
    const t = setup({ unansweredMinutes: 15 });
    t.setRows(Array.from({ length: 1000 }, (_, i) => t.waiting(`conversation-${i}`, 20 + i)));
    const first = runAlerts(t.deps, OK);
    expect(first.fresh).toBe(MAX_CONDITIONS_PER_RULE);
    // The longest waiting are the ones reported.
    expect(logRows(t.book)[1]![2]).toBe('conversation-999');
    t.clock.ms += MIN;
    expect(runAlerts(t.deps, OK).fresh).toBe(0);
    expect(logRows(t.book)).toHaveLength(1 + MAX_CONDITIONS_PER_RULE);
  });
});
