// Pure helpers of the business-hours editor: weekdays in pt-BR, presets, and the week as the server stores it.
import type { BusinessHours } from '../../shared/dto';

/** A weekday key of `BusinessHours`. */
export type Weekday = keyof BusinessHours;

/** The week in display order (Monday first, as metrics.md's weeks), with the short and full pt-BR names. */
export const WEEKDAYS: ReadonlyArray<{ key: Weekday; short: string; name: string }> = [
  { key: 'mon', short: 'seg', name: 'segunda-feira' },
  { key: 'tue', short: 'ter', name: 'terça-feira' },
  { key: 'wed', short: 'qua', name: 'quarta-feira' },
  { key: 'thu', short: 'qui', name: 'quinta-feira' },
  { key: 'fri', short: 'sex', name: 'sexta-feira' },
  { key: 'sat', short: 'sáb', name: 'sábado' },
  { key: 'sun', short: 'dom', name: 'domingo' },
];

/** A week with no interval on any day: business hours off (the default). */
export function emptyWeek(): BusinessHours {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

/** The presets the editor offers, in display order: label and the week it sets. */
export const PRESETS: ReadonlyArray<{ id: string; label: string; week(): BusinessHours }> = [
  { id: 'weekdays', label: 'seg–sex 08–18', week: () => weekWith(['mon', 'tue', 'wed', 'thu', 'fri'], ['08:00', '18:00']) },
  { id: 'weekdays-lunch', label: 'seg–sex 08–12 e 13–18', week: () => weekWith(['mon', 'tue', 'wed', 'thu', 'fri'], ['08:00', '12:00'], ['13:00', '18:00']) },
  { id: 'with-saturday', label: 'seg–sáb 08–18', week: () => weekWith(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], ['08:00', '18:00']) },
  { id: 'clear', label: 'limpar', week: emptyWeek },
];

function weekWith(days: readonly Weekday[], ...intervals: Array<[string, string]>): BusinessHours {
  const week = emptyWeek();
  for (const day of days) week[day] = intervals.map(([start, end]) => [start, end]);
  return week;
}

/** The stored week, or an empty one when the server sends none (the setting is off). */
export function storedWeek(value: BusinessHours | undefined): BusinessHours {
  const week = emptyWeek();
  if (!value) return week;
  for (const { key } of WEEKDAYS) week[key] = (value[key] ?? []).map(([start, end]) => [start, end]);
  return week;
}

/** True when no day has an interval: business hours are off. */
export function isWeekEmpty(week: BusinessHours): boolean {
  return WEEKDAYS.every(({ key }) => week[key].length === 0);
}

/**
 * One line per open day for the summary, e.g. "seg–sex 08:00–18:00 · sáb 08:00–12:00"; consecutive days with the
 * same intervals are joined; "desligado" when the week is empty.
 */
export function weekSummary(week: BusinessHours): string {
  const groups: Array<{ first: string; last: string; lastIndex: number; text: string }> = [];
  WEEKDAYS.forEach(({ key, short }, index) => {
    const text = week[key].map(([start, end]) => `${start}–${end}`).join(', ');
    if (text === '') return;
    const previous = groups[groups.length - 1];
    if (previous && previous.text === text && previous.lastIndex === index - 1) {
      previous.last = short;
      previous.lastIndex = index;
    } else groups.push({ first: short, last: short, lastIndex: index, text });
  });
  if (groups.length === 0) return 'desligado';
  return groups.map((g) => `${g.first === g.last ? g.first : `${g.first}–${g.last}`} ${g.text}`).join(' · ');
}

/** Holidays as the server stores them: distinct, ascending 'YYYY-MM-DD' dates. */
export function normalizeHolidays(dates: readonly string[]): string[] {
  return [...new Set(dates)].sort();
}
