// The contract's text-dependent results through the built bundle on a runtime whose plain-text cells keep apostrophes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../src/shared/dto';
import type { FakeOrganisation } from '../fake-chatvolt/index';
import { syncUntilComplete, world, type SyncWorld } from './harness';

const CONTRACT_HEADER = [
  'conversation_id', 'created_at', 'updated_at', 'status', 'priority', 'channel', 'visitor_id', 'agent_id',
  'frustration_level', 'first_response_time', 'resolution_time', 'message_count', 'satisfaction_score', 'resolved',
  'escalated_to_human', 'contact_name', 'contact_email', 'title', 'contact_phone', 'assignees', 'ai_enabled', 'tags',
  'frustration_score', 'first_human_response_time', 'customer_messages', 'ai_messages', 'operator_messages',
  'unknown_agent_messages', 'awaiting_reply', 'last_customer_message_at', 'last_message_at', 'ai_rating_good',
  'ai_rating_bad', 'synced_at',
];

function counts(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = (out[key] ?? 0) + 1;
  return out;
}

describe('what a new user gets after the first sync', () => {
  let w: SyncWorld;
  let org: FakeOrganisation;

  beforeAll(async () => {
    w = await world({ seed: 5, conversations: 120, days: 30 });
    syncUntilComplete(w.rt);
    // An incremental run on top: a second merge must find every column and row by its header name and id.
    w.rt.clock.advance(3_600_000);
    syncUntilComplete(w.rt);
    org = await w.fake.snapshot();
  }, 120_000);

  afterAll(async () => {
    await w.close();
  });

  it("writes exactly the contract's header names in 'Conversas', once each", () => {
    const header = (w.rt.book.values('Conversas')[0] ?? []).map(String);
    // The contract's columns in its order; columns later issues append follow them (metrics.md), each once, unmarked.
    expect(header.slice(0, CONTRACT_HEADER.length)).toEqual(CONTRACT_HEADER);
    expect(new Set(header).size).toBe(header.length);
    for (const name of header) expect(name).toMatch(/^[a-z_]+$/);
    expect(w.rt.book.values('Conversas').length).toBe(org.conversations.length + 1);
  });

  it('gives getDashboard the real status, channel and priority breakdowns', () => {
    const data = w.rt.call<DashboardData>('getDashboard', {});
    const asMap = (list: Array<{ key: string; count: number }>) => Object.fromEntries(list.map((e) => [e.key, e.count]));
    expect(data.kpis.volume).toBe(org.conversations.length);
    expect(asMap(data.byStatus)).toEqual(counts(org.conversations.map((c) => c.status)));
    expect(asMap(data.byChannel)).toEqual(counts(org.conversations.map((c) => c.channel.toLowerCase())));
    expect(asMap(data.byPriority)).toEqual(counts(org.conversations.map((c) => c.priority)));
  });

  it('exports a CSV whose header is the sheet header, without quote marks', () => {
    const csv = w.rt.call<string>('exportCsv', {});
    expect(csv.startsWith('conversation_id,created_at,updated_at,status,')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe((w.rt.book.values('Conversas')[0] ?? []).join(','));
    expect(csv.split('\r\n')[0]?.startsWith(CONTRACT_HEADER.join(','))).toBe(true);
  });

  it("lists the filtered rows in 'Dados Detalhados'", () => {
    w.rt.call('rebuildDashboards', { channels: ['whatsapp'] });
    const detail = w.rt.book.values('Dados Detalhados');
    expect(detail[0]).toEqual(w.rt.book.values('Conversas')[0]);
    expect(detail[0]?.slice(0, CONTRACT_HEADER.length)).toEqual(CONTRACT_HEADER);
    const expected = org.conversations.filter((c) => c.channel.toLowerCase() === 'whatsapp').map((c) => c.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(detail.slice(1).map((row) => String(row[0])).sort()).toEqual(expected);
  });
});
