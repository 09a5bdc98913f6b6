// Business seconds (metrics.md §6) by hand: DST days, holidays, intervals around the first customer message, weekends.
import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../../src/shared/dto';
import { businessCalendar, businessColumns, businessMs, inBusinessHours } from '../../../src/server/domain/business-hours';
import { noBusinessHours } from '../../../src/server/domain/business-hours-settings';

const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);
const weekdays = (intervals: Array<[string, string]>): BusinessHours => ({
  ...noBusinessHours(),
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
});
// São Paulo has had no DST since 2019: UTC−3 all year, so 08:00 local = 11:00Z.
const SP = businessCalendar(weekdays([['08:00', '18:00']]), [], 'America/Sao_Paulo');

describe('businessMs', () => {
  it('counts only the open part of a span that starts after closing and ends after opening', () => {
    // Monday 2026-03-09 17:00 local (20:00Z) → Tuesday 09:00 local (12:00Z): 17–18 Monday + 08–09 Tuesday = 2 h.
    expect(businessMs(SP, t('2026-03-09T20:00:00Z'), t('2026-03-10T12:00:00Z'))).toBe(2 * HOUR);
  });

  it('counts nothing over a weekend: Friday 17:30 → Monday 08:30 is 30 + 30 minutes', () => {
    // Friday 2026-03-13 17:30 local = 20:30Z; Monday 2026-03-16 08:30 local = 11:30Z.
    expect(businessMs(SP, t('2026-03-13T20:30:00Z'), t('2026-03-16T11:30:00Z'))).toBe(HOUR);
  });

  it('leaves a holiday out entirely', () => {
    const holiday = businessCalendar(weekdays([['08:00', '18:00']]), ['2026-03-16'], 'America/Sao_Paulo');
    // Friday 17:00 → Tuesday 09:00: Friday 1 h + (Monday is a holiday) + Tuesday 1 h.
    expect(businessMs(holiday, t('2026-03-13T20:00:00Z'), t('2026-03-17T12:00:00Z'))).toBe(2 * HOUR);
    // The same span without the holiday: 1 + 10 + 1 h.
    expect(businessMs(SP, t('2026-03-13T20:00:00Z'), t('2026-03-17T12:00:00Z'))).toBe(12 * HOUR);
  });

  it('splits a span over a lunch break, starting inside the morning interval', () => {
    const lunch = businessCalendar(weekdays([['08:00', '12:00'], ['13:00', '18:00']]), [], 'America/Sao_Paulo');
    // Customer at 11:30 local (14:30Z), answer at 13:15 local (16:15Z): 30 min before lunch + 15 min after.
    expect(businessMs(lunch, t('2026-03-10T14:30:00Z'), t('2026-03-10T16:15:00Z'))).toBe(45 * 60_000);
    // Customer during lunch (12:10), answer at 12:50: nothing.
    expect(businessMs(lunch, t('2026-03-10T15:10:00Z'), t('2026-03-10T15:50:00Z'))).toBe(0);
  });

  it('keeps wall-clock hours on the day DST starts (an interval across the gap is an hour shorter)', () => {
    // New York, Sunday 2026-03-08: 02:00 EST jumps to 03:00 EDT. Sunday 01:00–04:00 lasts 2 real hours.
    const ny = businessCalendar({ ...noBusinessHours(), sun: [['01:00', '04:00']] }, [], 'America/New_York');
    // Saturday 00:00 EST (05:00Z) → Monday 00:00 EDT (04:00Z).
    expect(businessMs(ny, t('2026-03-07T05:00:00Z'), t('2026-03-09T04:00:00Z'))).toBe(2 * HOUR);
    // 09:00–17:00 on that Sunday starts at 13:00Z (EDT), not 14:00Z.
    const day = businessCalendar({ ...noBusinessHours(), sun: [['09:00', '17:00']] }, [], 'America/New_York');
    expect(businessMs(day, t('2026-03-08T12:00:00Z'), t('2026-03-08T14:00:00Z'))).toBe(HOUR);
  });

  it('keeps wall-clock hours on the day DST ends (an interval across the repeated hour is an hour longer)', () => {
    // New York, Sunday 2026-11-01: 02:00 EDT falls back to 01:00 EST. 01:00 EDT (05:00Z) → 03:00 EST (08:00Z) = 3 h.
    const ny = businessCalendar({ ...noBusinessHours(), sun: [['01:00', '03:00']] }, [], 'America/New_York');
    expect(businessMs(ny, t('2026-10-31T04:00:00Z'), t('2026-11-02T05:00:00Z'))).toBe(3 * HOUR);
  });

  it('is null when the end comes before the start', () => {
    expect(businessMs(SP, t('2026-03-10T12:00:00Z'), t('2026-03-10T11:00:00Z'))).toBeNull();
  });
});

describe('inBusinessHours', () => {
  it('includes an interval start and excludes its end; holidays and weekends are closed', () => {
    const holiday = businessCalendar(weekdays([['08:00', '18:00']]), ['2026-03-10'], 'America/Sao_Paulo');
    expect(inBusinessHours(SP, t('2026-03-09T10:59:59Z'))).toBe(false); // 07:59:59 local
    expect(inBusinessHours(SP, t('2026-03-09T11:00:00Z'))).toBe(true); // 08:00
    expect(inBusinessHours(SP, t('2026-03-09T20:59:59Z'))).toBe(true); // 17:59:59
    expect(inBusinessHours(SP, t('2026-03-09T21:00:00Z'))).toBe(false); // 18:00
    expect(inBusinessHours(holiday, t('2026-03-10T15:00:00Z'))).toBe(false);
    expect(inBusinessHours(SP, t('2026-03-14T15:00:00Z'))).toBe(false); // Saturday
  });
});

describe('businessColumns', () => {
  const row = {
    // Created Friday 2026-03-13 17:50 local; first customer message 17:55; AI answers 20 s later; a person on Monday 08:10.
    created_at: new Date('2026-03-13T20:50:00Z'),
    updated_at: new Date('2026-03-16T11:40:00Z'), // Monday 08:40 local
    resolved: true,
    first_customer_message_at: new Date('2026-03-13T20:55:00Z'),
    first_response_time: 20,
    // Friday 17:55 → Monday 08:10 local = 62 h 15 min.
    first_human_response_time: 62 * 3600 + 15 * 60,
  };

  it('computes the four §6 columns from the row itself', () => {
    expect(businessColumns(SP, row)).toEqual({
      first_response_business_time: 20,
      // 5 min on Friday + 10 min on Monday.
      first_human_response_business_time: 900,
      // Friday 17:50–18:00 + Monday 08:00–08:40 = 50 min.
      resolution_business_time: 50,
      created_in_business_hours: true,
    });
  });

  it('rounds to whole seconds and to two decimals of a minute', () => {
    // Customer at 17:59:59.600 local; 1 s answer → 0.4 s of business time → 0.
    const late = { ...row, first_customer_message_at: new Date('2026-03-13T20:59:59.600Z'), first_response_time: 1 };
    expect(businessColumns(SP, late).first_response_business_time).toBe(0);
    // Created 17:59:40: 20 s of Friday + 40 min of Monday = 40.333… min → 40.33.
    expect(businessColumns(SP, { ...row, created_at: new Date('2026-03-13T20:59:40Z') }).resolution_business_time).toBe(40.33);
  });

  it('leaves blanks where an input is blank, an unresolved row has no resolution, and all is blank while off', () => {
    expect(businessColumns(SP, { ...row, first_customer_message_at: null })).toEqual({
      first_response_business_time: null,
      first_human_response_business_time: null,
      resolution_business_time: 50,
      created_in_business_hours: true,
    });
    expect(businessColumns(SP, { ...row, resolved: false }).resolution_business_time).toBeNull();
    const off = businessCalendar(noBusinessHours(), ['2026-03-13'], 'America/Sao_Paulo');
    expect(off.on).toBe(false);
    expect(off.fingerprint).toBe('');
    expect(Object.values(businessColumns(off, row))).toEqual([null, null, null, null]);
  });

  it('changes its fingerprint with the hours, the holidays and the time zone', () => {
    const base = businessCalendar(weekdays([['08:00', '18:00']]), [], 'America/Sao_Paulo').fingerprint;
    expect(businessCalendar(weekdays([['08:00', '17:00']]), [], 'America/Sao_Paulo').fingerprint).not.toBe(base);
    expect(businessCalendar(weekdays([['08:00', '18:00']]), ['2026-12-25'], 'America/Sao_Paulo').fingerprint).not.toBe(base);
    expect(businessCalendar(weekdays([['08:00', '18:00']]), [], 'UTC').fingerprint).not.toBe(base);
    expect(businessCalendar(weekdays([['08:00', '18:00']]), [], 'America/Sao_Paulo').fingerprint).toBe(base);
  });
});
