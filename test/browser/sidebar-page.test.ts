// Page-level sidebar tests against stubbed server functions (fixture DashboardData): rendering, XSS, errors, guards.
import { afterAll, describe, expect, it } from 'vitest';
import type { DashboardData, Filters } from '../../src/shared/dto';
import { fixtureDashboard, XSS } from './fixtures/dashboard';
import { serviceDepthDashboard } from './fixtures/service-depth';
import { closeBrowser, openPage, pausedClock, stubRuntime, type OpenedPage } from './harness';
import { eventually } from './eventually';

afterAll(closeBrowser);

/** A stub dashboard server that records the filters of every call. */
function dashboardServer(answer: (filters: Filters) => DashboardData = () => fixtureDashboard()) {
  const received: Array<{ name: string; filters: Filters }> = [];
  const handler = (name: string) => (filters: unknown) => {
    received.push({ name, filters: filters as Filters });
    return answer(filters as Filters);
  };
  return { received, runtime: stubRuntime({ getDashboard: handler('getDashboard'), refreshDashboard: handler('refreshDashboard') }) };
}

async function kpiText(opened: OpenedPage, id: string, part: 'value' | 'change' | 'n' | 'detail'): Promise<string> {
  return (await opened.page.locator(`[data-kpi="${id}"] .kpi-${part}`).textContent()) ?? '';
}

// The page's clock is paused (see pausedClock), so no 30 s refresh sneaks in while a slow machine runs a test.
const NOW = '2026-03-15T12:00:00Z';
const clockAt = (time: string) => ({ beforeLoad: pausedClock(time) });

describe('sidebar page (stubbed server)', () => {
  it('shows every KPI card with its n and its change against the previous period', async () => {
    const { runtime } = dashboardServer();
    const opened = await openPage(runtime, 'sidebar', clockAt(NOW));
    await opened.page.waitForSelector('.kpi');
    expect(await opened.page.locator('.kpi').count()).toBe(12);
    expect(await kpiText(opened, 'volume', 'value')).toBe('120');
    expect(await kpiText(opened, 'volume', 'change')).toBe('↑ 20');
    expect(await kpiText(opened, 'resolution', 'value')).toBe('80,0%');
    expect(await kpiText(opened, 'resolution', 'change')).toBe('↑ 5,0 p.p.');
    expect(await opened.page.locator('[data-kpi="resolution"] .kpi-change').getAttribute('class')).toContain('better');
    // Escalation fell from 30% to 25%: down is good news for escalation.
    expect(await kpiText(opened, 'escalation', 'change')).toBe('↓ 5,0 p.p.');
    expect(await opened.page.locator('[data-kpi="escalation"] .kpi-change').getAttribute('class')).toContain('better');
    // Unanswered rose from 2 to 4: worse.
    expect(await opened.page.locator('[data-kpi="unanswered"] .kpi-change').getAttribute('class')).toContain('worse');
    expect(await kpiText(opened, 'first-response', 'value')).toBe('1 min 30 s');
    expect(await kpiText(opened, 'first-response', 'detail')).toBe('mediana · p90 5 min');
    expect(await kpiText(opened, 'first-response', 'n')).toBe('n = 110');
    expect(await kpiText(opened, 'resolution-time', 'value')).toBe('12 min 30 s');
    expect(await kpiText(opened, 'satisfaction', 'value')).toBe('4,3 / 5');
    expect(await kpiText(opened, 'satisfaction', 'detail')).toBe('top-2 85,0%');
    // The previous SLA rate is null, so there is no change to show; n = 50+49+6+3+2+0+0 customer conversations.
    expect(await kpiText(opened, 'sla', 'change')).toBe('—');
    expect(await kpiText(opened, 'sla', 'n')).toBe('n = 110');
    expect(await opened.page.locator('[data-chart]').count()).toBe(4);
    expect(await opened.page.locator('.sync-line').textContent()).toContain('ok — 3 conversas atualizadas.');
    expect(await opened.page.locator('.forecast').isHidden()).toBe(true);
    expect(opened.pageErrors).toEqual([]);
    expect(opened.blockedRequests).toEqual([]);
    await opened.close();
  });

  it('shows "—" for null KPIs and when there is no previous period', async () => {
    const base = fixtureDashboard();
    const { runtime } = dashboardServer(() =>
      fixtureDashboard({ previous: null, forecastTomorrow: { expected: 1234, low: 1100, high: 1400, model: 'holt-winters' }, kpis: { ...base.kpis, resolutionRate: null, satisfaction: { mean: null, top2Rate: null, n: 0 } } }),
    );
    const opened = await openPage(runtime, 'sidebar', clockAt(NOW));
    await opened.page.waitForSelector('.kpi');
    expect(await kpiText(opened, 'resolution', 'value')).toBe('—');
    expect(await kpiText(opened, 'satisfaction', 'value')).toBe('—');
    expect(await kpiText(opened, 'satisfaction', 'detail')).toBe('top-2 —');
    expect(await kpiText(opened, 'volume', 'change')).toBe('—');
    expect(await opened.page.locator('.period-line').textContent()).toBe('09/03 – 15/03');
    expect(await opened.page.locator('.forecast').textContent()).toBe('Previsão para amanhã: 1.234 conversas (1.100–1.400)');
    await opened.close();
  });

  it('keeps HTML in names from Chatvolt as text', async () => {
    const { runtime } = dashboardServer(() =>
      serviceDepthDashboard({
        byStatus: [{ key: XSS, count: 3 }],
        firstResponseBands: [{ label: XSS, count: 2 }],
        lastSync: { ...fixtureDashboard().lastSync!, ok: false, message: XSS },
        operators: [{ key: XSS, label: XSS, conversations: 1, resolutionRate: 1, satisfactionMean: null, firstHumanResponseMedian: 5, handlingMedian: 0 }],
      }),
    );
    const opened = await openPage(runtime, 'sidebar', clockAt(NOW));
    await opened.page.waitForSelector('.kpi');
    await opened.page.locator('[data-filter="channels"] summary').click();
    await eventually(() => opened.page.locator('[data-filter="channels"] label').allTextContents()).toContain(XSS);
    expect(await opened.page.locator('.legend-label').first().textContent()).toBe(XSS);
    expect(await opened.page.locator('.sync-line').textContent()).toContain(XSS);
    expect(await opened.page.locator('[data-section="operators"] .op-label').textContent()).toBe(XSS);
    expect(await opened.page.locator('[data-section="operators"] .op-label').getAttribute('title')).toBe(XSS);
    expect(await opened.page.locator('img').count()).toBe(0);
    expect(opened.dialogs).toEqual([]);
    await opened.close();
  });

  it('shows the server\'s Portuguese message when loading fails, not a blank panel', async () => {
    const opened = await openPage(
      stubRuntime({
        getDashboard: () => {
          throw new Error('A aba "Conversas" não foi encontrada.');
        },
      }),
      'sidebar',
      clockAt(NOW),
    );
    const alert = opened.page.getByRole('alert');
    await eventually(() => alert.textContent()).toBe('Não foi possível atualizar o painel: A aba "Conversas" não foi encontrada.');
    expect(await opened.page.locator('.content').textContent()).toContain('Os dados aparecem aqui');
    await opened.close();
  });

  it('computes the preset period in the spreadsheet time zone, not the browser\'s', async () => {
    const { runtime, received } = dashboardServer(() => fixtureDashboard({ timeZone: 'America/Sao_Paulo' }));
    // 02:00 UTC on March 15 is still March 14 in São Paulo; the browser runs in UTC.
    const opened = await openPage(runtime, 'sidebar', clockAt('2026-03-15T02:00:00Z'));
    await eventually(() => received.length).toBe(2);
    expect(received[0]?.filters).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(received[1]?.filters).toEqual({ from: '2026-02-13', to: '2026-03-14' });
    await opened.page.locator('#period').selectOption('today');
    await eventually(() => received.length).toBe(3);
    expect(received[2]?.filters).toEqual({ from: '2026-03-14', to: '2026-03-14' });
    await opened.close();
  });

  it('sends the chosen channels and a custom period, and refuses an inverted one', async () => {
    const { runtime, received } = dashboardServer();
    const opened = await openPage(runtime, 'sidebar', { ...clockAt(NOW), timezoneId: 'America/Sao_Paulo' });
    await eventually(() => received.length).toBe(1);
    await opened.page.locator('[data-filter="channels"] summary').click();
    await opened.page.getByLabel('whatsapp').check();
    await eventually(() => received.length).toBe(2);
    expect(received[1]?.filters).toEqual({ from: '2026-02-14', to: '2026-03-15', channels: ['whatsapp'] });
    expect(await opened.page.locator('[data-filter="channels"] summary').textContent()).toBe('Canal: whatsapp');

    // "Personalizado" starts from the preset's dates: the same filters, so no new call.
    await opened.page.locator('#period').selectOption('custom');
    expect(await opened.page.locator('#from').inputValue()).toBe('2026-02-14');
    expect(await opened.page.locator('#to').inputValue()).toBe('2026-03-15');
    await opened.page.locator('#from').fill('2026-03-16');
    await eventually(() => opened.page.getByRole('alert').textContent()).toBe('A data inicial deve ser anterior ou igual à final.');
    expect(received.length).toBe(2);
    await opened.page.locator('#to').fill('2026-03-20');
    await eventually(() => received.length).toBe(3);
    expect(received[2]?.filters).toEqual({ from: '2026-03-16', to: '2026-03-20', channels: ['whatsapp'] });
    expect(await opened.page.getByRole('alert').isHidden()).toBe(true);
    await opened.close();
  });

  it('refreshes every 30 s only while the page is visible', async () => {
    const { runtime, received } = dashboardServer();
    const opened = await openPage(runtime, 'sidebar', clockAt(NOW));
    await eventually(() => received.length).toBe(1);
    await opened.page.clock.fastForward(10_000);
    await eventually(() => opened.page.locator('.updated').textContent()).toBe('atualizado há 10 s');
    await opened.page.clock.fastForward(20_000);
    await eventually(() => received.map((r) => r.name)).toEqual(['getDashboard', 'refreshDashboard']);

    await opened.page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await opened.page.clock.fastForward(45_000);
    await opened.page.clock.fastForward(45_000);
    expect(received.length).toBe(2);
    await opened.page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await eventually(() => received.length).toBe(3);
    expect(received[2]?.name).toBe('refreshDashboard');
    await opened.close();
  });

  it('starts one rebuild however often its link is clicked, then shows the server\'s summary', async () => {
    let rebuilds = 0;
    const runtime = stubRuntime({
      getDashboard: () => fixtureDashboard(),
      rebuildDashboards: () => {
        rebuilds++;
        return { sheets: ['Visão Geral'], message: '6 abas atualizadas.' };
      },
    });
    const opened = await openPage(runtime, 'sidebar', { ...clockAt(NOW), latencyMs: 400 });
    await opened.page.waitForSelector('.kpi');
    await opened.page.evaluate(() => {
      for (let i = 0; i < 5; i++) document.querySelector<HTMLAnchorElement>('a.rebuild')?.click();
    });
    expect(await opened.page.getByRole('status').textContent()).toBe('Gerando os painéis na planilha…');
    await eventually(() => opened.page.getByRole('status').textContent()).toBe('6 abas atualizadas.');
    expect(rebuilds).toBe(1);
    await opened.close();
  });

  it('does not pile up calls while one is in flight; the last filters win', async () => {
    const { runtime, received } = dashboardServer();
    const opened = await openPage(runtime, 'sidebar', { ...clockAt(NOW), latencyMs: 400 });
    await opened.page.waitForSelector('.kpi');
    await opened.page.locator('[data-filter="priorities"] summary').click();
    // Six quick toggles while the first of them is still being answered.
    await opened.page.evaluate(() => {
      const boxes = Array.from(document.querySelectorAll<HTMLInputElement>('[data-filter="priorities"] input'));
      for (const box of [boxes[0], boxes[1], boxes[0], boxes[1], boxes[0], boxes[0]]) box?.click();
      for (let i = 0; i < 10; i++) document.querySelector<HTMLButtonElement>('button.refresh')?.click();
    });
    await eventually(() => received.length).toBe(3);
    await opened.page.waitForTimeout(1000);
    expect(received.length).toBe(3);
    // Final state: boxes[0] (HIGH) toggled 4 times = off, boxes[1] (MEDIUM) twice = off.
    expect(received[2]?.filters.priorities).toBeUndefined();
    expect(received[1]?.filters.priorities).toEqual(['HIGH']);
    await opened.close();
  });
});
