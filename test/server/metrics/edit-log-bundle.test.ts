// Edits by people through the built bundle: simultaneous onEdit executions all count, the sync folds the loose entries, old logs still read.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../runtime/index';
import { run, syncUntilComplete, world, type SyncWorld } from '../../sync/harness';
import { simultaneously } from '../../sync/simultaneous';
import { OPERATOR_LABELS_KEY } from '../../../src/server/domain/operator-labels';
import type { DashboardData, Filters } from '../../../src/shared/dto';
import { dashboard, fullRead } from './full-read';

let w: SyncWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

/** Reads of a snapshot rebuild on the add-on's own column layout (as in snapshot-bundle.test.ts). */
const REBUILD_READS = 5;
const MAIN_LOG = 'snapshot.edits';
const LOOSE = 'snapshot.edit.';

function expectFull(rt: LocalRuntime, data: DashboardData, filters: Filters = {}): void {
  expect(data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, filters, data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));
}

function looseKeys(rt: LocalRuntime): string[] {
  return [...rt.properties.document.keys()].filter((key) => key.startsWith(LOOSE));
}

function mainLog(rt: LocalRuntime): { n: number; log: Array<[number, number, number, string?]> } {
  return JSON.parse(rt.properties.document.get(MAIN_LOG) ?? '{"n":0,"log":[]}') as { n: number; log: Array<[number, number, number, string?]> };
}

/** Sheet rows (2 = first data row) whose `resolved` cell is TRUE. */
function resolvedRows(rt: LocalRuntime): number[] {
  const values = rt.book.values('Conversas');
  const at = (values[0] ?? []).map(String).indexOf('resolved');
  return values.map((line, i) => (i > 0 && line[at] === true ? i + 1 : 0)).filter((row) => row > 0);
}

/** A person sets `column` of `row` to `value` (onEdit runs); returns onEdit's stats. */
function type(rt: LocalRuntime, row: number, column: string, value: string) {
  const at = (rt.book.values('Conversas')[0] ?? []).map(String).indexOf(column);
  const result = rt.editAsUser('Conversas', row, at + 1, [[value]]);
  expect(result?.ok).toBe(true);
  return result?.stats;
}

function propertyCalls(callsByMethod: Record<string, number> | undefined): number {
  return Object.entries(callsByMethod ?? {})
    .filter(([method]) => method.startsWith('Properties.'))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function synced(seed: number): Promise<LocalRuntime> {
  w = await world({ seed, conversations: 120, days: 20, listCap: 40 });
  syncUntilComplete(w.rt);
  w.rt.clock.advance(5_000);
  return w.rt;
}

describe('edits by people', () => {
  it('counts both of two onEdit executions that ran at the same instant, in the next getDashboard and refreshDashboard', async () => {
    const rt = await synced(5);
    const first = dashboard(rt, 'getDashboard', {});
    expectFull(rt, first.data);
    const [a, b] = resolvedRows(rt).slice(3);
    if (!a || !b) throw new Error('too few resolved rows');
    const stats: Array<ReturnType<typeof type>> = [];
    // Each execution starts from the properties as they were before both: a read-modify-write of one shared log
    // would keep only the second edit.
    simultaneously(rt, [() => stats.push(type(rt, a, 'resolved', 'FALSE')), () => stats.push(type(rt, b, 'resolved', 'FALSE'))]);
    rt.clock.advance(5_000);
    // Same data version, size and main log: the cached dashboard must not be served.
    const cached = dashboard(rt, 'getDashboard', {});
    expectFull(rt, cached.data);
    expect(cached.data.kpis.resolutionRate).not.toBe(first.data.kpis.resolutionRate);
    // The snapshot re-read the header and one stretch holding both rows.
    expect(cached.stats.callsByMethod['Range.getValues']).toBe(2);
    rt.clock.advance(5_000);
    const filters: Filters = { statuses: ['RESOLVED', 'UNRESOLVED', '(vazio)'] };
    expectFull(rt, dashboard(rt, 'refreshDashboard', filters).data, filters);
    for (const s of stats) {
      // One property call: a write under a key of its own, no read.
      expect(propertyCalls(s?.callsByMethod)).toBe(1);
      expect(s?.callsByMethod['Properties.setProperties']).toBe(1);
    }
    expect(looseKeys(rt)).toHaveLength(2);
  }, 120_000);

  it('keeps an edit pending for a snapshot that had not absorbed it when the sync folds it, and re-reads nothing already absorbed', async () => {
    const rt = await synced(6);
    dashboard(rt, 'getDashboard', {});
    const [a, b] = resolvedRows(rt).slice(5);
    if (!a || !b) throw new Error('too few resolved rows');
    type(rt, a, 'resolved', 'FALSE');
    const [stamp] = looseKeys(rt).map((key) => key.slice(LOOSE.length));
    rt.clock.advance(61_000);
    const fold = run(rt, 'runScheduledSync', { trigger: 'time' });
    // The main log written first (one setProperties among the run's), then the loose key deleted.
    expect(fold.stats.callsByMethod['Properties.deleteProperty']).toBe(1);
    expect(looseKeys(rt)).toEqual([]);
    expect(mainLog(rt)).toEqual({ n: 1, log: [[1, a, a, stamp]] });
    rt.clock.advance(5_000);
    const after = dashboard(rt, 'refreshDashboard', {});
    // Pending through the main log now: the header and the edited row.
    expect(after.stats.callsByMethod['Range.getValues']).toBe(2);
    expectFull(rt, after.data);

    // An edit the snapshot absorbed as a loose entry is not read again once folded.
    type(rt, b, 'resolved', 'FALSE');
    rt.clock.advance(5_000);
    const absorbed = dashboard(rt, 'refreshDashboard', {});
    expect(absorbed.stats.callsByMethod['Range.getValues']).toBe(2);
    expectFull(rt, absorbed.data);
    rt.clock.advance(61_000);
    run(rt, 'runScheduledSync', { trigger: 'time' });
    expect(mainLog(rt).n).toBe(2);
    rt.clock.advance(5_000);
    const folded = dashboard(rt, 'refreshDashboard', {});
    expect(folded.stats.callsByMethod['Range.getValues']).toBeUndefined();
    expectFull(rt, folded.data);
  }, 120_000);

  it('folds at most 50 loose entries a run, so the properties stay bounded after many edits, and the figures exact throughout', async () => {
    const rt = await synced(7);
    dashboard(rt, 'getDashboard', {});
    const idle = run(rt, 'runScheduledSync', { trigger: 'time' });
    expect(idle.stats.callsByMethod['Properties.deleteProperty']).toBeUndefined();
    const baseline = rt.properties.document.size;
    expect(rt.properties.document.has(MAIN_LOG)).toBe(false);
    const rows = rt.book.values('Conversas').length;
    for (let i = 0; i < 120; i++) type(rt, 2 + ((i * 37) % (rows - 1)), 'satisfaction_score', String(1 + (i % 5)));
    expect(rt.properties.document.size).toBe(baseline + 120);
    const left: number[] = [];
    const deleted: Array<number | undefined> = [];
    for (let run_ = 0; run_ < 4; run_++) {
      rt.clock.advance(61_000);
      const sync = run(rt, 'runScheduledSync', { trigger: 'time' });
      deleted.push(sync.stats.callsByMethod['Properties.deleteProperty']);
      left.push(looseKeys(rt).length);
      rt.clock.advance(5_000);
      expectFull(rt, dashboard(rt, 'refreshDashboard', {}).data);
    }
    expect(deleted).toEqual([50, 50, 20, undefined]);
    expect(left).toEqual([70, 20, 0, 0]);
    const log = mainLog(rt);
    expect(log.n).toBe(120);
    expect(log.log).toHaveLength(100);
    expect((rt.properties.document.get(MAIN_LOG) ?? '').length).toBeLessThan(9 * 1024);
    // Every loose key is gone; the main log is the one property added.
    expect(rt.properties.document.size).toBe(baseline + 1);
  }, 240_000);

  it("leaves the folding to the scheduled run: the sidebar's quick sync deletes no entry, and still counts every edit", async () => {
    const rt = await synced(9);
    dashboard(rt, 'getDashboard', {});
    const rows = rt.book.values('Conversas').length;
    for (let i = 0; i < 3; i++) type(rt, 2 + ((i * 11) % (rows - 1)), 'satisfaction_score', String(2 + i));
    // Past the 30 s after the last sync: refreshDashboard runs its quick sync first.
    rt.clock.advance(61_000);
    const quick = dashboard(rt, 'refreshDashboard', {});
    expect(quick.stats.callsByMethod['UrlFetchApp.fetchAll']).toBeGreaterThan(0);
    expect(quick.stats.callsByMethod['Properties.deleteProperty']).toBeUndefined();
    expect(looseKeys(rt)).toHaveLength(3);
    expectFull(rt, quick.data);
    rt.clock.advance(61_000);
    const scheduled = run(rt, 'runScheduledSync', { trigger: 'time' });
    expect(scheduled.stats.callsByMethod['Properties.deleteProperty']).toBe(3);
    expect(looseKeys(rt)).toHaveLength(0);
  }, 120_000);

  it('reads a main log stored before the loose entries, and rebuilds on a gap as before', async () => {
    const rt = await synced(8);
    // Left by the previous version's onEdit: entries [n, from, to], no stamp.
    rt.properties.document.set(MAIN_LOG, JSON.stringify({ n: 3, log: [[1, 2, 2], [2, 3, 3], [3, 4, 4]] }));
    expectFull(rt, dashboard(rt, 'getDashboard', {}).data);
    const [x, y] = resolvedRows(rt).slice(2);
    if (!x || !y) throw new Error('too few resolved rows');
    // One more edit logged by the previous version (cell changed, entry 4), then one by this version (a loose entry).
    const values = rt.book.values('Conversas');
    const at = (values[0] ?? []).map(String).indexOf('resolved');
    rt.book.seed('Conversas', values.map((line, i) => (i === x - 1 ? line.map((cell, c) => (c === at ? false : cell)) : line)));
    rt.properties.document.set(MAIN_LOG, JSON.stringify({ n: 4, log: [[1, 2, 2], [2, 3, 3], [3, 4, 4], [4, x, x]] }));
    type(rt, y, 'resolved', 'FALSE');
    rt.clock.advance(5_000);
    const both = dashboard(rt, 'refreshDashboard', {});
    expect(both.stats.callsByMethod['Range.getValues']).toBeLessThan(REBUILD_READS);
    expectFull(rt, both.data);
    rt.clock.advance(61_000);
    run(rt, 'runScheduledSync', { trigger: 'time' });
    const [, , , , fifth] = mainLog(rt).log;
    expect(mainLog(rt).n).toBe(5);
    expect(fifth?.slice(0, 3)).toEqual([5, y, y]);

    // More edits than the main log keeps since the snapshot's: a gap, so a rebuild.
    const log = Array.from({ length: 100 }, (_, i) => [106 + i, 2, 2]);
    rt.properties.document.set(MAIN_LOG, JSON.stringify({ n: 205, log }));
    rt.clock.advance(5_000);
    const gap = dashboard(rt, 'refreshDashboard', {});
    expect(gap.stats.callsByMethod['Range.getValues']).toBe(REBUILD_READS);
    expectFull(rt, gap.data);
  }, 120_000);
});
