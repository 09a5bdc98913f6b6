// The filter panel: period preset (or two dates) and multi-selects of channel, status, priority and agent.
import type { DashboardData, Filters } from '../../shared/dto';
import { h, replaceChildren } from '../lib/dom';
import { isIsoDate, PERIOD_LABELS, presetRange, todayIn, type PeriodPreset } from '../lib/periods';
import { priorityLabel, statusLabel } from './labels';

type Dimension = 'channels' | 'statuses' | 'priorities' | 'agentIds';

const DIMENSIONS: ReadonlyArray<readonly [Dimension, string, (key: string) => string]> = [
  ['channels', 'Canal', (key) => key],
  ['statuses', 'Status', statusLabel],
  ['priorities', 'Prioridade', priorityLabel],
  ['agentIds', 'Agente', (key) => key],
];

/** The values each multi-select offers. */
export type FilterOptions = Record<Dimension, string[]>;

/** The lists the server built (DashboardData.options), or, failing that, the keys of the breakdowns. */
export function optionsOf(data: DashboardData): FilterOptions {
  if (data.options) return data.options;
  return {
    channels: data.byChannel.map((item) => item.key),
    statuses: data.byStatus.map((item) => item.key),
    priorities: data.byPriority.map((item) => item.key),
    agentIds: data.agents.map((item) => item.key),
  };
}

/** The filter panel and how to read it. */
export interface FilterPanel {
  element: HTMLElement;
  /** The filters now, the period computed in `timeZone` (the spreadsheet's); null while the custom dates are invalid. */
  read(timeZone: string, now: Date): Filters | null;
  /** Why read() returned null, in Portuguese. */
  problem(): string | null;
  /** Refreshes the option lists, keeping what is selected. */
  setOptions(options: FilterOptions): void;
}

interface MultiSelect {
  element: HTMLDetailsElement;
  selected: Set<string>;
  setOptions(values: string[]): void;
}

function multiSelect(dimension: Dimension, title: string, label: (key: string) => string, onChange: () => void): MultiSelect {
  const selected = new Set<string>();
  const summary = h('summary', {}, `${title}: todos`);
  const list = h('div', { class: 'options' });
  const element = h('details', { class: 'multi', 'data-filter': dimension }, summary, list);
  let shown = '';
  const updateSummary = (): void => {
    const [only] = [...selected];
    summary.textContent =
      selected.size === 0 ? `${title}: todos` : selected.size === 1 && only !== undefined ? `${title}: ${label(only)}` : `${title}: ${selected.size} selecionados`;
  };
  const setOptions = (values: string[]): void => {
    const all = [...new Set([...values, ...selected])].sort((a, b) => a.localeCompare(b, 'pt-BR'));
    const key = JSON.stringify(all);
    // Rebuilding the list on every 30 s refresh would close what the user is ticking; only rebuild on change.
    if (key === shown) return;
    shown = key;
    if (all.length === 0) {
      replaceChildren(list, h('span', { class: 'empty' }, 'Nenhum valor nos dados.'));
      return;
    }
    replaceChildren(
      list,
      ...all.map((value) => {
        const box = h('input', { type: 'checkbox', value, checked: selected.has(value) });
        box.addEventListener('change', () => {
          if (box.checked) selected.add(value);
          else selected.delete(value);
          updateSummary();
          onChange();
        });
        return h('label', {}, box, label(value));
      }),
    );
  };
  return { element, selected, setOptions };
}

/** Builds the panel; `onChange` runs after every change that yields valid filters or a new problem. */
export function createFilterPanel(initial: PeriodPreset, onChange: () => void): FilterPanel {
  const period = h('select', { id: 'period', 'aria-label': 'Período' });
  for (const [value, text] of PERIOD_LABELS) period.appendChild(h('option', { value, selected: value === initial }, text));
  const from = h('input', { type: 'date', id: 'from', 'aria-label': 'De' });
  const to = h('input', { type: 'date', id: 'to', 'aria-label': 'Até' });
  const custom = h('div', { class: 'custom', hidden: initial !== 'custom' }, from, h('span', {}, 'a'), to);
  const selects = DIMENSIONS.map(([dimension, title, label]) => multiSelect(dimension, title, label, onChange));
  // The last preset's range, so "Personalizado" starts from what the user was looking at.
  let lastRange: { from: string; to: string } | null = null;
  period.addEventListener('change', () => {
    custom.hidden = period.value !== 'custom';
    if (period.value === 'custom' && lastRange && !from.value && !to.value) {
      from.value = lastRange.from;
      to.value = lastRange.to;
    }
    onChange();
  });
  from.addEventListener('change', onChange);
  to.addEventListener('change', onChange);

  const problem = (): string | null => {
    if (period.value !== 'custom') return null;
    if (!isIsoDate(from.value) || !isIsoDate(to.value)) return 'Escolha as datas de início e fim do período.';
    if (from.value > to.value) return 'A data inicial deve ser anterior ou igual à final.';
    return null;
  };

  const read = (timeZone: string, now: Date): Filters | null => {
    if (problem()) return null;
    const preset = period.value as PeriodPreset;
    const range = preset === 'custom' ? { from: from.value, to: to.value } : presetRange(preset, todayIn(timeZone, now));
    if (preset !== 'custom') lastRange = range;
    const filters: Filters = { ...range };
    for (const select of selects) {
      const dimension = select.element.dataset.filter as Dimension;
      if (select.selected.size > 0) filters[dimension] = [...select.selected].sort();
    }
    return filters;
  };

  const element = h(
    'div',
    { class: 'filters' },
    h('div', { class: 'period' }, h('label', { for: 'period' }, 'Período'), period),
    custom,
    h('div', { class: 'multis' }, ...selects.map((select) => select.element)),
  );
  return {
    element,
    read,
    problem,
    setOptions: (options) => {
      for (const select of selects) select.setOptions(options[select.element.dataset.filter as Dimension]);
    },
  };
}
