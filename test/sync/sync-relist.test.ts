// The idle full re-list through the built bundle: one fetchAll round of uncapped windows, whatever was listed before.
import { afterEach, describe, expect, it } from 'vitest';
import { NOW, rowsOf, run, syncUntilComplete, world, type SyncWorld } from './harness';

const MINUTE = 60000;
const DAY = 86400000;
const CAP = 40;

let w: SyncWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('idle full re-list', () => {
  it('lists the trailing week in one fetchAll of windows that all stay under the silent cap', async () => {
    w = await world({ seed: 26, conversations: 400, days: 30, listCap: CAP });
    syncUntilComplete(w.rt, 'runScheduledSync');
    const start = Date.parse(NOW);
    // A hot run a minute later (last day only), then the 10-minute full re-list, with nothing changed.
    w.rt.clock.set(new Date(start + MINUTE).toISOString());
    expect(run(w.rt, 'runScheduledSync').report.conversationsWritten).toBe(0);
    const at = start + 11 * MINUTE;
    w.rt.clock.set(new Date(at).toISOString());
    await w.fake.resetRequests();
    const { report, stats } = run(w.rt, 'runScheduledSync');

    const requests = (await w.fake.requests()).filter((r) => r.path.startsWith('/conversation'));
    expect(report).toMatchObject({ ok: true, complete: true, conversationsWritten: 0, messagesFetched: 0 });
    expect(stats.callsByMethod['UrlFetchApp.fetchAll']).toBe(1);
    expect(requests.every((r) => r.path === '/conversation')).toBe(true);
    expect(report.apiCalls).toBe(requests.length);

    // Windows tile [at - 7 days, at) (starting at or before it, ending when the run started), and each holds fewer than the cap.
    const org = await w.fake.snapshot();
    const created = org.conversations.map((c) => Date.parse(c.createdAt));
    const windows = requests
      .map((r) => [Date.parse(r.query.createdAt ?? ''), Date.parse(r.query.endDate ?? '') + 1] as const)
      .sort((a, b) => a[0] - b[0]);
    const first = windows[0];
    const last = windows[windows.length - 1];
    if (!first || !last) throw new Error('no list request');
    // The run starts a few modelled milliseconds after `at` (lock and property calls).
    expect(first[0]).toBeLessThan(at + 1000 - 7 * DAY);
    expect(last[1]).toBeGreaterThanOrEqual(at);
    expect(last[1]).toBeLessThan(at + 1000);
    windows.slice(1).forEach(([s], i) => expect(s).toBe(windows[i]?.[1]));
    const sizes = windows.map(([s, e]) => created.filter((t) => t >= s && t < e).length);
    for (const size of sizes) expect(size).toBeLessThan(CAP);
    // Bins hold at most 13 (a third of 39): a window is closed only when the next bin would pass 39, so every
    // window but the last two (the newest bin's and the minutes since the last run) holds at least 27.
    const total = sizes.reduce((n, s) => n + s, 0);
    expect(windows.length).toBeLessThanOrEqual(Math.floor(total / 27) + 2);
  });

  it('reads "Conversas" again, and writes back a row deleted by hand, when its row count changed', async () => {
    w = await world({ seed: 30, conversations: 60, days: 10, listCap: 20 });
    syncUntilComplete(w.rt);
    w.rt.clock.advance(MINUTE);
    const idle = run(w.rt);
    expect(idle.stats.callsByMethod['Range.getValues']).toBeUndefined();

    const values = w.rt.book.values('Conversas');
    const removed = values[values.length - 2]?.[0];
    w.rt.book.seed('Conversas', values.filter((row) => row[0] !== removed));
    w.rt.clock.advance(MINUTE);
    const { report, stats } = run(w.rt);
    expect(stats.callsByMethod['Range.getValues']).toBeGreaterThan(0);
    expect(report.conversationsWritten).toBe(1);
    const ids = rowsOf(w.rt, 'Conversas').map((r) => r.conversation_id);
    expect(ids).toHaveLength(60);
    expect(ids[ids.length - 1]).toBe(removed);
  });
});
