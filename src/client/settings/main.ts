// Settings dialog page: loads getSettings into the form, saves the changed fields, runs "Sincronizar agora".
import './style.css';
import type { SettingsView, SyncReport } from '../../shared/dto';
import { CAPACITY_WARN_PERCENT, capacityText, retentionDaysText } from '../lib/capacity';
import { h, replaceChildren } from '../lib/dom';
import { todayIn } from '../lib/periods';
import { callServer, closeHost } from '../lib/server';
import { storedWeek } from './business-hours';
import { createBusinessHoursEditor, createHolidaysEditor } from './business-hours-editor';
import {
  buildPatch,
  fieldOfMessage,
  intervalLabel,
  joinList,
  numberOrNull,
  proposedInterval,
  secondsAsMinutes,
  type SettingsDraft,
  splitList,
} from './form';

/** Every field a server message may name, i.e. every `data-error-for` slot of the page (editors add their own). */
const knownFields = (): string[] => [...document.querySelectorAll<HTMLElement>('[data-error-for]')].map((el) => el.dataset.errorFor ?? '');

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`elemento #${id} ausente`);
  return element as T;
}

const form = byId<HTMLFormElement>('settings-form');
const banner = byId<HTMLDivElement>('banner');
const input = (id: string) => byId<HTMLInputElement>(id);
const select = (id: string) => byId<HTMLSelectElement>(id);

let stored: SettingsView | null = null;
let busy = false;

const businessHours = createBusinessHoursEditor(byId('businessHoursDays'), byId('businessHoursPresets'), byId('businessHoursSummary'));
const holidays = createHolidaysEditor(
  byId('holidayList'),
  byId<HTMLInputElement>('holidayNew'),
  byId<HTMLButtonElement>('holidayAdd'),
  byId('holidayProblem'),
);

function showBanner(kind: 'error' | 'success' | 'info', text: string): void {
  banner.className = `banner ${kind}`;
  banner.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  banner.textContent = text;
  banner.hidden = false;
}

function clearErrors(): void {
  for (const slot of document.querySelectorAll<HTMLElement>('[data-error-for]')) {
    slot.hidden = true;
    slot.textContent = '';
    const control = document.getElementById(slot.dataset.errorFor ?? '');
    control?.removeAttribute('aria-invalid');
  }
  for (const marked of document.querySelectorAll('.day [aria-invalid]')) marked.removeAttribute('aria-invalid');
}

/** Shows a server message next to the field it names (opening its section) and in the banner. */
function showServerError(message: string): void {
  showBanner('error', message);
  const field = fieldOfMessage(message, knownFields());
  if (!field) return;
  const slot = document.querySelector<HTMLElement>(`[data-error-for="${field}"]`);
  if (!slot) return;
  slot.textContent = message;
  slot.hidden = false;
  const details = slot.closest('details');
  if (details) details.open = true;
  // A field with one control has it under the field's id; an editor's day row marks its own time inputs.
  const control = document.getElementById(field);
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
  const day = /^businessHours\.(\w+)$/.exec(field)?.[1];
  const inputs = day ? [...document.querySelectorAll<HTMLInputElement>(`.day[data-day="${day}"] input`)] : [];
  for (const dayInput of inputs) dayInput.setAttribute('aria-invalid', 'true');
  inputs[0]?.focus();
}

function setBusy(value: boolean): void {
  busy = value;
  form.setAttribute('aria-busy', String(value));
  // Saving needs the stored settings to diff against; until they load only closing makes sense.
  byId<HTMLButtonElement>('save').disabled = value || stored === null;
  byId<HTMLButtonElement>('syncNow').disabled = value;
  byId<HTMLButtonElement>('adoptTrigger').disabled = value;
}

function fillIntervals(view: SettingsView): void {
  const recommended = proposedInterval(view);
  const options = [...view.allowedIntervals];
  // A value stored under another deployment stays visible so the user sees what to change.
  if (!options.includes(view.syncIntervalMinutes)) options.push(view.syncIntervalMinutes);
  replaceChildren(
    select('syncIntervalMinutes'),
    ...options.map((minutes) =>
      h(
        'option',
        { value: String(minutes), selected: minutes === view.syncIntervalMinutes },
        intervalLabel(minutes) + (minutes === recommended ? ' (recomendado)' : ''),
      ),
    ),
  );
  byId('intervalHint').textContent =
    view.deployment === 'addon'
      ? 'Como complemento do Editor, o Google permite sincronizar no máximo a cada hora.'
      : view.syncIntervalMinutes === 0
        ? `Sugestão: ${intervalLabel(recommended)}.`
        : '';
}

/**
 * Apps Script triggers belong to one user: warn when the stored schedule does not run for the user looking,
 * or runs without an API key.
 */
function renderTriggerNotice(view: SettingsView): void {
  const notice = byId('triggerNotice');
  const adopt = byId<HTMLButtonElement>('adoptTrigger');
  let text = '';
  if (view.syncIntervalMinutes > 0 && view.syncTriggerActive === false)
    text = 'A sincronização automática não está ativa na sua conta (os gatilhos do Google pertencem a quem os cria).';
  else if (view.syncIntervalMinutes > 0 && !view.apiKeySet)
    text = 'Sem chave de API na sua conta, a sincronização automática vai falhar.';
  notice.hidden = text === '';
  byId('triggerNoticeText').textContent = text;
  adopt.hidden = !(view.syncIntervalMinutes > 0 && view.syncTriggerActive === false);
}

/** Puts the stored settings into the form. The key input always starts empty: the server never sends the key. */
function render(view: SettingsView): void {
  stored = view;
  input('apiKey').value = '';
  input('apiKeyRemove').checked = false;
  byId('apiKeyStatus').textContent = view.apiKeySet ? 'chave configurada' : 'nenhuma chave configurada';
  byId('apiKeyStatus').className = view.apiKeySet ? 'pill ok' : 'pill warn';
  byId('apiKeyRemoveRow').hidden = !view.apiKeySet;
  input('baseUrl').value = view.baseUrl;
  input('agentIds').value = joinList(view.agentIds);
  input('syncStart').value = view.syncStart ?? '';
  input('reconcileDays').value = String(view.reconcileDays);
  fillIntervals(view);
  renderTriggerNotice(view);
  input('rebuildAfterSync').checked = view.rebuildAfterSync;
  input('slaSeconds').value = String(view.slaSeconds);
  byId('slaMinutes').textContent = secondsAsMinutes(view.slaSeconds);
  input('abandonMinutes').value = String(view.abandonMinutes);
  input('csatVariables').value = joinList(view.csatVariables);

  input('alerts.enabled').checked = view.alerts.enabled;
  input('alerts.recipients').value = joinList(view.alerts.recipients);
  input('alerts.unansweredMinutes').value = String(view.alerts.unansweredMinutes);
  input('alerts.syncFailures').value = String(view.alerts.syncFailures);
  input('alerts.slaRateBelow').value = String(Math.round(view.alerts.slaRateBelow * 10_000) / 100);
  input('alerts.slaWindowHours').value = String(view.alerts.slaWindowHours);
  input('alerts.highFrustration').checked = view.alerts.highFrustration;
  input('alerts.volumeAboveForecast').checked = view.alerts.volumeAboveForecast;

  select('report.frequency').value = view.report.frequency;
  input('report.hour').value = String(view.report.hour);
  byId('reportTimeZone').textContent = `Fuso da planilha: ${view.timeZone}.`;
  input('report.recipients').value = joinList(view.report.recipients);
  input('report.attachPdf').checked = view.report.attachPdf;

  businessHours.set(storedWeek(view.businessHours));
  holidays.set(view.holidays ?? []);
  byId('businessTimeZone').textContent = view.timeZone;
  input('messageRetentionDays').value = String(view.messageRetentionDays ?? 0);
  renderStorage(view);
}

/**
 * The capacity line, the proposed retention (issue 11: from 70 %, the N that keeps the sheet under 80 % for a
 * year) and whether the automatic rule at 90 % chose the stored N.
 */
function renderStorage(view: SettingsView): void {
  const capacity = view.capacity ?? null;
  const line = byId('capacityLine');
  line.textContent = capacity
    ? capacityText(capacity, todayIn(view.timeZone, new Date()))
    : 'Capacidade da planilha: ainda não medida (é medida a cada sincronização).';
  line.className = `capacity${capacity && capacity.percent >= CAPACITY_WARN_PERCENT ? ' warn' : ''}`;

  const suggested = capacity?.suggestedRetentionDays ?? null;
  const current = view.messageRetentionDays ?? 0;
  const propose = suggested !== null && suggested !== current;
  byId('retentionSuggestion').hidden = !propose;
  byId('retentionSuggestionText').textContent = propose
    ? `Sugestão: manter as mensagens dos últimos ${retentionDaysText(suggested)} deixa a planilha abaixo de 80 % por um ano neste ritmo.`
    : '';
  byId('retentionUse').textContent = propose ? `Usar ${retentionDaysText(suggested)}` : '';
  byId('retentionUse').dataset.days = propose ? String(suggested) : '';

  const automatic = view.messageRetentionChosen === false && current > 0;
  byId('retentionAuto').hidden = !automatic;
  byId('retentionAuto').textContent = automatic
    ? 'Aplicado automaticamente quando a planilha chegou a 90 % (nenhum valor tinha sido escolhido). Salve outro valor para escolher o seu.'
    : '';
}

function readDraft(): SettingsDraft {
  const percent = numberOrNull(input('alerts.slaRateBelow').value);
  const frequency = select('report.frequency').value;
  return {
    baseUrl: input('baseUrl').value.trim(),
    agentIds: splitList(input('agentIds').value),
    syncStart: input('syncStart').value === '' ? null : input('syncStart').value,
    reconcileDays: numberOrNull(input('reconcileDays').value),
    syncIntervalMinutes: numberOrNull(select('syncIntervalMinutes').value),
    slaSeconds: numberOrNull(input('slaSeconds').value),
    abandonMinutes: numberOrNull(input('abandonMinutes').value),
    csatVariables: splitList(input('csatVariables').value),
    rebuildAfterSync: input('rebuildAfterSync').checked,
    alerts: {
      enabled: input('alerts.enabled').checked,
      recipients: splitList(input('alerts.recipients').value),
      unansweredMinutes: numberOrNull(input('alerts.unansweredMinutes').value),
      slaWindowHours: numberOrNull(input('alerts.slaWindowHours').value),
      slaRateBelow: percent === null ? null : percent / 100,
      highFrustration: input('alerts.highFrustration').checked,
      syncFailures: numberOrNull(input('alerts.syncFailures').value),
      volumeAboveForecast: input('alerts.volumeAboveForecast').checked,
    },
    report: {
      frequency: frequency === 'daily' || frequency === 'weekly' ? frequency : 'off',
      recipients: splitList(input('report.recipients').value),
      hour: numberOrNull(input('report.hour').value),
      attachPdf: input('report.attachPdf').checked,
    },
    businessHours: businessHours.read(),
    holidays: holidays.read(),
    messageRetentionDays: numberOrNull(input('messageRetentionDays').value),
  };
}

function currentPatch() {
  if (!stored) return null;
  return buildPatch(stored, readDraft(), { typed: input('apiKey').value, remove: input('apiKeyRemove').checked });
}

async function save(): Promise<void> {
  holidays.commitPending();
  const patch = currentPatch();
  if (busy || !patch) return;
  clearErrors();
  if (Object.keys(patch).length === 0) {
    showBanner('info', 'Nada a salvar: nenhum campo foi alterado.');
    return;
  }
  setBusy(true);
  showBanner('info', 'Salvando…');
  try {
    render(await callServer('saveSettings', patch));
    showBanner('success', 'Configurações salvas.');
  } catch (error) {
    showServerError(error instanceof Error ? error.message : String(error));
  } finally {
    setBusy(false);
  }
}

function reportLines(report: SyncReport): string[] {
  const seconds = String(Math.round(report.durationMs / 100) / 10).replace('.', ',');
  const lines = [
    `Conversas listadas: ${report.conversationsListed}`,
    `Conversas gravadas: ${report.conversationsWritten}`,
    `Mensagens recebidas: ${report.messagesFetched}`,
    `Chamadas à API: ${report.apiCalls}`,
    `Duração: ${seconds} s`,
  ];
  if (report.capacity) lines.push(capacityText(report.capacity, todayIn(stored?.timeZone ?? 'UTC', new Date())));
  return lines;
}

/** Installs the sync trigger for the user looking, at the stored interval. */
async function adoptTrigger(): Promise<void> {
  if (busy || !stored) return;
  clearErrors();
  setBusy(true);
  try {
    render(await callServer('saveSettings', { syncIntervalMinutes: stored.syncIntervalMinutes }));
    showBanner('success', 'Sincronização automática ativada na sua conta.');
  } catch (error) {
    showServerError(error instanceof Error ? error.message : String(error));
  } finally {
    setBusy(false);
  }
}

async function syncNow(): Promise<void> {
  if (busy) return;
  const box = byId<HTMLElement>('syncReport');
  const patch = currentPatch();
  const unsaved = patch !== null && Object.keys(patch).length > 0;
  setBusy(true);
  box.hidden = false;
  box.className = 'report';
  replaceChildren(box, h('p', {}, 'Sincronizando…'));
  try {
    const report = await callServer('syncNow');
    const title = !report.ok
      ? 'A sincronização falhou'
      : report.complete
        ? 'Sincronização concluída'
        : 'Sincronização parcial (continua na próxima execução)';
    box.className = `report ${report.ok ? 'ok' : 'failed'}`;
    replaceChildren(
      box,
      h('h3', {}, title),
      report.message ? h('p', { class: 'message' }, report.message) : null,
      h('ul', {}, ...reportLines(report).map((line) => h('li', {}, line))),
      unsaved ? h('p', { class: 'hint' }, 'Há alterações não salvas: a sincronização usou as configurações salvas.') : null,
    );
  } catch (error) {
    box.className = 'report failed';
    replaceChildren(box, h('h3', {}, 'A sincronização falhou'), h('p', { class: 'message' }, error instanceof Error ? error.message : String(error)));
  } finally {
    setBusy(false);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void save();
});
byId('syncNow').addEventListener('click', () => void syncNow());
byId('close').addEventListener('click', () => closeHost());
byId('adoptTrigger').addEventListener('click', () => void adoptTrigger());
input('slaSeconds').addEventListener('input', () => {
  byId('slaMinutes').textContent = secondsAsMinutes(numberOrNull(input('slaSeconds').value));
});
byId('retentionUse').addEventListener('click', () => {
  const days = byId('retentionUse').dataset.days ?? '';
  if (days === '') return;
  input('messageRetentionDays').value = days;
  input('messageRetentionDays').focus();
});
input('apiKey').addEventListener('input', () => {
  // Typing a new key and removing the key are exclusive.
  if (input('apiKey').value !== '') input('apiKeyRemove').checked = false;
});

async function load(): Promise<void> {
  setBusy(true);
  try {
    render(await callServer('getSettings'));
    banner.hidden = true;
  } catch (error) {
    showBanner('error', `Não foi possível carregar as configurações: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    setBusy(false);
  }
}

void load();
