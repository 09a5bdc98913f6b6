// The weekly business-hours editor and the holidays list of Configurações (DOM; values as the server stores them).
import type { BusinessHours } from '../../shared/dto';
import { h, replaceChildren } from '../lib/dom';
import { formatShortDate } from '../lib/format';
import { isIsoDate } from '../lib/periods';
import { emptyWeek, normalizeHolidays, PRESETS, type Weekday, WEEKDAYS, weekSummary } from './business-hours';

/** The editor's handle: fill it, read it back, and whether the user changed it (for the summary line). */
export interface BusinessHoursEditor {
  set(week: BusinessHours): void;
  /** The week as typed: `["HH:mm","HH:mm"]` per interval, rows left fully blank dropped, half-typed ones kept for the server to name. */
  read(): BusinessHours;
}

/** The weekday rows inside `container`, the preset buttons inside `presets`, the summary text in `summary`. */
export function createBusinessHoursEditor(container: HTMLElement, presets: HTMLElement, summary: HTMLElement): BusinessHoursEditor {
  const lists = new Map<Weekday, HTMLElement>();
  const refresh = (): void => {
    summary.textContent = `Resumo: ${weekSummary(read())}`;
    for (const { key, short } of WEEKDAYS) {
      const list = lists.get(key);
      if (!list) continue;
      const rows = [...list.querySelectorAll<HTMLElement>('.interval')];
      rows.forEach((row, i) => {
        row.querySelector('[data-part="start"]')?.setAttribute('aria-label', `${short}: início do intervalo ${i + 1}`);
        row.querySelector('[data-part="end"]')?.setAttribute('aria-label', `${short}: fim do intervalo ${i + 1}`);
        row.querySelector('.remove')?.setAttribute('aria-label', `remover intervalo ${i + 1} de ${short}`);
      });
      const closed = list.querySelector<HTMLElement>('.closed');
      if (closed) closed.hidden = rows.length > 0;
    }
  };

  const intervalRow = (day: Weekday, start: string, end: string): HTMLElement => {
    const startInput = h('input', { type: 'time', step: 60, 'data-part': 'start', value: start });
    const endInput = h('input', { type: 'time', step: 60, 'data-part': 'end', value: end });
    const remove = h('button', { type: 'button', class: 'remove', title: 'remover intervalo' }, '×');
    const row = h('div', { class: 'interval', 'data-day': day }, startInput, h('span', { class: 'dash' }, '–'), endInput, remove);
    remove.addEventListener('click', () => {
      row.remove();
      refresh();
    });
    startInput.addEventListener('input', refresh);
    endInput.addEventListener('input', refresh);
    return row;
  };

  replaceChildren(
    container,
    ...WEEKDAYS.map(({ key, short, name }) => {
      const list = h('div', { class: 'intervals' }, h('span', { class: 'closed' }, 'fechado'));
      lists.set(key, list);
      const add = h('button', { type: 'button', class: 'add', 'aria-label': `adicionar intervalo em ${short}` }, '+ intervalo');
      add.addEventListener('click', () => {
        const rows = [...list.querySelectorAll<HTMLElement>('.interval')];
        // A first interval starts as the usual office day; a further one starts where the last one ended.
        const lastEnd = rows.length > 0 ? (rows[rows.length - 1]?.querySelector<HTMLInputElement>('[data-part="end"]')?.value ?? '') : '';
        const row = rows.length === 0 ? intervalRow(key, '08:00', '18:00') : intervalRow(key, lastEnd, '');
        list.appendChild(row);
        refresh();
        row.querySelector<HTMLInputElement>(rows.length === 0 ? '[data-part="start"]' : '[data-part="end"]')?.focus();
      });
      return h(
        'div',
        { class: 'day', 'data-day': key },
        h('span', { class: 'day-name', title: name }, short),
        list,
        add,
        h('p', { class: 'field-error', 'data-error-for': `businessHours.${key}`, hidden: true }),
      );
    }),
  );

  replaceChildren(
    presets,
    ...PRESETS.map((preset) => {
      const button = h('button', { type: 'button', class: 'preset', 'data-preset': preset.id }, preset.label);
      button.addEventListener('click', () => set(preset.week()));
      return button;
    }),
  );

  function set(week: BusinessHours): void {
    for (const { key } of WEEKDAYS) {
      const list = lists.get(key);
      if (!list) continue;
      for (const row of list.querySelectorAll('.interval')) row.remove();
      for (const [start, end] of week[key]) list.appendChild(intervalRow(key, start, end));
    }
    refresh();
  }

  function read(): BusinessHours {
    const week = emptyWeek();
    for (const { key } of WEEKDAYS) {
      const rows = [...(lists.get(key)?.querySelectorAll<HTMLElement>('.interval') ?? [])];
      week[key] = rows
        .map((row): [string, string] => [
          row.querySelector<HTMLInputElement>('[data-part="start"]')?.value ?? '',
          row.querySelector<HTMLInputElement>('[data-part="end"]')?.value ?? '',
        ])
        .filter(([start, end]) => start !== '' || end !== '');
    }
    return week;
  }

  refresh();
  return { set, read };
}

/** The holidays list: dates shown as dd/MM/AAAA with a remove button, one date input and "adicionar". */
export interface HolidaysEditor {
  set(dates: readonly string[]): void;
  read(): string[];
  /** Adds a date typed but not yet added, so "Salvar" right after choosing a date does not lose it. */
  commitPending(): void;
}

/** Builds the holidays editor inside `list` (the chips), wired to the `input` date field and `add` button. */
export function createHolidaysEditor(list: HTMLElement, input: HTMLInputElement, add: HTMLButtonElement, problem: HTMLElement): HolidaysEditor {
  let dates: string[] = [];
  const render = (): void => {
    replaceChildren(
      list,
      dates.length === 0 ? h('li', { class: 'none' }, 'nenhum feriado') : null,
      ...dates.map((date) => {
        const remove = h('button', { type: 'button', class: 'remove', 'aria-label': `remover feriado ${longDate(date)}` }, '×');
        remove.addEventListener('click', () => {
          dates = dates.filter((d) => d !== date);
          render();
        });
        return h('li', { class: 'holiday', 'data-date': date }, h('span', {}, longDate(date)), remove);
      }),
    );
  };
  const addTyped = (): void => {
    const value = input.value;
    problem.hidden = true;
    if (!isIsoDate(value)) {
      problem.textContent = 'Escolha uma data para adicionar.';
      problem.hidden = false;
      return;
    }
    dates = normalizeHolidays([...dates, value]);
    input.value = '';
    render();
  };
  add.addEventListener('click', addTyped);
  input.addEventListener('keydown', (event) => {
    // Enter would submit the whole form; here it means "adicionar".
    if (event.key === 'Enter') {
      event.preventDefault();
      addTyped();
    }
  });
  render();
  return {
    set(values) {
      dates = normalizeHolidays(values);
      problem.hidden = true;
      render();
    },
    read: () => [...dates],
    commitPending() {
      if (isIsoDate(input.value)) addTyped();
    },
  };
}

/** 'YYYY-MM-DD' as "dd/MM/AAAA". */
function longDate(date: string): string {
  return `${formatShortDate(date)}/${date.slice(0, 4)}`;
}
