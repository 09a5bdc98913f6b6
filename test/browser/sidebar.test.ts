// The sidebar in Chromium on the real built bundle (local runtime): KPIs of seeded rows, filters, refresh, CSV, XSS, errors.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/server/app/ports';
import { createRuntime, type LocalRuntime } from '../runtime/index';
import { closeBrowser, DIST_DIR, openPage, pausedClock, type OpenedPage, type PageRuntime } from './harness';
import { eventually } from './eventually';

/** The runtime's virtual clock and the page's fake clock both start here (09:00 in São Paulo). */
const NOW = '2026-03-15T12:00:00.000Z';
const XSS = '<img src=x onerror=alert(1)>';

/** Local São Paulo time (UTC−3, no DST in 2026) as an instant. */
const sp = (local: string): Date => new Date(`${local}-03:00`);

// A Make-style sheet: the 17 Make columns plus the three the KPIs need, as a person or Make would fill them.
const HEADER = [
  'conversation_id', 'created_at', 'updated_at', 'status', 'priority', 'channel', 'visitor_id', 'agent_id',
  'frustration_level', 'first_response_time', 'resolution_time', 'message_count', 'satisfaction_score', 'resolved',
  'escalated_to_human', 'contact_name', 'contact_email', 'customer_messages', 'awaiting_reply', 'last_customer_message_at',
];
// prettier-ignore
const ROWS: CellValue[][] = [
  ['c1', sp('2026-03-14T10:00:00'), sp('2026-03-14T10:20:00'), 'RESOLVED', 'MEDIUM', 'whatsapp', 'v1', 'agente-1', 1, 30, 20, 4, 5, true, false, 'Ana', 'ana@example.com', 2, false, ''],
  ['c2', sp('2026-03-13T15:00:00'), sp('2026-03-13T16:00:00'), 'RESOLVED', 'HIGH', 'whatsapp', 'v2', 'agente-1', 3, 120, 60, 6, 4, true, true, 'Bruno', 'bruno@example.com', 3, false, ''],
  ['c3', sp('2026-03-12T09:00:00'), sp('2026-03-12T09:30:00'), 'UNRESOLVED', 'MEDIUM', 'web', 'v3', XSS, 2, 400, '', 4, '', false, false, '=1+1', 'c3@example.com', 1, true, sp('2026-03-15T08:30:00')],
  ['c4', sp('2026-03-10T11:00:00'), sp('2026-03-10T11:05:00'), 'HUMAN_REQUESTED', 'HIGH', 'web', 'v4', 'agente-2', 5, '', '', 2, 2, false, true, XSS, 'd@example.com', 2, true, sp('2026-03-15T07:00:00')],
  ['c5', sp('2026-03-01T20:00:00'), sp('2026-03-01T21:30:00'), 'RESOLVED', 'LOW', 'whatsapp', 'v5', 'agente-1', '', 60, 90, 3, '', true, false, 'Eva', 'eva@example.com', 1, false, ''],
  // Previous period of "30 dias" (2026-01-15..2026-02-13).
  ['p1', sp('2026-02-01T10:00:00'), sp('2026-02-01T10:30:00'), 'RESOLVED', 'MEDIUM', 'whatsapp', 'v6', 'agente-1', 2, 100, 30, 3, 3, true, true, 'Caio', 'caio@example.com', 1, false, ''],
  ['p2', sp('2026-02-05T10:00:00'), sp('2026-02-05T10:10:00'), 'UNRESOLVED', 'MEDIUM', 'web', 'v7', 'agente-2', 2, 500, '', 2, '', false, false, 'Davi', 'davi@example.com', 1, false, ''],
];

let runtime: LocalRuntime;
beforeEach(() => {
  runtime?.dispose();
  runtime = createRuntime({ now: NOW, distDir: DIST_DIR });
  runtime.book.seed('Conversas', [HEADER, ...ROWS]);
});
afterAll(async () => {
  runtime?.dispose();
  await closeBrowser();
});

const atNow = { beforeLoad: pausedClock(NOW) };

async function kpi(opened: OpenedPage, id: string, part: 'value' | 'change' | 'n' | 'detail' = 'value'): Promise<string> {
  return (await opened.page.locator(`[data-kpi="${id}"] .kpi-${part}`).textContent()) ?? '';
}

describe('sidebar on the built bundle', () => {
  it('shows the KPIs of the seeded rows for the last 30 days, compared with the 30 days before', async () => {
    const opened = await openPage(runtime, 'sidebar', atNow);
    await opened.page.waitForSelector('.kpi');
    expect(opened.calls).toEqual(['getDashboard']);
    expect(await opened.page.locator('.period-line').textContent()).toBe('14/02 – 15/03 · comparado com 15/01 – 13/02');
    // c1..c5 are in the period, p1 and p2 in the previous one.
    expect(await kpi(opened, 'volume')).toBe('5');
    expect(await kpi(opened, 'volume', 'change')).toBe('↑ 3');
    expect(await kpi(opened, 'resolution')).toBe('60,0%'); // c1, c2, c5 of 5
    expect(await kpi(opened, 'resolution', 'change')).toBe('↑ 10,0 p.p.'); // previous: p1 of 2 = 50%
    expect(await kpi(opened, 'escalation')).toBe('40,0%'); // c2, c4
    expect(await kpi(opened, 'escalation', 'change')).toBe('↓ 10,0 p.p.'); // previous: p1 of 2
    expect(await kpi(opened, 'containment')).toBe('40,0%'); // c1, c5: resolved, not escalated
    // First responses 30, 60, 120, 400: median (60 + 120) / 2 = 90 s; p90 at rank 2.7: 120 + 0.7 × 280 = 316 s.
    expect(await kpi(opened, 'first-response')).toBe('1 min 30 s');
    expect(await kpi(opened, 'first-response', 'detail')).toBe('mediana · p90 5 min 16 s');
    expect(await kpi(opened, 'first-response', 'n')).toBe('n = 4');
    // Resolution minutes 20, 60, 90: median 60; p90 at rank 1.8: 60 + 0.8 × 30 = 84 min.
    expect(await kpi(opened, 'resolution-time')).toBe('1 h');
    expect(await kpi(opened, 'resolution-time', 'detail')).toBe('mediana · p90 1 h 24 min');
    // Scores 5, 4, 2: mean 3.67; 2 of 3 are 4 or 5.
    expect(await kpi(opened, 'satisfaction')).toBe('3,7 / 5');
    expect(await kpi(opened, 'satisfaction', 'detail')).toBe('top-2 66,7%');
    // Answered within 300 s: c1, c2, c5 of the 5 rows with a customer message.
    expect(await kpi(opened, 'sla')).toBe('60,0%');
    expect(await kpi(opened, 'sla', 'n')).toBe('n = 5');
    expect(await kpi(opened, 'unanswered')).toBe('2'); // c3, c4
    expect(await kpi(opened, 'abandoned')).toBe('1'); // c4 waits 2 h (> 60 min); c3 only 30 min
    // Levels 1, 3, 2, 5: mean 2.75; one of four ≥ 4.
    expect(await kpi(opened, 'frustration')).toBe('2,8');
    expect(await kpi(opened, 'frustration', 'detail')).toBe('alta 25,0%');
    expect(opened.pageErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
    await opened.close();
  });

  it('shows an empty spreadsheet as zeros, dashes and "Sem dados", not a blank panel', async () => {
    runtime.dispose();
    runtime = createRuntime({ now: NOW, distDir: DIST_DIR });
    const opened = await openPage(runtime, 'sidebar', atNow);
    await opened.page.waitForSelector('.kpi');
    expect(await kpi(opened, 'volume')).toBe('0');
    expect(await kpi(opened, 'resolution')).toBe('—');
    expect(await kpi(opened, 'first-response')).toBe('—');
    expect(await kpi(opened, 'satisfaction')).toBe('—');
    expect(await opened.page.locator('.chart .empty').count()).toBe(4);
    expect(await opened.page.getByRole('alert').isHidden()).toBe(true);
    await opened.close();
  });

  it('changes the numbers when a channel is chosen', async () => {
    const opened = await openPage(runtime, 'sidebar', atNow);
    await opened.page.waitForSelector('.kpi');
    await opened.page.locator('[data-filter="channels"] summary').click();
    await opened.page.getByLabel('whatsapp').check();
    await eventually(() => kpi(opened, 'volume')).toBe('3'); // c1, c2, c5
    expect(await kpi(opened, 'resolution')).toBe('100,0%');
    expect(await kpi(opened, 'escalation')).toBe('33,3%'); // c2
    expect(await kpi(opened, 'unanswered')).toBe('0');
    expect(opened.calls).toEqual(['getDashboard', 'getDashboard']);
    await opened.close();
  });

  it('refreshes through refreshDashboard after 30 s and shows the sync\'s Portuguese error', async () => {
    const opened = await openPage(runtime, 'sidebar', atNow);
    await opened.page.waitForSelector('.kpi');
    expect(await opened.page.locator('.sync-line').textContent()).toBe(
      'Ainda não sincronizado. Informe a chave da API em Configurações.',
    );
    await opened.page.clock.fastForward(29_000);
    expect(opened.calls).toEqual(['getDashboard']);
    await opened.page.clock.fastForward(1_000);
    await eventually(() => opened.calls).toEqual(['getDashboard', 'refreshDashboard']);
    // No API key: the quick sync fails, the dashboard stays and the status line says why.
    await eventually(() => opened.page.locator('.sync-line').textContent()).toContain('erro — Configure a chave de API em Configurações.');
    expect(await kpi(opened, 'volume')).toBe('5');
    await opened.close();
  });

  it('downloads the filtered rows as CSV', async () => {
    const opened = await openPage(runtime, 'sidebar', atNow);
    await opened.page.waitForSelector('.kpi');
    await opened.page.locator('[data-filter="channels"] summary').click();
    await opened.page.getByLabel('web').check();
    await eventually(() => kpi(opened, 'volume')).toBe('2');
    const [download] = await Promise.all([opened.page.waitForEvent('download'), opened.page.getByRole('button', { name: 'Baixar CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('conversas-2026-03-15.csv');
    const text = await readFile(await download.path(), 'utf8');
    expect(text).toBe(
      '\ufeff' +
        `${HEADER.join(',')}\r\n` +
        `c3,2026-03-12 09:00:00,2026-03-12 09:30:00,UNRESOLVED,MEDIUM,web,v3,${XSS},2,400,,4,,FALSE,FALSE,'=1+1,c3@example.com,1,TRUE,2026-03-15 08:30:00\r\n` +
        `c4,2026-03-10 11:00:00,2026-03-10 11:05:00,HUMAN_REQUESTED,HIGH,web,v4,agente-2,5,,,2,2,FALSE,TRUE,${XSS},d@example.com,2,TRUE,2026-03-15 07:00:00\r\n`,
    );
    expect(opened.calls).toContain('exportCsv');
    await opened.close();
  });

  it('keeps an agent named like HTML as text', async () => {
    const opened = await openPage(runtime, 'sidebar', atNow);
    await opened.page.waitForSelector('.kpi');
    await opened.page.locator('[data-filter="agentIds"] summary').click();
    await opened.page.getByLabel(XSS).check();
    await eventually(() => kpi(opened, 'volume')).toBe('1'); // c3
    expect(await opened.page.locator('[data-filter="agentIds"] summary').textContent()).toBe(`Agente: ${XSS}`);
    expect(await opened.page.locator('img').count()).toBe(0);
    expect(opened.dialogs).toEqual([]);
    await opened.close();
  });

  it('generates the dashboard sheets and opens the settings dialog from its links', async () => {
    const opened = await openPage(runtime, 'sidebar', atNow);
    await opened.page.waitForSelector('.kpi');
    await opened.page.getByRole('link', { name: 'Gerar painéis na planilha' }).click();
    await eventually(() => opened.calls).toContain('rebuildDashboards');
    await eventually(() => runtime.book.sheetNames()).toContain('Visão Geral');
    // The notice shows the server's own summary once it answers.
    await eventually(() => opened.page.getByRole('status').textContent()).not.toBe('Gerando os painéis na planilha…');
    expect(await opened.page.getByRole('status').textContent()).not.toBe('');
    await opened.page.getByRole('link', { name: 'Configurações' }).click();
    await eventually(() => runtime.ui.dialogs.map((dialog) => dialog.file)).toEqual(['settings.html']);
    expect(await opened.page.getByRole('alert').isHidden()).toBe(true);
    await opened.close();
  });

  it('shows a failed execution\'s message and keeps the last numbers', async () => {
    // Every call after the first load dies at its first service call, as an execution killed by Apps Script.
    let loads = 0;
    const failing: PageRuntime = {
      run: (name, args) => runtime.run(name, args, loads++ === 0 ? {} : { abortAtCall: 1 }),
    };
    const opened = await openPage(failing, 'sidebar', atNow);
    await opened.page.waitForSelector('.kpi');
    await opened.page.getByRole('button', { name: 'Atualizar' }).click();
    await eventually(() => opened.page.getByRole('alert').textContent()).toMatch(/^Não foi possível atualizar o painel: Execution aborted/);
    expect(await kpi(opened, 'volume')).toBe('5');
    await opened.close();
  });
});
