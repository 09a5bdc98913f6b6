// The live sidebar: loads DashboardData, renders it, refreshes every 30 s while visible, and runs the actions.
import type { DashboardData, Filters } from '../../shared/dto';
import { h, replaceChildren } from '../lib/dom';
import { formatAgo, formatDateTime, formatNumber, formatShortDate } from '../lib/format';
import { previousRange, todayIn } from '../lib/periods';
import { callServer } from '../lib/server';
import { renderCharts } from './charts';
import { createFilterPanel, optionsOf } from './filters';
import { renderKpiCards } from './kpi-cards';
import { renderCapacity } from './capacity-line';
import { METRICS_DOC_URL } from './links';
import { renderBusinessHours, renderOperators } from './service-depth';

/** Auto-refresh period (issue 4); refreshDashboard itself skips the sync when the last one is < 30 s old. */
export const REFRESH_MS = 30_000;

type LoadKind = 'get' | 'refresh';

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Erro desconhecido.';
}

/** Mounts the sidebar into `root` and starts loading; returns nothing, it runs until the page closes. */
export function startSidebar(root: HTMLElement): void {
  // The spreadsheet's zone arrives with the first DashboardData; until then the browser's is the best guess.
  let timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let data: DashboardData | null = null;
  let updatedAt: number | null = null;
  let lastAttemptAt = 0;
  let inFlight = false;
  let queued: LoadKind | null = null;
  /** The filters of the last call, so a change that ends where it started (custom = preset) costs no call. */
  let lastRequested = '';

  const updated = h('span', { class: 'updated', 'aria-live': 'off' }, 'carregando…');
  const refreshButton = h('button', { type: 'button', class: 'refresh', title: 'Sincronizar e atualizar agora' }, 'Atualizar');
  const filterPanel = createFilterPanel('last30', () => onFiltersChanged());
  const periodLine = h('p', { class: 'period-line' });
  const alert = h('div', { class: 'error', role: 'alert', hidden: true });
  const notice = h('div', { class: 'notice', role: 'status', hidden: true });
  const content = h('div', { class: 'content' }, h('p', { class: 'loading' }, 'Carregando painel…'));
  const csvButton = h('button', { type: 'button', class: 'csv' }, 'Baixar CSV');
  const rebuildLink = h('a', { href: '#', class: 'rebuild' }, 'Gerar painéis na planilha');
  const settingsLink = h('a', { href: '#', class: 'settings' }, 'Configurações');
  // A real link when the build knows the repository (package.json "repository"): it opens in a new tab.
  const helpLink = METRICS_DOC_URL
    ? h('a', { href: METRICS_DOC_URL, class: 'help', target: '_blank', rel: 'noopener' }, 'O que é cada número?')
    : h('a', { href: '#', class: 'help' }, 'O que é cada número?');
  const syncLine = h('p', { class: 'sync-line' });
  /** The capacity warning from 70 % (top) or the plain capacity line (bottom); one of them at a time. */
  const capacityTop = h('div', { class: 'capacity-slot', hidden: true });
  const capacityBottom = h('div', { class: 'capacity-slot', hidden: true });
  const forecastLine = h('p', { class: 'forecast', hidden: true });

  replaceChildren(
    root,
    h('header', {}, h('div', { class: 'title' }, h('h1', {}, 'Chatvolt Analytics'), updated), refreshButton),
    filterPanel.element,
    periodLine,
    alert,
    notice,
    capacityTop,
    content,
    forecastLine,
    h('div', { class: 'actions' }, csvButton, rebuildLink, settingsLink, helpLink),
    syncLine,
    capacityBottom,
  );

  const showError = (text: string | null): void => {
    alert.hidden = text === null;
    alert.textContent = text ?? '';
  };
  const showNotice = (text: string | null): void => {
    notice.hidden = text === null;
    notice.textContent = text ?? '';
  };

  const currentFilters = (): Filters | null => filterPanel.read(timeZone, new Date());

  const renderPeriod = (current: DashboardData): void => {
    const filters = current.filters;
    const prev = current.previous ? previousRange(filters.from, filters.to) : null;
    const range = filters.from && filters.to ? `${formatShortDate(filters.from)} – ${formatShortDate(filters.to)}` : 'todo o período';
    periodLine.textContent = prev
      ? `${range} · comparado com ${formatShortDate(prev.from)} – ${formatShortDate(prev.to)}`
      : range;
  };

  const renderSync = (current: DashboardData): void => {
    const last = current.lastSync;
    if (!last) {
      syncLine.className = 'sync-line';
      syncLine.textContent = 'Ainda não sincronizado. Informe a chave da API em Configurações.';
      return;
    }
    const when = `${formatDateTime(last.finishedAt, current.timeZone)} (${formatAgo((Date.now() - Date.parse(last.finishedAt)) / 1000)})`;
    syncLine.className = `sync-line ${last.ok ? 'ok' : 'failed'}`;
    replaceChildren(
      syncLine,
      `Última sincronização: ${when} · `,
      h('strong', {}, last.ok ? 'ok' : 'erro'),
      last.message ? ` — ${last.message}` : '',
    );
  };

  const render = (current: DashboardData): void => {
    filterPanel.setOptions(optionsOf(current));
    renderPeriod(current);
    replaceChildren(content, renderKpiCards(current), renderBusinessHours(current), renderOperators(current), renderCharts(current));
    renderCapacitySlots(current);
    const forecast = current.forecastTomorrow;
    forecastLine.hidden = !forecast;
    forecastLine.textContent = forecast
      ? `Previsão para amanhã: ${formatNumber(forecast.expected)} conversas (${formatNumber(forecast.low)}–${formatNumber(forecast.high)})`
      : '';
    renderSync(current);
  };

  const openSettings = (): void => {
    callServer('showSettings').catch((error: unknown) => showError(`Não foi possível abrir as configurações: ${messageOf(error)}`));
  };

  const renderCapacitySlots = (current: DashboardData): void => {
    const capacity = current.capacity;
    replaceChildren(capacityTop);
    replaceChildren(capacityBottom);
    capacityTop.hidden = true;
    capacityBottom.hidden = true;
    if (!capacity) return;
    const element = renderCapacity(capacity, todayIn(current.timeZone, new Date()), openSettings);
    const slot = element.dataset.capacity === 'warn' ? capacityTop : capacityBottom;
    slot.appendChild(element);
    slot.hidden = false;
  };

  const tickLabel = (): void => {
    if (inFlight) updated.textContent = updatedAt === null ? 'carregando…' : 'atualizando…';
    else updated.textContent = updatedAt === null ? 'sem dados' : `atualizado ${formatAgo((Date.now() - updatedAt) / 1000)}`;
    if (data) renderSync(data);
  };

  // One call at a time: a refresh asked for while another is running is queued once (the latest filters win),
  // so slow server calls never pile up.
  const load = (kind: LoadKind): void => {
    if (inFlight) {
      queued = queued === 'refresh' || kind === 'refresh' ? 'refresh' : 'get';
      return;
    }
    const filters = currentFilters();
    if (!filters) {
      showError(filterPanel.problem());
      return;
    }
    inFlight = true;
    lastAttemptAt = Date.now();
    lastRequested = JSON.stringify(filters);
    root.setAttribute('aria-busy', 'true');
    refreshButton.disabled = true;
    tickLabel();
    const call = kind === 'refresh' ? callServer('refreshDashboard', filters) : callServer('getDashboard', filters);
    call
      .then((result) => {
        const zoneChanged = result.timeZone !== timeZone;
        timeZone = result.timeZone;
        data = result;
        updatedAt = Date.now();
        showError(null);
        render(result);
        // The presets were computed in the browser's zone; if the spreadsheet's differs, ask again once.
        if (zoneChanged && JSON.stringify(currentFilters()) !== JSON.stringify(filters)) queued ??= 'get';
      })
      .catch((error: unknown) => {
        showError(`Não foi possível atualizar o painel: ${messageOf(error)}`);
        if (!data) replaceChildren(content, h('p', { class: 'empty' }, 'Os dados aparecem aqui assim que o servidor responder. Use "Atualizar" para tentar de novo.'));
      })
      .finally(() => {
        inFlight = false;
        root.removeAttribute('aria-busy');
        refreshButton.disabled = false;
        tickLabel();
        const next = queued;
        queued = null;
        if (next) load(next);
      });
  };

  function onFiltersChanged(): void {
    const problem = filterPanel.problem();
    if (problem) {
      showError(problem);
      return;
    }
    if (!inFlight && data && JSON.stringify(currentFilters()) === lastRequested) {
      showError(null);
      return;
    }
    load('get');
  }

  refreshButton.addEventListener('click', () => load('refresh'));

  csvButton.addEventListener('click', () => {
    const filters = currentFilters();
    if (!filters) return showError(filterPanel.problem());
    csvButton.disabled = true;
    callServer('exportCsv', filters)
      .then((csv) => {
        // A byte-order mark so Excel reads the UTF-8 accents ("Resolução") correctly.
        const blob = new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' });
        const url = URL.createObjectURL(blob);
        // target _self overrides the page's <base target="_top">, which would aim the link at Sheets' own window.
        const link = h('a', { href: url, download: `conversas-${todayIn(timeZone, new Date())}.csv`, target: '_self', hidden: true });
        document.body.appendChild(link);
        link.click();
        link.remove();
        // Revoking at once can cancel the download in Chrome; the page lives long enough for this delay.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        showNotice('CSV gerado.');
      })
      .catch((error: unknown) => showError(`Não foi possível gerar o CSV: ${messageOf(error)}`))
      .finally(() => {
        csvButton.disabled = false;
      });
  });

  // A rebuild takes many seconds; repeated clicks meanwhile would each start another one.
  let rebuilding = false;
  rebuildLink.addEventListener('click', (event) => {
    event.preventDefault();
    if (rebuilding) return;
    const filters = currentFilters();
    if (!filters) return showError(filterPanel.problem());
    rebuilding = true;
    showNotice('Gerando os painéis na planilha…');
    callServer('rebuildDashboards', filters)
      .then((result) => showNotice(result.message))
      .catch((error: unknown) => {
        showNotice(null);
        showError(`Não foi possível gerar os painéis: ${messageOf(error)}`);
      })
      .finally(() => {
        rebuilding = false;
      });
  });

  settingsLink.addEventListener('click', (event) => {
    event.preventDefault();
    openSettings();
  });

  if (!METRICS_DOC_URL)
    helpLink.addEventListener('click', (event) => {
      event.preventDefault();
      showNotice('As definições de cada número estão no arquivo docs/metrics.md do repositório do complemento.');
    });

  // One ticker drives both the "atualizado há N s" label and the auto-refresh, so a page hidden for a while
  // refreshes as soon as it is shown again rather than waiting for a separate 30 s timer.
  const tick = (): void => {
    tickLabel();
    if (!document.hidden && !inFlight && Date.now() - lastAttemptAt >= REFRESH_MS) load('refresh');
  };
  setInterval(tick, 1000);
  document.addEventListener('visibilitychange', tick);

  load('get');
}
