// The "rebuild after each scheduled sync" setting, through the built bundle, a fake Chatvolt and the local runtime.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run, world, type SyncWorld } from '../../sync/harness';
import { removeSnapshot, snapshotDist } from '../settings/dist-snapshot';

// A private copy of dist/: a teammate's concurrent `npm run build` empties the shared one for a few seconds.
let distDir = '';
beforeAll(() => {
  distDir = snapshotDist(['Code.js']);
});
afterAll(() => removeSnapshot(distDir));

let w: SyncWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

describe('rebuild after a scheduled sync', () => {
  it('rebuilds the generated sheets after a scheduled sync when the setting is on', async () => {
    w = await world({ seed: 51, conversations: 12, days: 5 }, { distDir });
    w.rt.call('saveSettings', { rebuildAfterSync: true });
    const { report } = run(w.rt, 'runScheduledSync');
    expect(report.ok).toBe(true);
    expect(report.message).not.toContain('pós-sincronização');
    const written = w.rt.book.values('Conversas').length - 1;
    expect(written).toBeGreaterThan(0);
    expect(w.rt.book.values('Dados Detalhados')).toHaveLength(written + 1);
    expect(w.rt.book.charts('Visão Geral').map((c) => c.options.title)).toContain('Conversas por status');
    // A later scheduled sync that writes nothing leaves the sheets as they are (no redraw, no quota spent).
    const again = run(w.rt, 'runScheduledSync');
    expect(again.report.conversationsWritten).toBe(0);
    expect(again.stats.callsByMethod['Sheet.clear'] ?? 0).toBe(0);
  });

  it('leaves the generated sheets alone when the setting is off (the default) or the sync was manual', async () => {
    w = await world({ seed: 52, conversations: 6, days: 3 }, { distDir });
    run(w.rt, 'runScheduledSync');
    expect(w.rt.book.sheetNames()).not.toContain('Visão Geral');
    w.rt.call('saveSettings', { rebuildAfterSync: true });
    run(w.rt, 'syncNow');
    expect(w.rt.book.sheetNames()).not.toContain('Visão Geral');
  });
});
