// The dashboard entry points through the built dist/Code.js in the local Apps Script runtime.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type CellValue, type LocalRuntime } from '../../runtime/index';
import { CONVERSATION_HEADERS } from '../../../src/server/domain/columns';
import type { DashboardData } from '../../../src/shared/dto';

const NOW = '2026-03-10T12:00:00.000Z';

function row(values: Partial<Record<string, CellValue>>): CellValue[] {
  return CONVERSATION_HEADERS.map((name) => values[name] ?? '');
}

let runtime: LocalRuntime;

beforeAll(() => {
  runtime = createRuntime({ timeZone: 'America/Sao_Paulo', now: NOW });
  runtime.book.seed('Conversas', [
    [...CONVERSATION_HEADERS],
    row({ conversation_id: 'c1', created_at: new Date('2026-03-02T13:00:00Z'), channel: 'web', status: 'RESOLVED',
      resolved: true, escalated_to_human: false, first_response_time: 40, customer_messages: 1, contact_name: '=HYPERLINK("http://x","y")' }),
    row({ conversation_id: 'c2', created_at: new Date('2026-03-03T02:59:00Z'), channel: 'whatsapp', status: 'UNRESOLVED',
      resolved: false, escalated_to_human: true, customer_messages: 2, contact_name: 'Ana, "Souza"' }),
    row({ conversation_id: 'c3', created_at: new Date('2026-03-03T03:00:00Z'), channel: 'web', status: 'UNRESOLVED',
      resolved: false, escalated_to_human: false, first_response_time: 600, customer_messages: 1, contact_name: '@cmd' }),
  ]);
});

afterAll(() => runtime.dispose());

describe('getDashboard in the runtime', () => {
  it('computes the dashboard in the spreadsheet time zone, then serves the repeat call from one cache read', () => {
    const first = runtime.run<DashboardData>('getDashboard', [{ to: '2026-03-02' }]);
    if (!first.ok) throw new Error(first.error.message);
    // c2 was created at 23:59 on 2026-03-02 in São Paulo; c3 at 00:00 on the 3rd
    expect(first.value.kpis.volume).toBe(2);
    expect(first.value.kpis.slaRate).toBe(0.5);
    expect(first.value.timeZone).toBe('America/Sao_Paulo');
    const second = runtime.run<DashboardData>('getDashboard', [{ to: '2026-03-02' }]);
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value).toEqual(first.value);
    expect(second.stats.callsByMethod['Cache.getAll']).toBe(1);
    expect(second.stats.callsByMethod['Cache.putAll'] ?? 0).toBe(0);
    expect(second.stats.callsByMethod['Range.getValues'] ?? 0).toBe(0);
    // the three document properties in one read, and no user property
    expect(second.stats.callsByMethod['Properties.getProperties']).toBe(1);
    expect(second.stats.callsByMethod['Properties.getProperty'] ?? 0).toBe(0);
  });

  it('rejects bad filters with Portuguese messages naming the field', () => {
    const unknown = runtime.run('getDashboard', [{ canal: ['web'] }]);
    expect(unknown.ok ? '' : unknown.error.message).toMatch(/Filtro desconhecido: "canal"/);
    const reversed = runtime.run('getDashboard', [{ from: '2026-03-05', to: '2026-03-01' }]);
    expect(reversed.ok ? '' : reversed.error.message).toMatch(/posterior/);
    const badDate = runtime.run('exportCsv', [{ from: '05/03/2026' }]);
    expect(badDate.ok ? '' : badDate.error.message).toMatch(/from.*AAAA-MM-DD/);
  });
});

describe('refreshDashboard in the runtime', () => {
  it('skips the sync when the last report finished under 30 s ago and returns the dashboard', () => {
    const finishedAt = new Date(runtime.clock.now().getTime() - 10_000).toISOString();
    const report = { ok: true, complete: true, conversationsListed: 0, conversationsWritten: 0, messagesFetched: 0,
      apiCalls: 1, durationMs: 10, startedAt: finishedAt, finishedAt, message: 'ok' };
    runtime.properties.document.set('sync.lastReport', JSON.stringify(report));
    const result = runtime.run<DashboardData>('refreshDashboard', [{}]);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.kpis.volume).toBe(3);
    expect(result.value.lastSync).toEqual(report);
    expect(result.stats.callsByMethod['UrlFetchApp.fetchAll'] ?? 0).toBe(0);
  });
});

describe('exportCsv in the runtime', () => {
  it('exports the filtered rows as formula-safe RFC 4180 CSV with local dates', () => {
    const csv = runtime.call<string>('exportCsv', { channels: ['web'] });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CONVERSATION_HEADERS.join(','));
    expect(lines).toHaveLength(4); // header, c1, c3, and the empty string after the final CRLF
    expect(lines[1]).toMatch(/^c1,2026-03-02 10:00:00,,RESOLVED,,web,/);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(lines[2]).toContain(",'@cmd,");
    expect(csv).not.toContain('Ana');
  });
});

describe('rows typed by a person or appended by Make', () => {
  it('reads a 17-column Make layout with typed text, numbers stored as text and blank cells', () => {
    const make = createRuntime({ timeZone: 'America/Sao_Paulo', now: NOW });
    try {
      const header = CONVERSATION_HEADERS.slice(0, 17);
      const typedRow = (values: Record<string, string>) => header.map((name) => values[name] ?? '');
      make.book.seed(
        'Conversas',
        [
          [...header],
          typedRow({ conversation_id: 'm1', created_at: '2026-03-02 09:00:00', status: 'RESOLVED', channel: 'WhatsApp',
            first_response_time: "'120", satisfaction_score: '4,5', resolved: 'TRUE' }),
          typedRow({ conversation_id: 'm2', created_at: '2026-03-02 10:00:00', status: 'UNRESOLVED', channel: 'whatsapp',
            first_response_time: '600', resolved: 'FALSE' }),
          typedRow({ conversation_id: 'm3', channel: 'web' }),
        ],
        { typed: true },
      );
      const data = make.call<DashboardData>('getDashboard', { channels: ['whatsapp'] });
      expect(data.kpis.volume).toBe(2);
      // 120 (kept as text by the apostrophe) and 600: both read as numbers
      expect(data.kpis.firstResponse).toMatchObject({ median: 360, n: 2 });
      // "4,5" stays text in an en_US sheet and still reads as 4.5
      expect(data.kpis.satisfaction).toMatchObject({ mean: 4.5, n: 1 });
      expect(data.kpis.resolutionRate).toBe(0.5);
      // customer_messages is absent: the SLA falls back to rows with a first response
      expect(data.kpis.slaRate).toBe(0.5);
      expect(data.daily).toEqual([{ date: '2026-03-02', created: 2, resolved: 1, escalated: 0, firstResponseMedian: 360 }]);
    } finally {
      make.dispose();
    }
  });
});

describe('abandonment through the bundle', () => {
  it('counts a wait of exactly the threshold as not abandoned and one second more as abandoned, at the time of the call', () => {
    const waiting = createRuntime({ timeZone: 'America/Sao_Paulo', now: NOW });
    try {
      const msBeforeNow = (ms: number) => new Date(Date.parse(NOW) - ms);
      waiting.book.seed('Conversas', [
        [...CONVERSATION_HEADERS],
        // 60 min exactly before the call (the default threshold): unanswered, not yet abandoned
        row({ conversation_id: 'w1', created_at: new Date('2026-03-10T10:00:00Z'), customer_messages: 1, awaiting_reply: true,
          last_customer_message_at: msBeforeNow(60 * 60_000) }),
        // 60 min and 1 s: abandoned
        row({ conversation_id: 'w2', created_at: new Date('2026-03-10T10:00:00Z'), customer_messages: 1, awaiting_reply: true,
          last_customer_message_at: msBeforeNow(60 * 60_000 + 1000) }),
      ]);
      const first = waiting.call<DashboardData>('getDashboard', {});
      expect(first.kpis.unanswered).toBe(2);
      expect(first.kpis.abandoned).toBe(1);
      // 30 s later w1 has waited longer than the threshold: the cached result no longer holds
      waiting.clock.advance(30_000);
      expect(waiting.call<DashboardData>('getDashboard', {}).kpis.abandoned).toBe(2);
    } finally {
      waiting.dispose();
    }
  });
});
