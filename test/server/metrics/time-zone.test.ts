// Time-zone arithmetic: offsets (DST edges, half-hour zones), wall-to-instant conversion, ISO weeks.
import { describe, expect, it } from 'vitest';
import {
  dayFromCivil,
  isoDate,
  isoWeek,
  parseIsoDate,
  weekdayOf,
  zoneClock,
} from '../../../src/server/domain/metrics/time-zone';

const HOUR = 3_600_000;

describe('zoneClock', () => {
  it('switches America/New_York from EST to EDT at 07:00 UTC on 2026-03-08', () => {
    const ny = zoneClock('America/New_York');
    expect(ny.offsetMs(Date.UTC(2026, 2, 8, 6, 59, 59))).toBe(-5 * HOUR);
    expect(ny.offsetMs(Date.UTC(2026, 2, 8, 7, 0, 0))).toBe(-4 * HOUR);
  });

  it('switches America/New_York back to EST at 06:00 UTC on 2026-11-01', () => {
    const ny = zoneClock('America/New_York');
    expect(ny.offsetMs(Date.UTC(2026, 10, 1, 5, 59, 59))).toBe(-4 * HOUR);
    expect(ny.offsetMs(Date.UTC(2026, 10, 1, 6, 0, 0))).toBe(-5 * HOUR);
  });

  it('keeps America/Sao_Paulo at UTC-3 all year (no DST since 2019)', () => {
    const sp = zoneClock('America/Sao_Paulo');
    expect(sp.offsetMs(Date.UTC(2026, 0, 15))).toBe(-3 * HOUR);
    expect(sp.offsetMs(Date.UTC(2026, 6, 15))).toBe(-3 * HOUR);
    expect(sp.offsetMs(Date.UTC(2026, 10, 15))).toBe(-3 * HOUR);
  });

  it('resolves a transition that falls inside a UTC hour (America/St_Johns, 05:30 UTC)', () => {
    const nl = zoneClock('America/St_Johns');
    expect(nl.offsetMs(Date.UTC(2026, 2, 8, 5, 29))).toBe(-3.5 * HOUR);
    expect(nl.offsetMs(Date.UTC(2026, 2, 8, 5, 30))).toBe(-2.5 * HOUR);
  });

  it('maps a wall time in the spring-forward gap forward by the gap', () => {
    expect(zoneClock('America/New_York').fromLocalMs(Date.UTC(2026, 2, 8, 2, 30))).toBe(Date.UTC(2026, 2, 8, 7, 30));
  });

  it('maps the repeated fall-back hour to its first occurrence', () => {
    expect(zoneClock('America/New_York').fromLocalMs(Date.UTC(2026, 10, 1, 1, 30))).toBe(Date.UTC(2026, 10, 1, 5, 30));
  });

  it('maps an ordinary wall time exactly', () => {
    expect(zoneClock('America/Sao_Paulo').fromLocalMs(Date.UTC(2026, 2, 1, 10, 0))).toBe(Date.UTC(2026, 2, 1, 13, 0));
  });
});

describe('day offsets carried between executions', () => {
  const DAY = 24 * HOUR;

  it('lists a year of Europe/Lisbon as runs of steady days, the two transition days left to the finer caches', () => {
    const first = dayFromCivil(2025, 1, 1);
    const last = dayFromCivil(2025, 12, 31);
    const runs = zoneClock('Europe/Lisbon').dayOffsetRuns(first, last);
    // Winter (UTC+0), the spring transition day, summer (UTC+1), the autumn transition day, winter again.
    expect(runs).toEqual([
      [first, 0],
      [dayFromCivil(2025, 3, 30), null],
      [dayFromCivil(2025, 3, 31), HOUR],
      [dayFromCivil(2025, 10, 26), null],
      [dayFromCivil(2025, 10, 27), 0],
    ]);
  });

  it('answers primed days from the primed offsets, not from Intl', () => {
    // A zone no other test uses: its clock's day cache starts empty in this module.
    const clock = zoneClock('Atlantic/Madeira');
    const day = dayFromCivil(2024, 6, 10);
    clock.primeDays(day, day + 1, [
      [day, 7 * HOUR],
      [day + 1, null],
    ]);
    // A value Intl would never give for Madeira (UTC+1 in June): the primed one is what the clock uses.
    expect(clock.offsetMs(day * DAY + 5 * HOUR)).toBe(7 * HOUR);
    // A day primed as a transition day is resolved by the hour cache, from Intl.
    expect(clock.offsetMs((day + 1) * DAY + 5 * HOUR)).toBe(HOUR);
  });
});

describe('calendar helpers', () => {
  it('labels ISO weeks by the year of their Thursday', () => {
    expect(isoWeek(dayFromCivil(2026, 12, 31))).toBe('2026-W53');
    expect(isoWeek(dayFromCivil(2027, 1, 3))).toBe('2026-W53');
    expect(isoWeek(dayFromCivil(2027, 1, 4))).toBe('2027-W01');
    expect(isoWeek(dayFromCivil(2026, 1, 1))).toBe('2026-W01');
    expect(isoWeek(dayFromCivil(2024, 12, 30))).toBe('2025-W01');
    expect(isoWeek(dayFromCivil(2026, 3, 2))).toBe('2026-W10');
  });

  it('numbers weekdays from Monday = 0', () => {
    expect(weekdayOf(dayFromCivil(2026, 3, 2))).toBe(0);
    expect(weekdayOf(dayFromCivil(2026, 3, 8))).toBe(6);
    expect(weekdayOf(dayFromCivil(1969, 12, 31))).toBe(2);
  });

  it('round-trips dates and rejects impossible ones', () => {
    expect(isoDate(dayFromCivil(2024, 2, 29))).toBe('2024-02-29');
    expect(parseIsoDate('2024-02-29')).toBe(dayFromCivil(2024, 2, 29));
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2026-13-01')).toBeNull();
    expect(parseIsoDate('2026-3-01')).toBeNull();
  });
});
