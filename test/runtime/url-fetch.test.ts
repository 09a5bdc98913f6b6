// UrlFetchApp in the local runtime: real synchronous HTTP to a loopback server running in its own worker thread.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URLFETCH_ALL_EXTRA_PER_REQUEST_MS, URLFETCH_ROUNDTRIP_MS } from './latency';
import { errorOf, runtimeWithScript, valueOf } from './fixture';
import type { LocalRuntime } from './index';

// The server must not run on the test's thread: that thread blocks in Atomics.wait during each fetch.
const SERVER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
let inFlight = 0;
let maxInFlight = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/max-in-flight') {
    res.end(String(maxInFlight));
    maxInFlight = 0;
    return;
  }
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  res.on('finish', () => { inFlight -= 1; });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/status') {
      res.writeHead(Number(url.searchParams.get('code')), { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'x'.repeat(300) }));
      return;
    }
    if (url.pathname === '/modelled') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Local-Runtime-Latency-Ms': url.searchParams.get('ms') });
      res.end(JSON.stringify({ method: req.method, path: url.pathname }));
      return;
    }
    const delay = Number(url.searchParams.get('delay') || 0);
    setTimeout(() => {
      res.writeHead(200, [['Content-Type', 'application/json'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
      res.end(JSON.stringify({ method: req.method, path: url.pathname, auth: req.headers.authorization || null,
        type: req.headers['content-type'] || null, body: Buffer.concat(chunks).toString('utf8') }));
    }, delay);
  });
});
server.listen(0, '127.0.0.1', () => {
  const closed = http.createServer();
  closed.listen(0, '127.0.0.1', () => {
    const closedPort = closed.address().port;
    closed.close(() => parentPort.postMessage({ port: server.address().port, closedPort }));
  });
});
`;

const CODE = `
function get(url) { const r = UrlFetchApp.fetch(url); return [r.getResponseCode(), JSON.parse(r.getContentText())]; }
function post(url) {
  const r = UrlFetchApp.fetch(url, { method: 'post', contentType: 'application/json', payload: JSON.stringify({ a: 1 }),
    headers: { Authorization: 'Bearer k' } });
  return JSON.parse(r.getContentText());
}
function muted(url) { const r = UrlFetchApp.fetch(url, { muteHttpExceptions: true }); return [r.getResponseCode(), r.getContentText().length]; }
function all(urls) {
  return UrlFetchApp.fetchAll(urls.map(function (u) { return { url: u, muteHttpExceptions: true }; }))
    .map(function (r) { return [r.getResponseCode(), r.getResponseCode() === 200 ? JSON.parse(r.getContentText()).path : null]; });
}
function exportPdf(token) {
  const book = SpreadsheetApp.getActiveSpreadsheet();
  const url = 'https://docs.google.com/spreadsheets/d/' + book.getId() + '/export?format=pdf&gid=' + book.getSheets()[0].getSheetId();
  const r = UrlFetchApp.fetch(url, { headers: { Authorization: 'Bearer ' + (token || ScriptApp.getOAuthToken()) }, muteHttpExceptions: true });
  return [r.getResponseCode(), r.getBlob().getContentType(), r.getContentText().slice(0, 8)];
}
function modelledHeader(url) { return UrlFetchApp.fetch(url).getAllHeaders()['X-Local-Runtime-Latency-Ms'] === undefined; }
function maxInFlight(url) { return Number(UrlFetchApp.fetch(url).getContentText()); }
function headers(url) { const r = UrlFetchApp.fetch(url); return [r.getHeaders()['Content-Type'], r.getAllHeaders()['Set-Cookie'],
  r.getBlob().getDataAsString().length > 0]; }
`;

let worker: Worker;
let base = '';
let closedBase = '';
let rt: LocalRuntime;

beforeAll(async () => {
  worker = new Worker(SERVER, { eval: true });
  const { port, closedPort } = await new Promise<{ port: number; closedPort: number }>((resolve) =>
    worker.once('message', (m: { port: number; closedPort: number }) => resolve(m)),
  );
  base = `http://127.0.0.1:${port}`;
  closedBase = `http://127.0.0.1:${closedPort}`;
  // Short enough for a quick timeout test, long enough for a loaded machine's loopback answers.
  rt = runtimeWithScript(CODE, { httpTimeoutMs: 2000 });
});

afterAll(async () => {
  rt.dispose();
  await worker.terminate();
});

describe('UrlFetchApp.fetch', () => {
  it('does a real GET and POST with headers and payload', () => {
    expect(valueOf(rt, 'get', `${base}/v1/x`)).toEqual([200, { method: 'GET', path: '/v1/x', auth: null, type: null, body: '' }]);
    expect(valueOf(rt, 'post', `${base}/p`)).toEqual({ method: 'POST', path: '/p', auth: 'Bearer k', type: 'application/json', body: '{"a":1}' });
  });
  it('throws on HTTP errors unless muteHttpExceptions is set', () => {
    expect(errorOf(rt, 'get', `${base}/status?code=401`)).toBe(
      `Request failed for ${base} returned code 401. Truncated server response: {"error":"${'x'.repeat(90)}... (use muteHttpExceptions option to examine full response)`,
    );
    // {"error":"<300 x>"} is 12 + 300 characters.
    expect(valueOf(rt, 'muted', `${base}/status?code=500`)).toEqual([500, 312]);
  });
  it('exposes headers as sent, multi-valued ones through getAllHeaders', () => {
    expect(valueOf(rt, 'headers', `${base}/h`)).toEqual(['application/json', ['a=1', 'b=2'], true]);
  });
  it('rejects URLs over 2 KB, invalid URLs, refused connections and timeouts with Apps Script messages', () => {
    const long = `${base}/${'a'.repeat(2048)}`;
    expect(errorOf(rt, 'get', long)).toBe('Limit Exceeded: URLFetch URL Length.');
    expect(errorOf(rt, 'get', 'not a url')).toBe('Invalid argument: not a url');
    expect(errorOf(rt, 'get', 'ftp://127.0.0.1/x')).toBe('Invalid argument: ftp://127.0.0.1/x');
    expect(errorOf(rt, 'get', `${closedBase}/`)).toBe(`Address unavailable: ${closedBase}/`);
    expect(errorOf(rt, 'get', `${base}/slow?delay=8000`)).toBe(`Timeout: ${base}/slow?delay=8000`);
  });
  it('stands in for the spreadsheet PDF export, which needs the script OAuth token', () => {
    expect(valueOf(rt, 'exportPdf')).toEqual([200, 'application/pdf', '%PDF-1.4']);
    expect(valueOf(rt, 'exportPdf', 'wrong')).toEqual([401, 'text/html', 'Unauthor']);
  });
  it('never leaves loopback unless allowed', () => {
    expect(errorOf(rt, 'get', 'https://api.chatvolt.ai/agents')).toBe('DNS error: https://api.chatvolt.ai/agents');
  });
  it('charges the round-trip constant plus the real time to the modelled clock', () => {
    const result = rt.run('get', [`${base}/t`]);
    expect(result.stats.modelledMs).toBeGreaterThanOrEqual(URLFETCH_ROUNDTRIP_MS);
  });
});

describe('UrlFetch daily quota', () => {
  it('counts each request of a batch and refuses past the quota until the next virtual day', () => {
    const limited = runtimeWithScript(CODE, { urlFetchDailyQuota: 3 });
    expect(limited.run('all', [[`${base}/a`, `${base}/b`]]).ok).toBe(true);
    expect(errorOf(limited, 'all', [`${base}/a`, `${base}/b`])).toBe('Service invoked too many times for one day: urlfetch.');
    expect(valueOf(limited, 'get', `${base}/c`)).toMatchObject([200, { path: '/c' }]);
    limited.clock.advance(24 * 3600 * 1000);
    expect(limited.run('all', [[`${base}/a`, `${base}/b`, `${base}/c`]]).ok).toBe(true);
    limited.dispose();
  });
});

describe('UrlFetchApp.fetchAll', () => {
  it('runs the requests concurrently and returns them in request order', () => {
    // The shared runtime times out after 2 s; this one waits longer for the slow answers.
    const patient = runtimeWithScript(CODE, { httpTimeoutMs: 10_000 });
    valueOf(patient, 'maxInFlight', `${base}/max-in-flight`);
    // Long enough that a loaded machine still has all three delayed requests open at once.
    const urls = [`${base}/a?delay=800`, `${base}/status?code=404`, `${base}/c?delay=600`, `${base}/d?delay=700`];
    const result = patient.run('all', [urls]);
    expect(result).toMatchObject({ ok: true, value: [[200, '/a'], [404, null], [200, '/c'], [200, '/d']] });
    // The three delayed requests were open at the same time on the server: the batch ran concurrently.
    expect(valueOf(patient, 'maxInFlight', `${base}/max-in-flight`)).toBeGreaterThanOrEqual(3);
    patient.dispose();
    expect(result.stats.callsByMethod['UrlFetchApp.fetchAll']).toBe(1);
    // Modelled: round trip + 3 extra requests + at least the slowest server delay (800 ms) of real loopback time.
    expect(result.stats.modelledMs).toBeGreaterThanOrEqual(URLFETCH_ROUNDTRIP_MS + 3 * URLFETCH_ALL_EXTRA_PER_REQUEST_MS + 800);
  });
});

describe('modelled latency (test-only channel)', () => {
  it('adds the longest announced latency of a fetchAll to the virtual clock, hides the header and times out past the limit', () => {
    // Apps Script's own request timeout is about a minute; the shared runtime's 2 s would cut a 45-s answer.
    const patient = runtimeWithScript(CODE, { httpTimeoutMs: 60_000 });
    const started = performance.now();
    const result = patient.run('all', [[`${base}/modelled?ms=45000`, `${base}/modelled?ms=1000`, `${base}/a`]]);
    patient.dispose();
    expect(result).toMatchObject({ ok: true, value: [[200, '/modelled'], [200, '/modelled'], [200, '/a']] });
    // Charged: round trip + 2 extra requests + the slowest modelled answer; no real wait.
    expect(result.stats.modelledMs).toBeGreaterThanOrEqual(URLFETCH_ROUNDTRIP_MS + 2 * URLFETCH_ALL_EXTRA_PER_REQUEST_MS + 45000);
    expect(result.stats.modelledMs).toBeLessThan(URLFETCH_ROUNDTRIP_MS + 2 * URLFETCH_ALL_EXTRA_PER_REQUEST_MS + 45000 + 1500);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(valueOf(rt, 'modelledHeader', `${base}/modelled?ms=10`)).toBe(true);
    // The shared runtime times out at 2 s: an answer modelled to take 3 s is a timeout, charged at the timeout.
    const slow = rt.run('get', [`${base}/modelled?ms=3000`]);
    expect(slow).toMatchObject({ ok: false, error: { message: `Timeout: ${base}/modelled?ms=3000` } });
    expect(slow.stats.modelledMs).toBeGreaterThanOrEqual(URLFETCH_ROUNDTRIP_MS + 2000);
  });
});
