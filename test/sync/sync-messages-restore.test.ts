// "Mensagens" cleared by hand while "Conversas" stays: the bundle fetches every history again, resumably, once.
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../src/shared/dto';
import { createRuntime, type LocalRuntime } from '../runtime/index';
import { NOW, run, syncUntilComplete, valuesWithout, world, type SyncWorld } from './harness';

const MINUTE = 60000;

let w: SyncWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

function lastReport(sync: SyncWorld): SyncReport {
  return JSON.parse(sync.rt.properties.document.get('sync.lastReport') ?? '{}') as SyncReport;
}

describe('"Mensagens" cleared while "Conversas" is intact', () => {
  it('re-imports every message across resumable refreshes, without touching "Conversas" or duplicating a message', async () => {
    w = await world({ seed: 27, conversations: 200, days: 30, listCap: 100 });
    syncUntilComplete(w.rt);
    const conversas = w.rt.book.values('Conversas');
    const mensagens = valuesWithout(w.rt, 'Mensagens');
    w.rt.book.seed('Mensagens', []);

    // The sidebar's refresh stops starting batches after 15 s: 200 histories take several refreshes.
    const reports: SyncReport[] = [];
    for (let i = 1; i <= 12 && !reports.some((r) => r.complete); i++) {
      w.rt.clock.advance(MINUTE);
      const refreshed = w.rt.run('refreshDashboard', [{}]);
      if (!refreshed.ok) throw new Error(refreshed.error.message);
      reports.push(lastReport(w));
    }
    expect(reports.length).toBeGreaterThan(1);
    expect(reports[0]).toMatchObject({ ok: true, complete: false });
    expect(reports[reports.length - 1]).toMatchObject({ ok: true, complete: true });
    expect(reports.every((r) => r.conversationsWritten === 0)).toBe(true);

    expect(w.rt.book.values('Conversas')).toEqual(conversas);
    expect(valuesWithout(w.rt, 'Mensagens')).toEqual(mensagens);

    // Restored: the next run fetches no history.
    w.rt.clock.advance(MINUTE);
    expect(run(w.rt).report).toMatchObject({ complete: true, messagesFetched: 0, conversationsWritten: 0 });
  });

  it('re-imports the messages when most rows of "Mensagens" were deleted, and not when only a few were', async () => {
    w = await world({ seed: 28, conversations: 30, listCap: 20 });
    syncUntilComplete(w.rt);
    const mensagens = w.rt.book.values('Mensagens');
    const total = mensagens.length - 1;

    // A user deletes 10% of the rows (the last ones): far from "cleared", so no history is fetched again.
    const fewer = mensagens.slice(0, mensagens.length - Math.floor(total / 10));
    w.rt.book.seed('Mensagens', fewer);
    w.rt.clock.advance(MINUTE);
    expect(run(w.rt).report.messagesFetched).toBe(0);
    expect(w.rt.book.values('Mensagens')).toEqual(fewer);

    // Then keeps only the first third: every history is fetched again and only the missing rows are appended.
    const third = mensagens.slice(0, 1 + Math.floor(total / 3));
    w.rt.book.seed('Mensagens', third);
    w.rt.clock.advance(MINUTE);
    expect(run(w.rt).report).toMatchObject({ ok: true, complete: true, messagesFetched: total, conversationsWritten: 0 });
    const after = w.rt.book.values('Mensagens');
    expect(after).toHaveLength(mensagens.length);
    expect(after.slice(0, third.length)).toEqual(third);
    expect(new Set(after.map((row) => row[0])).size).toBe(after.length);
    expect(new Set(after.slice(1).map((row) => row[0]))).toEqual(new Set(mensagens.slice(1).map((row) => row[0])));
  });
});

describe('a crash while "Mensagens" is re-imported', () => {
  it('converges to the full sheet after a crash at every k-th service call of the restoring run', async () => {
    w = await world({ seed: 29, conversations: 24, days: 10, listCap: 20 });
    const fake = w.fake;
    const imported = (): LocalRuntime => {
      const distDir = process.env.CHATVOLT_DIST_DIR;
      const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
      rt.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
      syncUntilComplete(rt);
      rt.book.seed('Mensagens', []);
      rt.clock.advance(MINUTE);
      return rt;
    };
    syncUntilComplete(w.rt);
    const conversas = w.rt.book.values('Conversas');
    const mensagens = valuesWithout(w.rt, 'Mensagens');
    w.rt.book.seed('Mensagens', []);
    w.rt.clock.advance(MINUTE);
    const callsOfARestore = run(w.rt).stats.calls;
    expect(valuesWithout(w.rt, 'Mensagens')).toEqual(mensagens);

    expect(callsOfARestore).toBeGreaterThan(30);
    const step = Math.max(1, Math.floor(callsOfARestore / 15));
    for (let k = 1; k <= callsOfARestore; k += step) {
      const rt = imported();
      try {
        expect(rt.run('syncNow', [], { abortAtCall: k }).ok, `crash at call ${k}`).toBe(false);
        rt.clock.advance(MINUTE);
        syncUntilComplete(rt);
        expect(valuesWithout(rt, 'Mensagens'), `crash at call ${k}`).toEqual(mensagens);
        expect(valuesWithout(rt, 'Conversas'), `crash at call ${k}`).toEqual(valuesWithout(w.rt, 'Conversas'));
      } finally {
        rt.dispose();
      }
    }
    expect(w.rt.book.values('Conversas')).toEqual(conversas);
  });
});
