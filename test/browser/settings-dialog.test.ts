// The settings dialog (dist/settings.html) in Chromium, wired to the built bundle in the local runtime.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../src/shared/dto';
import { createRuntime, type LocalRuntime } from '../runtime/index';
import { removeSnapshot, snapshotDist } from '../server/settings/dist-snapshot';
import { closeBrowser, openPage, type OpenedPage, type PageRuntime, stubRuntime } from './harness';

const KEY = 'cv-browser-key-7d3a21';

let opened: OpenedPage[] = [];
let runtimes: LocalRuntime[] = [];
let distDir = '';

beforeAll(() => {
  distDir = snapshotDist(['Code.js', 'settings.html']);
});

afterEach(async () => {
  for (const page of opened) await page.close();
  for (const rt of runtimes) rt.dispose();
  opened = [];
  runtimes = [];
});
afterAll(async () => {
  await closeBrowser();
  removeSnapshot(distDir);
});

/** A runtime over the built bundle, plus the arguments of every saveSettings call the page made. */
function backend(installation: 'bound' | 'addon' = 'bound') {
  const rt = createRuntime({ installation, distDir });
  runtimes.push(rt);
  const patches: unknown[] = [];
  const page: PageRuntime = {
    run: (name, args = [], options) => {
      if (name === 'saveSettings') patches.push(args[0]);
      return rt.run(name, args, options);
    },
  };
  return { rt, patches, page };
}

async function open(runtime: PageRuntime): Promise<OpenedPage> {
  const page = await openPage(runtime, 'settings', { distDir });
  opened.push(page);
  // Loaded once the save button is enabled (it stays disabled until getSettings answered).
  await page.page.locator('#save:not([disabled])').waitFor();
  return page;
}

function storedDocumentSettings(rt: LocalRuntime): Record<string, unknown> {
  return JSON.parse(rt.properties.document.get('settings.v1') ?? '{}') as Record<string, unknown>;
}

describe('settings dialog', () => {
  it('loads the stored settings into the form, with the key only as "chave configurada"', async () => {
    const { rt, page } = backend();
    rt.call('saveSettings', {
      apiKey: KEY,
      agentIds: ['clagent01', 'clagent02'],
      reconcileDays: 21,
      syncIntervalMinutes: 30,
      slaSeconds: 90,
      csatVariables: ['nota', 'csat'],
      alerts: { enabled: true, recipients: ['ana@empresa.com'], slaRateBelow: 0.85 },
    });
    const { page: p } = await open(page);
    expect(await p.inputValue('#reconcileDays')).toBe('21');
    expect(await p.inputValue('#agentIds')).toBe('clagent01, clagent02');
    expect(await p.inputValue('#syncIntervalMinutes')).toBe('30');
    expect(await p.inputValue('#slaSeconds')).toBe('90');
    expect(await p.textContent('#slaMinutes')).toBe('= 1,5 min');
    expect(await p.inputValue('#csatVariables')).toBe('nota, csat');
    expect(await p.inputValue('[id="alerts.recipients"]')).toBe('ana@empresa.com');
    expect(await p.inputValue('[id="alerts.slaRateBelow"]')).toBe('85');
    expect(await p.textContent('#apiKeyStatus')).toBe('chave configurada');
    expect(await p.inputValue('#apiKey')).toBe('');
    expect(await p.content()).not.toContain(KEY);
  });

  it('offers the deployment intervals, "desligado" for 0, and proposes 15 minutes in a bound script', async () => {
    const { page } = backend();
    const { page: p } = await open(page);
    const options = await p.locator('#syncIntervalMinutes option').allTextContents();
    expect(options).toEqual([
      'desligado',
      'a cada minuto',
      'a cada 5 minutos',
      'a cada 10 minutos',
      'a cada 15 minutos (recomendado)',
      'a cada 30 minutos',
      'a cada hora',
    ]);
    expect(await p.textContent('#intervalHint')).toBe('Sugestão: a cada 15 minutos.');
  });

  it('proposes hourly and offers only 0/60 in an Editor add-on', async () => {
    const { page } = backend('addon');
    const { page: p } = await open(page);
    expect(await p.locator('#syncIntervalMinutes option').allTextContents()).toEqual(['desligado', 'a cada hora (recomendado)']);
  });

  it('shows the server message next to the field it names and stores nothing', async () => {
    const { rt, page } = backend();
    const { page: p } = await open(page);
    await p.fill('#reconcileDays', '120');
    await p.fill('#slaSeconds', '45');
    await p.click('#save');
    const slot = p.locator('[data-error-for="reconcileDays"]');
    await slot.waitFor({ state: 'visible' });
    const message = await slot.textContent();
    expect(message).toContain('(reconcileDays)');
    expect(message).toContain('1 a 90');
    expect(await p.textContent('#banner')).toBe(message);
    expect(await p.getAttribute('#reconcileDays', 'aria-invalid')).toBe('true');
    expect(await p.locator('[data-error-for="slaSeconds"]').isHidden()).toBe(true);
    expect(rt.properties.document.size).toBe(0);
  });

  it('opens the alerts section to show a message about one of its fields', async () => {
    const { rt, page } = backend();
    const { page: p } = await open(page);
    await p.click('#alertsSection summary');
    await p.check('[id="alerts.enabled"]');
    await p.fill('[id="alerts.recipients"]', 'ana@empresa.com, isto não é e-mail');
    await p.click('#alertsSection summary');
    await p.click('#save');
    const slot = p.locator('[data-error-for="alerts.recipients"]');
    await slot.waitFor({ state: 'visible' });
    expect(await slot.textContent()).toContain('"isto não é e-mail" não é um endereço de e-mail válido');
    expect(await p.locator('#alertsSection').getAttribute('open')).not.toBeNull();
    expect(rt.properties.document.size).toBe(0);
  });

  it('saves only the changed fields, persists them, installs the trigger and never shows the key', async () => {
    const { rt, patches, page } = backend();
    const { page: p } = await open(page);
    await p.fill('#apiKey', KEY);
    await p.fill('#reconcileDays', '14');
    await p.selectOption('#syncIntervalMinutes', '15');
    await p.fill('#agentIds', 'clagent01 , clagent02,');
    await p.click('#save');
    await p.locator('#banner.success').waitFor();
    expect(await p.textContent('#banner')).toBe('Configurações salvas.');

    expect(patches).toEqual([
      { apiKey: KEY, agentIds: ['clagent01', 'clagent02'], reconcileDays: 14, syncIntervalMinutes: 15 },
    ]);
    expect(rt.properties.user().get('chatvolt.apiKey')).toBe(KEY);
    expect(storedDocumentSettings(rt)).toMatchObject({ reconcileDays: 14, syncIntervalMinutes: 15, agentIds: ['clagent01', 'clagent02'] });
    expect(rt.triggers.filter((t) => t.handler === 'runScheduledSync').map((t) => t.everyMinutes)).toEqual([15]);

    expect(await p.inputValue('#apiKey')).toBe('');
    expect(await p.textContent('#apiKeyStatus')).toBe('chave configurada');
    expect(await p.content()).not.toContain(KEY);
  });

  it('sends nothing when no field changed', async () => {
    const { patches, page } = backend();
    const { page: p } = await open(page);
    await p.click('#save');
    await p.locator('#banner.info').waitFor();
    expect(await p.textContent('#banner')).toBe('Nada a salvar: nenhum campo foi alterado.');
    expect(patches).toEqual([]);
  });

  it('removes the key with "remover chave"', async () => {
    const { rt, patches, page } = backend();
    rt.call('saveSettings', { apiKey: KEY });
    const { page: p } = await open(page);
    await p.check('#apiKeyRemove');
    await p.click('#save');
    await p.locator('#banner.success').waitFor();
    expect(patches).toEqual([{ apiKey: '' }]);
    expect(rt.properties.user().has('chatvolt.apiKey')).toBe(false);
    expect(await p.textContent('#apiKeyStatus')).toBe('nenhuma chave configurada');
  });

  it('runs "Sincronizar agora" and shows the report as text', async () => {
    const { rt } = backend();
    const report: SyncReport = {
      ok: false,
      complete: false,
      conversationsListed: 3,
      conversationsWritten: 2,
      messagesFetched: 41,
      apiCalls: 7,
      durationMs: 2360,
      startedAt: '2026-03-15T12:00:00.000Z',
      finishedAt: '2026-03-15T12:00:02.360Z',
      message: '<b>Chave de API inválida</b>',
      capacity: { cellsUsed: 0, cellLimit: 10_000_000, percent: 0, projectedFullDate: null },
    };
    // syncNow answered by hand: this test is about the dialog, the sync has its own tests.
    const page: PageRuntime = {
      run: (name, args = [], options) =>
        name === 'syncNow' ? { ok: true, value: report as never, stats: { calls: 0, callsByMethod: {}, modelledMs: 0, scriptCpuMs: 0 }, logs: [] } : rt.run(name, args, options),
    };
    const { page: p, calls } = await open(page);
    await p.click('#syncNow');
    await p.locator('#syncReport.failed h3').waitFor();
    expect(await p.textContent('#syncReport h3')).toBe('A sincronização falhou');
    expect(await p.textContent('#syncReport .message')).toBe('<b>Chave de API inválida</b>');
    expect(await p.locator('#syncReport li').allTextContents()).toEqual([
      'Conversas listadas: 3',
      'Conversas gravadas: 2',
      'Mensagens recebidas: 41',
      'Chamadas à API: 7',
      'Duração: 2,4 s',
      'Capacidade da planilha: 0 % — sem previsão de ficar cheia neste ritmo',
    ]);
    expect(await p.locator('#syncReport b').count()).toBe(0);
    expect(calls).toEqual(['getSettings', 'syncNow']);
  });

  it('tells a colleague the schedule does not run for them and installs it on request', async () => {
    const { rt } = backend();
    rt.call('saveSettings', { syncIntervalMinutes: 30 });
    const asColleague: PageRuntime = {
      run: (name, args = [], options) => rt.run(name, args, { ...options, user: 'colega@example.com' }),
    };
    const { page: p } = await open(asColleague);
    expect(await p.isVisible('#triggerNotice')).toBe(true);
    expect(await p.textContent('#triggerNoticeText')).toContain('não está ativa na sua conta');
    await p.click('#adoptTrigger');
    await p.locator('#banner.success').waitFor();
    const mine = rt.triggers.filter((t) => t.handler === 'runScheduledSync' && t.user === 'colega@example.com');
    expect(mine.map((t) => t.everyMinutes)).toEqual([30]);
    // Now active for the colleague, who has no key yet: the notice says the schedule will fail.
    expect(await p.textContent('#triggerNoticeText')).toBe('Sem chave de API na sua conta, a sincronização automática vai falhar.');
    expect(await p.isVisible('#adoptTrigger')).toBe(false);
  });

  it('says so in the banner and keeps Salvar off when the settings cannot be loaded', async () => {
    const failing = stubRuntime({
      getSettings: () => {
        throw new Error('Serviço indisponível <script>');
      },
    });
    const loaded = await openPage(failing, 'settings', { distDir });
    opened.push(loaded);
    const p = loaded.page;
    await p.locator('#banner.error').waitFor();
    expect(await p.textContent('#banner')).toBe('Não foi possível carregar as configurações: Serviço indisponível <script>');
    expect(await p.isDisabled('#save')).toBe(true);
    expect(loaded.pageErrors).toEqual([]);
  });

  it('loads without page errors or network requests', async () => {
    const { page } = backend();
    const loaded = await open(page);
    expect(loaded.pageErrors).toEqual([]);
    expect(loaded.blockedRequests).toEqual([]);
  });
});
