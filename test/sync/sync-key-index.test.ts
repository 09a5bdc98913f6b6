// The sync's key index (app/key-index.ts) through the built bundle: few key cells read, and never a stale row or a duplicate.
//
// Every scenario runs twice over the same fake organisation: runtime A keeps its cache (the index is used), runtime B
// loses its cache before every run (the key column is read, as before the index). Both must end with the same sheets.
// A scenario that adds a key where a stale index would not look fails on a duplicate row if the check it exercises
// were missing.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type CellValue, type LocalRuntime } from '../runtime/index';
import { SheetModel } from '../runtime/sheet-model';
import { NOW, run, rowsOf, syncUntilComplete, valuesWithout, world, type SyncWorld } from './harness';
import { simultaneously } from './simultaneous';

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();

let w: SyncWorld | undefined;
const extra: LocalRuntime[] = [];
afterEach(async () => {
  for (const rt of extra.splice(0)) rt.dispose();
  await w?.close();
  w = undefined;
});

function twin(world: SyncWorld): LocalRuntime {
  const distDir = process.env.CHATVOLT_DIST_DIR;
  const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
  extra.push(rt);
  rt.call('saveSettings', { apiKey: world.fake.apiKey, baseUrl: world.fake.baseUrl });
  return rt;
}

/** Key cells (conversation_id, data rows) of "Conversas" the script read during `fn`. */
function keyCellsRead<T>(rt: LocalRuntime, fn: () => T): { value: T; keyCells: number } {
  const keyColumn = (rt.book.values('Conversas')[0] ?? []).indexOf('conversation_id') + 1;
  const original = SheetModel.prototype.read;
  let keyCells = 0;
  SheetModel.prototype.read = function (this: SheetModel, row: number, column: number, timeZone: string) {
    if (this.name === 'Conversas' && column === keyColumn && row >= 2) keyCells += 1;
    return original.call(this, row, column, timeZone);
  };
  try {
    return { value: fn(), keyCells };
  } finally {
    SheetModel.prototype.read = original;
  }
}

function ids(rt: LocalRuntime): string[] {
  return rowsOf(rt, 'Conversas').map((row) => String(row.conversation_id));
}

function expectNoDuplicates(rt: LocalRuntime): void {
  const keys = ids(rt).filter((id) => id !== '');
  expect(new Set(keys).size).toBe(keys.length);
}

/** A imported and its index warm (the dashboard's snapshot rebuild stores it); B imported, no cache. */
async function imported(
  conversations: number,
  prepare?: (rt: LocalRuntime) => void,
): Promise<{ a: LocalRuntime; b: LocalRuntime; recentIds: string[]; oldIds: string[] }> {
  w = await world({ seed: 41, conversations, days: Math.max(12, Math.ceil(conversations / 10)), listCap: null });
  const a = w.rt;
  const b = twin(w);
  syncUntilComplete(a, 'runScheduledSync');
  syncUntilComplete(b, 'runScheduledSync');
  if (prepare) for (const rt of [a, b]) prepare(rt);
  a.call('getDashboard', {});
  const org = await w.fake.snapshot();
  const byAge = [...org.conversations].sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt));
  // Old: before the trailing week every re-list covers.
  const recentIds = byAge.filter((c) => Date.parse(c.createdAt) > Date.parse(NOW) - 20 * HOUR).map((c) => c.id);
  const oldIds = byAge.filter((c) => Date.parse(c.createdAt) < Date.parse(NOW) - 9 * 24 * HOUR).map((c) => c.id);
  if (recentIds.length < 3 || oldIds.length < 3) throw new Error('the organisation has too few recent or old conversations');
  return { a, b, recentIds, oldIds };
}

/** One scheduled run on both runtimes (B without its cache); A's key cells read. */
function runBoth(a: LocalRuntime, b: LocalRuntime, offsetMs: number, fn = 'runScheduledSync'): { keyCells: number } {
  a.clock.set(at(offsetMs));
  b.clock.set(at(offsetMs));
  const { value, keyCells } = keyCellsRead(a, () => run(a, fn));
  b.cache.evictAll();
  const other = run(b, fn);
  expect(value.report.ok && other.report.ok).toBe(true);
  expect(value.report.conversationsWritten).toBe(other.report.conversationsWritten);
  return { keyCells };
}

function expectSameSheets(a: LocalRuntime, b: LocalRuntime): void {
  expect(valuesWithout(a, 'Conversas')).toEqual(valuesWithout(b, 'Conversas'));
  expectNoDuplicates(a);
}

describe('the key index', () => {
  it('finds changed and new conversations reading a few key cells, not the key column', async () => {
    const { a, b, recentIds } = await imported(240);
    await w?.fake.mutate({ now: at(HOUR), addConversations: 2, addMessages: recentIds.slice(0, 2).map((conversationId) => ({ conversationId, customer: 1 })) });
    const { keyCells } = runBoth(a, b, HOUR + 60_000);
    // The last keyed rows (the check), the new rows, and the candidate rows of the listed conversations.
    expect(keyCells).toBeLessThan(120);
    expect(ids(a).length).toBe(242);
    expectSameSheets(a, b);
    // The next change is found from the index the run above updated with its appended rows.
    await w?.fake.mutate({ now: at(2 * HOUR), addConversations: 1, addMessages: [{ conversationId: recentIds[2] ?? '', ai: 1 }] });
    const next = runBoth(a, b, 2 * HOUR + 60_000);
    expect(next.keyCells).toBeLessThan(120);
    expectSameSheets(a, b);
  });

  it('reads again a row whose key a person typed (onEdit), instead of appending that conversation twice', async () => {
    const { a, b, oldIds } = await imported(120);
    const change = await w?.fake.mutate({ now: at(HOUR), addConversations: 1 });
    const typed = change?.added[0] ?? '';
    // A person types the new conversation's id over an old row's id (a row the re-list never reaches).
    for (const rt of [a, b]) {
      const row = ids(rt).indexOf(oldIds[1] ?? '') + 2;
      const column = (rt.book.values('Conversas')[0] ?? []).indexOf('conversation_id') + 1;
      rt.editAsUser('Conversas', row, column, [[typed]]);
    }
    runBoth(a, b, HOUR + 60_000);
    expect(ids(a).filter((id) => id === typed)).toHaveLength(1);
    expectSameSheets(a, b);
  });

  it('reads again both rows of two keys typed at the same instant (two onEdit executions), appending neither twice', async () => {
    const { a, b, oldIds } = await imported(120);
    const change = await w?.fake.mutate({ now: at(HOUR), addConversations: 2 });
    const [first, second] = change?.added ?? [];
    if (!first || !second) throw new Error('the change added too few conversations');
    // Two people type the new conversations' ids over two old rows; their onEdit executions overlap (neither sees the
    // other's property write): a read-modify-write of one shared log would keep one edit only.
    for (const rt of [a, b]) {
      const column = (rt.book.values('Conversas')[0] ?? []).indexOf('conversation_id') + 1;
      const rowOf = (id: string) => ids(rt).indexOf(id) + 2;
      const [x, y] = [rowOf(oldIds[1] ?? ''), rowOf(oldIds[2] ?? '')];
      simultaneously(rt, [() => rt.editAsUser('Conversas', x, column, [[first]]), () => rt.editAsUser('Conversas', y, column, [[second]])]);
    }
    runBoth(a, b, HOUR + 60_000);
    expect(ids(a).filter((id) => id === first || id === second).sort()).toEqual([first, second].sort());
    expectSameSheets(a, b);
  });

  it('notices a row deleted and a row appended by Make between two runs (same row count), instead of appending twice', async () => {
    // Rows Make appended below the conversations: the re-listed conversations' rows stay where they were when a Make
    // row is deleted, so only the check of the last rows can see that the rows moved.
    const makeRows = (rt: LocalRuntime) => {
      const values = rt.book.values('Conversas');
      const header = (values[0] ?? []).map(String);
      const rows = Array.from({ length: 30 }, (_, i) => header.map((name) => (name === 'conversation_id' ? `make-${i}` : name === 'status' ? 'UNRESOLVED' : '')));
      rt.book.seed('Conversas', [...values, ...rows]);
    };
    const { a, b } = await imported(120, makeRows);
    const change = await w?.fake.mutate({ now: at(HOUR), addConversations: 1 });
    const made = change?.added[0] ?? '';
    // No onEdit for either: a Make row deleted (the rows below move up) and Make's partial row for the new conversation.
    for (const rt of [a, b]) {
      const values = rt.book.values('Conversas');
      const header = (values[0] ?? []).map(String);
      const gone = values.findIndex((row) => row[0] === 'make-5');
      const partial: CellValue[] = header.map((name) => (name === 'conversation_id' ? made : name === 'status' ? 'UNRESOLVED' : ''));
      rt.book.seed('Conversas', [...values.slice(0, gone), ...values.slice(gone + 1), partial]);
    }
    runBoth(a, b, HOUR + 60_000);
    expect(ids(a).filter((id) => id === made)).toHaveLength(1);
    expectSameSheets(a, b);
  });

  it('confirms every row it names: rows swapped by hand above the last rows are found where they are now', async () => {
    const { a, b } = await imported(120);
    const org = await w?.fake.snapshot();
    // Two conversations of 3 to 5 days ago (re-listed by a manual sync, far from the last rows), swapped in place.
    const middle = (org?.conversations ?? [])
      .filter((c) => Date.parse(c.createdAt) < Date.parse(NOW) - 3 * 24 * HOUR && Date.parse(c.createdAt) > Date.parse(NOW) - 5 * 24 * HOUR)
      .map((c) => c.id);
    const [x, y] = middle;
    if (!x || !y) throw new Error('too few conversations of 3 to 5 days ago');
    for (const rt of [a, b]) {
      const values = rt.book.values('Conversas');
      const i = values.findIndex((row) => row[0] === x);
      const j = values.findIndex((row) => row[0] === y);
      const swapped = values.map((row, k) => (k === i ? (values[j] as CellValue[]) : k === j ? (values[i] as CellValue[]) : row));
      rt.book.seed('Conversas', swapped);
    }
    await w?.fake.mutate({ now: at(HOUR), addMessages: [{ conversationId: x, customer: 1, ai: 1 }] });
    runBoth(a, b, HOUR + 60_000, 'syncNow');
    expect(ids(a).filter((id) => id === x || id === y).sort()).toEqual([x, y].sort());
    expectSameSheets(a, b);
  });

  it('is rebuilt when the cache lost it, and the sheets stay those of a column read', async () => {
    const { a, b, recentIds } = await imported(120);
    a.cache.evictAll();
    await w?.fake.mutate({ now: at(HOUR), addConversations: 1, addMessages: [{ conversationId: recentIds[0] ?? '', customer: 1 }] });
    const rebuilt = runBoth(a, b, HOUR + 60_000);
    // The whole key column, once.
    expect(rebuilt.keyCells).toBeGreaterThanOrEqual(120);
    expectSameSheets(a, b);
    await w?.fake.mutate({ now: at(2 * HOUR), addMessages: [{ conversationId: recentIds[1] ?? '', customer: 1 }] });
    expect(runBoth(a, b, 2 * HOUR + 60_000).keyCells).toBeLessThan(100);
    expectSameSheets(a, b);
  });

  it('converges with no duplicate after a crash at every call of a run that appends rows with a warm index', async () => {
    const { a, recentIds } = await imported(120);
    const saved = {
      conversas: a.book.values('Conversas'),
      mensagens: a.book.values('Mensagens'),
      document: new Map(a.properties.document),
      user: new Map(a.properties.user()),
      grids: (['Conversas', 'Mensagens'] as const).map((name) => [name, a.book.grid(name)] as const),
    };
    await w?.fake.mutate({ now: at(HOUR), addConversations: 3, addMessages: [{ conversationId: recentIds[0] ?? '', customer: 1 }] });
    a.clock.set(at(HOUR + 60_000));
    const reference = run(a, 'runScheduledSync');
    expect(reference.report.conversationsWritten).toBe(4);
    const expected = valuesWithout(a, 'Conversas');
    const distDir = process.env.CHATVOLT_DIST_DIR;
    const crashedAt = new Set<string>();
    // The run's writes come after its requests: a crash in its first half leaves nothing written (sync-faults covers it).
    for (let k = Math.floor(reference.stats.calls / 2); k <= reference.stats.calls; k++) {
      const copy = createRuntime({ now: at(HOUR), ...(distDir ? { distDir } : {}) });
      try {
        copy.book.seed('Conversas', saved.conversas);
        copy.book.seed('Mensagens', saved.mensagens);
        for (const [name, grid] of saved.grids) if (grid) copy.book.setGrid(name, grid.rows, grid.columns);
        for (const [key, value] of saved.document) copy.properties.document.set(key, value);
        for (const [key, value] of saved.user) copy.properties.user().set(key, value);
        copy.call('getDashboard', {});
        copy.clock.set(at(HOUR + 60_000));
        const crashed = copy.run('runScheduledSync', [{}], { abortAtCall: k });
        if (crashed.ok) break;
        crashedAt.add(crashed.error.message.replace(/^.*\(/, '').replace(/\)$/, ''));
        syncUntilComplete(copy, 'runScheduledSync');
        expect(valuesWithout(copy, 'Conversas'), `crash at call ${k}`).toEqual(expected);
      } finally {
        copy.dispose();
      }
    }
    // The crashes included one between the rows' write and the index's update.
    expect(crashedAt.has('Cache.putAll')).toBe(true);
    expect(crashedAt.has('Range.setValues')).toBe(true);
  }, 240_000);
});

describe('a scheduled run that wrote nothing', () => {
  it('releases the lock without a flush and reads the settings once for the sync and its post-sync steps', async () => {
    w = await world({ seed: 43, conversations: 40, listCap: null });
    syncUntilComplete(w.rt, 'runScheduledSync');
    w.rt.clock.advance(60_000);
    run(w.rt, 'runScheduledSync');
    w.rt.clock.advance(60_000);
    const idle = run(w.rt, 'runScheduledSync');
    expect(idle.report.conversationsWritten).toBe(0);
    expect(idle.stats.callsByMethod['Range.setValues']).toBeUndefined();
    expect(idle.stats.callsByMethod['SpreadsheetApp.flush']).toBeUndefined();
    // The API key (user store) by the sync, the alert state by the alerts step; the settings come with the sync's getProperties.
    expect(idle.stats.callsByMethod['Properties.getProperty']).toBe(2);
    // A run that writes flushes before it lets another execution read the sheet.
    const org = await w.fake.snapshot();
    await w.fake.mutate({ now: w.rt.clock.now().toISOString(), addMessages: [{ conversationId: org.conversations[org.conversations.length - 1]?.id ?? '', customer: 1 }] });
    w.rt.clock.advance(60_000);
    const wrote = run(w.rt, 'runScheduledSync');
    expect(wrote.report.conversationsWritten).toBe(1);
    expect(wrote.stats.callsByMethod['SpreadsheetApp.flush']).toBe(1);
  });
});
