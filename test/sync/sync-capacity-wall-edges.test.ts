// The wall's edges through the built bundle: a sheet full for longer than the re-listed days, a team tab outgrowing the margin.
import { describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../runtime/index';
import { run, rowsOf, syncUntilComplete, valuesWithout } from './harness';
import { capacityWorlds, DAY, fillTo, HOUR, LIMIT, TEAM } from './capacity-world';

const open = capacityWorlds();
const START = Date.parse('2026-03-15T12:00:00.000Z');
const at = (ms: number) => new Date(START + ms).toISOString();

/** The owed conversation ids as the bundle stored them (Document Properties `capacity.owed.*`). */
function owedIds(rt: LocalRuntime): string[] {
  return [...rt.properties.document.entries()]
    .filter(([key]) => key.startsWith('capacity.owed.'))
    .flatMap(([, value]) => value.split('\n'))
    .filter((id) => id !== '');
}

/** Table rows (header first) with the data rows sorted by their first cell, the id. */
function byId(values: unknown[][]): unknown[][] {
  const [header = [], ...rows] = values;
  return [header, ...rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])))];
}

function time(cell: unknown): number {
  if (!(cell instanceof Date)) throw new Error(`not a date: ${String(cell)}`);
  return cell.getTime();
}

describe('a sheet that stays full longer than the re-listed days', () => {
  it('fetches the owed conversations by id once there is room: every message of the retention window arrives once', async () => {
    const plain = await open();
    const w = await open();
    for (const x of [plain, w]) syncUntilComplete(x.rt);
    // The team keeps 30 days of messages in w; the plain workbook keeps all (compared inside w's window below).
    w.rt.call('saveSettings', { messageRetentionDays: 30 });
    const { added } = await w.fake.mutate({ now: at(2 * HOUR), addConversations: 12 });
    await plain.fake.mutate({ now: at(2 * HOUR), addConversations: 12 });
    // Room for the 12 new rows of "Conversas" and about 20 of "Mensagens".
    const width = w.rt.book.grid('Conversas')?.columns ?? 0;
    fillTo(w.rt, LIMIT - 12 * width - 20 * 12);
    for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR + 60_000));
    run(plain.rt);
    const wall = run(w.rt).report;
    expect(wall.ok).toBe(true);
    expect(wall.message).toMatch(/linhas de "Mensagens" ficaram de fora/);
    const owed = owedIds(w.rt);
    expect(owed.length).toBeGreaterThan(5);
    expect(owed.every((id) => added.includes(id))).toBe(true);

    // Full for nine days, synced every day meanwhile: the new conversations leave the 7 re-listed days.
    for (let day = 1; day <= 9; day++) {
      for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR + day * DAY));
      run(plain.rt);
      const full = run(w.rt).report;
      expect(full.ok).toBe(true);
      expect(full.messagesFetched).toBe(0);
    }
    expect(owedIds(w.rt)).toEqual(owed);
    // One owed conversation is deleted in Chatvolt meanwhile: answered 404, forgotten, its row kept as it is.
    const deleted = owed[0] as string;
    await w.fake.mutate({ deleteConversations: [deleted] });
    await plain.fake.mutate({ deleteConversations: [deleted] });

    // The team frees its tab: the next runs fetch the owed conversations by id (they are no longer listed).
    w.rt.book.setGrid(TEAM, 1, 1);
    for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR + 9 * DAY + 2 * HOUR));
    run(plain.rt);
    const reports = syncUntilComplete(w.rt);
    const roomy = reports[0];
    expect(roomy?.ok).toBe(true);
    expect(roomy?.messagesFetched).toBeGreaterThan(0);

    const startedAt = Date.parse(reports[reports.length - 1]?.startedAt ?? '');
    const cutoff = startedAt - 30 * DAY;
    const expected = rowsOf(plain.rt, 'Mensagens')
      .filter((m) => m.conversation_id !== deleted && time(m.created_at) >= cutoff)
      .map((m) => m.message_id);
    const ids = rowsOf(w.rt, 'Mensagens').map((m) => m.message_id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(expected));
    // Messages of the owed conversations that were left out at the wall are among them.
    expect(rowsOf(w.rt, 'Mensagens').filter((m) => owed.includes(String(m.conversation_id)) && m.conversation_id !== deleted).length).toBeGreaterThan(20);
    expect(valuesWithout(w.rt, 'Conversas')).toEqual(valuesWithout(plain.rt, 'Conversas'));
    // The deleted one is named (404) and forgotten with the others, now settled.
    expect(roomy?.message).toContain(deleted);
    expect(owedIds(w.rt)).toEqual([]);

    // Nothing is owed any more: the next run fetches nothing again.
    w.rt.clock.advance(60_000);
    expect(run(w.rt).report.messagesFetched).toBe(0);
  });
});

describe('new conversations left out whole at the wall', () => {
  it('imports them by id once there is room, even after they left the re-listed days', async () => {
    const plain = await open();
    const w = await open();
    for (const x of [plain, w]) syncUntilComplete(x.rt);
    w.rt.call('saveSettings', { messageRetentionDays: 0 });
    for (const x of [plain, w]) await x.fake.mutate({ now: at(2 * HOUR), addConversations: 12 });
    // Room for five rows of "Conversas" and no message.
    const width = w.rt.book.grid('Conversas')?.columns ?? 0;
    fillTo(w.rt, LIMIT - 5 * width);
    for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR + 60_000));
    run(plain.rt);
    const wall = run(w.rt).report;
    expect(wall.message).toMatch(/7 conversas novas e \d+ linhas de "Mensagens" ficaram de fora/);
    expect(owedIds(w.rt)).toHaveLength(12);
    for (let day = 1; day <= 9; day++) {
      for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR + day * DAY));
      run(plain.rt);
      expect(run(w.rt).report.ok).toBe(true);
    }
    expect(rowsOf(w.rt, 'Conversas').length).toBe(rowsOf(plain.rt, 'Conversas').length - 7);

    w.rt.book.setGrid(TEAM, 1, 1);
    for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR + 9 * DAY + 2 * HOUR));
    run(plain.rt);
    syncUntilComplete(w.rt);
    // The same rows; those imported late come after the others.
    expect(byId(valuesWithout(w.rt, 'Conversas'))).toEqual(byId(valuesWithout(plain.rt, 'Conversas')));
    const ids = rowsOf(w.rt, 'Mensagens').map((m) => m.message_id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(rowsOf(plain.rt, 'Mensagens').map((m) => m.message_id)));
    expect(owedIds(w.rt)).toEqual([]);
  });
});

type World = Awaited<ReturnType<typeof open>>;

/**
 * Two worlds synced alike; in `w` the team keeps every message and its tab fills the book to 85 %, measured by the
 * run at 2 h (far enough from the wall that the next writes trust the carried figure); then 12 new conversations
 * arrive in both.
 */
async function measuredAt85(): Promise<{ plain: World; w: World; measured: ReturnType<typeof run> }> {
  const plain = await open();
  const w = await open();
  for (const x of [plain, w]) syncUntilComplete(x.rt);
  w.rt.call('saveSettings', { messageRetentionDays: 0 });
  fillTo(w.rt, 8_500_000);
  for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR));
  run(plain.rt);
  const measured = run(w.rt);
  for (const x of [plain, w]) await x.fake.mutate({ now: at(2 * HOUR + 10 * 60_000), addConversations: 12 });
  return { plain, w, measured };
}

/** Room again (the team tab emptied, both synced at 4 h): "Conversas" equals the run without the wall, every message once. */
function expectCaughtUp(plain: World, w: World): void {
  w.rt.book.setGrid(TEAM, 1, 1);
  for (const x of [plain, w]) x.rt.clock.set(at(4 * HOUR));
  run(plain.rt);
  expect(syncUntilComplete(w.rt).every((r) => r.ok)).toBe(true);
  expect(valuesWithout(w.rt, 'Conversas')).toEqual(valuesWithout(plain.rt, 'Conversas'));
  const after = rowsOf(w.rt, 'Mensagens').map((m) => m.message_id);
  expect(after.length).toBe(new Set(after).size);
  expect(new Set(after)).toEqual(new Set(rowsOf(plain.rt, 'Mensagens').map((m) => m.message_id)));
}

describe("a team tab that grows past the margin between two measures", () => {
  it('refits after Sheets refuses a write for the cell limit: ends ok, "Conversas" written, the rest once there is room', async () => {
    // The team keeps every message: no automatic retention makes room here.
    const { plain, w, measured } = await measuredAt85();
    expect(measured.stats.callsByMethod['Spreadsheet.getSheets']).toBe(1);
    expect(measured.report.capacity.cellsUsed).toBe(w.rt.book.totalCells());

    // Right after the measure the team's tab grows by 1.5 million cells: room is left for "Conversas" and ~20 messages.
    const width = w.rt.book.grid('Conversas')?.columns ?? 0;
    const before = w.rt.book.totalCells();
    fillTo(w.rt, LIMIT - 12 * width - 20 * 12);
    expect(w.rt.book.totalCells() - before).toBeGreaterThan(1_000_000);
    const team = w.rt.book.grid(TEAM);
    for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR + 30 * 60_000));
    const reference = run(plain.rt).report;
    const hit = run(w.rt);
    const report = hit.report;
    expect(report).toMatchObject({ ok: true, complete: reference.complete, conversationsWritten: reference.conversationsWritten });
    // Sheets refused the first write (the runtime throws its limit error): every tab was measured, then fitted and written.
    expect(hit.stats.callsByMethod['Spreadsheet.getSheets']).toBe(1);
    expect(report.message).toMatch(/limite de 10 milhões de células do Google Planilhas: \d+ linhas de "Mensagens" ficaram de fora/);
    expect(report.capacity.cellsUsed).toBe(w.rt.book.totalCells());
    expect(w.rt.book.totalCells()).toBeLessThanOrEqual(LIMIT);
    expect(w.rt.book.grid(TEAM)).toEqual(team);
    expect(valuesWithout(w.rt, 'Conversas')).toEqual(valuesWithout(plain.rt, 'Conversas'));
    const ids = rowsOf(w.rt, 'Mensagens').map((m) => m.message_id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.length).toBeLessThan(rowsOf(plain.rt, 'Mensagens').length);

    // Room again: what was left out arrives, once; "Conversas" stays equal to the run without the wall.
    expectCaughtUp(plain, w);
  });

  it('keeps the messages already written when Sheets refuses the rows of "Conversas" after them, and never writes a row twice', async () => {
    const { plain, w } = await measuredAt85();
    const messagesBefore = rowsOf(plain.rt, 'Mensagens').length;
    for (const x of [plain, w]) x.rt.clock.set(at(2 * HOUR + 30 * 60_000));
    run(plain.rt);
    const newMessages = rowsOf(plain.rt, 'Mensagens').length - messagesBefore;
    expect(newMessages).toBeGreaterThan(20);
    // Room for every new message row ("Mensagens" is written first) and three rows of "Conversas", not twelve.
    const width = w.rt.book.grid('Conversas')?.columns ?? 0;
    const messageWidth = w.rt.book.grid('Mensagens')?.columns ?? 0;
    fillTo(w.rt, LIMIT - newMessages * messageWidth - 3 * width);
    const { report } = run(w.rt);
    expect(report.ok).toBe(true);
    expect(report.message).toMatch(/9 conversas novas .*ficaram de fora/);
    expect(w.rt.book.totalCells()).toBeLessThanOrEqual(LIMIT);
    expect(rowsOf(w.rt, 'Conversas').length).toBe(rowsOf(plain.rt, 'Conversas').length - 9);
    const ids = rowsOf(w.rt, 'Mensagens').map((m) => m.message_id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.length).toBe(messagesBefore + newMessages);

    expectCaughtUp(plain, w);
  });
});
