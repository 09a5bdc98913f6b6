// Filters: validation messages, normalisation, local-day bounds, previous period, DST days in America/New_York.
import { describe, expect, it } from 'vitest';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import { computeDashboard, type DashboardContext } from '../../../src/server/domain/metrics/dashboard';
import { filterRecords, validateFilters } from '../../../src/server/domain/metrics/filters';
import { at, sheetValues } from './sheet-rows';

const base: Omit<DashboardContext, 'timeZone'> = { now: at('2026-12-01T00:00:00Z'), slaSeconds: 300, abandonMinutes: 60, lastSync: null };

describe('validateFilters', () => {
  it('normalises lists (trimmed, de-duplicated, sorted, channels lower-cased) and drops empty values', () => {
    expect(
      validateFilters({ from: '', to: null, channels: [' WhatsApp', 'web', 'whatsapp'], statuses: [], agentIds: ['b', 'a', ' '] }),
    ).toEqual({ channels: ['web', 'whatsapp'], agentIds: ['a', 'b'] });
    expect(validateFilters(undefined)).toEqual({});
    expect(validateFilters(null)).toEqual({});
  });

  it('rejects unknown fields, wrong types, bad dates and from after to with Portuguese messages naming the field', () => {
    expect(() => validateFilters({ canal: ['web'] })).toThrow(/Filtro desconhecido: "canal"/);
    expect(() => validateFilters({ channels: 'web' })).toThrow(/channels.*lista de textos/);
    expect(() => validateFilters({ statuses: [1] })).toThrow(/statuses.*textos/);
    expect(() => validateFilters({ from: '2026-02-30' })).toThrow(/from.*AAAA-MM-DD/);
    expect(() => validateFilters({ to: 20260301 })).toThrow(/to.*AAAA-MM-DD/);
    expect(() => validateFilters({ from: '2026-03-02', to: '2026-03-01' })).toThrow(/posterior/);
    expect(() => validateFilters('tudo')).toThrow(/Filtros inválidos/);
  });
});

describe('filterRecords', () => {
  const table = readConversationTable(
    sheetValues([
      { conversation_id: 'late', created_at: at('2026-03-03T02:59:59Z'), channel: 'Web', status: 'RESOLVED' },
      { conversation_id: 'next', created_at: at('2026-03-03T03:00:00Z'), channel: 'web' },
      { conversation_id: 'undated', channel: 'web' },
      { conversation_id: 'other', created_at: at('2026-03-02T12:00:00Z'), channel: 'email' },
    ]),
    'America/Sao_Paulo',
  );
  const ids = (filters: object) =>
    filterRecords(table, validateFilters(filters), 'America/Sao_Paulo').map((r) => r.conversation_id);

  it('bounds dates inclusively on the local calendar day (23:59:59 in, next midnight out)', () => {
    expect(ids({ to: '2026-03-02' })).toEqual(['late', 'other']);
    expect(ids({ from: '2026-03-03' })).toEqual(['next']);
  });

  it('leaves rows without created_at out only when a date bound is set', () => {
    expect(ids({})).toEqual(['late', 'next', 'undated', 'other']);
    expect(ids({ from: '2020-01-01', to: '2030-01-01' })).not.toContain('undated');
  });

  it('matches channels case-insensitively and blank keys through (vazio)', () => {
    expect(ids({ channels: ['WEB'] })).toEqual(['late', 'next', 'undated']);
    expect(ids({ statuses: ['(vazio)'] })).toEqual(['next', 'undated', 'other']);
  });
});

describe('previous period', () => {
  it('covers the same number of days ending the day before from', () => {
    const table = readConversationTable(
      sheetValues([
        { conversation_id: 'p1', created_at: at('2026-02-23T00:00:00Z'), resolved: true },
        { conversation_id: 'p2', created_at: at('2026-03-01T23:59:59Z'), resolved: false },
        { conversation_id: 'p0', created_at: at('2026-02-22T23:59:59Z'), resolved: true },
        { conversation_id: 'c1', created_at: at('2026-03-02T00:00:00Z'), resolved: true },
      ]),
      'UTC',
    );
    const data = computeDashboard(table, { from: '2026-03-02', to: '2026-03-08' }, { ...base, timeZone: 'UTC' });
    expect(data.kpis.volume).toBe(1);
    // 2026-02-23 … 2026-03-01: p1 and p2, not p0
    expect(data.previous?.volume).toBe(2);
    expect(data.previous?.resolutionRate).toBe(0.5);
    expect(data.daily.map((d) => d.date)).toEqual([
      '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08',
    ]);
  });

  it('reports an empty previous period with nulls, not zeros', () => {
    const table = readConversationTable(sheetValues([{ conversation_id: 'c1', created_at: at('2026-03-02T10:00:00Z') }]), 'UTC');
    const data = computeDashboard(table, { from: '2026-03-02', to: '2026-03-02' }, { ...base, timeZone: 'UTC' });
    expect(data.previous).toMatchObject({ volume: 0, resolutionRate: null, slaRate: null, firstResponse: { median: null, n: 0 } });
  });
});

describe('series across ISO years and DST', () => {
  it('labels the week of 2026-12-31 as 2026-W53 and starts 2027-W01 on 2027-01-04', () => {
    const table = readConversationTable(
      sheetValues([
        { conversation_id: 'a', created_at: at('2026-12-31T12:00:00Z') },
        { conversation_id: 'b', created_at: at('2027-01-04T00:00:00Z') },
      ]),
      'UTC',
    );
    const data = computeDashboard(table, { from: '2026-12-28', to: '2027-01-10' }, { ...base, timeZone: 'UTC' });
    expect(data.weekly.map((w) => [w.week, w.created])).toEqual([['2026-W53', 1], ['2027-W01', 1]]);
    expect(data.monthly.map((m) => [m.month, m.created])).toEqual([['2026-12', 1], ['2027-01', 1]]);
  });

  it('buckets the 23-hour spring-forward day of America/New_York by local day and hour (no hour 2)', () => {
    const table = readConversationTable(
      sheetValues([
        { conversation_id: 'est', created_at: at('2026-03-08T06:30:00Z') }, // 01:30 EST
        { conversation_id: 'edt', created_at: at('2026-03-08T07:30:00Z') }, // 03:30 EDT
        { conversation_id: 'typed', created_at: '2026-03-08 02:30:00' }, // inside the gap: 03:30 EDT
        { conversation_id: 'late', created_at: at('2026-03-09T03:30:00Z') }, // 23:30 EDT, still the 8th
        { conversation_id: 'next', created_at: at('2026-03-09T04:30:00Z') }, // 00:30 on the 9th
      ]),
      'America/New_York',
    );
    const data = computeDashboard(table, { from: '2026-03-08', to: '2026-03-09' }, { ...base, timeZone: 'America/New_York' });
    expect(data.daily.map((d) => [d.date, d.created])).toEqual([['2026-03-08', 4], ['2026-03-09', 1]]);
    const sunday = data.heatmap[6] as number[];
    expect([sunday[1], sunday[2], sunday[3], sunday[23]]).toEqual([1, 0, 2, 1]);
    expect(data.heatmap[0]?.[0]).toBe(1);
  });

  it('counts both 01:30s of the fall-back day in hour 1', () => {
    const table = readConversationTable(
      sheetValues([
        { conversation_id: 'edt', created_at: at('2026-11-01T05:30:00Z') },
        { conversation_id: 'est', created_at: at('2026-11-01T06:30:00Z') },
      ]),
      'America/New_York',
    );
    const data = computeDashboard(table, {}, { ...base, timeZone: 'America/New_York' });
    expect(data.heatmap[6]?.[1]).toBe(2);
    expect(data.daily).toEqual([{ date: '2026-11-01', created: 2, resolved: 0, escalated: 0, firstResponseMedian: null }]);
  });
});
