// The sync entry points through the built bundle: missing key, toasts for the menu, silence for the trigger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime/index';
import type { SyncReport } from '../../src/shared/dto';
import { NOW, world, type SyncWorld } from './harness';

describe('sync entry points', () => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await world({ seed: 41, conversations: 12 });
  });
  afterAll(async () => w.close());

  it('asks for the API key when none is set, and stores that report', () => {
    const distDir = process.env.CHATVOLT_DIST_DIR;
    const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
    try {
      const report = rt.call<SyncReport>('syncNow');
      expect(report).toMatchObject({ ok: false, complete: false, apiCalls: 0, message: 'Configure a chave de API em Configurações.' });
      expect(JSON.parse(rt.properties.document.get('sync.lastReport') ?? '{}')).toMatchObject({ ok: false });
      expect(rt.book.values('Conversas')).toEqual([]);
    } finally {
      rt.dispose();
    }
  });

  it('runs the scheduled sync without any UI call', () => {
    const result = w.rt.run<SyncReport>('runScheduledSync', [{}], { trigger: 'time' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ ok: true, complete: true, conversationsWritten: 12 });
    expect(w.rt.ui.toasts).toEqual([]);
  });

  it('shows a start toast and the report as toasts in Portuguese when run from the menu', () => {
    const report = w.rt.call<SyncReport>('syncNow');
    expect(w.rt.ui.toasts.map((t) => t.message)).toEqual(['Sincronizando com o Chatvolt…', report.message]);
    expect(report.message).toBe('Sincronização concluída: 0 conversas gravadas, 0 mensagens lidas.');
  });
});

describe('refresh', () => {
  it("runs the sidebar's quick sync with a short budget and resumes on the next call", async () => {
    const w = await world({ seed: 42, conversations: 300, days: 30, listCap: 100 });
    try {
      const first = w.rt.run('refreshDashboard', [{}]);
      if (!first.ok) throw new Error(first.error.message);
      const report = JSON.parse(w.rt.properties.document.get('sync.lastReport') ?? '{}') as SyncReport;
      // 300 conversations need about 100 s of requests; the refresh stops starting batches of 10 after 15 s.
      expect(report).toMatchObject({ ok: true, complete: false });
      expect(report.durationMs).toBeGreaterThan(15000);
      expect(report.durationMs).toBeLessThan(22000);
      expect(report.conversationsWritten).toBeGreaterThan(0);
      expect(report.conversationsWritten).toBeLessThan(300);

      // 30 s later the sidebar refreshes again and the sync goes on where it stopped.
      w.rt.clock.advance(30001);
      const second = w.rt.run('refreshDashboard', [{}]);
      if (!second.ok) throw new Error(second.error.message);
      const next = JSON.parse(w.rt.properties.document.get('sync.lastReport') ?? '{}') as SyncReport;
      expect(next.startedAt).not.toBe(report.startedAt);
      expect(w.rt.book.values('Conversas').length - 1).toBe(report.conversationsWritten + next.conversationsWritten);
    } finally {
      await w.close();
    }
  });
});
