// The metrics snapshot through the built bundle: the same DashboardData as a full read after random syncs and edits, and its call counts.
import { afterEach, describe, expect, it } from 'vitest';
import { run, syncUntilComplete, world, type SyncWorld } from '../../sync/harness';
import { OPERATOR_LABELS_KEY } from '../../../src/server/domain/operator-labels';
import type { DashboardData, Filters } from '../../../src/shared/dto';
import { dashboard, fullRead } from './full-read';
import { random } from '../../../scripts/bench/metrics';

let w: SyncWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

/**
 * Reads of a snapshot rebuild on the add-on's own column layout: the header, then the snapshot's columns in four
 * stretches (the free text between them is skipped).
 */
const REBUILD_READS = 5;

const COLUMN_EDITS: Array<[column: string, values: string[]]> = [
  ['status', ['RESOLVED', 'UNRESOLVED', 'HUMAN_REQUESTED', '']],
  ['channel', ['Email', 'whatsapp', 'telefone']],
  ['first_response_time', ['12', '4,5', '900', '', 'abc']],
  ['resolved', ['TRUE', 'FALSE', 'sim', '']],
  ['satisfaction_score', ['5', '1', '3,5', '']],
  ['frustration_level', ['1', '5', '']],
  ['agent_id', ['agente-manual', '']],
  ['created_at', ['2026-03-14 09:30:00', '01/03/2026 10:00', '']],
];

describe('the metrics snapshot', () => {
  it('gives exactly the DashboardData of a full read after random syncs and random edits by people', async () => {
    w = await world({ seed: 12, conversations: 140, days: 20, listCap: 40 });
    const { rt, fake } = w;
    syncUntilComplete(rt);
    const next = random(1212);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const org = await fake.snapshot();
    const ids = org.conversations.map((c) => c.id);
    const actions: string[] = [];
    let typed = 0;
    for (let step = 0; step < 24; step++) {
      const values = rt.book.values('Conversas');
      const header = (values[0] ?? []).map(String);
      const roll = next();
      if (roll < 0.3) {
        actions.push('sync');
        await fake.mutate({
          now: rt.clock.now().toISOString(),
          addConversations: Math.floor(next() * 3),
          addMessages: [0, 1, 2].map(() => ({ conversationId: pick(ids), customer: 1, ai: next() < 0.5 ? 1 : 0 })),
        });
        rt.clock.advance(61_000);
        run(rt, 'runScheduledSync', { trigger: 'time' });
      } else if (roll < 0.5) {
        actions.push('edit');
        const [column, choices] = pick(COLUMN_EDITS);
        const at = header.indexOf(column);
        const row = 2 + Math.floor(next() * (values.length - 1));
        const result = rt.editAsUser('Conversas', row, at + 1, [[pick(choices)]]);
        expect(result?.ok).toBe(true);
      } else if (roll < 0.62) {
        actions.push('typed row');
        const row = values.length + 1;
        const cells = header.map((name) =>
          name === 'conversation_id' ? `manual-${++typed}` : name === 'created_at' ? '2026-03-13 15:00:00' : name === 'channel' ? 'Balcão' : name === 'status' ? 'RESOLVED' : name === 'resolved' ? 'TRUE' : '',
        );
        rt.editAsUser('Conversas', row, 1, [cells]);
      } else if (roll < 0.74) {
        actions.push('deleted row');
        const row = 1 + Math.floor(next() * (values.length - 1));
        rt.book.seed('Conversas', values.filter((_, i) => i !== row));
      } else if (roll < 0.84) {
        actions.push('reordered columns');
        const order = header.map((_, i) => i).sort(() => next() - 0.5);
        rt.book.seed('Conversas', values.map((line) => order.map((i) => line[i] ?? '')));
      } else {
        actions.push('appended by Make');
        const copy = [...(values[1] ?? [])];
        copy[header.indexOf('conversation_id')] = `make-${step}`;
        rt.book.seed('Conversas', [...values, copy]);
      }
      rt.clock.advance(5_000);
      const from = `2026-03-${String(1 + Math.floor(next() * 14)).padStart(2, '0')}`;
      const filterChoices: Filters[] = [
        {},
        { from, to: '2026-03-15' },
        { channels: [pick(['whatsapp', 'website', 'balcão', 'telegram'])] },
        { statuses: ['RESOLVED', '(vazio)'], from },
      ];
      for (const filters of [pick(filterChoices), pick(filterChoices)]) {
        const fn = next() < 0.5 ? 'getDashboard' : 'refreshDashboard';
        const { data } = dashboard(rt, fn, filters);
        const expected = fullRead(rt.book.values('Conversas'), rt.book.timeZone, filters, data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null);
        expect(data, `step ${step} after ${actions.join(', ')}; ${fn}(${JSON.stringify(filters)})`).toEqual(expected);
      }
    }
    // The scenario exercised every kind of change.
    for (const kind of ['sync', 'edit', 'typed row', 'deleted row', 'reordered columns', 'appended by Make']) expect(actions).toContain(kind);
  }, 240_000);

  it('does not serve a cached dashboard once the data version, size and edit count come back to an earlier state\'s', async () => {
    w = await world({ seed: 7, conversations: 80, days: 20, listCap: 40 });
    const { rt } = w;
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    const expectFull = (data: DashboardData, filters: Filters) =>
      expect(data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, filters, data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));
    const before = dashboard(rt, 'getDashboard', {});
    expectFull(before.data, {});
    // Make appends a copy of another agent's row (seen by a refresh with other filters), then a person deletes row 2:
    // the data version, the row count and the edit count are those of the first, still cached, dashboard.
    const values = rt.book.values('Conversas');
    const header = (values[0] ?? []).map(String);
    const agent = header.indexOf('agent_id');
    const other = values.findIndex((line, i) => i > 1 && line[agent] !== values[1]?.[agent]);
    const copy = [...(values[other] ?? [])];
    copy[header.indexOf('conversation_id')] = 'make-1';
    rt.book.seed('Conversas', [...values, copy]);
    rt.clock.advance(5_000);
    expectFull(dashboard(rt, 'getDashboard', { channels: ['whatsapp'] }).data, { channels: ['whatsapp'] });
    rt.book.seed('Conversas', rt.book.values('Conversas').filter((_, i) => i !== 1));
    rt.clock.advance(5_000);
    const after = dashboard(rt, 'getDashboard', {});
    expectFull(after.data, {});
    expect(after.data.agents).not.toEqual(before.data.agents);
  }, 120_000);

  it('is rebuilt when a business-hours recompute stopped after writing rows and before the new data version', async () => {
    w = await world({ seed: 9, conversations: 80, days: 20, listCap: 40 });
    const { rt } = w;
    const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
    const office = { ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '18:00']]])), sat: [], sun: [] };
    expect(rt.run('saveSettings', [{ businessHours: allDay }]).ok).toBe(true);
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    const expectFull = (data: DashboardData) =>
      expect(data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null, true));
    expectFull(dashboard(rt, 'getDashboard', {}).data);
    // New hours: the next run recomputes every row's business columns. Killed right after its first write of them.
    expect(rt.run('saveSettings', [{ businessHours: office }]).ok).toBe(true);
    rt.clock.advance(61_000);
    let killedAt = 0;
    for (let n = 5; n < 400 && killedAt === 0; n++) {
      const before = JSON.stringify(rt.book.values('Conversas'));
      const probe = rt.run('runScheduledSync', [{}], { trigger: 'time', abortAtCall: n });
      if (!probe.ok && JSON.stringify(rt.book.values('Conversas')) !== before) killedAt = n;
      else if (probe.ok) break;
    }
    expect(killedAt).toBeGreaterThan(0);
    rt.clock.advance(5_000);
    const afterCrash = dashboard(rt, 'getDashboard', {});
    expectFull(afterCrash.data);
    // The run that resumes rewrites the same cells (no change counted) and must still leave a current snapshot.
    rt.clock.advance(61_000);
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    expectFull(dashboard(rt, 'getDashboard', {}).data);
  }, 120_000);

  it('serves a refresh after a sync from the snapshot, an unchanged one from the dashboard cache, an edit by re-reading its row', async () => {
    w = await world({ seed: 5, conversations: 120, days: 20, listCap: 40 });
    const { rt, fake } = w;
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    const first = dashboard(rt, 'getDashboard', {});
    // No snapshot yet: a rebuild, which reads the header, then the snapshot's columns in a few stretches (not the
    // free text).
    expect(first.stats.callsByMethod['Range.getValues']).toBe(REBUILD_READS);

    const org = await fake.snapshot();
    await fake.mutate({ now: rt.clock.now().toISOString(), addMessages: org.conversations.slice(-3).map((c) => ({ conversationId: c.id, customer: 1 })) });
    rt.clock.advance(61_000);
    const sync = run(rt, 'runScheduledSync', { trigger: 'time' });
    expect(sync.report.conversationsWritten).toBe(3);
    rt.clock.advance(5_000);
    const after = dashboard(rt, 'refreshDashboard', {});
    // The sync patched the snapshot: no cell of "Conversas" is read; one getAll each for the dashboard key, the
    // snapshot and tomorrow's forecast by its input series.
    expect(after.stats.callsByMethod['Range.getValues']).toBeUndefined();
    expect(after.stats.callsByMethod['Cache.getAll']).toBe(3);
    // The last sync is fresh, so no quick sync: the dashboard's properties are read once, in one getProperties().
    expect(after.stats.callsByMethod['Properties.getProperties']).toBe(1);
    expect(after.stats.callsByMethod['Properties.getProperty']).toBeUndefined();
    expect(after.data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, after.data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));

    rt.clock.advance(5_000);
    const unchanged = dashboard(rt, 'refreshDashboard', {});
    expect(unchanged.stats.callsByMethod['Range.getValues']).toBeUndefined();
    expect(unchanged.stats.callsByMethod['Cache.getAll']).toBe(1);
    expect(unchanged.stats.calls).toBeLessThanOrEqual(12);

    const sheet = rt.book.values('Conversas');
    const header = (sheet[0] ?? []).map(String);
    const resolvedAt = header.indexOf('resolved');
    const edit = rt.editAsUser('Conversas', 10, resolvedAt + 1, [[sheet[9]?.[resolvedAt] === true ? 'FALSE' : 'TRUE']]);
    expect(edit?.ok).toBe(true);
    // onEdit: the sheet's name, the edited rows, and one property write (no read: edit-log.ts).
    expect(edit?.stats.callsByMethod['Properties.setProperties']).toBe(1);
    expect(edit?.stats.callsByMethod['Properties.getProperties']).toBeUndefined();
    expect(edit?.stats.calls).toBeLessThanOrEqual(10);
    rt.clock.advance(5_000);
    const edited = dashboard(rt, 'refreshDashboard', {});
    // The edit changed the dashboard key; the snapshot re-reads the header and the edited row only.
    expect(edited.stats.callsByMethod['Range.getValues']).toBe(2);
    expect(edited.data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, edited.data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));
    expect(edited.data.kpis.resolutionRate).not.toBe(unchanged.data.kpis.resolutionRate);
  }, 120_000);

  it('is rebuilt when the sync stopped between its row writes and its patch, and after six hours whatever happened', async () => {
    w = await world({ seed: 8, conversations: 80, days: 20, listCap: 40 });
    const { rt, fake } = w;
    syncUntilComplete(rt);
    dashboard(rt, 'getDashboard', {});
    const org = await fake.snapshot();
    await fake.mutate({ now: rt.clock.now().toISOString(), addMessages: org.conversations.slice(-2).map((c) => ({ conversationId: c.id, customer: 1 })) });
    rt.clock.advance(61_000);
    // Killed right after its first write of rows: the snapshot was not patched, the data version not bumped.
    let killedAt = 0;
    for (let n = 10; n < 400 && killedAt === 0; n++) {
      const before = JSON.stringify(rt.book.values('Conversas'));
      const probe = rt.run('runScheduledSync', [{}], { trigger: 'time', abortAtCall: n });
      if (!probe.ok && JSON.stringify(rt.book.values('Conversas')) !== before) killedAt = n;
      else if (probe.ok) break;
    }
    expect(killedAt).toBeGreaterThan(0);
    rt.clock.advance(5_000);
    const afterCrash = dashboard(rt, 'getDashboard', {});
    // Rebuilt: the header, then the snapshot's columns in a few stretches.
    expect(afterCrash.stats.callsByMethod['Range.getValues']).toBe(REBUILD_READS);
    expect(afterCrash.data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, afterCrash.data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));

    // An in-place write no trigger reports (Make, the Sheets API): seen once the snapshot is six hours old.
    const values = rt.book.values('Conversas');
    const status = (values[0] ?? []).map(String).indexOf('status');
    const changed = values.map((line, i) => (i === 3 ? line.map((cell, c) => (c === status ? 'HUMAN_REQUESTED' : cell)) : line));
    rt.book.seed('Conversas', changed);
    rt.clock.advance(6 * 3_600_000 + 1_000);
    const later = dashboard(rt, 'getDashboard', {});
    expect(later.stats.callsByMethod['Range.getValues']).toBe(REBUILD_READS);
    expect(later.data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, later.data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));
  }, 120_000);

  it('is renewed by a scheduled run before it turns six hours old while the sidebar is in use, and only then', async () => {
    w = await world({ seed: 9, conversations: 60, days: 20, listCap: 40 });
    const { rt } = w;
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    dashboard(rt, 'getDashboard', {});
    // A scheduled run soon after: the snapshot is young, nothing is read for it.
    rt.clock.advance(15 * 60_000);
    const young = run(rt, 'runScheduledSync', { trigger: 'time' });
    // Five hours and a bit later (the sidebar polled meanwhile, so it is in use): the scheduled run renews it.
    rt.clock.advance(5 * 3_600_000);
    dashboard(rt, 'getDashboard', {});
    rt.clock.advance(10 * 60_000);
    const renewing = run(rt, 'runScheduledSync', { trigger: 'time' });
    expect((renewing.stats.callsByMethod['Range.getValues'] ?? 0) - (young.stats.callsByMethod['Range.getValues'] ?? 0)).toBeGreaterThan(1);
    // Past the six hours of the first build: the sidebar reads no cell, the renewed snapshot serves it, exactly.
    rt.clock.advance(60 * 60_000);
    const later = dashboard(rt, 'getDashboard', {});
    expect(later.stats.callsByMethod['Range.getValues']).toBeUndefined();
    expect(later.data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, later.data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));

    // Without the sidebar for six hours, scheduled runs leave the snapshot to expire: no table read for it.
    rt.clock.advance(6 * 3_600_000 + 60_000);
    const unused = run(rt, 'runScheduledSync', { trigger: 'time' });
    expect(unused.stats.callsByMethod['Range.getValues'] ?? 0).toBe(young.stats.callsByMethod['Range.getValues'] ?? 0);
  }, 120_000);
});
