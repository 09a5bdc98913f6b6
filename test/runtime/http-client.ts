// Synchronous HTTP for the local UrlFetchApp: a worker thread does the requests, the caller blocks on Atomics.wait.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** One request as the worker sends it. */
export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  followRedirects: boolean;
  timeoutMs: number;
}

/** The worker's answer for one request: an HTTP response, or why none came. */
export type WireResponse =
  | { ok: true; status: number; headers: Array<[string, string]>; body: Uint8Array }
  | { ok: false; reason: 'refused' | 'timeout' | 'dns' | 'other'; detail: string };

// Plain CommonJS so it runs as an eval'd worker without a TypeScript loader. Requests of one batch run concurrently.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const https = require('node:https');
const signal = new Int32Array(workerData.shared);
const reply = workerData.port;

function once(req, redirectsLeft) {
  return new Promise((resolve) => {
    let target;
    try { target = new URL(req.url); } catch (e) { resolve({ ok: false, reason: 'other', detail: String(e) }); return; }
    const lib = target.protocol === 'https:' ? https : http;
    const started = lib.request(target, { method: req.method.toUpperCase(), headers: req.headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode || 0;
        const location = res.headers.location;
        if (req.followRedirects && location && status >= 300 && status < 400 && redirectsLeft > 0) {
          const next = { ...req, url: new URL(location, target).toString() };
          if (status === 303 || ((status === 301 || status === 302) && req.method !== 'get')) { next.method = 'get'; next.body = null; }
          resolve(once(next, redirectsLeft - 1));
          return;
        }
        const headers = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ ok: true, status, headers, body: new Uint8Array(Buffer.concat(chunks)) });
      });
      res.on('error', (e) => resolve({ ok: false, reason: 'other', detail: String(e) }));
    });
    started.setTimeout(req.timeoutMs, () => started.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_LOCAL' })));
    started.on('error', (e) => {
      const code = e && e.code;
      const reason = code === 'ETIMEDOUT_LOCAL' ? 'timeout' : code === 'ECONNREFUSED' ? 'refused'
        : (code === 'ENOTFOUND' || code === 'EAI_AGAIN') ? 'dns' : 'other';
      resolve({ ok: false, reason, detail: String(e && e.message) });
    });
    if (req.body) started.write(Buffer.from(req.body));
    started.end();
  });
}

parentPort.on('message', async (requests) => {
  const results = await Promise.all(requests.map((r) => once(r, 5)));
  reply.postMessage(results);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

/** Blocking HTTP client; one worker per runtime, started on first use. */
export class HttpClient {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private signal: Int32Array | null = null;

  private start(): { worker: Worker; port: MessagePort; signal: Int32Array } {
    if (this.worker && this.port && this.signal) return { worker: this.worker, port: this.port, signal: this.signal };
    const shared = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared, port: port2 }, transferList: [port2] });
    // The worker must never keep a test process alive.
    worker.unref();
    port1.unref();
    this.worker = worker;
    this.port = port1;
    this.signal = new Int32Array(shared);
    return { worker, port: port1, signal: this.signal };
  }

  /** Sends the requests concurrently and blocks until all answered; results in request order with the real elapsed time. */
  send(requests: WireRequest[]): { responses: WireResponse[]; elapsedMs: number } {
    const { worker, port, signal } = this.start();
    const started = performance.now();
    Atomics.store(signal, 0, 0);
    worker.postMessage(requests);
    const longest = Math.max(...requests.map((r) => r.timeoutMs));
    // Every request has its own timeout in the worker; the extra margin only guards against a dead worker.
    const waited = Atomics.wait(signal, 0, 0, longest + 10_000);
    const message = receiveMessageOnPort(port);
    if (waited === 'timed-out' || !message) throw new Error('local runtime: the HTTP worker did not answer');
    return { responses: message.message as WireResponse[], elapsedMs: performance.now() - started };
  }

  /** Stops the worker thread. */
  dispose(): void {
    void this.worker?.terminate();
    this.port?.close();
    this.worker = null;
    this.port = null;
    this.signal = null;
  }
}
