// A spreadsheet written by the previous version (test/fixtures/previous-version) heals on the first sync of this one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../src/shared/dto';
import type { ApiConversation, FakeOrganisation } from '../fake-chatvolt/index';
import { loadBook, type BookFixture } from '../fixtures/previous-version/book';
import { FAKE, MAKE_ROW, USER_COLUMN, quotedTexts } from '../fixtures/previous-version/scenario';
import type { CellValue, LocalRuntime } from '../runtime/index';
import { NOW, run, world, type SyncWorld } from './harness';

const FIXTURE: BookFixture = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/previous-version/book.json'), 'utf8'),
) as BookFixture;

const CONVERSATION_HEADER = [
  'conversation_id', 'created_at', 'updated_at', 'status', 'priority', 'channel', 'visitor_id', 'agent_id',
  'frustration_level', 'first_response_time', 'resolution_time', 'message_count', 'satisfaction_score', 'resolved',
  'escalated_to_human', 'contact_name', 'contact_email', 'title', 'contact_phone', 'assignees', 'ai_enabled', 'tags',
  'frustration_score', 'first_human_response_time', 'customer_messages', 'ai_messages', 'operator_messages',
  'unknown_agent_messages', 'awaiting_reply', 'last_customer_message_at', 'last_message_at', 'ai_rating_good',
  'ai_rating_bad', 'synced_at',
];
const WITH_USER_COLUMN = [...CONVERSATION_HEADER.slice(0, 8), USER_COLUMN.header, ...CONVERSATION_HEADER.slice(8)];
/** The service-depth columns this version adds: the one-time backfill appends them (and fills them from "Mensagens"). */
const DEPTH_COLUMNS = [
  'first_response_business_time', 'first_human_response_business_time', 'resolution_business_time', 'created_in_business_hours',
  'first_operator_id', 'operator_ids', 'operator_handling_time', 'first_customer_message_at',
];
const HEALED_HEADER = [...WITH_USER_COLUMN, ...DEPTH_COLUMNS];
const MESSAGE_HEADER = ['message_id', 'conversation_id', 'created_at', 'sender', 'from', 'text', 'agent_id', 'user_id', 'contact_id', 'visitor_id', 'eval', 'read'];
const LATER = new Date(Date.parse(NOW) + 3_600_000).toISOString();

/** The contract's cut (49,980 characters and a mark), written out here. */
function expectedText(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') return '';
  if (text.length <= 50_000) return text;
  let end = 49_980;
  const unit = text.charCodeAt(end - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) end -= 1;
  return `${text.slice(0, end)} … [truncado]`;
}

function expectedConversationTexts(c: ApiConversation): Record<string, string> {
  const contact = c.participantsContacts?.[0];
  const name = contact ? [contact.firstName, contact.lastName].map((p) => (p ?? '').trim()).filter((p) => p !== '').join(' ') : '';
  const tags = (c.tags ?? []).map((t) => t.tag).filter((t) => t.trim() !== '');
  const assignees = (c.assignees ?? [])
    .map((a) => ('user' in a ? (a.user.email ?? a.user.name) : a.email))
    .filter((v): v is string => v !== null && v.trim() !== '');
  return {
    conversation_id: c.id,
    status: c.status,
    priority: c.priority,
    channel: c.channel.toLowerCase(),
    visitor_id: c.visitorId ?? '',
    agent_id: c.agentId ?? '',
    title: expectedText(c.title),
    contact_name: expectedText(name),
    contact_email: expectedText(contact?.email),
    contact_phone: expectedText(contact?.phoneNumber),
    assignees: expectedText(assignees.join(', ')),
    tags: expectedText(tags.join(', ')),
  };
}

function rowsBy(values: CellValue[][], key: string): Map<string, Record<string, CellValue>> {
  const [header = [], ...rows] = values;
  return new Map(
    rows.map((row) => {
      const record = Object.fromEntries(header.map((name, i) => [String(name), row[i] ?? '']));
      return [String(record[key]), record];
    }),
  );
}

/** A world whose spreadsheet is the fixture, pointed at a fake holding the same organisation. */
async function healWorld(): Promise<{ w: SyncWorld; org: FakeOrganisation }> {
  const w = await world({ ...FAKE });
  const before = await w.fake.snapshot();
  const quoted = before.conversations[before.conversations.length - 1];
  if (!quoted) throw new Error('empty organisation');
  await w.fake.mutate(quotedTexts(quoted.id));
  loadBook(w.rt, FIXTURE);
  w.rt.clock.set(LATER);
  return { w, org: await w.fake.snapshot() };
}

function expectHealed(rt: LocalRuntime, org: FakeOrganisation): void {
  const conversas = rt.book.values('Conversas');
  expect(conversas[0]).toEqual(HEALED_HEADER);
  const rows = rowsBy(conversas, 'conversation_id');
  expect(rows.size).toBe(org.conversations.length + 1);
  for (const c of org.conversations) {
    for (const [column, text] of Object.entries(expectedConversationTexts(c))) {
      expect(rows.get(c.id)?.[column], `${c.id} ${column}`).toBe(text);
    }
  }
  const messages = rt.book.values('Mensagens');
  expect(messages[0]).toEqual(MESSAGE_HEADER);
  const byId = rowsBy(messages, 'message_id');
  const all = Object.values(org.messages).flat();
  expect(byId.size).toBe(all.length);
  for (const m of all) {
    expect(byId.get(m.id)?.text, m.id).toBe(expectedText(m.text));
    expect(byId.get(m.id)?.conversation_id).toBe(m.conversationId);
    expect(byId.get(m.id)?.from).toBe(m.from);
  }
}

describe('a spreadsheet written by the previous version', () => {
  let w: SyncWorld | null = null;
  afterEach(async () => {
    await w?.close();
    w = null;
  });

  it('is the previous version at work: quote marks kept in plain-text cells, a source quote doubled', () => {
    const conversas = FIXTURE.sheets.Conversas;
    expect(conversas?.values[0]?.[0]).toBe("'conversation_id");
    expect(conversas?.formats[1]?.[0]).toBe('@');
    expect(conversas?.values.some((row) => row.includes("''citação entre aspas"))).toBe(true);
    expect(FIXTURE.sheets.Mensagens?.values[0]?.[0]).toBe("'message_id");
  });

  it('heals on one sync: exact header names, exact texts, no duplicate column or row', async () => {
    const healing = await healWorld();
    w = healing.w;
    const { report, stats } = run(w.rt, 'syncNow');
    expect(report.ok).toBe(true);
    expectHealed(w.rt, healing.org);
    expect(w.rt.properties.document.get('heal.textMarks.v1')).toBe('{"done":true}');
    expect(w.rt.book.formulas()).toEqual([]);
    // Within one normal run: far below the 4-minute budget.
    expect(stats.modelledMs).toBeLessThan(60_000);
  });

  it("keeps a text that starts with an apostrophe at the source, and never touches a person's column or a Make row", async () => {
    const healing = await healWorld();
    w = healing.w;
    run(w.rt, 'syncNow');
    const quoted = healing.org.conversations[healing.org.conversations.length - 1];
    const rows = rowsBy(w.rt.book.values('Conversas'), 'conversation_id');
    expect(rows.get(quoted?.id ?? '')?.title).toBe("'citação entre aspas");
    expect(rows.get(quoted?.id ?? '')?.contact_name).toBe("''dupla");
    expect(rows.get(quoted?.id ?? '')?.tags).toBe("'tag, =1+1");
    const notes = w.rt.book.values('Conversas').slice(1, 1 + USER_COLUMN.cells.length).map((row) => row[8]);
    expect(notes).toEqual([...USER_COLUMN.cells]);
    const make = rows.get(MAKE_ROW.conversation_id);
    expect(make?.contact_name).toBe(MAKE_ROW.contact_name);
    expect(make?.status).toBe(MAKE_ROW.status);
    expect(make?.synced_at).toBe('');
    expect(DEPTH_COLUMNS.map((name) => make?.[name])).toEqual(DEPTH_COLUMNS.map(() => ''));
  });

  it('gives the dashboard, the CSV export and "Dados Detalhados" their real values', async () => {
    const healing = await healWorld();
    w = healing.w;
    // A dashboard computed (and cached) from the marked cells before the heal must not be served after it.
    const before = w.rt.call<DashboardData>('getDashboard', {});
    expect(before.byStatus.map((s) => s.key)).not.toContain('RESOLVED');
    const { report } = run(w.rt, 'syncNow');
    expect(report.conversationsWritten).toBe(0);
    const statuses = new Map<string, number>();
    for (const c of healing.org.conversations) statuses.set(c.status, (statuses.get(c.status) ?? 0) + 1);
    statuses.set(MAKE_ROW.status, (statuses.get(MAKE_ROW.status) ?? 0) + 1);
    const dashboard = w.rt.call<DashboardData>('getDashboard', {});
    expect(Object.fromEntries(dashboard.byStatus.map((s) => [s.key, s.count]))).toEqual(Object.fromEntries(statuses));
    expect(w.rt.call<string>('exportCsv', {}).startsWith(`conversation_id,created_at,updated_at,status,priority,channel,visitor_id,agent_id,${USER_COLUMN.header},`)).toBe(true);
    w.rt.call('rebuildDashboards', { statuses: ['RESOLVED'] });
    const detail = w.rt.book.values('Dados Detalhados');
    expect(detail[0]).toEqual(HEALED_HEADER);
    const resolved = healing.org.conversations.filter((c) => c.status === 'RESOLVED').map((c) => c.id).sort();
    expect(resolved.length).toBeGreaterThan(0);
    expect(detail.slice(1).map((row) => String(row[0])).sort()).toEqual(resolved);
  });

  it('heals the same after crashes at any point, resuming where it stopped', async () => {
    const reference = await healWorld();
    const clean = run(reference.w.rt, 'syncNow');
    expect(clean.report.ok).toBe(true);
    const expectedConversas = reference.w.rt.book.values('Conversas');
    const expectedMensagens = reference.w.rt.book.values('Mensagens');
    const calls = clean.stats.calls;
    await reference.w.close();
    const withoutSyncedAt = (values: CellValue[][]) => values.map((row) => row.filter((_, i) => i !== values[0]?.indexOf('synced_at')));
    // Crash points spread over the heal (its reads, the header writes, the chunks of both sheets) and the sync after it.
    for (const at of [4, 6, 8, 10, 12, 14, 16, 20, 24, Math.floor(calls / 2)]) {
      const healing = await healWorld();
      w = healing.w;
      const crashed = w.rt.run('syncNow', [], { abortAtCall: at });
      expect(crashed.ok, `abort at ${at}`).toBe(false);
      w.rt.clock.advance(60_000);
      for (let i = 0; i < 3 && !run(w.rt, 'syncNow').report.complete; i++) w.rt.clock.advance(60_000);
      expectHealed(w.rt, healing.org);
      expect(withoutSyncedAt(w.rt.book.values('Conversas')), `abort at ${at}`).toEqual(withoutSyncedAt(expectedConversas));
      expect(w.rt.book.values('Mensagens'), `abort at ${at}`).toEqual(expectedMensagens);
      await w.close();
      w = null;
    }
  }, 120_000);
});
