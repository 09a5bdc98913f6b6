// The first sync through the built bundle against the fake: the sheets equal the organisation, whatever its list shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiConversation, ApiMessage, FakeOrganisation } from '../fake-chatvolt/index';
import { run, rowsOf, syncUntilComplete, valuesWithout, world, type SyncWorld } from './harness';

describe('initial import', () => {
  let w: SyncWorld;
  let org: FakeOrganisation;
  beforeAll(async () => {
    w = await world({ seed: 11, conversations: 60, listCap: 20 });
    syncUntilComplete(w.rt);
    org = await w.fake.snapshot();
  });
  afterAll(async () => w.close());

  it('writes every conversation once and every message once', () => {
    const conversations = rowsOf(w.rt, 'Conversas').map((r) => r.conversation_id);
    expect([...conversations].sort()).toEqual(org.conversations.map((c) => c.id).sort());
    const messages = rowsOf(w.rt, 'Mensagens').map((r) => r.message_id);
    const expected = Object.values(org.messages).flatMap((list) => list.map((m) => m.id));
    expect(messages).toHaveLength(expected.length);
    expect([...messages].sort()).toEqual([...expected].sort());
  });

  it('fills the fields of a conversation as computed by hand from the API data', () => {
    const rows = new Map(rowsOf(w.rt, 'Conversas').map((r) => [r.conversation_id, r]));
    // A conversation with customer and staff messages, picked from the organisation.
    const conv = org.conversations.find((c) => {
      const list = org.messages[c.id] ?? [];
      return list.some((m) => m.from === 'human' && !m.userId) && list.some((m) => m.from === 'agent') && c.status !== 'RESOLVED';
    }) as ApiConversation;
    const list = [...(org.messages[conv.id] ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const isCustomer = (m: ApiMessage) => m.from === 'human' && !m.userId;
    const firstCustomer = list.findIndex(isCustomer);
    const firstStaffAfter = list.findIndex((m, i) => i > firstCustomer && !isCustomer(m));
    const row = rows.get(conv.id);
    expect(row?.created_at).toEqual(new Date(conv.createdAt));
    expect(row?.updated_at).toEqual(new Date(conv.updatedAt));
    expect(row?.status).toBe(conv.status);
    expect(row?.channel).toBe(conv.channel.toLowerCase());
    expect(row?.message_count).toBe(list.length);
    expect(row?.customer_messages).toBe(list.filter(isCustomer).length);
    expect(row?.resolved).toBe(false);
    expect(row?.resolution_time).toBe('');
    const staff = list[firstStaffAfter];
    const customer = list[firstCustomer];
    expect(row?.first_response_time).toBe(
      staff && customer ? Math.round((Date.parse(staff.createdAt) - Date.parse(customer.createdAt)) / 1000) : '',
    );
  });

  it('keeps hostile names as text: no formula is ever written', () => {
    expect(w.rt.book.formulas()).toEqual([]);
    const titles = rowsOf(w.rt, 'Conversas').map((r) => r.title);
    expect(titles).toContain('=HYPERLINK("http://x","y")');
    const names = rowsOf(w.rt, 'Conversas').map((r) => r.contact_name);
    expect(names).toContain('+5511988887777 -cmd');
  });

  it('truncates a 60,000-character message with the visible marker', () => {
    const texts = rowsOf(w.rt, 'Mensagens').map((r) => String(r.text));
    const long = texts.filter((t) => t.endsWith(' … [truncado]'));
    expect(long).toHaveLength(1);
    expect(long[0]).toHaveLength(49980 + ' … [truncado]'.length);
  });

  it('writes dates as date cells and booleans as booleans', () => {
    const cell = w.rt.book.cell('Conversas', 2, 2);
    expect(cell.value).toBeInstanceOf(Date);
    expect(cell.numberFormat).toBe('yyyy-mm-dd hh:mm:ss');
    expect(typeof rowsOf(w.rt, 'Conversas')[0]?.escalated_to_human).toBe('boolean');
  });

  it('stores its report for the sidebar and a data version', () => {
    const stored = JSON.parse(w.rt.properties.document.get('sync.lastReport') ?? 'null') as { ok: boolean; complete: boolean };
    expect(stored).toMatchObject({ ok: true, complete: true });
    expect(Number(w.rt.properties.document.get('sync.dataVersion'))).toBeGreaterThan(0);
  });
});

describe('list shapes', () => {
  it('gives the same sheets whatever the silent list cap and whether list items carry relations', async () => {
    const results: Array<{ conversas: unknown; mensagens: unknown }> = [];
    const shapes = [
      { listCap: 20, listRelations: 'mixed' as const },
      { listCap: 100, listRelations: 'none' as const },
      { listCap: null, listRelations: 'full' as const },
    ];
    for (const shape of shapes) {
      const w = await world({ seed: 5, conversations: 45, ...shape });
      try {
        syncUntilComplete(w.rt);
        results.push({ conversas: valuesWithout(w.rt, 'Conversas'), mensagens: valuesWithout(w.rt, 'Mensagens') });
      } finally {
        await w.close();
      }
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect((results[0]?.conversas as unknown[]).length).toBe(46);
  });

  it('asks for details only when list items lack relations', async () => {
    const w = await world({ seed: 5, conversations: 30, listCap: null, listRelations: 'full' });
    try {
      const { report } = run(w.rt);
      const paths = (await w.fake.requests()).map((r) => r.path);
      expect(paths.filter((p) => /^\/conversation\/[^/]+$/.test(p))).toEqual([]);
      expect(paths.filter((p) => p.endsWith('/messages/500'))).toHaveLength(30);
      expect(report.apiCalls).toBe(paths.length);
    } finally {
      await w.close();
    }
  });
});
