// The capacity run over in-memory ports: writes fitted under the wall, the figure carried forward without phantom growth.
import { describe, expect, it } from 'vitest';
import { openCapacityRun, type PlannedWrite } from '../../../src/server/app/capacity';
import type { SpreadsheetPort } from '../../../src/server/app/ports';
import { parseCapacityState } from '../../../src/server/domain/capacity';
import { parseOwed } from '../../../src/server/domain/owed-conversations';
import type { SheetView } from '../../../src/server/domain/table-merge';

const NOW = Date.UTC(2026, 2, 15, 12);

function sheets(grids: Array<{ name: string; rows: number; columns: number }>): SpreadsheetPort & { measures: number } {
  const port = {
    measures: 0,
    timeZone: () => 'UTC',
    readSheet: () => null,
    readBlock: () => [],
    ensureSheet: () => false,
    writeBlock: () => undefined,
    flush: () => undefined,
    grids: () => {
      port.measures += 1;
      return grids.map((g) => ({ ...g }));
    },
  };
  return port;
}

function view(header: string[], keys: string[]): SheetView {
  return { header, lastRow: keys.length + 1, rows: new Map(keys.map((k, i) => [k, i + 2])), rowAt: () => undefined };
}

type Conv = { conversation_id: string; created_at: Date | null };
type Msg = { message_id: string; conversation_id: string | null; created_at: Date | null };

function writes(conversations: Conv[], messages: Msg[]): [PlannedWrite<Conv>, PlannedWrite<Msg>] {
  return [
    { name: 'Conversas', view: view(['conversation_id', 'created_at'], ['c0']), columns: ['conversation_id', 'created_at'], key: 'conversation_id', records: conversations },
    { name: 'Mensagens', view: view(['message_id', 'conversation_id', 'created_at'], ['m0']), columns: ['message_id', 'conversation_id', 'created_at'], key: 'message_id', records: messages },
  ];
}

const clock = { now: () => NOW, sleep: () => undefined };
const day = new Date(NOW - 86_400_000);

describe('openCapacityRun', () => {
  it('adds nothing for a run that writes nothing, and exactly the new rows otherwise', () => {
    const port = sheets([
      { name: 'Conversas', rows: 2, columns: 2 },
      { name: 'Mensagens', rows: 2, columns: 3 },
    ]);
    const run = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: null, settings: null });
    run.fitWrites(...writes([], []));
    const none = run.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    expect(none.capacity.cellsUsed).toBe(10);

    const next = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: none.stateJson, settings: null });
    const fit = next.fitWrites(
      ...writes([{ conversation_id: 'c1', created_at: day }], [{ message_id: 'm1', conversation_id: 'c1', created_at: day }, { message_id: 'm0', conversation_id: 'c0', created_at: day }]),
    );
    expect(fit.leftOutConversations + fit.leftOutMessages).toBe(0);
    const after = next.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    // One more row of 2 columns and one of 3, without a new measure (the state is less than an hour old).
    expect(after.capacity.cellsUsed).toBe(15);
    expect(port.measures).toBe(1);
    expect(parseCapacityState(after.stateJson)?.days).toEqual([[Math.floor((NOW - 86_400_000) / 86_400_000), 1, 1]]);
  });

  const atWall = (room: number) => {
    const port = sheets([
      { name: 'Conversas', rows: 2, columns: 2 },
      { name: 'Mensagens', rows: 2, columns: 3 },
      { name: 'Equipe', rows: 10_000_000 - 10 - room, columns: 1 },
    ]);
    // The team chose to keep every message: no automatic retention here.
    const run = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: null, settings: '{"messageRetentionDays":0}' });
    const conversations = ['c1', 'c2', 'c3'].map((id) => ({ conversation_id: id, created_at: day }));
    const messages = [
      { message_id: 'm1', conversation_id: 'c1', created_at: day },
      { message_id: 'm2', conversation_id: 'c2', created_at: day },
      { message_id: 'm3', conversation_id: 'c2', created_at: day },
      { message_id: 'm4', conversation_id: 'c3', created_at: day },
    ];
    const fit = run.fitWrites(...writes(conversations, messages));
    const end = run.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    return { run, fit, end };
  };

  it('at the wall writes every new conversation that fits first, then whole conversations of messages', () => {
    // Room 9: three rows of "Conversas" (6 cells), then one row of "Mensagens" (3): c1's message; c2's two do not fit.
    const { run, fit, end } = atWall(9);
    expect(fit.conversations.map((c) => c.conversation_id)).toEqual(['c1', 'c2', 'c3']);
    expect(fit.messages.map((m) => m.message_id)).toEqual(['m1']);
    expect(fit).toMatchObject({ leftOutConversations: 0, leftOutMessages: 3 });
    expect(end.capacity.cellsUsed).toBe(10_000_000);
    expect(end.notice).toContain('3 linhas de "Mensagens" ficaram de fora');
    // c2 and c3 were written without their new messages: they are owed them (c1 got its only one), so the listing
    // no longer matches the sheet, and at the wall they are not fetched again yet.
    expect(parseOwed(end.stored)).toEqual(['c2', 'c3']);
    expect(run.leftConversationsOut()).toBe(true);
    expect(run.owesMessages('c1')).toBe(false);
    expect(run.owesMessages('c2')).toBe(false);
    expect(run.admitsNewConversations()).toBe(false);
  });

  it('leaves out the new conversations that do not fit, and their messages', () => {
    // Room 5: two rows of "Conversas" (4 cells); one cell left, less than a row of "Mensagens".
    const { run, fit, end } = atWall(5);
    expect(fit.conversations.map((c) => c.conversation_id)).toEqual(['c1', 'c2']);
    expect(fit.messages).toEqual([]);
    expect(fit).toMatchObject({ leftOutConversations: 1, leftOutMessages: 4 });
    expect(end.capacity.cellsUsed).toBe(9_999_999);
    expect(end.notice).toContain('1 conversa nova e 4 linhas de "Mensagens" ficaram de fora');
    expect(run.leftConversationsOut()).toBe(true);
  });

  it('after a refused write, measures again and fits the same writes without counting them twice', () => {
    const grids = [
      { name: 'Conversas', rows: 2, columns: 2 },
      { name: 'Mensagens', rows: 2, columns: 3 },
      { name: 'Equipe', rows: 100, columns: 1 },
    ];
    const port = sheets(grids);
    const first = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: null, settings: '{"messageRetentionDays":0}' });
    const stored = first.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    const run = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: stored.stateJson, settings: '{"messageRetentionDays":0}' });
    const conversations = ['c1', 'c2', 'c3'].map((id) => ({ conversation_id: id, created_at: day }));
    const messages = [
      { message_id: 'm1', conversation_id: 'c1', created_at: day },
      { message_id: 'm2', conversation_id: 'c2', created_at: day },
    ];
    // The carried figure says everything fits (no measure: it is less than an hour old and far from the wall).
    expect(run.fitWrites(...writes(conversations, messages)).messages).toHaveLength(2);
    expect(port.measures).toBe(1);
    // Meanwhile the team's tab grew to leave room for 5 cells: two rows of "Conversas", no message row.
    grids[2] = { name: 'Equipe', rows: 10_000_000 - 10 - 5, columns: 1 };
    run.refitAfterCellLimit();
    expect(port.measures).toBe(2);
    const refit = run.fitWrites(...writes(conversations, messages));
    expect(refit.conversations.map((c) => c.conversation_id)).toEqual(['c1', 'c2']);
    expect(refit.messages).toEqual([]);
    const end = run.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    expect(end.notice).toContain('1 conversa nova e 2 linhas de "Mensagens" ficaram de fora');
    // Created rows counted once, for the writes that were kept: 2 conversations, no message.
    expect(parseCapacityState(end.stateJson)?.days).toEqual([[Math.floor((NOW - 86_400_000) / 86_400_000), 2, 0]]);
    // c1 and c2 were written without their messages, c3 was left out whole: all three owed.
    expect(parseOwed(end.stored)).toEqual(['c1', 'c2', 'c3']);
  });

  it('hands owed conversations out by id only with clear room, and forgets the ones Chatvolt no longer has', () => {
    const { end } = atWall(9);
    const full = openCapacityRun({ sheets: sheets([{ name: 'Equipe', rows: 9_999_990, columns: 1 }]), clock }, { messageRetentionDays: 0 }, {
      state: end.stateJson,
      settings: null,
      owed: end.stored,
    });
    expect(full.owedToFetch(new Set(), 10)).toEqual({ ids: [], more: 0 });
    const later = { now: () => NOW + 2 * 3_600_000, sleep: () => undefined };
    const roomy = openCapacityRun({ sheets: sheets([{ name: 'Equipe', rows: 100, columns: 1 }]), clock: later }, { messageRetentionDays: 0 }, {
      state: end.stateJson,
      settings: null,
      owed: end.stored,
    });
    expect(roomy.owedToFetch(new Set(), 1)).toEqual({ ids: ['c2'], more: 1 });
    expect(roomy.owedToFetch(new Set(['c2']), 10)).toEqual({ ids: ['c3'], more: 0 });
    roomy.forgetOwed(['c2']);
    const after = roomy.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    expect(parseOwed(after.stored)).toEqual(['c3']);
    // Only the owed keys that changed are written.
    expect(Object.keys(after.stored).filter((k) => k.startsWith('capacity.owed.'))).toHaveLength(1);
  });

  it('keeps thousands of owed ids, and past what the keys hold says plainly how many will not be restored', () => {
    const port = sheets([{ name: 'Equipe', rows: 100, columns: 1 }]);
    const base = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: null, settings: null });
    const state = base.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined }).stateJson;
    const many = Array.from({ length: 3000 }, (_, i) => `cl${String(i).padStart(8, '0')}abcdefghijklmno`);
    const legacy = JSON.stringify({ ...JSON.parse(state), w: many });
    // An earlier version's list inside the capacity state is moved to the owed keys.
    const run = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: legacy, settings: null });
    const end = run.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    const kept = parseOwed(end.stored);
    expect(kept.length).toBeGreaterThan(2400);
    expect(kept).toEqual(many.slice(many.length - kept.length));
    for (const [key, value] of Object.entries(end.stored)) expect(key.length + value.length).toBeLessThan(9 * 1024);
    expect(JSON.parse(end.stateJson).w).toBeUndefined();
    const dropped = many.length - kept.length;
    expect(end.notice).toContain(`${dropped} conversas deixadas de fora no limite de células há mais tempo`);
    expect(end.notice).toContain('não serão restauradas automaticamente');

    // Said on every run until the owed list is worked off, then once more, and no longer.
    const again = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: end.stateJson, settings: null, owed: end.stored });
    const still = again.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    expect(still.notice).toContain(`${dropped} conversas deixadas de fora`);
    const last = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: still.stateJson, settings: null, owed: still.stored });
    last.forgetOwed(kept);
    const done = last.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined });
    expect(done.notice).toContain(`${dropped} conversas deixadas de fora`);
    const after = openCapacityRun({ sheets: port, clock }, { messageRetentionDays: 0 }, { state: done.stateJson, settings: null, owed: done.stored });
    expect(after.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: true, commitMessageRows: () => undefined }).notice).toBe('');
  });
});
