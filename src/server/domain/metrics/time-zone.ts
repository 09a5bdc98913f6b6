// Calendar arithmetic in the spreadsheet's time zone: UTC offsets from Intl (cached per UTC day, finer on transition days, primable from the snapshot), local days, hours, weeks.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Milliseconds in a calendar day of the local wall clock (not of elapsed time: a DST day still spans one day number). */
export const DAY_MS = 24 * HOUR;

/** Offsets and wall-clock conversions for one IANA time zone. */
export interface ZoneClock {
  readonly timeZone: string;
  /** The steady offsets of the UTC days `first`…`last`, as runs (one Intl call a day not yet known). */
  dayOffsetRuns(first: number, last: number): DayOffsetRuns;
  /**
   * Takes the day offsets another execution computed with `dayOffsetRuns` (the metrics snapshot carries those of its
   * rows' days), so this one skips their Intl calls: about 40 ms of a cold 200,000-row refresh.
   */
  primeDays(first: number, last: number, runs: DayOffsetRuns): void;
  /** Local wall time minus UTC, in ms, at the instant `utcMs`. */
  offsetMs(utcMs: number): number;
  /** The instant as "local wall-clock ms": read it with UTC getters or the day helpers below. */
  toLocalMs(utcMs: number): number;
  /**
   * The instant whose local wall clock reads `localMs`. An ambiguous wall time (the repeated hour when DST ends)
   * maps to its first occurrence; a wall time inside the DST gap maps forward by the gap.
   */
  fromLocalMs(localMs: number): number;
}

const clocks = new Map<string, ZoneClock>();

/** `compute(n)` for integers n, remembered in `size` slots (slot = n mod size; a later n in the slot replaces it). */
class DirectMapped {
  private readonly keys: Float64Array;
  private readonly values: Float64Array;

  constructor(
    private readonly size: number,
    private readonly compute: (n: number) => number,
  ) {
    this.keys = new Float64Array(size).fill(NaN);
    this.values = new Float64Array(size);
  }

  get(n: number): number {
    const slot = ((n % this.size) + this.size) % this.size;
    if (this.keys[slot] === n) return this.values[slot] as number;
    const value = this.compute(n);
    this.keys[slot] = n;
    this.values[slot] = value;
    return value;
  }

  /** Remembers a value computed elsewhere (by the same `compute`, in another execution). */
  set(n: number, value: number): void {
    const slot = ((n % this.size) + this.size) % this.size;
    this.keys[slot] = n;
    this.values[slot] = value;
  }
}

/** Days a clock's day cache holds (about 22 years). */
export const DAY_CACHE_DAYS = 8192;

/** Runs of one steady offset over UTC days: `[first day of the run, offset ms]`, null = transition days (resolved finer). */
export type DayOffsetRuns = Array<[day: number, offsetMs: number | null]>;

/**
 * The clock of a time zone (memoised per zone). Intl is slow (~µs per call), so offsets are cached per UTC day
 * (per hour on a transition day): 100,000 rows cost a few hundred Intl calls. An hour whose two ends disagree (a transition not on a UTC hour,
 * e.g. America/St_Johns) is resolved per minute instead.
 * @example zoneClock('America/Sao_Paulo').offsetMs(Date.UTC(2026, 0, 1)) // -10_800_000
 */
export function zoneClock(timeZone: string): ZoneClock {
  const known = clocks.get(timeZone);
  if (known) return known;
  // Made on first use: a refresh whose days all come primed (primeDays) never pays for it — the first
  // Intl.DateTimeFormat of an execution loads the zone data, tens of milliseconds on a cold start.
  let format: Intl.DateTimeFormat | null = null;
  const exact = (utcMs: number): number => {
    format ??= new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const whole = Math.floor(utcMs / SECOND) * SECOND;
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(whole))) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      fields.year ?? 1970,
      (fields.month ?? 1) - 1,
      fields.day ?? 1,
      // Some engines still print midnight as "24" despite hourCycle h23.
      (fields.hour ?? 0) % 24,
      fields.minute ?? 0,
      fields.second ?? 0,
    );
    return wall - whole;
  };
  // Direct-mapped caches (typed arrays: this lookup runs once per row and date column, and typed-array indexing is
  // several times cheaper than Map.get). First per UTC day (8192 slots, about 22 years): a day whose two ends agree
  // has one offset throughout (no zone changes its offset twice within a day); then, on a transition day, per UTC
  // hour; an hour whose two ends disagree (a transition not on a UTC hour, e.g. America/St_Johns) per minute.
  // Per day first: a 200,000-row sheet spans years, and an hour cache of that span would miss on most rows.
  // A unit is steady when its start and the next unit's start agree: neighbouring units share that sample, so a
  // span of days costs one Intl call a day, not two (a transition exactly at the next start only sends the unit to
  // the finer cache, which resolves it).
  /** The offset throughout the n-th `unit` of UTC time, NaN when its start and the next one's disagree. */
  const steadyOffset = (unit: number): ((n: number) => number) => {
    const atStart = new DirectMapped(8192, (n) => exact(n * unit));
    return (n) => {
      const start = atStart.get(n);
      return atStart.get(n + 1) === start ? start : NaN;
    };
  };
  const byDay = new DirectMapped(DAY_CACHE_DAYS, steadyOffset(DAY_MS));
  const byHour = new DirectMapped(8192, steadyOffset(HOUR));
  const byMinute = new Map<number, number>();
  const offsetMs = (utcMs: number): number => {
    const daily = byDay.get(Math.floor(utcMs / DAY_MS));
    if (!Number.isNaN(daily)) return daily;
    const hourly = byHour.get(Math.floor(utcMs / HOUR));
    if (!Number.isNaN(hourly)) return hourly;
    const minute = Math.floor(utcMs / MINUTE);
    let inMinute = byMinute.get(minute);
    if (inMinute === undefined) {
      inMinute = exact(minute * MINUTE);
      byMinute.set(minute, inMinute);
    }
    return inMinute;
  };
  const clock: ZoneClock = {
    timeZone,
    dayOffsetRuns(first, last) {
      const runs: DayOffsetRuns = [];
      let previous: number | null | undefined;
      for (let day = first; day <= last; day++) {
        const steady = byDay.get(day);
        const value = Number.isNaN(steady) ? null : steady;
        if (value !== previous) runs.push([day, value]);
        previous = value;
      }
      return runs;
    },
    primeDays(first, last, runs) {
      for (let r = 0; r < runs.length; r++) {
        const [from, value] = runs[r] as [number, number | null];
        const to = r + 1 < runs.length ? (runs[r + 1] as [number, number | null])[0] - 1 : last;
        for (let day = Math.max(from, first); day <= to; day++) byDay.set(day, value ?? NaN);
      }
    },
    offsetMs,
    toLocalMs: (utcMs) => utcMs + offsetMs(utcMs),
    fromLocalMs(localMs) {
      const first = offsetMs(localMs);
      const guess = localMs - first;
      const second = offsetMs(guess);
      if (second === first) return guess;
      const retry = localMs - second;
      return offsetMs(retry) === second ? retry : guess;
    },
  };
  clocks.set(timeZone, clock);
  return clock;
}

/** Day number (days since 1970-01-01) of a local wall-clock ms. */
export function dayOf(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}

/** Hour 0–23 of a local wall-clock ms. */
export function hourOf(localMs: number): number {
  return Math.floor((localMs - dayOf(localMs) * DAY_MS) / HOUR);
}

/** Weekday of a day number, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Year, month (1–12) and day of a day number (proleptic Gregorian; Hinnant's civil_from_days). */
export function civilOf(day: number): { year: number; month: number; day: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  const c = civilOf(day);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/** `YYYY-MM` of a day number. */
export function isoMonth(day: number): string {
  const c = civilOf(day);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}`;
}

/** Day number of a calendar date (month 1–12); no range checks. */
export function dayFromCivil(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Day number of a valid `YYYY-MM-DD` string, or null when it is not a real calendar date. */
export function parseIsoDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  const day = dayFromCivil(year, month, date);
  const back = civilOf(day);
  return back.year === year && back.month === month && back.day === date ? day : null;
}

/** Day number of the Monday that starts the ISO week holding `day`. */
export function isoWeekStart(day: number): number {
  return day - weekdayOf(day);
}

/**
 * ISO-8601 week label `YYYY-Www` of a day number: the week belongs to the year of its Thursday.
 * @example isoWeek(dayFromCivil(2026, 12, 31)) // '2026-W53'
 */
export function isoWeek(day: number): string {
  const thursday = isoWeekStart(day) + 3;
  const year = civilOf(thursday).year;
  const week = Math.floor((thursday - dayFromCivil(year, 1, 1)) / 7) + 1;
  return `${pad(year, 4)}-W${pad(week, 2)}`;
}
