// The request policy over an in-memory API: probe-first keys, the remembered latency, the run's deadline, pure rules.
import { describe, expect, it } from 'vitest';
import { ChatvoltError, createChatvoltClient } from '../../../src/server/app/chatvolt-client';
import type { HttpPort } from '../../../src/server/app/ports';
import {
  backoffMs,
  classifyAnswer,
  fingerprintKey,
  networkReason,
  parsePolicyMemory,
  parseRetryAfter,
  runDeadline,
  type PolicyMemory,
} from '../../../src/server/domain/request-policy';
import { conversationsEvery, memoryChatvolt, modelClock, type MemoryChatvolt } from './memory-http';

const DAY_START = Date.UTC(2026, 2, 1);
const HOUR = 3600000;
/** 24 one-hour windows of 2026-03-01. */
const HOURS = Array.from({ length: 24 }, (_, i): [number, number] => [DAY_START + i * HOUR, DAY_START + (i + 1) * HOUR]);
const KEY = 'k-123';
const proven: PolicyMemory = { v: 1, acceptedKey: fingerprintKey(KEY), roundMs: 0, at: 0 };

/** fetchAll batch sizes, in order. */
function batches(http: MemoryChatvolt): HttpPort & { sizes: number[] } {
  const sizes: number[] = [];
  return { sizes, fetchAll: (requests) => (sizes.push(requests.length), http.fetchAll(requests)) };
}

/** Every fetchAll takes `ms` of the model clock, like an API answering that slowly. */
function slow(http: HttpPort, clock: { advance(ms: number): void }, ms: number): HttpPort {
  return { fetchAll: (requests) => (clock.advance(ms), http.fetchAll(requests)) };
}

function caught(fn: () => unknown): ChatvoltError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ChatvoltError) return error;
    throw error;
  }
  throw new Error('expected a ChatvoltError');
}

describe('probe-first on an unproven key', () => {
  const all = conversationsEvery(48, DAY_START, 30 * 60000);

  it('sends one request alone first, then the rest in one fetchAll, and remembers the key by a hash only', () => {
    const http = batches(memoryChatvolt({ conversations: all }));
    const c = createChatvoltClient({ http, clock: modelClock(), baseUrl: 'https://x', apiKey: KEY, random: () => 0 });
    expect(c.list(HOURS, []).conversations).toHaveLength(48);
    expect(http.sizes).toEqual([1, 19, 4]);
    const memory = c.policyMemory();
    expect(memory.acceptedKey).toBe(fingerprintKey(KEY));
    expect(JSON.stringify(memory)).not.toContain(KEY);
  });

  it('does not probe a key this document has seen accepted', () => {
    const http = batches(memoryChatvolt({ conversations: all }));
    const c = createChatvoltClient({ http, clock: modelClock(), baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: proven });
    c.list(HOURS, []);
    expect(http.sizes).toEqual([20, 4]);
  });

  it('costs one request when the key is rejected, and forgets a key that was accepted before', () => {
    for (const memory of [null, { ...proven, acceptedKey: fingerprintKey('another key') }]) {
      const inner = memoryChatvolt({ conversations: all });
      inner.fault(/conversation/, { status: 403, body: '{"error":"UNAUTHORIZED"}' });
      const http = batches(inner);
      const c = createChatvoltClient({ http, clock: modelClock(), baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: memory });
      const error = caught(() => c.list(HOURS, []));
      expect(error.code).toBe('auth');
      expect(error.message).toMatch(/^Chave de API inválida: o Chatvolt recusou a chave \(HTTP 403 em GET \/conversation\)/);
      expect(http.sizes).toEqual([1]);
      expect(c.policyMemory().acceptedKey).toBeNull();
    }
  });

  it('retries a probe that failed for a temporary reason before fanning out', () => {
    const inner = memoryChatvolt({ conversations: all });
    inner.fault(/conversation/, { status: 500, body: 'boom' });
    const http = batches(inner);
    const c = createChatvoltClient({ http, clock: modelClock(), baseUrl: 'https://x', apiKey: KEY, random: () => 0 });
    expect(c.list(HOURS, []).conversations).toHaveLength(48);
    expect(http.sizes).toEqual([1, 1, 19, 4]);
  });
});

describe('deadline', () => {
  it('never starts a round that cannot end before the deadline at the measured latency, and says Chatvolt is slow', () => {
    const clock = modelClock();
    const http = slow(memoryChatvolt({ conversations: [], messages: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`m${i}`, 2])) }), clock, 45000);
    const c = createChatvoltClient({ http, clock, baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: proven, deadline: 100000 });
    const ids = Array.from({ length: 100 }, (_, i) => `m${i}`);
    // Nothing measured yet: no limit.
    expect(c.conversationsThatFit()).toBe(Infinity);
    const error = caught(() => c.messages(ids));
    expect(error.code).toBe('deadline');
    // Rounds at 0–45 s and 45–90 s; a third would end at 135 s > 100 s.
    expect(clock.now()).toBe(90000);
    expect(c.apiCalls()).toBe(40);
    expect(error.message).toBe('Chatvolt respondeu devagar (45 s por chamada); a importação continua na próxima execução.');
    expect(c.conversationsThatFit()).toBe(0);
    expect(c.policyMemory()).toMatchObject({ roundMs: 45000, at: 90000 });
  });

  it('sizes work by the latency the previous run measured, and forgets it after an hour', () => {
    const clock = modelClock(1000000);
    const memory: PolicyMemory = { ...proven, roundMs: 45000, at: 1000000 - 60000 };
    const c = createChatvoltClient({ http: memoryChatvolt({ conversations: [] }), clock, baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: memory, deadline: 1000000 + 270000 });
    // 270 s / 45 s = 6 rounds = 3 batches of details + messages, 20 requests each.
    expect(c.conversationsThatFit()).toBe(60);
    const stale = createChatvoltClient({ http: memoryChatvolt({ conversations: [] }), clock, baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: { ...memory, at: 1000000 - 2 * HOUR }, deadline: 1000000 + 270000 });
    expect(stale.conversationsThatFit()).toBe(Infinity);
  });

  it('does not wait for a retry that could not end before the deadline', () => {
    const clock = modelClock();
    const inner = memoryChatvolt({ conversations: [], messages: { a: 1 } });
    inner.fault(/messages/, { status: 429, body: '{"error":"RATE_LIMIT"}', headers: { 'retry-after': '20' } });
    // The first round fits (an unmeasured round is allowed 30 s); it takes 8 s, so 20 s of waiting plus another
    // 8-s round would end after the deadline.
    const c = createChatvoltClient({ http: slow(inner, clock, 8000), clock, baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: proven, deadline: 35000 });
    const error = caught(() => c.messages(['a']));
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe(
      'O Chatvolt está instável (HTTP 429 RATE_LIMIT em GET /conversation/a/messages/500) e o tempo desta execução acabou; a importação continua na próxima execução.',
    );
    expect(clock.slept).toEqual([]);
  });
});

describe('a round before any was measured', () => {
  it('does not start within half a minute of the deadline, but does when a recent round says it is quick', () => {
    const clock = modelClock();
    const inner = memoryChatvolt({ conversations: [], messages: { a: 1 } });
    const late = createChatvoltClient({ http: batches(inner), clock, baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: proven, deadline: 10000 });
    expect(caught(() => late.messages(['a'])).code).toBe('deadline');
    expect(inner.urls).toHaveLength(0);
    const quick: PolicyMemory = { ...proven, roundMs: 2000, at: clock.now() };
    const measured = createChatvoltClient({ http: batches(inner), clock, baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: quick, deadline: 10000 });
    expect(measured.messages(['a']).size).toBe(1);
  });
});

describe('endDate ignored', () => {
  it('lists every conversation with as many requests as a server that honours endDate', () => {
    const all = conversationsEvery(60, DAY_START, 20 * 60000);
    const counts = [false, true].map((ignoreEndDate) => {
      const http = memoryChatvolt({ conversations: all, cap: 100, ignoreEndDate });
      const c = createChatvoltClient({ http, clock: modelClock(), baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: proven });
      const listed = c.list(HOURS, []);
      expect(listed.conversations.map((l) => l.conversation.id)).toEqual(all.map((x) => x.id));
      // Bins count only what belongs to each window.
      expect(listed.windows.reduce((n, w) => n + w.count, 0)).toBe(60);
      return http.urls.length;
    });
    expect(counts).toEqual([24, 24]);
  });

  it('does not split without end when such a server also caps its answers (only the newest are reachable at all)', () => {
    const all = conversationsEvery(60, DAY_START, 20 * 60000);
    const http = memoryChatvolt({ conversations: all, cap: 25, ignoreEndDate: true });
    const c = createChatvoltClient({ http, clock: modelClock(), baseUrl: 'https://x', apiKey: KEY, random: () => 0, policyMemory: proven });
    const listed = c.list(HOURS, []);
    // Only the 25 newest are reachable at all (every answer is the newest 25 since the window's start).
    expect(listed.conversations).toHaveLength(25);
    expect(http.urls.length).toBeLessThanOrEqual(3 * 24);
  });
});

describe('pure rules', () => {
  it('classifies answers', () => {
    expect([200, 201].map((s) => classifyAnswer(s, true))).toEqual(['ok', 'ok']);
    expect(classifyAnswer(200, false)).toBe('transient');
    expect([401, 403].map((s) => classifyAnswer(s, false))).toEqual(['auth', 'auth']);
    expect([429, 419, 503].map((s) => classifyAnswer(s, false))).toEqual(['throttled', 'throttled', 'throttled']);
    expect([500, 502, 504, 408].map((s) => classifyAnswer(s, false))).toEqual(['transient', 'transient', 'transient', 'transient']);
    expect([400, 402, 405].map((s) => classifyAnswer(s, true))).toEqual(['fatal', 'fatal', 'fatal']);
    expect(classifyAnswer(404, true)).toBe('not_found');
  });

  it('backs off with bounded equal jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => backoffMs(a, 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect([0, 4, 9].map((a) => backoffMs(a, 1))).toEqual([1000, 16000, 16000]);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 00:00:10 GMT', DAY_START)).toBe(10000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });

  it('ends requests 30 s after the budget, and never later than 4.5 minutes into a run', () => {
    expect(runDeadline(1000, 240000)).toBe(271000);
    expect(runDeadline(0, 15000)).toBe(45000);
    expect(runDeadline(0, 600000)).toBe(270000);
  });

  it('parses only a well-formed memory and drops the URL from network messages', () => {
    expect(parsePolicyMemory('{"v":1,"acceptedKey":"abc","roundMs":5,"at":9}')).toEqual({ v: 1, acceptedKey: 'abc', roundMs: 5, at: 9 });
    expect(parsePolicyMemory('{"v":1,"acceptedKey":3,"roundMs":5,"at":9}')).toBeNull();
    expect(parsePolicyMemory('nope')).toBeNull();
    expect(networkReason('Address unavailable: http://127.0.0.1:5/conversation?createdAt=x')).toBe('Address unavailable');
  });
});
