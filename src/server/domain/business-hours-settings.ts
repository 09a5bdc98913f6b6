// The business-hours and holidays settings (metrics.md §6): defaults, the stored form read back, and validation.
import type { BusinessHours } from '../../shared/dto';

/** Weekday keys in calendar order from Monday (index 0 = Monday, as `weekdayOf`). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies ReadonlyArray<keyof BusinessHours>;

/** Portuguese names of the weekdays, as the settings dialog shows them. */
export const WEEKDAY_LABELS: Readonly<Record<keyof BusinessHours, string>> = {
  mon: 'segunda',
  tue: 'terça',
  wed: 'quarta',
  thu: 'quinta',
  fri: 'sexta',
  sat: 'sábado',
  sun: 'domingo',
};

/** At most this many intervals a day and holidays in all: the settings must fit one 9 KB Document Property. */
const MAX_INTERVALS_PER_DAY = 6;
const MAX_HOLIDAYS = 200;

/** Every weekday closed: business hours off (the default). */
export function noBusinessHours(): BusinessHours {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

/** True when at least one weekday has an interval (business hours are on). */
export function businessHoursOn(hours: BusinessHours): boolean {
  return WEEKDAYS.some((day) => hours[day].length > 0);
}

/** Minutes since midnight of `HH:mm` (00:00–23:59, or 24:00 as an end), or null. */
export function minutesOfClock(text: string, allowMidnightEnd: boolean): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59) return null;
  if (hours === 24 && minutes === 0 && allowMidnightEnd) return 24 * 60;
  return hours > 23 ? null : hours * 60 + minutes;
}

/** The stored `businessHours` over the default: a day whose stored value is not a valid interval list is closed. */
export function storedBusinessHours(value: unknown): BusinessHours {
  const out = noBusinessHours();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  const stored = value as Record<string, unknown>;
  for (const day of WEEKDAYS) {
    try {
      out[day] = checkDay(stored[day], (problem) => {
        throw new Error(problem);
      });
    } catch {
      out[day] = [];
    }
  }
  return out;
}

/**
 * Validates one weekday's intervals: a list of `["HH:mm","HH:mm"]`, start before end on the same day (an end
 * of `24:00` closes at midnight), not overlapping (touching is fine); returned sorted by start.
 */
export function checkDay(value: unknown, fail: (problem: string) => never): Array<[string, string]> {
  if (!Array.isArray(value)) return fail('deve ser uma lista de intervalos ["HH:mm", "HH:mm"].');
  if (value.length > MAX_INTERVALS_PER_DAY) return fail(`no máximo ${MAX_INTERVALS_PER_DAY} intervalos por dia.`);
  const parsed: Array<{ start: number; end: number; pair: [string, string] }> = [];
  for (const entry of value as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string')
      return fail('cada intervalo deve ser um par ["HH:mm", "HH:mm"].');
    const startText = entry[0].trim();
    const endText = entry[1].trim();
    const start = minutesOfClock(startText, false);
    const end = minutesOfClock(endText, true);
    if (start === null) return fail(`"${startText}" não é um horário HH:mm válido (00:00 a 23:59).`);
    if (end === null) return fail(`"${endText}" não é um horário HH:mm válido (00:00 a 24:00).`);
    if (start >= end) return fail(`o intervalo ${startText}–${endText} deve começar antes de terminar, no mesmo dia.`);
    parsed.push({ start, end, pair: [startText, endText] });
  }
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    const before = parsed[i - 1]!;
    const after = parsed[i]!;
    if (after.start < before.end)
      return fail(`os intervalos ${before.pair[0]}–${before.pair[1]} e ${after.pair[0]}–${after.pair[1]} se sobrepõem.`);
  }
  return parsed.map((p) => p.pair);
}

/** Validates a holidays list: `YYYY-MM-DD` real dates, de-duplicated and sorted. */
export function checkHolidays(value: unknown, isIsoDate: (text: string) => boolean, fail: (problem: string) => never): string[] {
  if (!Array.isArray(value)) return fail('deve ser uma lista de datas AAAA-MM-DD.');
  const out = new Set<string>();
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'string') return fail('cada feriado deve ser uma data AAAA-MM-DD.');
    const text = entry.trim();
    if (!isIsoDate(text)) return fail(`"${text}" não é uma data AAAA-MM-DD válida.`);
    out.add(text);
  }
  if (out.size > MAX_HOLIDAYS) return fail(`no máximo ${MAX_HOLIDAYS} feriados; recebidos ${out.size}.`);
  return [...out].sort();
}
