// Incremental syncs through the built bundle: changes upserted in place, user data kept, constant Sheets calls.
import { afterEach, describe, expect, it } from 'vitest';
import type { CellValue } from '../runtime/index';
import { NOW, run, rowsOf, sheetsCalls, syncUntilComplete, world, type SyncWorld } from './harness';

const HOUR = 3600000;
const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();

let w: SyncWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** Ids of conversations created in the last `days` days before NOW, oldest first, optionally not RESOLVED. */
async function recent(world: SyncWorld, days: number, unresolved = false): Promise<string[]> {
  const org = await world.fake.snapshot();
  return org.conversations
    .filter((c) => Date.parse(c.createdAt) > Date.parse(NOW) - days * 24 * HOUR)
    .filter((c) => !unresolved || c.status !== 'RESOLVED')
    .map((c) => c.id);
}

describe('incremental sync', () => {
  it('updates changed rows in place and appends new conversations at the end, with no duplicates', async () => {
    w = await world({ seed: 21, conversations: 80, listCap: 20 });
    syncUntilComplete(w.rt);
    const before = rowsOf(w.rt, 'Conversas');
    const [a, b] = await recent(w, 6, true);
    if (!a || !b) throw new Error('the organisation has too few recent conversations');
    const countA = before.find((r) => r.conversation_id === a)?.message_count as number;

    const change = await w.fake.mutate({
      now: at(HOUR),
      addConversations: 2,
      addMessages: [{ conversationId: a, customer: 1, operator: 1 }],
      setStatus: [{ conversationId: b, status: 'RESOLVED' }],
    });
    w.rt.clock.set(at(HOUR + 60000));
    const { report } = run(w.rt);

    expect(report).toMatchObject({ ok: true, complete: true, conversationsWritten: 4 });
    const after = rowsOf(w.rt, 'Conversas');
    const org = await w.fake.snapshot();
    const createdAt = new Map(org.conversations.map((c) => [c.id, c.createdAt]));
    const added = [...change.added].sort((x, y) => (createdAt.get(x) ?? '').localeCompare(createdAt.get(y) ?? '') || x.localeCompare(y));
    expect(added).toHaveLength(2);
    expect(after.map((r) => r.conversation_id)).toEqual([...before.map((r) => r.conversation_id), ...added]);
    expect(after.find((r) => r.conversation_id === a)?.message_count).toBe(countA + 2);
    expect(after.find((r) => r.conversation_id === b)).toMatchObject({ status: 'RESOLVED', resolved: true });
    const messageIds = rowsOf(w.rt, 'Mensagens').map((r) => r.message_id);
    expect(messageIds).toHaveLength(Object.values(org.messages).flat().length);
    expect(new Set(messageIds).size).toBe(messageIds.length);
  });

  it('keeps reordered columns, a user column, a hand-typed satisfaction and a Make row', async () => {
    w = await world({ seed: 22, conversations: 40, listCap: null });
    syncUntilComplete(w.rt);
    const org = await w.fake.snapshot();
    const values = w.rt.book.values('Conversas');
    const header = (values[0] ?? []).map(String);
    const recentIds = await recent(w, 6);
    // A recent conversation without any satisfaction variable: its satisfaction_score comes only from the sheet.
    const target = org.conversations.find(
      (c) => recentIds.includes(c.id) && !(c.conversationVariables ?? []).some((v) => ['csat', 'satisfaction', 'satisfacao', 'nota'].includes(v.varName.toLowerCase())),
    );
    if (!target) throw new Error('no suitable conversation');

    // The user moves status to column A, adds "observação" after it, types a score; Make appends a partial row.
    const statusAt = header.indexOf('status');
    const satisfactionAt = header.indexOf('satisfaction_score');
    const reorder = (row: CellValue[], note: CellValue): CellValue[] => [row[statusAt] ?? '', note, ...row.filter((_, i) => i !== statusAt)];
    const seeded: CellValue[][] = values.map((row, i) => {
      const copy = [...row];
      if (row[0] === target.id) copy[satisfactionAt] = 4;
      return reorder(copy, i === 0 ? 'observação' : `nota ${i}`);
    });
    const makeRow: CellValue[] = new Array<CellValue>(seeded[0]?.length ?? 0).fill('');
    makeRow[0] = 'UNRESOLVED';
    makeRow[1] = 'vinda do Make';
    makeRow[2] = 'make-0001';
    seeded.push(makeRow);
    w.rt.book.seed('Conversas', seeded);

    await w.fake.mutate({ now: at(HOUR), addMessages: [{ conversationId: target.id, customer: 1 }] });
    w.rt.clock.set(at(HOUR + 60000));
    const { report } = run(w.rt);
    expect(report.conversationsWritten).toBe(1);

    const after = w.rt.book.values('Conversas');
    expect(after[0]).toEqual(seeded[0]);
    expect(after.map((row) => row[1])).toEqual(seeded.map((row) => row[1]));
    expect(after[after.length - 1]).toEqual(makeRow);
    const row = rowsOf(w.rt, 'Conversas').find((r) => r.conversation_id === target.id);
    expect(row?.satisfaction_score).toBe(4);
    expect(row?.message_count).toBe((org.messages[target.id] ?? []).length + 1);
  });
});

describe('satisfaction set later', () => {
  it('is picked up by the next full re-list although the variable does not bump updatedAt', async () => {
    w = await world({ seed: 25, conversations: 30, days: 10, listCap: 20, listRelations: 'full' });
    syncUntilComplete(w.rt);
    const org = await w.fake.snapshot();
    const ids = await recent(w, 5);
    const names = ['csat', 'satisfaction', 'satisfacao', 'nota'];
    const target = org.conversations.find((c) => ids.includes(c.id) && !(c.conversationVariables ?? []).some((v) => names.includes(v.varName.toLowerCase())))?.id;
    if (!target) throw new Error('no recent conversation without a satisfaction variable');
    await w.fake.mutate({ now: at(5 * 60000), setVariable: [{ conversationId: target, name: 'CSAT', value: '2' }] });
    // Within ten minutes of the import's full listing, a scheduled run lists only the last day and compares updatedAt.
    w.rt.clock.set(at(5 * 60000));
    expect(run(w.rt, 'runScheduledSync').report.conversationsWritten).toBe(0);
    w.rt.clock.set(at(11 * 60000));
    const { report } = run(w.rt, 'runScheduledSync');
    expect(report.conversationsWritten).toBe(1);
    expect(rowsOf(w.rt, 'Conversas').find((r) => r.conversation_id === target)?.satisfaction_score).toBe(2);
  });
});

describe('an emptied sheet', () => {
  it('imports every conversation again, without duplicating messages, when "Conversas" was cleared', async () => {
    w = await world({ seed: 24, conversations: 30, listCap: 20 });
    syncUntilComplete(w.rt);
    const conversas = w.rt.book.values('Conversas');
    const mensagens = w.rt.book.values('Mensagens');
    w.rt.book.seed('Conversas', []);
    w.rt.clock.set(at(HOUR));
    const { report } = run(w.rt, 'runScheduledSync');
    expect(report.conversationsWritten).toBe(30);
    expect(rowsOf(w.rt, 'Conversas').map((r) => r.conversation_id)).toEqual(conversas.slice(1).map((row) => row[0]));
    expect(w.rt.book.values('Mensagens')).toEqual(mensagens);
  });
});

describe('Sheets calls', () => {
  it('grow by stretches of nearby rows, not by rows, and are few when nothing changed', async () => {
    w = await world({ seed: 23, conversations: 60, days: 20, listCap: 20 });
    syncUntilComplete(w.rt);
    const ids = await recent(w, 6);
    if (ids.length < 6) throw new Error('the organisation has too few recent conversations');

    await w.fake.mutate({ now: at(HOUR), addConversations: 1, addMessages: [{ conversationId: ids[0] ?? '', customer: 1 }] });
    w.rt.clock.set(at(HOUR + 60000));
    const small = run(w.rt);
    await w.fake.mutate({
      now: at(2 * HOUR),
      addConversations: 6,
      addMessages: ids.slice(0, 6).map((conversationId) => ({ conversationId, ai: 1 })),
    });
    w.rt.clock.set(at(2 * HOUR + 60000));
    const large = run(w.rt);
    expect(small.report.conversationsWritten).toBe(2);
    expect(large.report.conversationsWritten).toBe(12);
    // Rows are read and written per stretch of nearby rows (sync-sheets.ts maxRowGap), never per row and never from
    // the first changed row to the end: six more changed conversations add at most a read and a write or two.
    const total = (calls: Record<string, number>) => Object.values(sheetsCalls(calls)).reduce((a, b) => a + b, 0);
    expect(total(large.stats.callsByMethod) - total(small.stats.callsByMethod)).toBeLessThanOrEqual(8);
    expect(large.stats.callsByMethod['Range.setValues'] ?? 0).toBeLessThanOrEqual((small.stats.callsByMethod['Range.setValues'] ?? 0) + 4);

    const idle = run(w.rt);
    expect(idle.report.conversationsWritten).toBe(0);
    // Every listed bin hashes as the last run left it, and no row was added or deleted: no cell read, no write.
    expect(idle.stats.callsByMethod['Range.getValues']).toBeUndefined();
    expect(idle.stats.callsByMethod['Range.setValues']).toBeUndefined();
  });
});
