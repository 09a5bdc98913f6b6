// Business seconds (metrics.md §6): time inside the weekly business intervals, minus holidays, in the spreadsheet's zone.
import type { BusinessHours } from '../../shared/dto';
import { businessHoursOn, minutesOfClock, WEEKDAYS } from './business-hours-settings';
import { DAY_MS, dayOf, parseIsoDate, weekdayOf, zoneClock, type ZoneClock } from './metrics/time-zone';

const MINUTE_MS = 60_000;

/** Business hours compiled for fast use: per weekday (0 = Monday) the intervals in minutes, holidays as day numbers. */
export interface BusinessCalendar {
  /** False while every weekday is empty: every business figure is then blank. */
  readonly on: boolean;
  readonly clock: ZoneClock;
  /** `[startMinute, endMinute)` per weekday, sorted. */
  readonly week: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  readonly holidays: ReadonlySet<number>;
  /**
   * What the business columns depend on (hours, holidays, time zone): when it changes, every row is recomputed.
   * `''` while business hours are off.
   */
  readonly fingerprint: string;
}

/**
 * Compiles the settings. Intervals are taken as validated (a malformed one is skipped); holidays that are not
 * real dates are ignored.
 * @example businessCalendar({ ...closed, mon: [['08:00', '18:00']] }, ['2026-12-25'], 'America/Sao_Paulo')
 */
export function businessCalendar(hours: BusinessHours, holidays: readonly string[], timeZone: string): BusinessCalendar {
  const week = WEEKDAYS.map((day) =>
    hours[day]
      .map(([start, end]) => [minutesOfClock(start, false), minutesOfClock(end, true)] as const)
      .filter((pair): pair is readonly [number, number] => pair[0] !== null && pair[1] !== null && pair[0] < pair[1])
      .sort((a, b) => a[0] - b[0]),
  );
  const days = new Set<number>();
  for (const text of holidays) {
    const day = parseIsoDate(text);
    if (day !== null) days.add(day);
  }
  const on = businessHoursOn(hours);
  return {
    on,
    clock: zoneClock(timeZone),
    week,
    holidays: days,
    fingerprint: on ? JSON.stringify([timeZone, week, [...days].sort((a, b) => a - b)]) : '',
  };
}

/**
 * Milliseconds of [a, b) inside business intervals. Each interval's ends are wall-clock times of its local day
 * converted to instants in the zone, so a DST day keeps its wall-clock hours (an interval spanning a
 * transition is an hour shorter or longer in real time). Holidays contribute nothing. Null when b < a.
 * @example a Monday 17:00 → Tuesday 09:00 with 08:00–18:00 hours is 2 business hours (7,200,000 ms).
 */
export function businessMs(calendar: BusinessCalendar, a: number, b: number): number | null {
  if (!(b >= a) || !calendar.on) return b >= a ? 0 : null;
  const { clock } = calendar;
  // One day of margin on each side: a local day's intervals can reach past its UTC-derived neighbours only by
  // the zone offset, which is less than a day.
  const firstDay = dayOf(clock.toLocalMs(a)) - 1;
  const lastDay = dayOf(clock.toLocalMs(b)) + 1;
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (calendar.holidays.has(day)) continue;
    const intervals = calendar.week[weekdayOf(day)] ?? [];
    for (const [startMinute, endMinute] of intervals) {
      const start = clock.fromLocalMs(day * DAY_MS + startMinute * MINUTE_MS);
      const end = clock.fromLocalMs(day * DAY_MS + endMinute * MINUTE_MS);
      const from = Math.max(a, start);
      const to = Math.min(b, end);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/** True when instant `t` lies inside a business interval of its local day (not a holiday). */
export function inBusinessHours(calendar: BusinessCalendar, t: number): boolean {
  if (!calendar.on) return false;
  const { clock } = calendar;
  const day = dayOf(clock.toLocalMs(t));
  if (calendar.holidays.has(day)) return false;
  for (const [startMinute, endMinute] of calendar.week[weekdayOf(day)] ?? []) {
    if (t >= clock.fromLocalMs(day * DAY_MS + startMinute * MINUTE_MS) && t < clock.fromLocalMs(day * DAY_MS + endMinute * MINUTE_MS))
      return true;
  }
  return false;
}

/** The cells a row's business columns are computed from (all in the row itself, so a recompute needs nothing else). */
export interface BusinessInputs {
  created_at: Date | null;
  updated_at: Date | null;
  resolved: boolean | null;
  first_customer_message_at: Date | null;
  /** Whole seconds, as in the row. */
  first_response_time: number | null;
  first_human_response_time: number | null;
}

/** The four business columns of metrics.md §6. */
export interface BusinessColumns {
  first_response_business_time: number | null;
  first_human_response_business_time: number | null;
  resolution_business_time: number | null;
  created_in_business_hours: boolean | null;
}

/**
 * The four §6 columns of one row, all blank while business hours are off. The responses run from the first
 * customer message to that instant plus the row's wall-clock seconds: the row's own cells hold every input, so
 * the sync and a recompute after the hours change write the same values.
 */
export function businessColumns(calendar: BusinessCalendar, row: BusinessInputs): BusinessColumns {
  if (!calendar.on)
    return {
      first_response_business_time: null,
      first_human_response_business_time: null,
      resolution_business_time: null,
      created_in_business_hours: null,
    };
  const customerAt = row.first_customer_message_at?.getTime() ?? null;
  const seconds = (wall: number | null): number | null => {
    if (customerAt === null || wall === null || !(wall >= 0)) return null;
    const ms = businessMs(calendar, customerAt, customerAt + wall * 1000);
    return ms === null ? null : Math.round(ms / 1000);
  };
  const created = row.created_at?.getTime() ?? null;
  const updated = row.updated_at?.getTime() ?? null;
  const resolutionMs = row.resolved === true && created !== null && updated !== null ? businessMs(calendar, created, updated) : null;
  return {
    first_response_business_time: seconds(row.first_response_time),
    first_human_response_business_time: seconds(row.first_human_response_time),
    resolution_business_time: resolutionMs === null ? null : Math.round((resolutionMs / MINUTE_MS) * 100) / 100,
    created_in_business_hours: created === null ? null : inBusinessHours(calendar, created),
  };
}
