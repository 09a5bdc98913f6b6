// One test per row of issue 10's table, through the built bundle on the local runtime, with request counts asserted:
// a rejected key, a flaky API (one answer in five broken) and a persistent outage, endDate ignored, 45-s answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeChatvolt, type FakeChatvolt, type RequestLogEntry } from '../fake-chatvolt/index';
import { createRuntime, type LocalRuntime } from '../runtime/index';
import type { SyncReport } from '../../src/shared/dto';
import { NOW, valuesWithout } from './harness';

const LIST_CAP = 20;
/** Apps Script kills an execution at 6 minutes. */
const LIMIT_MS = 360000;

let fake: FakeChatvolt;
let reference: { conversas: unknown; mensagens: unknown; apiCalls: number };

function newRuntime(): LocalRuntime {
  const distDir = process.env.CHATVOLT_DIST_DIR;
  const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
  rt.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
  return rt;
}

/** One run that must return a report (never killed); the trigger's run when `scheduled`. */
function sync(rt: LocalRuntime, scheduled = false) {
  const result = scheduled ? rt.run<SyncReport>('runScheduledSync', [{}], { trigger: 'time' }) : rt.run<SyncReport>('syncNow', []);
  if (!result.ok) throw new Error(`the run was killed: ${result.error.message}`);
  expect(result.stats.modelledMs).toBeLessThan(LIMIT_MS);
  expect(result.value.message).not.toMatch(/[<>]/);
  rt.clock.advance(60000);
  return { report: result.value, stats: result.stats };
}

/** Requests the fake served since the last call, and resets its log. */
async function served(): Promise<RequestLogEntry[]> {
  const log = await fake.requests();
  await fake.resetRequests();
  return log;
}

const listRequests = (log: RequestLogEntry[]) => log.filter((entry) => entry.path === '/conversation').length;

function expectReferenceSheets(rt: LocalRuntime): void {
  expect(valuesWithout(rt, 'Conversas')).toEqual(reference.conversas);
  expect(valuesWithout(rt, 'Mensagens')).toEqual(reference.mensagens);
}

beforeAll(async () => {
  fake = await startFakeChatvolt({ seed: 51, conversations: 60, days: 6, listCap: LIST_CAP, now: NOW });
  const rt = newRuntime();
  try {
    const { report } = sync(rt);
    expect(report).toMatchObject({ ok: true, complete: true, conversationsWritten: 60 });
    reference = { conversas: valuesWithout(rt, 'Conversas'), mensagens: valuesWithout(rt, 'Mensagens'), apiCalls: report.apiCalls };
  } finally {
    rt.dispose();
  }
  await fake.resetRequests();
});
afterAll(async () => fake.close());

describe('a rejected key (403)', () => {
  it('costs one request per run, writes nothing and says so in Portuguese; a key accepted later is probed once', async () => {
    const rt = newRuntime();
    try {
      await fake.configure({ apiKey: 'a-different-key' });
      for (const scheduled of [false, true, false]) {
        const { report } = sync(rt, scheduled);
        const log = await served();
        expect(log).toHaveLength(1);
        expect(log[0]).toMatchObject({ status: 403, authorized: false });
        expect(report).toMatchObject({ ok: false, complete: false, apiCalls: 1, conversationsWritten: 0 });
        expect(report.message).toBe(
          'Chave de API inválida: o Chatvolt recusou a chave (HTTP 403 em GET /conversation). Confira-a em Configurações; nada foi gravado.',
        );
        expect(rt.book.sheetNames()).not.toContain('Conversas');
        expect(rt.properties.document.get('sync.cursor')).toBeUndefined();
      }
      // The key works again: the run probes with one request, then fans out as usual.
      await fake.configure({ apiKey: fake.apiKey });
      const { report, stats } = sync(rt);
      expect(report).toMatchObject({ ok: true, complete: true });
      expect(report.apiCalls).toBe(reference.apiCalls + 0);
      expect((await served()).length).toBe(report.apiCalls);
      expect(stats.callsByMethod['UrlFetchApp.fetchAll']).toBeGreaterThan(1);
      expectReferenceSheets(rt);
      // The remembered key is a short hash, never the key.
      expect([...rt.properties.document.values()].join('\n')).not.toContain(fake.apiKey);

      // Revoked after it was accepted: one round with the remembered key, then one request per run.
      await fake.configure({ apiKey: 'revoked-later' });
      const first = sync(rt);
      expect(first.report.ok).toBe(false);
      expect((await served()).length).toBeLessThanOrEqual(20);
      const second = sync(rt, true);
      expect(second.report).toMatchObject({ ok: false, apiCalls: 1 });
      expect(await served()).toHaveLength(1);
      expectReferenceSheets(rt);
    } finally {
      await fake.configure({ apiKey: fake.apiKey });
      rt.dispose();
    }
  });
});

describe('one answer in five is a 500 (text), a 502 (HTML page) or truncated JSON', () => {
  it('retries those requests and completes in one run with exactly the data of a fault-free sync', async () => {
    const rt = newRuntime();
    try {
      await fake.fault({ permanent: true, chance: 0.07, seed: 1, status: 500 });
      await fake.fault({ permanent: true, chance: 0.075, seed: 2, status: 502 });
      await fake.fault({ permanent: true, chance: 0.08, seed: 3, malformed: true });
      const { report, stats } = sync(rt);
      const log = await served();
      expect(report).toMatchObject({ ok: true, complete: true, conversationsWritten: 60 });
      expect(report.message).toBe(`Sincronização concluída: 60 conversas gravadas, ${report.messagesFetched} mensagens lidas.`);
      expect(report.apiCalls).toBe(log.length);
      const failed = log.filter((entry) => entry.status >= 500).length;
      // Truncated bodies are logged as 200: the retries beyond the fault-free count cover them.
      expect(failed).toBeGreaterThan(report.apiCalls / 20);
      expect(report.apiCalls - reference.apiCalls).toBeGreaterThanOrEqual(failed);
      expect(report.apiCalls).toBeLessThan(reference.apiCalls * 1.6);
      expect(stats.modelledMs).toBeLessThan(240000);
      expectReferenceSheets(rt);
    } finally {
      await fake.clearFaults();
      rt.dispose();
    }
  });

  it('ends a persistent outage with a clear message in well under a minute, having sent six requests, writing nothing', async () => {
    const rt = newRuntime();
    try {
      await fake.fault({ permanent: true, status: 502 });
      const { report, stats } = sync(rt, true);
      // The unproven key's probe is the only request, tried six times; the fan-out never starts.
      expect(await served()).toHaveLength(6);
      expect(report).toMatchObject({ ok: false, complete: false, apiCalls: 6 });
      expect(report.message).toBe(
        'O Chatvolt está instável ou fora do ar: GET /conversation falhou 6 vezes seguidas (HTTP 502, página de erro HTML). Nada foi perdido; a próxima execução tenta de novo.',
      );
      expect(stats.modelledMs).toBeLessThan(60000);
      expect(rt.book.sheetNames()).not.toContain('Conversas');
    } finally {
      await fake.clearFaults();
      rt.dispose();
    }
  });

  it('writes the batches fetched before a persistent failure, says so, and finishes once the API behaves', async () => {
    const rt = newRuntime();
    try {
      const org = await fake.snapshot();
      const newest = org.conversations[org.conversations.length - 1]?.id ?? '';
      await fake.fault({ path: `^/conversation/${newest}/messages/`, permanent: true, status: 500 });
      const { report } = sync(rt);
      expect(report).toMatchObject({ ok: true, complete: false });
      expect(report.conversationsWritten).toBeGreaterThan(0);
      expect(report.conversationsWritten).toBeLessThan(60);
      expect(report.message).toMatch(
        new RegExp(`^Sincronização parcial \\(falha do Chatvolt\\): ${report.conversationsWritten} conversas gravadas, \\d+ mensagens lidas; a próxima execução continua de onde parou\\. O Chatvolt está instável ou fora do ar: GET /conversation/${newest}/messages/500 falhou 6 vezes seguidas \\(HTTP 500\\)`),
      );
      await fake.clearFaults();
      const rest = sync(rt);
      expect(rest.report).toMatchObject({ ok: true, complete: true, conversationsWritten: 60 - report.conversationsWritten });
      expectReferenceSheets(rt);
      await served();
    } finally {
      await fake.clearFaults();
      rt.dispose();
    }
  });

  it('ends a persistent outage of 45-s answers by itself before the deadline', async () => {
    const rt = newRuntime();
    try {
      await fake.fault({ permanent: true, status: 500, latencyMs: 45000 });
      const { report, stats } = sync(rt, true);
      expect(report.ok).toBe(false);
      expect(report.message).toMatch(/^O Chatvolt está instável \(HTTP 500 em GET \/conversation\) e o tempo desta execução acabou; a importação continua na próxima execução\. Chatvolt respondeu devagar \(4\d s por chamada\)/);
      expect(stats.modelledMs).toBeLessThan(300000);
      expect((await served()).length).toBeLessThan(6);
    } finally {
      await fake.clearFaults();
      rt.dispose();
    }
  });
});

describe('the list endpoint ignores endDate', () => {
  it('re-filters by createdAt, de-duplicates, and lists with no more requests than a deployment that honours it', async () => {
    // An older deployment: no silent cap either (with both, only the newest conversations would be reachable).
    await fake.configure({ listCap: null });
    const counts: number[] = [];
    try {
      for (const ignoreEndDate of [false, true]) {
        await fake.configure({ ignoreEndDate });
        const rt = newRuntime();
        try {
          const { report } = sync(rt, true);
          expect(report).toMatchObject({ ok: true, complete: true, conversationsListed: 60, conversationsWritten: 60 });
          counts.push(listRequests(await served()));
          expectReferenceSheets(rt);
          // The next runs re-list with the same economy.
          const again = sync(rt);
          expect(again.report).toMatchObject({ ok: true, complete: true, conversationsWritten: 0 });
          counts.push(listRequests(await served()));
        } finally {
          rt.dispose();
        }
      }
    } finally {
      await fake.configure({ ignoreEndDate: false, listCap: LIST_CAP });
    }
    const [plainImport = 0, plainRelist = 0, ignoredImport = 0, ignoredRelist = 0] = counts;
    expect(ignoredImport).toBeLessThanOrEqual(2 * plainImport);
    expect(ignoredRelist).toBeLessThanOrEqual(2 * plainRelist);
    // The old client split every window down to its smallest size here: tens of thousands of requests.
    expect(ignoredImport).toBeLessThan(150);
  });
});

describe('every answer takes 45 s', () => {
  it('never starts a batch that cannot end before 4.5 min, saves progress each run and completes over several runs', async () => {
    const rt = newRuntime();
    try {
      await fake.configure({ latencyMs: 45000 });
      const reports: SyncReport[] = [];
      for (let i = 0; i < 12; i++) {
        const cursor = rt.properties.document.get('sync.cursor');
        const { report, stats } = sync(rt, i % 2 === 0);
        reports.push(report);
        // Requests stop by 270 s; the round in flight and the sheet writes end well before 6 min.
        expect(stats.modelledMs).toBeLessThan(330000);
        expect(report.ok).toBe(true);
        if (report.complete) break;
        // Every run saves progress: the cursor moves on (over empty days, or past the conversations it wrote).
        expect(rt.properties.document.get('sync.cursor')).not.toBe(cursor);
        expect(report.message).toMatch(/ Chatvolt respondeu devagar \(4\d s por chamada\); a importação continua na próxima execução\.$/);
      }
      const last = reports[reports.length - 1];
      expect(last?.complete).toBe(true);
      expect(reports.length).toBeGreaterThan(1);
      expect(reports.reduce((n, r) => n + r.conversationsWritten, 0)).toBe(60);
      expectReferenceSheets(rt);
    } finally {
      await fake.configure({ latencyMs: 0 });
      rt.dispose();
    }
  });
});

describe('post-sync steps after a long sync', () => {
  it('leaves the sheet rebuild to a later run when the sync used most of the time, and runs it after a short sync', async () => {
    const rt = newRuntime();
    try {
      rt.call('saveSettings', { rebuildAfterSync: true });
      await fake.configure({ latencyMs: 45000 });
      const slow = sync(rt, true);
      expect(slow.stats.modelledMs).toBeGreaterThan(180000);
      expect(rt.book.values('Visão Geral')).toEqual([]);
      await fake.configure({ latencyMs: 0 });
      for (let i = 0; i < 6 && !sync(rt).report.complete; i++);
      sync(rt, true);
      expect(rt.book.values('Visão Geral').length).toBeGreaterThan(0);
    } finally {
      await fake.configure({ latencyMs: 0 });
      rt.dispose();
    }
  });

  it('leaves the alerts, which read the whole table, to a later run too', async () => {
    const rt = newRuntime();
    try {
      rt.call('saveSettings', { alerts: { enabled: true, recipients: ['equipe@example.com'], unansweredMinutes: 30 } });
      await fake.configure({ latencyMs: 45000 });
      const slow = sync(rt, true);
      expect(slow.stats.modelledMs).toBeGreaterThan(180000);
      // The alert step never ran: it keeps no state yet.
      expect(rt.properties.document.get('alerts.state.v1')).toBeUndefined();
      await fake.configure({ latencyMs: 0 });
      for (let i = 0; i < 6 && !sync(rt).report.complete; i++);
      sync(rt, true);
      expect(rt.properties.document.get('alerts.state.v1')).toBeDefined();
    } finally {
      await fake.configure({ latencyMs: 0 });
      rt.dispose();
    }
  });
});
