// The settings dialog's business-hours editor, holidays, message retention and capacity line, against a stubbed server.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/shared/dto';
import { fixtureSettings } from './fixtures/settings';
import { closeBrowser, openPage, pausedClock, stubRuntime, type OpenedPage } from './harness';

const NOW = '2026-03-15T12:00:00.000Z';

let opened: OpenedPage[] = [];
afterEach(async () => {
  for (const page of opened) await page.close();
  opened = [];
});
afterAll(closeBrowser);

/**
 * A settings server holding `view`: saveSettings records each patch, answers `reject(patch)`'s message as a
 * failure when it returns one (storing nothing), else merges the patch and returns the new view.
 */
function settingsServer(view: SettingsView, reject: (patch: Record<string, unknown>) => string | null = () => null) {
  let state = view;
  const patches: Array<Record<string, unknown>> = [];
  const runtime = stubRuntime({
    getSettings: () => state,
    saveSettings: (patch) => {
      const p = patch as Record<string, unknown>;
      patches.push(p);
      const message = reject(p);
      if (message) throw new Error(message);
      state = { ...state, ...(p as Partial<SettingsView>), ...(p.messageRetentionDays !== undefined ? { messageRetentionChosen: true } : {}) };
      return state;
    },
  });
  return { runtime, patches, current: () => state };
}

async function open(runtime: ReturnType<typeof settingsServer>['runtime']): Promise<OpenedPage> {
  const page = await openPage(runtime, 'settings', { beforeLoad: pausedClock(NOW), height: 1400 });
  opened.push(page);
  await page.page.locator('#save:not([disabled])').waitFor();
  return page;
}

/** The intervals the editor shows for one weekday, as "HH:mm–HH:mm". */
async function dayIntervals(opened: OpenedPage, day: string): Promise<string[]> {
  return opened.page.locator(`.day[data-day="${day}"] .interval`).evaluateAll((rows) =>
    rows.map((row) => {
      const [start, end] = Array.from(row.querySelectorAll('input')).map((input) => input.value);
      return `${start}–${end}`;
    }),
  );
}

const EMPTY_WEEK = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('settings dialog: business hours and holidays', () => {
  it('shows every weekday in Portuguese, closed while business hours are off', async () => {
    const { runtime } = settingsServer(fixtureSettings());
    const { page } = await open(runtime);
    expect(await page.locator('.day .day-name').allTextContents()).toEqual(['seg', 'ter', 'qua', 'qui', 'sex', 'sáb', 'dom']);
    expect(await page.locator('.day .closed:visible').count()).toBe(7);
    expect(await page.textContent('#businessHoursSummary')).toBe('Resumo: desligado');
    expect(await page.locator('#businessHoursPresets button').allTextContents()).toEqual([
      'seg–sex 08–18',
      'seg–sex 08–12 e 13–18',
      'seg–sáb 08–18',
      'limpar',
    ]);
    expect(await page.textContent('#businessTimeZone')).toBe('America/Sao_Paulo');
    expect(await page.textContent('#holidayList')).toBe('nenhum feriado');
  });

  it('loads stored hours and holidays and sends nothing when they are untouched', async () => {
    const stored = fixtureSettings({
      businessHours: { ...EMPTY_WEEK, mon: [['08:00', '12:00'], ['13:00', '18:00']], sat: [['09:00', '13:00']] },
      holidays: ['2026-04-21', '2026-01-01'],
    });
    const { runtime, patches } = settingsServer(stored);
    const { page } = await open(runtime);
    expect(await dayIntervals(opened[0]!, 'mon')).toEqual(['08:00–12:00', '13:00–18:00']);
    expect(await dayIntervals(opened[0]!, 'sat')).toEqual(['09:00–13:00']);
    expect(await dayIntervals(opened[0]!, 'tue')).toEqual([]);
    expect(await page.textContent('#businessHoursSummary')).toBe('Resumo: seg 08:00–12:00, 13:00–18:00 · sáb 09:00–13:00');
    // Shown in date order, as dd/MM/AAAA.
    expect(await page.locator('#holidayList .holiday span').allTextContents()).toEqual(['01/01/2026', '21/04/2026']);
    await page.click('#save');
    await page.locator('#banner.info').waitFor();
    expect(await page.textContent('#banner')).toBe('Nada a salvar: nenhum campo foi alterado.');
    expect(patches).toEqual([]);
  });

  it('fills the week from the presets and saves it as the server stores it', async () => {
    const { runtime, patches, current } = settingsServer(fixtureSettings());
    const { page } = await open(runtime);
    await page.getByRole('button', { name: 'seg–sáb 08–18' }).click();
    expect(await page.textContent('#businessHoursSummary')).toBe('Resumo: seg–sáb 08:00–18:00');
    await page.getByRole('button', { name: 'seg–sex 08–18', exact: true }).click();
    expect(await dayIntervals(opened[0]!, 'sat')).toEqual([]);
    expect(await page.textContent('#businessHoursSummary')).toBe('Resumo: seg–sex 08:00–18:00');
    await page.click('#save');
    await page.locator('#banner.success').waitFor();
    const week = { ...EMPTY_WEEK, mon: [['08:00', '18:00']], tue: [['08:00', '18:00']], wed: [['08:00', '18:00']], thu: [['08:00', '18:00']], fri: [['08:00', '18:00']] };
    expect(patches).toEqual([{ businessHours: week }]);
    expect(current().businessHours).toEqual(week);

    await page.getByRole('button', { name: 'limpar' }).click();
    expect(await page.locator('.day .closed:visible').count()).toBe(7);
    await page.click('#save');
    await page.locator('#banner.success').waitFor();
    expect(patches[1]).toEqual({ businessHours: EMPTY_WEEK });
  });

  it('adds and removes intervals per day', async () => {
    const { runtime, patches } = settingsServer(fixtureSettings());
    const { page } = await open(runtime);
    // A closed day's first interval starts as 08:00–18:00; a second one starts where the last ended.
    await page.getByRole('button', { name: 'adicionar intervalo em qua' }).click();
    expect(await dayIntervals(opened[0]!, 'wed')).toEqual(['08:00–18:00']);
    await page.getByLabel('qua: fim do intervalo 1').fill('12:00');
    await page.getByRole('button', { name: 'adicionar intervalo em qua' }).click();
    expect(await dayIntervals(opened[0]!, 'wed')).toEqual(['08:00–12:00', '12:00–']);
    await page.getByLabel('qua: início do intervalo 2').fill('13:30');
    await page.getByLabel('qua: fim do intervalo 2').fill('17:45');
    await page.getByRole('button', { name: 'adicionar intervalo em sex' }).click();
    await page.getByRole('button', { name: 'adicionar intervalo em dom' }).click();
    await page.getByRole('button', { name: 'remover intervalo 1 de sex' }).click();
    expect(await dayIntervals(opened[0]!, 'fri')).toEqual([]);
    expect(await page.locator('.day[data-day="fri"] .closed').isVisible()).toBe(true);
    expect(await page.textContent('#businessHoursSummary')).toBe('Resumo: qua 08:00–12:00, 13:30–17:45 · dom 08:00–18:00');
    await page.click('#save');
    await page.locator('#banner.success').waitFor();
    expect(patches).toEqual([{ businessHours: { ...EMPTY_WEEK, wed: [['08:00', '12:00'], ['13:30', '17:45']], sun: [['08:00', '18:00']] } }]);
  });

  it('shows the server\'s message under the weekday it names and stores nothing', async () => {
    const message = 'Horário comercial (businessHours.tue[1]): o intervalo 12:00–09:00 termina antes de começar.';
    const { runtime, patches, current } = settingsServer(fixtureSettings(), (patch) => (patch.businessHours ? message : null));
    const { page } = await open(runtime);
    await page.getByRole('button', { name: 'adicionar intervalo em ter' }).click();
    await page.getByRole('button', { name: 'adicionar intervalo em ter' }).click();
    await page.getByLabel('ter: início do intervalo 2').fill('12:00');
    await page.getByLabel('ter: fim do intervalo 2').fill('09:00');
    await page.click('#save');
    const slot = page.locator('[data-error-for="businessHours.tue"]');
    await slot.waitFor({ state: 'visible' });
    expect(await slot.textContent()).toBe(message);
    expect(await page.textContent('#banner')).toBe(message);
    // Only Tuesday's slot shows it, inside Tuesday's row, and Tuesday's inputs are marked invalid.
    expect(await page.locator('.field-error:visible').count()).toBe(1);
    expect(await page.locator('.day[data-day="tue"] .field-error').isVisible()).toBe(true);
    expect(await page.locator('.day[data-day="tue"] input[aria-invalid="true"]').count()).toBe(4);
    expect(await page.locator('.day[data-day="mon"] input[aria-invalid="true"]').count()).toBe(0);
    expect(patches).toHaveLength(1);
    expect(current().businessHours).toEqual(EMPTY_WEEK);
  });

  it('places a message about the whole week or the holidays next to that field', async () => {
    const messages = [
      'Horário comercial (businessHours): deve ter os dias mon, tue, wed, thu, fri, sat e sun.',
      'Feriados (holidays[0]): "2026-02-30" não é uma data válida no formato AAAA-MM-DD.',
    ];
    let next = 0;
    const { runtime } = settingsServer(fixtureSettings(), () => messages[next++] ?? null);
    const { page } = await open(runtime);
    await page.getByRole('button', { name: 'seg–sex 08–18', exact: true }).click();
    await page.click('#save');
    await page.locator('[data-error-for="businessHours"]').waitFor({ state: 'visible' });
    expect(await page.textContent('[data-error-for="businessHours"]')).toBe(messages[0]);
    await page.fill('#holidayNew', '2026-12-25');
    await page.click('#holidayAdd');
    await page.click('#save');
    await page.locator('[data-error-for="holidays"]').waitFor({ state: 'visible' });
    expect(await page.textContent('[data-error-for="holidays"]')).toBe(messages[1]);
    // The earlier message was cleared when saving again.
    expect(await page.locator('[data-error-for="businessHours"]').isHidden()).toBe(true);
  });

  it('adds holidays in date order without duplicates, removes them, and saves the list', async () => {
    const { runtime, patches } = settingsServer(fixtureSettings({ holidays: ['2026-04-03'] }));
    const { page } = await open(runtime);
    await page.click('#holidayAdd');
    expect(await page.textContent('#holidayProblem')).toBe('Escolha uma data para adicionar.');
    await page.fill('#holidayNew', '2026-12-25');
    await page.click('#holidayAdd');
    await page.fill('#holidayNew', '2026-01-01');
    await page.press('#holidayNew', 'Enter');
    await page.fill('#holidayNew', '2026-12-25');
    await page.click('#holidayAdd');
    expect(await page.locator('#holidayProblem').isHidden()).toBe(true);
    expect(await page.locator('#holidayList .holiday span').allTextContents()).toEqual(['01/01/2026', '03/04/2026', '25/12/2026']);
    await page.getByRole('button', { name: 'remover feriado 03/04/2026' }).click();
    // Enter in the date field added the date; it did not submit the form.
    expect(patches).toEqual([]);
    await page.click('#save');
    await page.locator('#banner.success').waitFor();
    expect(patches).toEqual([{ holidays: ['2026-01-01', '2026-12-25'] }]);
  });

  it('keeps a holiday chosen but not added when "Salvar" is pressed', async () => {
    const { runtime, patches } = settingsServer(fixtureSettings());
    const { page } = await open(runtime);
    await page.fill('#holidayNew', '2026-11-02');
    await page.click('#save');
    await page.locator('#banner.success').waitFor();
    expect(patches).toEqual([{ holidays: ['2026-11-02'] }]);
    expect(await page.locator('#holidayList .holiday span').allTextContents()).toEqual(['02/11/2026']);
  });
});

describe('settings dialog: capacity and message retention', () => {
  it('states the capacity with its projection and what retention removes', async () => {
    const { runtime } = settingsServer(fixtureSettings());
    const { page } = await open(runtime);
    // 38 %, full on 2026-07-16: 123 days after 2026-03-15 = 4.04 months.
    expect(await page.textContent('#capacityLine')).toBe('Capacidade da planilha: 38 % — cheia em ~4 meses neste ritmo');
    expect(await page.getAttribute('#capacityLine', 'class')).toBe('capacity');
    expect(await page.inputValue('#messageRetentionDays')).toBe('0');
    const explain = (await page.textContent('#retentionExplain'))?.replace(/\s+/g, ' ').trim();
    expect(explain).toContain('saem da aba Mensagens as mensagens com mais de N dias');
    expect(explain).toContain('O Chatvolt continua com todas');
    expect(explain).toContain('os números da aba Conversas e do painel não mudam');
    expect(explain).toContain('Arquivo → Fazer download');
    expect(await page.locator('#retentionSuggestion').isHidden()).toBe(true);
    expect(await page.locator('#retentionAuto').isHidden()).toBe(true);
  });

  it('says when no fill date is in sight, and when the capacity was never measured', async () => {
    const flat = settingsServer(fixtureSettings({ capacity: { cellsUsed: 120_000, cellLimit: 10_000_000, percent: 1.2, projectedFullDate: null } }));
    const { page } = await open(flat.runtime);
    expect(await page.textContent('#capacityLine')).toBe('Capacidade da planilha: 1 % — sem previsão de ficar cheia neste ritmo');
    const unknown = settingsServer(fixtureSettings({ capacity: null }));
    const second = await open(unknown.runtime);
    expect(await second.page.textContent('#capacityLine')).toBe('Capacidade da planilha: ainda não medida (é medida a cada sincronização).');
  });

  it('proposes the suggested retention from 70 %, fills the field on request and saves it', async () => {
    const { runtime, patches } = settingsServer(
      fixtureSettings({ capacity: { cellsUsed: 7_420_000, cellLimit: 10_000_000, percent: 74.2, projectedFullDate: '2026-05-10', suggestedRetentionDays: 120 } }),
    );
    const { page } = await open(runtime);
    // 2026-03-15 -> 2026-05-10 = 56 days = 8 weeks.
    expect(await page.textContent('#capacityLine')).toBe('Capacidade da planilha: 74 % — cheia em ~8 semanas neste ritmo');
    expect(await page.getAttribute('#capacityLine', 'class')).toBe('capacity warn');
    expect(await page.textContent('#retentionSuggestionText')).toBe(
      'Sugestão: manter as mensagens dos últimos 120 dias deixa a planilha abaixo de 80 % por um ano neste ritmo.',
    );
    await page.getByRole('button', { name: 'Usar 120 dias' }).click();
    expect(await page.inputValue('#messageRetentionDays')).toBe('120');
    // Filling is not saving: nothing went to the server yet.
    expect(patches).toEqual([]);
    await page.click('#save');
    await page.locator('#banner.success').waitFor();
    expect(patches).toEqual([{ messageRetentionDays: 120 }]);
    // The stored N now equals the suggestion: nothing more to propose.
    expect(await page.locator('#retentionSuggestion').isHidden()).toBe(true);
  });

  it('says the automatic rule chose the stored retention, until the user saves one', async () => {
    const { runtime, patches } = settingsServer(
      fixtureSettings({
        messageRetentionDays: 90,
        messageRetentionChosen: false,
        capacity: { cellsUsed: 9_050_000, cellLimit: 10_000_000, percent: 90.5, projectedFullDate: '2026-03-20', suggestedRetentionDays: 90 },
      }),
    );
    const { page } = await open(runtime);
    expect(await page.inputValue('#messageRetentionDays')).toBe('90');
    expect(await page.textContent('#retentionAuto')).toBe(
      'Aplicado automaticamente quando a planilha chegou a 90 % (nenhum valor tinha sido escolhido). Salve outro valor para escolher o seu.',
    );
    expect(await page.textContent('#capacityLine')).toBe('Capacidade da planilha: 91 % — cheia em ~5 dias neste ritmo');
    await page.fill('#messageRetentionDays', '180');
    await page.click('#save');
    await page.locator('#banner.success').waitFor();
    expect(patches).toEqual([{ messageRetentionDays: 180 }]);
    expect(await page.locator('#retentionAuto').isHidden()).toBe(true);
  });

  it('shows the server\'s message next to the retention field', async () => {
    const message = 'Manter mensagens (messageRetentionDays): deve ser 0 ou um número inteiro de 7 a 3.650 dias; recebido 3.';
    const { runtime } = settingsServer(fixtureSettings(), (patch) => (patch.messageRetentionDays !== undefined ? message : null));
    const { page } = await open(runtime);
    await page.fill('#messageRetentionDays', '3');
    await page.click('#save');
    await page.locator('[data-error-for="messageRetentionDays"]').waitFor({ state: 'visible' });
    expect(await page.textContent('[data-error-for="messageRetentionDays"]')).toBe(message);
    expect(await page.getAttribute('#messageRetentionDays', 'aria-invalid')).toBe('true');
    expect(opened[0]?.pageErrors).toEqual([]);
  });

  it('adds the capacity as of the run to the "Sincronizar agora" report', async () => {
    const { runtime: base } = settingsServer(fixtureSettings());
    const report = {
      ok: true,
      complete: true,
      conversationsListed: 4,
      conversationsWritten: 1,
      messagesFetched: 9,
      apiCalls: 3,
      durationMs: 1500,
      startedAt: NOW,
      finishedAt: NOW,
      message: 'Sincronização concluída.',
      capacity: { cellsUsed: 7_100_000, cellLimit: 10_000_000, percent: 71, projectedFullDate: '2026-04-14', suggestedRetentionDays: 60 },
    };
    const runtime = { run: (name: string, args: unknown[] = []) => (name === 'syncNow' ? stubRuntime({ syncNow: () => report }).run(name, args) : base.run(name, args)) };
    const { page } = await open(runtime as typeof base);
    await page.click('#syncNow');
    await page.locator('#syncReport.ok h3').waitFor();
    // 2026-03-15 -> 2026-04-14 = 30 days = ~4 weeks.
    expect(await page.locator('#syncReport li').last().textContent()).toBe('Capacidade da planilha: 71 % — cheia em ~4 semanas neste ritmo');
  });

  it('still loads when the server sends none of the new settings (all off)', async () => {
    const { businessHours: _b, holidays: _h, messageRetentionDays: _m, messageRetentionChosen: _c, capacity: _k, ...older } = fixtureSettings();
    // A server of the previous version: the fields are absent, whatever today's type says.
    const { runtime, patches } = settingsServer(older as ReturnType<typeof fixtureSettings>);
    const { page } = await open(runtime);
    expect(await page.textContent('#businessHoursSummary')).toBe('Resumo: desligado');
    expect(await page.inputValue('#messageRetentionDays')).toBe('0');
    await page.click('#save');
    await page.locator('#banner.info').waitFor();
    expect(patches).toEqual([]);
  });
});
