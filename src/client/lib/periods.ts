// Period presets of the sidebar's filter (hoje, 7 dias, 30 dias, este mês), as calendar dates in a time zone.

/** The presets the sidebar offers; 'custom' takes two dates typed by the user. */
export type PeriodPreset = 'today' | 'last7' | 'last30' | 'thisMonth' | 'custom';

/** Labels shown in the preset selector, in display order. */
export const PERIOD_LABELS: ReadonlyArray<readonly [PeriodPreset, string]> = [
  ['today', 'Hoje'],
  ['last7', '7 dias'],
  ['last30', '30 dias'],
  ['thisMonth', 'Este mês'],
  ['custom', 'Personalizado'],
];

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * The calendar date of `now` in `timeZone`, 'YYYY-MM-DD', e.g. 2026-03-15T02:00Z in America/Sao_Paulo
 * (UTC−3) is '2026-03-14'. Filters are calendar dates in the spreadsheet's zone (metrics.md §3), not the browser's.
 */
export function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Adds whole days to a 'YYYY-MM-DD' date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new Error(`Data inválida: ${date}`);
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return new Date(utc).toISOString().slice(0, 10);
}

/**
 * The inclusive date range of a preset ending on `today`: 'today' -> [today, today], 'last7' -> the 7 days
 * up to today, 'last30' -> the 30 days up to today, 'thisMonth' -> the 1st of today's month to today.
 * 'custom' has no range of its own and returns null.
 */
export function presetRange(preset: PeriodPreset, today: string): { from: string; to: string } | null {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'custom':
      return null;
  }
}

/** Whole days from `from` to `to`, both included (1 for the same day). */
export function daysInRange(from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  return Math.round((end - start) / 86400000) + 1;
}

/**
 * The period the KPIs are compared with (metrics.md §3): the same number of days, ending the day before
 * `from`; null unless both bounds are set, e.g. 2026-03-09..2026-03-15 -> 2026-03-02..2026-03-08.
 */
export function previousRange(from: string | undefined, to: string | undefined): { from: string; to: string } | null {
  if (!from || !to) return null;
  const prevTo = addDays(from, -1);
  return { from: addDays(prevTo, -(daysInRange(from, to) - 1)), to: prevTo };
}
