// Faults through the built bundle: API errors leave everything as it was, busy lock, budget stop and resume, crashes converge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type LocalRuntime } from '../runtime/index';
import type { FaultRule } from '../fake-chatvolt/index';
import { NOW, run, rowsOf, syncUntilComplete, valuesWithout, world, type SyncWorld } from './harness';

const HOUR = 3600000;
const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();

describe('API errors', () => {
  let w: SyncWorld;
  let changedId = '';
  beforeAll(async () => {
    w = await world({ seed: 31, conversations: 40, days: 10, listCap: 20 }, { httpTimeoutMs: 400 });
    syncUntilComplete(w.rt);
    const org = await w.fake.snapshot();
    changedId = org.conversations[org.conversations.length - 1]?.id ?? '';
    // Something to write, so that "nothing changed" means the failure stopped it.
    await w.fake.mutate({ now: at(HOUR), addConversations: 1, addMessages: [{ conversationId: changedId, customer: 1 }] });
    w.rt.clock.set(at(HOUR + 60000));
  });
  afterAll(async () => w.close());

  // Persistent faults: the request policy retries each failed request up to six times, then gives up.
  const cases: Array<[string, FaultRule, RegExp]> = [
    ['403 on the list', { path: '^/conversation\\?', status: 403, body: '{"error":"UNAUTHORIZED"}' }, /^Chave de API inválida/],
    ['a persistent 500 with a plain-text body', { path: '/messages/', status: 500, body: 'upstream exploded', permanent: true }, /^O Chatvolt está instável ou fora do ar: GET \/conversation\/.+\/messages\/500 falhou 6 vezes seguidas \(HTTP 500\)\. Nada foi perdido/],
    ['a persistent 502 HTML page', { path: '^/conversation\\?', status: 502, permanent: true }, /^O Chatvolt está instável ou fora do ar: GET \/conversation falhou 6 vezes seguidas \(HTTP 502, página de erro HTML\)/],
    ['persistently malformed JSON', { path: '^/conversation\\?', malformed: true, permanent: true }, /^O Chatvolt está instável ou fora do ar: GET \/conversation falhou 6 vezes seguidas \(resposta JSON incompleta ou inválida\)/],
    ['a persistent timeout', { path: '^/conversation\\?', delayMs: 1500, permanent: true }, /^Falha de rede ao chamar o Chatvolt \(GET \/conversation\): Timeout, 6 tentativas/],
    ['429 until the retries run out', { path: '/messages/', status: 429, retryAfter: 1, permanent: true }, /^O Chatvolt limitou as requisições \(HTTP 429 RATE_LIMIT em GET /],
  ];
  for (const [name, rule, message] of cases) {
    it(`leaves the sheets and the cursor as they were on ${name}, with a Portuguese message`, async () => {
      const conversas = w.rt.book.values('Conversas');
      const mensagens = w.rt.book.values('Mensagens');
      const cursor = w.rt.properties.document.get('sync.cursor');
      await w.fake.clearFaults();
      await w.fake.fault(rule);
      const { report } = run(w.rt);
      await w.fake.clearFaults();
      expect(report.ok).toBe(false);
      expect(report.message).toMatch(message);
      expect(report.message).not.toMatch(/[<>]/);
      expect(w.rt.book.values('Conversas')).toEqual(conversas);
      expect(w.rt.book.values('Mensagens')).toEqual(mensagens);
      expect(w.rt.properties.document.get('sync.cursor')).toBe(cursor);
      expect(JSON.parse(w.rt.properties.document.get('sync.lastReport') ?? '{}')).toMatchObject({ ok: false });
    });
  }

  it('waits for Retry-After on a 429, counts the retried request and succeeds; a 404 conversation is skipped and named', async () => {
    const before = rowsOf(w.rt, 'Conversas').find((r) => r.conversation_id === changedId);
    await w.fake.resetRequests();
    await w.fake.fault({ path: '^/conversation\\?', status: 429, retryAfter: 3 });
    await w.fake.fault({ path: `^/conversation/${changedId}/messages/`, status: 404, body: '{"error":"NOT_FOUND"}' });
    const started = w.rt.clock.now().getTime();
    const { report } = run(w.rt);
    expect(report.ok).toBe(true);
    expect(report.apiCalls).toBe((await w.fake.requests()).length);
    expect(w.rt.clock.now().getTime() - started).toBeGreaterThanOrEqual(3000);
    expect(report.message).toContain(changedId);
    expect(report.conversationsWritten).toBe(1);
    expect(rowsOf(w.rt, 'Conversas').find((r) => r.conversation_id === changedId)).toEqual(before);
  });
});

describe('lock and budget', () => {
  it('returns at once with a report saying so when another execution holds the lock', async () => {
    const w = await world({ seed: 32, conversations: 10 });
    try {
      const release = w.rt.holdDocumentLock();
      const { report, stats } = run(w.rt, 'runScheduledSync');
      release();
      expect(report).toMatchObject({ ok: true, complete: false, apiCalls: 0 });
      expect(report.message).toMatch(/^Outra sincronização está em andamento/);
      expect(stats.callsByMethod['UrlFetchApp.fetchAll']).toBeUndefined();
      expect(w.rt.book.values('Conversas')).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('stops before the time budget with its cursor saved and resumes until complete', async () => {
    const w = await world({ seed: 33, conversations: 900, days: 60, listCap: 100 });
    try {
      const first = run(w.rt, 'runScheduledSync');
      expect(first.report).toMatchObject({ ok: true, complete: false });
      expect(first.stats.modelledMs).toBeLessThan(270000);
      const cursor = w.rt.properties.document.get('sync.cursor') ?? '';
      expect(cursor.length).toBeLessThan(9 * 1024);
      expect(JSON.parse(cursor)).toMatchObject({ pass: { full: true } });
      const rest = syncUntilComplete(w.rt, 'runScheduledSync');
      const org = await w.fake.snapshot();
      const ids = rowsOf(w.rt, 'Conversas').map((r) => r.conversation_id);
      expect(ids).toHaveLength(900);
      expect(new Set(ids).size).toBe(900);
      expect(rowsOf(w.rt, 'Mensagens')).toHaveLength(Object.values(org.messages).flat().length);
      expect(first.report.conversationsWritten + rest.reduce((n, r) => n + r.conversationsWritten, 0)).toBe(900);
    } finally {
      await w.close();
    }
  });
});

describe('crashes', () => {
  let w: SyncWorld;
  let reference: { conversas: unknown; mensagens: unknown };
  let callsOfAFullRun = 0;
  beforeAll(async () => {
    w = await world({ seed: 34, conversations: 24, days: 10, listCap: 20 });
    const { stats } = run(w.rt);
    callsOfAFullRun = stats.calls;
    reference = { conversas: valuesWithout(w.rt, 'Conversas'), mensagens: valuesWithout(w.rt, 'Mensagens') };
  });
  afterAll(async () => w.close());

  function freshRuntime(): LocalRuntime {
    const distDir = process.env.CHATVOLT_DIST_DIR;
    const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
    rt.call('saveSettings', { apiKey: w.fake.apiKey, baseUrl: w.fake.baseUrl });
    return rt;
  }

  it('converges to the sheets of an uninterrupted sync after a crash at every k-th service call', () => {
    expect(callsOfAFullRun).toBeGreaterThan(50);
    const step = Math.max(1, Math.floor(callsOfAFullRun / 25));
    for (let k = 1; k <= callsOfAFullRun; k += step) {
      const rt = freshRuntime();
      try {
        const crashed = rt.run('syncNow', [], { abortAtCall: k });
        expect(crashed.ok, `crash at call ${k}`).toBe(false);
        syncUntilComplete(rt);
        expect(valuesWithout(rt, 'Conversas'), `crash at call ${k}`).toEqual(reference.conversas);
        expect(valuesWithout(rt, 'Mensagens'), `crash at call ${k}`).toEqual(reference.mensagens);
      } finally {
        rt.dispose();
      }
    }
  });

  it('converges after a crash at every k-th call of an incremental run over columns the user split and reordered', async () => {
    // updated_at moved to column A and a user column next to it: the add-on writes two blocks.
    const rt = freshRuntime();
    try {
      syncUntilComplete(rt);
      const values = rt.book.values('Conversas');
      const updatedAt = (values[0] ?? []).indexOf('updated_at');
      const layout = values.map((row, i) => [row[updatedAt] ?? '', i === 0 ? 'minha coluna' : `x${i}`, ...row.filter((_, c) => c !== updatedAt)]);
      rt.book.seed('Conversas', layout);
      const saved = {
        mensagens: rt.book.values('Mensagens'),
        document: new Map(rt.properties.document),
        user: new Map(rt.properties.user()),
        // The add-on cuts its tabs to content: the copies get the same grids, so their runs make the same calls.
        grids: (['Conversas', 'Mensagens'] as const).map((name) => [name, rt.book.grid(name)] as const),
      };
      const org = await w.fake.snapshot();
      const recent = org.conversations.slice(-4).map((c) => c.id);
      await w.fake.mutate({ now: at(HOUR), addConversations: 2, addMessages: recent.map((conversationId) => ({ conversationId, customer: 1 })) });
      rt.clock.set(at(HOUR + 60000));
      const incremental = run(rt);
      expect(incremental.report.conversationsWritten).toBe(6);
      const expected = { conversas: valuesWithout(rt, 'Conversas'), mensagens: valuesWithout(rt, 'Mensagens') };

      const step = Math.max(1, Math.floor(incremental.stats.calls / 20));
      for (let k = 1; k <= incremental.stats.calls; k += step) {
        const distDir = process.env.CHATVOLT_DIST_DIR;
        const copy = createRuntime({ now: at(HOUR + 60000), ...(distDir ? { distDir } : {}) });
        try {
          copy.book.seed('Conversas', layout);
          copy.book.seed('Mensagens', saved.mensagens);
          for (const [name, grid] of saved.grids) if (grid) copy.book.setGrid(name, grid.rows, grid.columns);
          for (const [key, value] of saved.document) copy.properties.document.set(key, value);
          for (const [key, value] of saved.user) copy.properties.user().set(key, value);
          expect(copy.run('syncNow', [], { abortAtCall: k }).ok, `crash at call ${k}`).toBe(false);
          syncUntilComplete(copy);
          expect(valuesWithout(copy, 'Conversas'), `crash at call ${k}`).toEqual(expected.conversas);
          expect(valuesWithout(copy, 'Mensagens'), `crash at call ${k}`).toEqual(expected.mensagens);
        } finally {
          copy.dispose();
        }
      }
    } finally {
      rt.dispose();
    }
  });
});
