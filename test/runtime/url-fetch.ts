// UrlFetchApp and HTTPResponse: real HTTP to loopback through HttpClient, with Apps Script's limits and messages.
import { Execution, GasError, GasObject } from './execution';
import { URLFETCH_ALL_EXTRA_PER_REQUEST_MS, URLFETCH_ROUNDTRIP_MS } from './latency';
import type { RuntimeState } from './state';
import type { WireRequest, WireResponse } from './http-client';
import { MODELLED_LATENCY_HEADER } from './modelled-latency';
import { OAUTH_TOKEN } from './script-app';
import { Blob, toBytes } from './utilities';

/** ⚑ UrlFetch URL length: 2 KB (apps-script-platform.md, Quotas). */
export const MAX_URL_LENGTH = 2048;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Sheets' export of one tab as PDF: a few seconds for a dashboard-sized sheet. Estimate (no public measurement). */
export const SHEET_EXPORT_MS = 3000;

const EXPORT_URL = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([^/]+)\/export\?(.*)$/;

/**
 * The spreadsheet's own export endpoint (File → Download → PDF/CSV), which scripts call with ScriptApp's OAuth
 * token: answers a small stand-in document for an existing tab of this spreadsheet; null for any other URL.
 */
function googleEndpoint(state: RuntimeState, wire: WireRequest): WireResponse | null {
  const match = EXPORT_URL.exec(wire.url);
  if (!match || match[1] !== state.book.id) return null;
  const text = (status: number, body: string, type: string): WireResponse => ({
    ok: true,
    status,
    headers: [['Content-Type', type]],
    body: new Uint8Array(Buffer.from(body, 'utf8')),
  });
  const auth = Object.entries(wire.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  if (auth !== `Bearer ${OAUTH_TOKEN}`) return text(401, 'Unauthorized', 'text/html; charset=utf-8');
  const params = new Map((match[2] ?? '').split('&').map((kv) => kv.split('=') as [string, string]));
  const gid = params.get('gid');
  const sheet = state.book.sheets.find((s) => String(s.id) === (gid ?? '0'));
  if (!sheet) return text(400, 'Bad Request', 'text/html; charset=utf-8');
  const format = params.get('format') ?? 'pdf';
  if (format === 'pdf') return text(200, `%PDF-1.4\n% local runtime export of "${sheet.name}"\n%%EOF\n`, 'application/pdf');
  return text(400, 'Bad Request', 'text/html; charset=utf-8');
}

export class HTTPResponse extends GasObject {
  constructor(
    exec: Execution,
    readonly status: number,
    readonly headerList: Array<[string, string]>,
    readonly body: Uint8Array,
  ) {
    super('HTTPResponse', exec);
  }
  getResponseCode(): number {
    return this.status;
  }
  getContentText(_charset?: string): string {
    return Buffer.from(this.body).toString('utf8');
  }
  getContent(): number[] {
    return toBytes(this.body);
  }
  getHeaders(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of this.headerList) if (!(name in out)) out[name] = value;
    return out;
  }
  getAllHeaders(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of this.headerList) {
      const prev = out[name];
      out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    return out;
  }
  getBlob(): Blob {
    const type = this.headerList.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'application/octet-stream';
    return new Blob(this.exec, Array.from(this.body), type.split(';')[0]?.trim() ?? type, null);
  }
}

interface Prepared {
  wire: WireRequest;
  mute: boolean;
}

function encodeForm(payload: Record<string, unknown>): string {
  return Object.keys(payload)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(payload[k]))}`)
    .join('&');
}

export class UrlFetchApp extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
    readonly timeoutMs: number,
    readonly allowExternal: boolean,
  ) {
    super('UrlFetchApp', exec);
  }

  private _prepare(url: unknown, params: unknown): Prepared {
    if (typeof url !== 'string') throw new GasError(`Invalid argument: ${String(url)}`);
    if (url.length > MAX_URL_LENGTH) throw new GasError('Limit Exceeded: URLFetch URL Length.');
    let parsed: globalThis.URL;
    try {
      parsed = new globalThis.URL(url);
    } catch {
      throw new GasError(`Invalid argument: ${url}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new GasError(`Invalid argument: ${url}`);
    if (!this.allowExternal && !LOOPBACK.has(parsed.hostname) && !EXPORT_URL.test(url)) {
      this.exec.logs.push(`[local runtime] only loopback hosts are reachable; refused ${parsed.host}`);
      throw new GasError(`DNS error: ${url}`);
    }
    const p = (params ?? {}) as Record<string, unknown>;
    const method = typeof p.method === 'string' ? p.method.toLowerCase() : 'get';
    const headers: Record<string, string> = {
      'User-Agent': 'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: local)',
    };
    if (p.headers && typeof p.headers === 'object')
      for (const [k, v] of Object.entries(p.headers as Record<string, unknown>)) headers[k] = String(v);
    let body: Uint8Array | null = null;
    const payload = p.payload;
    if (payload !== undefined && payload !== null) {
      if (typeof payload === 'string') body = new Uint8Array(Buffer.from(payload, 'utf8'));
      else if (payload instanceof Blob) body = new Uint8Array(payload.bytes.map((b) => b & 255));
      else if (Array.isArray(payload)) body = new Uint8Array((payload as number[]).map((b) => b & 255));
      else if (typeof payload === 'object') body = new Uint8Array(Buffer.from(encodeForm(payload as Record<string, unknown>), 'utf8'));
      const contentType = typeof p.contentType === 'string' ? p.contentType : 'application/x-www-form-urlencoded';
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = contentType;
    }
    return {
      wire: { url, method, headers, body, followRedirects: p.followRedirects !== false, timeoutMs: this.timeoutMs },
      mute: p.muteHttpExceptions === true,
    };
  }

  private _finish(request: Prepared, response: WireResponse): HTTPResponse {
    const url = request.wire.url;
    if (!response.ok) {
      if (response.reason === 'timeout') throw new GasError(`Timeout: ${url}`);
      if (response.reason === 'dns') throw new GasError(`DNS error: ${url}`);
      throw new GasError(`Address unavailable: ${url}`);
    }
    const result = new HTTPResponse(this.exec, response.status, response.headers, response.body);
    if (response.status >= 400 && !request.mute) {
      // Apps Script names only the scheme and host, and truncates the body.
      const origin = new globalThis.URL(url).origin;
      const text = Buffer.from(response.body).toString('utf8');
      const truncated = text.length > 100 ? `${text.slice(0, 100)}...` : text;
      throw new GasError(
        `Request failed for ${origin} returned code ${response.status}. Truncated server response: ${truncated} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return result;
  }

  private _send(prepared: Prepared[], fixedMs: number): WireResponse[] {
    const day = new Date(this.state.clockMs).toISOString().slice(0, 10);
    const used = this.state.urlFetchUsed.get(day) ?? 0;
    if (used + prepared.length > this.state.urlFetchDailyQuota) throw new GasError('Service invoked too many times for one day: urlfetch.');
    this.state.urlFetchUsed.set(day, used + prepared.length);
    // Google endpoints the runtime stands in for are answered here; everything else goes to the HTTP worker.
    const local = prepared.map((p) => googleEndpoint(this.state, p.wire));
    const remote = prepared.filter((_, i) => local[i] === null).map((p) => p.wire);
    const sent = remote.length > 0 ? this.state.http.send(remote) : { responses: [], elapsedMs: 0 };
    const exportMs = local.some((r) => r !== null) ? SHEET_EXPORT_MS : 0;
    const modelled = sent.responses.map((r) => this._modelledLatency(r));
    // Requests of a fetchAll run in parallel: the batch takes as long as its slowest answer.
    this.exec.charge(fixedMs + Math.max(sent.elapsedMs, exportMs, ...modelled.map((m) => m.ms)));
    let next = 0;
    return local.map((r) => r ?? (modelled[next++]?.response as WireResponse));
  }

  /**
   * Reads and removes the test-only modelled-latency header (modelled-latency.ts); an answer modelled to take the
   * request timeout or longer becomes a timeout, charged at the timeout.
   */
  private _modelledLatency(response: WireResponse): { ms: number; response: WireResponse } {
    if (!response.ok) return { ms: 0, response };
    const header = response.headers.find(([name]) => name.toLowerCase() === MODELLED_LATENCY_HEADER);
    if (header === undefined) return { ms: 0, response };
    const ms = Math.max(0, Number(header[1]) || 0);
    if (ms >= this.timeoutMs) return { ms: this.timeoutMs, response: { ok: false, reason: 'timeout', detail: 'modelled latency' } };
    return { ms, response: { ...response, headers: response.headers.filter((h) => h !== header) } };
  }

  fetch(url: unknown, params?: unknown): HTTPResponse {
    const prepared = this._prepare(url, params);
    const [response] = this._send([prepared], URLFETCH_ROUNDTRIP_MS);
    return this._finish(prepared, response as WireResponse);
  }

  fetchAll(requests: unknown): HTTPResponse[] {
    if (!Array.isArray(requests)) throw new GasError("The parameters don't match the method signature for UrlFetchApp.fetchAll.");
    if (requests.length === 0) return [];
    const prepared = requests.map((r) => {
      if (typeof r === 'string') return this._prepare(r, {});
      const obj = (r ?? {}) as Record<string, unknown>;
      return this._prepare(obj.url, obj);
    });
    const responses = this._send(prepared, URLFETCH_ROUNDTRIP_MS + (prepared.length - 1) * URLFETCH_ALL_EXTRA_PER_REQUEST_MS);
    return prepared.map((p, i) => this._finish(p, responses[i] as WireResponse));
  }

  getRequest(url: unknown, params?: unknown): Record<string, unknown> {
    const { wire } = this._prepare(url, params);
    return { url: wire.url, method: wire.method, headers: wire.headers, payload: wire.body ? Buffer.from(wire.body).toString('utf8') : '' };
  }
}
