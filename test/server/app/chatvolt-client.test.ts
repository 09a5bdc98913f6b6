// Tests of the Chatvolt client over an in-memory API: cap splitting, re-filtering, message doubling, errors and retries.
import { describe, expect, it } from 'vitest';
import { ChatvoltError, createChatvoltClient } from '../../../src/server/app/chatvolt-client';
import { conversationsEvery, memoryChatvolt, modelClock, type MemoryChatvolt } from './memory-http';

const DAY_START = Date.UTC(2026, 2, 1);
const DAY: [number, number] = [DAY_START, DAY_START + 86400000];

function client(http: MemoryChatvolt, clock = modelClock(), extra: { random?: () => number } = {}) {
  return createChatvoltClient({ http, clock, baseUrl: 'https://api.example/', apiKey: 'k', batchSize: 20, random: () => 0, ...extra });
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

describe('listing', () => {
  // 250 conversations, one every 5 minutes from midnight: 00:00 … 20:45.
  const all = conversationsEvery(250, DAY_START, 5 * 60000);

  it('returns every conversation once, in creation order, whatever the silent cap', () => {
    for (const cap of [20, 100, null]) {
      const listed = client(memoryChatvolt({ conversations: all, cap }))
        .list([DAY], []).conversations;
      expect(listed.map((l) => l.conversation.id)).toEqual(all.map((c) => c.id));
    }
  });

  it('splits a window only while its answer looks capped', () => {
    const http = memoryChatvolt({ conversations: all, cap: 100 });
    const { windows } = client(http).list([DAY], []);
    const quarter = 6 * 3600000;
    expect(windows.map((w) => [w.start - DAY_START, w.count])).toEqual([
      [0, 72],
      [quarter, 72],
      [2 * quarter, 72],
      [3 * quarter, 34],
    ]);
    // 250 in the day → halves of 144 and 106 (both capped at 100) → quarters, none capped: 1 + 2 + 4 requests.
    expect(http.urls).toHaveLength(7);
  });

  it('sends the window as URL-encoded ISO UTC instants with an inclusive end one millisecond before the next window', () => {
    const http = memoryChatvolt({ conversations: [] });
    client(http).list([DAY], ['agent 1']);
    expect(http.urls).toEqual([
      'https://api.example/conversation?createdAt=2026-03-01T00%3A00%3A00.000Z&endDate=2026-03-01T23%3A59%3A59.999Z&agentId=agent%201',
    ]);
  });

  it('drops items outside the window when the server ignores endDate', () => {
    const http = memoryChatvolt({ conversations: all.slice(0, 10), ignoreEndDate: true });
    const listed = client(http).list([[DAY_START, DAY_START + 20 * 60000]], []).conversations;
    // 00:00, 00:05, 00:10, 00:15 are inside [00:00, 00:20).
    expect(listed.map((l) => l.conversation.id)).toEqual(['c0000', 'c0001', 'c0002', 'c0003']);
  });
});

describe('messages', () => {
  it('doubles the count while the answer is full and returns the whole history', () => {
    const http = memoryChatvolt({ conversations: [], messages: { a: 1200, b: 3 } });
    const histories = client(http).messages(['a', 'b']);
    expect(histories.get('a')).toHaveLength(1200);
    expect(histories.get('b')).toHaveLength(3);
    expect(http.urls.map((u) => u.replace('https://api.example', ''))).toEqual([
      '/conversation/a/messages/500',
      '/conversation/b/messages/500',
      '/conversation/a/messages/1000',
      '/conversation/a/messages/2000',
    ]);
  });

  it('reports a 404 as a missing history', () => {
    const histories = client(memoryChatvolt({ conversations: [], messages: {} })).messages(['gone']);
    expect(histories.get('gone')).toBeNull();
  });
});

describe('errors', () => {
  it('stops at once on 403 with the invalid key message', () => {
    const http = memoryChatvolt({ conversations: [] });
    http.fault(/conversation/, { status: 403, body: '{"error":"UNAUTHORIZED"}' });
    const c = client(http);
    const error = caught(() => c.list([DAY], []));
    expect(error.code).toBe('auth');
    expect(error.message).toContain('Chave de API inválida');
    expect(c.apiCalls()).toBe(1);
  });

  it('waits as long as Retry-After says, then retries, counting both requests', () => {
    const http = memoryChatvolt({ conversations: conversationsEvery(3, DAY_START, 60000) });
    http.fault(/conversation/, { status: 429, body: '{"error":"RATE_LIMIT"}', headers: { 'retry-after': '7' } });
    const clock = modelClock();
    const c = client(http, clock);
    expect(c.list([DAY], []).conversations).toHaveLength(3);
    expect(clock.slept).toEqual([7000]);
    expect(c.apiCalls()).toBe(2);
  });

  it('backs off exponentially with jitter on 503 without Retry-After, and gives up after six tries', () => {
    const http = memoryChatvolt({ conversations: [] });
    const busy = { status: 503, body: 'Service Unavailable' };
    http.fault(/conversation/, busy, busy, busy, busy, busy, busy);
    const clock = modelClock();
    const c = client(http, clock, { random: () => 0.5 });
    const error = caught(() => c.list([DAY], []));
    expect(error.code).toBe('rate_limited');
    // step = 1000 × 2^attempt (at most 16 s); wait = step / 2 + step / 2 × 0.5
    expect(clock.slept).toEqual([750, 1500, 3000, 6000, 12000]);
    expect(c.apiCalls()).toBe(6);
    expect(error.message).toBe(
      'O Chatvolt limitou as requisições (HTTP 503 em GET /conversation) e as novas tentativas se esgotaram. Nada foi perdido; a próxima execução tenta de novo.',
    );
  });

  it('retries a plain-text 500, an HTML 502, truncated JSON and a network failure, and returns what a fault-free call returns', () => {
    const faults = [
      { status: 500, body: 'Internal Server Error' },
      { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      { status: 200, body: '{"status":"UNRESOLVED","messa' },
      { network: 'Address unavailable: https://api.example/conversation/a/messages/500' },
    ];
    for (const fault of faults) {
      const http = memoryChatvolt({ conversations: [], messages: { a: 3 } });
      http.fault(/messages/, fault);
      const clock = modelClock();
      const c = client(http, clock);
      expect(c.messages(['a']).get('a'), JSON.stringify(fault)).toHaveLength(3);
      expect(c.apiCalls()).toBe(2);
      expect(c.retries()).toBe(1);
      // random() = 0: the first backoff is half its 1-s step.
      expect(clock.slept).toEqual([500]);
    }
  });

  it('retries only the failed requests of a batch', () => {
    const http = memoryChatvolt({ conversations: [], messages: { a: 1, b: 2, c: 3 } });
    http.fault(/\/b\/messages/, { status: 500, body: 'oops' });
    const c = client(http);
    const histories = c.messages(['a', 'b', 'c']);
    expect([...histories.values()].map((h) => h?.length)).toEqual([1, 2, 3]);
    expect(http.urls.map((u) => u.replace('https://api.example', ''))).toEqual([
      '/conversation/a/messages/500',
      '/conversation/b/messages/500',
      '/conversation/c/messages/500',
      '/conversation/b/messages/500',
    ]);
  });

  it('gives up on a persistent 502 after six tries in about half a minute, without quoting the HTML page', () => {
    const http = memoryChatvolt({ conversations: [], messages: { a: 1 } });
    const page = { status: 502, body: '<html><head><title>502</title></head><body><h1>Bad Gateway</h1><script>x()</script></body></html>' };
    http.fault(/messages/, page, page, page, page, page, page, page);
    const clock = modelClock();
    const error = caught(() => client(http, clock, { random: () => 1 }).messages(['a']));
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(
      'O Chatvolt está instável ou fora do ar: GET /conversation/a/messages/500 falhou 6 vezes seguidas (HTTP 502, página de erro HTML). Nada foi perdido; a próxima execução tenta de novo.',
    );
    expect(error.message).not.toMatch(/[<>]/);
    expect(clock.slept).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('fails at once on a 400, naming the call and the error code', () => {
    const http = memoryChatvolt({ conversations: [] });
    http.fault(/conversation/, { status: 400, body: '{"error":"INVALID_REQUEST"}' });
    const c = client(http);
    const error = caught(() => c.list([DAY], []));
    expect(error.code).toBe('http');
    expect(error.message).toBe('Erro HTTP 400 do Chatvolt em GET /conversation (HTTP 400 INVALID_REQUEST).');
    expect(c.apiCalls()).toBe(1);
  });

  it('stops without waiting when Retry-After asks for longer than 30 s', () => {
    const http = memoryChatvolt({ conversations: [] });
    http.fault(/conversation/, { status: 429, body: '{"error":"RATE_LIMIT"}', headers: { 'retry-after': '120' } });
    const clock = modelClock();
    const error = caught(() => client(http, clock).list([DAY], []));
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain('pediu para aguardar 120 s');
    expect(clock.slept).toEqual([]);
  });

  it('turns six network failures into a Portuguese network error without the URL', () => {
    const http = memoryChatvolt({ conversations: [] });
    const lost = { network: 'Timeout: https://api.example/conversation/x' };
    http.fault(/conversation/, lost, lost, lost, lost, lost, lost);
    const error = caught(() => client(http).details(['x']));
    expect(error.code).toBe('network');
    expect(error.message).toBe('Falha de rede ao chamar o Chatvolt (GET /conversation/x): Timeout, 6 tentativas. Nada foi perdido; a próxima execução tenta de novo.');
  });

  it('reports a deleted conversation as null instead of failing', () => {
    const http = memoryChatvolt({ conversations: conversationsEvery(1, DAY_START, 1) });
    const details = client(http).details(['c0000', 'gone']);
    expect(details.get('c0000')?.tags).toEqual(['vip']);
    expect(details.get('gone')).toBeNull();
  });
});
