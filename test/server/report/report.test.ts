// The scheduled report: due periods, the escaped summary e-mail with changes, once per period, PDF fallback, quota.
import { describe, expect, it } from 'vitest';
import { REPORT_STATE_KEY, runScheduledReport, type PdfExportPort, type ReportDeps } from '../../../src/server/app/report';
import type { CellValue } from '../../../src/server/app/ports';
import { duePeriod, escapeHtml, peakHours } from '../../../src/server/domain/report';
import { SETTINGS_KEYS } from '../../../src/server/domain/settings';
import type { ReportSettings } from '../../../src/shared/dto';
import { ManualClock, MemoryBook, MemoryMail, MemoryStore, conversationValues } from '../alerts/memory-ports';

const EVIL = '<img src=x onerror=alert(1)>';
const ZONE = 'America/Sao_Paulo';
/** Local (UTC−3) wall time as an instant. */
const local = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h + 3, mi);

const DAILY: ReportSettings = { frequency: 'daily', recipients: ['gestor@example.com'], hour: 8, attachPdf: false };
const WEEKLY: ReportSettings = { ...DAILY, frequency: 'weekly' };

describe('duePeriod', () => {
  it('sends the daily report for yesterday once a local day, from the configured hour on', () => {
    expect(duePeriod(DAILY, local(2026, 3, 17, 7, 59), ZONE, null)).toBeNull();
    const due = duePeriod(DAILY, local(2026, 3, 17, 8), ZONE, null);
    expect(due).toEqual({ key: 'd:2026-03-17', label: 'dia 16/03/2026', from: '2026-03-16', to: '2026-03-16' });
    expect(duePeriod(DAILY, local(2026, 3, 17, 23), ZONE, 'd:2026-03-17')).toBeNull();
    // 01:30 UTC on the 18th is still the 17th in São Paulo.
    expect(duePeriod({ ...DAILY, hour: 0 }, Date.UTC(2026, 2, 18, 1, 30), ZONE, 'd:2026-03-17')).toBeNull();
    expect(duePeriod({ ...DAILY, frequency: 'off' }, local(2026, 3, 17, 9), ZONE, null)).toBeNull();
  });

  it('sends the weekly report for the previous Monday–Sunday from Monday at the hour, or later that week', () => {
    // 16 March 2026 is a Monday.
    expect(duePeriod(WEEKLY, local(2026, 3, 16, 7), ZONE, null)).toBeNull();
    const due = duePeriod(WEEKLY, local(2026, 3, 16, 8), ZONE, 'w:2026-W11');
    expect(due).toEqual({ key: 'w:2026-W12', label: 'semana de 09/03/2026 a 15/03/2026', from: '2026-03-09', to: '2026-03-15' });
    expect(duePeriod(WEEKLY, local(2026, 3, 18, 3), ZONE, 'w:2026-W11')?.key).toBe('w:2026-W12');
    expect(duePeriod(WEEKLY, local(2026, 3, 22, 23), ZONE, 'w:2026-W12')).toBeNull();
  });
});

describe('peakHours', () => {
  it('sums the heat map over weekdays and ranks hours, earlier first on ties', () => {
    const heat = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    heat[0]![14] = 3;
    heat[3]![14] = 2;
    heat[1]![9] = 5;
    heat[6]![20] = 1;
    heat[2]![8] = 5;
    expect(peakHours(heat)).toEqual([
      { hour: 8, count: 5 },
      { hour: 9, count: 5 },
      { hour: 14, count: 5 },
    ]);
  });
});

function conversation(id: string, day: [number, number, number], hour: number, fields: Record<string, CellValue>): Record<string, CellValue> {
  return { conversation_id: id, created_at: new Date(local(day[0], day[1], day[2], hour)), ...fields };
}

function setup(report: ReportSettings, options: { quota?: number; pdf?: PdfExportPort } = {}) {
  const documents = new MemoryStore();
  documents.setMany({ [SETTINGS_KEYS.document]: JSON.stringify({ report }) });
  const book = new MemoryBook(ZONE);
  book.sheets.set(
    'Conversas',
    conversationValues([
      // Week of 9–15 March: 3 conversations, 2 resolved; agent "<img…>" has 2.
      conversation('a', [2026, 3, 9], 10, { agent_id: EVIL, channel: 'whatsapp', status: 'RESOLVED', resolved: true }),
      conversation('b', [2026, 3, 10], 10, { agent_id: EVIL, channel: 'whatsapp', status: 'RESOLVED', resolved: true }),
      conversation('c', [2026, 3, 12], 15, { agent_id: 'ag2', channel: 'web', status: 'UNRESOLVED', resolved: false }),
      // Week of 2–8 March: 2 conversations, 1 resolved.
      conversation('d', [2026, 3, 3], 11, { agent_id: 'ag2', channel: 'web', status: 'RESOLVED', resolved: true }),
      conversation('e', [2026, 3, 4], 11, { agent_id: 'ag2', channel: 'web', status: 'UNRESOLVED', resolved: false }),
    ]),
  );
  const mail = new MemoryMail(options.quota ?? 100);
  const clock = new ManualClock(local(2026, 3, 16, 9));
  const failing: PdfExportPort = {
    exportSheet: () => {
      throw new Error('DNS error: https://docs.google.com/spreadsheets/d/x/export');
    },
  };
  const deps: ReportDeps = {
    sheet: book,
    documentStore: documents,
    userStore: new MemoryStore(),
    clock,
    mail,
    spreadsheetName: `Planilha ${EVIL}`,
    pdf: options.pdf ?? failing,
  };
  return { deps, mail, clock, documents };
}

describe('runScheduledReport', () => {
  it('sends the weekly summary with KPIs, changes, top agents and channels and peak hours, escaped', () => {
    const t = setup(WEEKLY);
    const result = runScheduledReport(t.deps);
    expect(result).toMatchObject({ sent: true, period: 'w:2026-W12' });
    expect(t.mail.sent).toHaveLength(1);
    const mail = t.mail.sent[0]!;
    expect(mail.subject).toBe('Chatvolt Analytics: resumo — semana de 09/03/2026 a 15/03/2026');
    expect(mail.htmlBody).not.toContain('<img');
    expect(mail.htmlBody).toContain(escapeHtml(EVIL));
    // Volume 3 vs 2: +1 (+50,0 %); resolution 66,7 % vs 50,0 %: +16,7 p.p.
    expect(mail.body).toContain('Conversas: 3 (anterior 2; +1 (+50,0 %))');
    expect(mail.body).toContain('Taxa de resolução: 66,7 % (anterior 50,0 %; +16,7 p.p.)');
    expect(mail.body).toContain(`Principais agentes: ${EVIL} (2), ag2 (1)`);
    expect(mail.body).toContain('Principais canais: whatsapp (2), web (1)');
    expect(mail.body).toContain('Horários de pico: 10h (2), 15h (1)');
    expect(t.documents.get(REPORT_STATE_KEY)).toBe('w:2026-W12');
  });

  it('sends at most once per period', () => {
    const t = setup(WEEKLY);
    runScheduledReport(t.deps);
    t.clock.ms += 3 * 3_600_000;
    expect(runScheduledReport(t.deps).sent).toBe(false);
    t.clock.ms += 7 * 86_400_000;
    expect(runScheduledReport(t.deps)).toMatchObject({ sent: true, period: 'w:2026-W13' });
    expect(t.mail.sent).toHaveLength(2);
  });

  it('sends without the PDF and says why when the export fails', () => {
    const t = setup({ ...WEEKLY, attachPdf: true });
    runScheduledReport(t.deps);
    const mail = t.mail.sent[0]!;
    expect(mail.attachments).toBeUndefined();
    expect(mail.body).toContain('O PDF da aba "Visão Geral" não pôde ser anexado (DNS error');
    expect(mail.htmlBody).toContain('não pôde ser anexado');
  });

  it('attaches the PDF when the export works', () => {
    const pdf: PdfExportPort = { exportSheet: (name) => ({ fileName: `${name}.pdf`, mimeType: 'application/pdf', bytes: [37, 80, 68, 70] }) };
    const t = setup({ ...WEEKLY, attachPdf: true }, { pdf });
    runScheduledReport(t.deps);
    expect(t.mail.sent[0]!.attachments).toEqual([{ fileName: 'Visão Geral.pdf', mimeType: 'application/pdf', bytes: [37, 80, 68, 70] }]);
  });

  it('does not send nor mark the period when the daily mail quota is short, and sends once it is back', () => {
    const t = setup(WEEKLY, { quota: 0 });
    expect(runScheduledReport(t.deps)).toMatchObject({ sent: false, period: 'w:2026-W12' });
    expect(t.documents.get(REPORT_STATE_KEY)).toBeNull();
    t.mail.quota = 10;
    expect(runScheduledReport(t.deps).sent).toBe(true);
  });
});
