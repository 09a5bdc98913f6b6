// The sidebar's business-time KPIs, operators, durable AI resolution, capacity line and help link (fixture DashboardData).
import { afterAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../src/shared/dto';
import { fixtureDashboard, XSS } from './fixtures/dashboard';
import { serviceDepthDashboard } from './fixtures/service-depth';
import { closeBrowser, openPage, pausedClock, stubRuntime, type OpenedPage } from './harness';
import { eventually } from './eventually';

afterAll(closeBrowser);

const NOW = '2026-03-15T12:00:00Z';

async function show(data: DashboardData, handlers: Record<string, () => unknown> = {}): Promise<OpenedPage> {
  const runtime = stubRuntime({ getDashboard: () => data, refreshDashboard: () => data, ...handlers });
  const opened = await openPage(runtime, 'sidebar', { beforeLoad: pausedClock(NOW) });
  await opened.page.waitForSelector('.kpi');
  return opened;
}

async function card(opened: OpenedPage, id: string): Promise<{ title: string; value: string; details: string[]; n: string }> {
  const root = opened.page.locator(`[data-kpi="${id}"]`);
  return {
    title: (await root.locator('.kpi-title').textContent()) ?? '',
    value: (await root.locator('.kpi-value').textContent()) ?? '',
    details: await root.locator('.kpi-detail').allTextContents(),
    n: (await root.locator('.kpi-n').textContent()) ?? '',
  };
}

/** The operators table as [label, conversations, resolution, satisfaction, 1ª resposta, atendimento] rows. */
async function operatorRows(opened: OpenedPage): Promise<string[][]> {
  return opened.page.locator('[data-section="operators"] tbody').evaluateAll((groups) =>
    groups.map((group) => [
      group.querySelector('.op-label')?.textContent ?? '',
      ...Array.from(group.querySelectorAll('td')).map((cell) => cell.textContent ?? ''),
    ]),
  );
}

describe('sidebar: service depth', () => {
  it('shows business-time KPIs beside the wall-clock ones when business hours are on', async () => {
    const opened = await show(serviceDepthDashboard());
    const section = opened.page.locator('[data-section="business-hours"]');
    expect(await section.locator('h3').textContent()).toBe('Em horário comercial');
    expect(await section.locator('.kpi').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-kpi')))).toEqual([
      'bh-first-response',
      'bh-first-human',
      'bh-resolution',
      'bh-outside',
    ]);
    // Business first response: median 45 s, p90 240 s; the wall-clock median beside it is 90 s.
    expect(await card(opened, 'bh-first-response')).toEqual({
      title: '1ª resposta',
      value: '45 s',
      details: ['mediana · p90 4 min', 'relógio: 1 min 30 s'],
      n: 'n = 110',
    });
    expect(await card(opened, 'bh-first-human')).toEqual({ title: '1ª resposta humana', value: '7 min', details: ['mediana · p90 30 min'], n: 'n = 30' });
    // 8.5 business minutes = 8 min 30 s; p90 60 min = 1 h; wall clock 12.5 min.
    expect(await card(opened, 'bh-resolution')).toEqual({
      title: 'Resolução',
      value: '8 min 30 s',
      details: ['mediana · p90 1 h', 'relógio: 12 min 30 s'],
      n: 'n = 96',
    });
    // 33 of 120 conversations created outside hours.
    expect(await card(opened, 'bh-outside')).toEqual({ title: 'Fora do horário', value: '27,5%', details: ['das conversas criadas'], n: 'n = 120' });
    // With business hours on, the SLA is on business seconds and says so.
    expect((await card(opened, 'sla')).title).toBe('SLA (h. comercial)');
    expect(await opened.page.locator('[data-chart="bands"] h3').textContent()).toBe('1ª resposta (h. comercial)');
    expect(opened.pageErrors).toEqual([]);
    await opened.close();
  });

  it('shows no business-time section and the plain SLA while business hours are off', async () => {
    const opened = await show(serviceDepthDashboard({ businessHours: null }));
    expect(await opened.page.locator('[data-section="business-hours"]').count()).toBe(0);
    expect((await card(opened, 'sla')).title).toBe('SLA');
    expect(await opened.page.locator('[data-chart="bands"] h3').textContent()).toBe('1ª resposta');
    // The operators and durable AI do not depend on business hours.
    expect(await opened.page.locator('[data-section="operators"]').count()).toBe(1);
    expect(await opened.page.locator('[data-kpi="durable-ai"]').count()).toBe(1);
    await opened.close();
  });

  it('shows durable AI resolution right after the containment card, with the pending count', async () => {
    const opened = await show(serviceDepthDashboard());
    const ids = await opened.page.locator('.content > .kpis > .kpi').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-kpi')));
    expect(ids.slice(ids.indexOf('containment'), ids.indexOf('containment') + 2)).toEqual(['containment', 'durable-ai']);
    expect(ids).toHaveLength(12);
    // 72 AI-resolved, 12 younger than 7 days: 50 durable of the 60 judged = 83.3 %.
    expect(await card(opened, 'durable-ai')).toEqual({
      title: 'IA durável (7 dias)',
      value: '83,3%',
      details: ['50 de 60 duráveis', '12 pendentes'],
      n: 'n = 60',
    });
    await opened.close();
  });

  it('shows "—" for a durable rate with nothing old enough to judge', async () => {
    const opened = await show(serviceDepthDashboard({ durableAi: { aiResolved: 4, durable: 0, pending: 4, rate: null } }));
    expect(await card(opened, 'durable-ai')).toEqual({ title: 'IA durável (7 dias)', value: '—', details: ['0 de 0 duráveis', '4 pendentes'], n: 'n = 0' });
    await opened.close();
  });

  it('lists the operators by their labels with their figures', async () => {
    const opened = await show(serviceDepthDashboard());
    expect(await opened.page.locator('[data-section="operators"] h3').textContent()).toBe('Operadores');
    expect(await opened.page.locator('[data-section="operators"] thead th').allTextContents()).toEqual(['Conv.', 'Resol.', 'Satisf.', '1ª resp.', 'Atend.']);
    expect(await operatorRows(opened)).toEqual([
      // 15 of 18 resolved = 83 %; 95 s; 12.25 min = 12 min 15 s.
      ['ana.souza@empresa.com.br', '18', '83%', '4,5', '1 min 35 s', '12 min 15 s'],
      // 5 of 9 = 56 %; no score; 3,720 s = 1 h 2 min; 47 min.
      ['Bruno Lima', '9', '56%', '—', '1 h 2 min', '47 min'],
      [XSS, '3', '100%', '3,0', '—', '0 s'],
    ]);
    // Never the raw userId when the server gave a label.
    const text = (await opened.page.locator('[data-section="operators"]').textContent()) ?? '';
    expect(text).not.toContain('user_a1');
    expect(text).not.toContain('user_b2');
    expect(await opened.page.locator('img').count()).toBe(0);
    expect(opened.dialogs).toEqual([]);
    await opened.close();
  });

  it('lists ten operators and counts the rest; says so when no operator wrote', async () => {
    const many = Array.from({ length: 13 }, (_, i) => ({
      key: `u${i}`,
      label: `op${String(i).padStart(2, '0')}@empresa.com`,
      conversations: 20 - i,
      resolutionRate: 0.5,
      satisfactionMean: 4,
      firstHumanResponseMedian: 60,
      handlingMedian: 10,
    }));
    const opened = await show(serviceDepthDashboard({ operators: many }));
    const rows = await operatorRows(opened);
    expect(rows.map((r) => r[0])).toEqual(many.slice(0, 10).map((o) => o.label));
    expect(await opened.page.locator('[data-section="operators"] .more').textContent()).toBe(
      'e mais 3 operadores (todos nas abas de "Gerar painéis na planilha")',
    );
    await opened.close();
    const none = await show(serviceDepthDashboard({ operators: [] }));
    expect(await none.page.locator('[data-section="operators"] .empty').textContent()).toBe('Nenhum operador humano escreveu no período.');
    await none.close();
  });

  it('shows none of the new sections for a server that does not send them yet', async () => {
    // A server of the previous version: the service-depth and capacity fields are absent, whatever today's type says.
    const { businessHours: _b, operators: _o, durableAi: _d, capacity: _c, ...older } = fixtureDashboard();
    const opened = await show(older as DashboardData);
    expect(await opened.page.locator('[data-section]').count()).toBe(0);
    expect(await opened.page.locator('[data-kpi="durable-ai"]').count()).toBe(0);
    expect(await opened.page.locator('.capacity-slot:not([hidden])').count()).toBe(0);
    await opened.close();
  });
});

describe('sidebar: capacity and help', () => {
  it('shows the capacity line at the bottom below 70 %', async () => {
    const opened = await show(serviceDepthDashboard());
    // 38 %, full on 2026-07-16: 123 days after 2026-03-15 = ~4 months.
    const line = opened.page.locator('.capacity-line');
    expect(await line.textContent()).toBe('Capacidade da planilha: 38 % — cheia em ~4 meses neste ritmo');
    expect(await opened.page.locator('.capacity-warning').count()).toBe(0);
    // Below the sync line, after the actions.
    expect(await opened.page.locator('.sync-line ~ .capacity-slot .capacity-line').count()).toBe(1);
    await opened.close();
  });

  it('says "sem previsão" when the sheet does not grow', async () => {
    const opened = await show(serviceDepthDashboard({ capacity: { cellsUsed: 500_000, cellLimit: 10_000_000, percent: 5, projectedFullDate: null } }));
    expect(await opened.page.locator('.capacity-line').textContent()).toBe('Capacidade da planilha: 5 % — sem previsão de ficar cheia neste ritmo');
    await opened.close();
  });

  it('warns at the top from 70 % with the proposed retention and a way to Configurações', async () => {
    const opened = await show(
      serviceDepthDashboard({ capacity: { cellsUsed: 7_420_000, cellLimit: 10_000_000, percent: 74.2, projectedFullDate: '2026-05-10', suggestedRetentionDays: 120 } }),
      { showSettings: () => null },
    );
    const warning = opened.page.locator('.capacity-warning');
    expect(await warning.locator('.capacity-line').textContent()).toBe('Capacidade da planilha: 74 % — cheia em ~8 semanas neste ritmo');
    expect(await warning.locator('.capacity-advice').textContent()).toBe(
      'Sugestão: manter só as mensagens dos últimos 120 dias (o Chatvolt continua com todas; os números não mudam) em Configurações.',
    );
    // Above the KPI cards, not at the bottom.
    expect(await opened.page.locator('.capacity-slot:has(.capacity-warning) + .content').count()).toBe(1);
    expect(await opened.page.locator('.sync-line ~ .capacity-slot:not([hidden])').count()).toBe(0);
    await warning.getByRole('link', { name: 'Configurações' }).click();
    await eventually(() => opened.calls).toContain('showSettings');
    await opened.close();
  });

  it('advises retention in general from 70 % when the server proposes no N', async () => {
    const opened = await show(serviceDepthDashboard({ capacity: { cellsUsed: 9_990_000, cellLimit: 10_000_000, percent: 99.9, projectedFullDate: '2026-03-15' } }));
    expect(await opened.page.locator('.capacity-warning .capacity-line').textContent()).toBe('Capacidade da planilha: 99 % — cheia a qualquer momento neste ritmo');
    expect(await opened.page.locator('.capacity-advice').textContent()).toBe(
      'Para liberar espaço, mantenha só as mensagens recentes (o Chatvolt continua com todas; os números não mudam) em Configurações.',
    );
    await opened.close();
  });

  it('has a help link to the definitions of every number', async () => {
    const opened = await show(serviceDepthDashboard());
    const help = opened.page.getByRole('link', { name: 'O que é cada número?' });
    // package.json names no repository, so the build has no URL: the link says where the definitions are.
    expect(await help.getAttribute('href')).toBe('#');
    await help.click();
    await eventually(() => opened.page.getByRole('status').first().textContent()).toBe(
      'As definições de cada número estão no arquivo docs/metrics.md do repositório do complemento.',
    );
    await opened.close();
  });
});
