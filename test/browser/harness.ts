// Browser test harness: opens a built page (dist/<page>.html) in Debian's Chromium with a google.script.run shim.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LocalRuntime, RunResult } from '../runtime/index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Where the built pages (and Code.js) are read from: <repo>/dist, or $DIST_DIR — a private copy lets one
 * engineer's tests run while someone else's `npm run build` is deleting and rewriting dist/.
 */
export const DIST_DIR = process.env.DIST_DIR ?? path.join(repoRoot, 'dist');

/** Debian's Chromium (apt-get install chromium); playwright-core ships no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What the shim needs from the runtime: LocalRuntime fits, and so does stubRuntime() for page-only tests. */
export type PageRuntime = Pick<LocalRuntime, 'run'>;

/** One opened page and what it did. */
export interface OpenedPage {
  page: Page;
  /** Closes this page's browser context (the shared browser stays up until closeBrowser()). */
  close(): Promise<void>;
  /** Server functions called through google.script.run, in order; 'host.close' for google.script.host.close(). */
  calls: string[];
  /** Messages of alert/confirm/prompt dialogs the page opened (they are dismissed). */
  dialogs: string[];
  /** Uncaught exceptions thrown in the page. */
  pageErrors: string[];
  /** Requests the page tried to send to the network (blocked: the pages must work offline, no CDN). */
  blockedRequests: string[];
}

/** Options of openPage. */
export interface OpenPageOptions {
  /** Viewport width; default 300 for the sidebar (Sheets' sidebar width), 520 for the settings dialog (showSettings). */
  width?: number;
  /** Viewport height; default 800 for the sidebar, 680 for the settings dialog. */
  height?: number;
  /** Directory holding the built pages; default DIST_DIR. */
  distDir?: string;
  /** The browser's time zone (the page must use the spreadsheet's, not this); default 'UTC'. */
  timezoneId?: string;
  /** Real milliseconds each server call waits before answering, to model a slow server (in-flight guards). */
  latencyMs?: number;
  /** Runs after the shim is installed and before the page loads, e.g. page.clock.install({ time }). */
  beforeLoad?: (page: Page) => Promise<void>;
}

let browserPromise: Promise<Browser> | null = null;

/** The browser shared by every page of this test file (vitest's forks pool runs each file in its own process). */
function sharedBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: run "apt-get update && apt-get install -y chromium"`);
  }
  // Playwright's launch() already gives every browser a fresh temporary user-data-dir, deleted on close.
  browserPromise ??= chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  return browserPromise;
}

/** Closes the shared browser; call it in afterAll of every browser test file. */
export async function closeBrowser(): Promise<void> {
  const pending = browserPromise;
  browserPromise = null;
  if (pending) await (await pending).close();
}

/**
 * The outcome the page receives: the JSON result, or the failure message. runtime.run already JSON-clones
 * arguments and result as google.script.run does; an undefined result crosses as null.
 */
type ShimOutcome = { ok: true; json: string } | { ok: false; message: string };

function runInRuntime(runtime: PageRuntime, name: string, argsJson: string): ShimOutcome {
  const args: unknown = JSON.parse(argsJson);
  if (!Array.isArray(args)) return { ok: false, message: 'Invalid arguments' };
  let result: RunResult<unknown>;
  try {
    result = runtime.run(name, args);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (!result.ok) return { ok: false, message: result.error.message };
  return { ok: true, json: JSON.stringify(result.value ?? null) };
}

/**
 * Runs in the page before its own scripts: google.script.run as an immutable fluent runner (each
 * withSuccessHandler/withFailureHandler returns a new runner, like HtmlService's), answering asynchronously
 * through promises only, so Playwright's fake clock (page.clock.install) cannot hold the answers back.
 * Plain JavaScript text rather than a function: a function's source, as a TS loader (tsx, esbuild's keepNames)
 * rewrites it, may call helpers that do not exist in the page.
 */
const SHIM_SCRIPT = `(() => {
  const makeRunner = (success, failure) => new Proxy({}, {
    get(_target, prop) {
      if (prop === 'withSuccessHandler') return (h) => makeRunner(h, failure);
      if (prop === 'withFailureHandler') return (h) => makeRunner(success, h);
      if (prop === 'withUserObject') return () => makeRunner(success, failure);
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args) => {
        void window.__gasRun(prop, JSON.stringify(args)).then((outcome) => {
          if (outcome.ok) { if (success) success(JSON.parse(outcome.json)); return; }
          const error = new Error(outcome.message);
          error.name = 'ScriptError';
          if (failure) failure(error);
        });
      };
    },
  });
  window.google = { script: { run: makeRunner(null, null), host: { close: () => void window.__gasClose() } } };
})();`;

/**
 * Opens dist/<page>.html in a fresh browser context of the shared Chromium; google.script.run calls run the
 * named function in `runtime` (the local runtime on the built bundle, or a stub for page-only tests).
 */
export async function openPage(
  runtime: PageRuntime,
  page: 'sidebar' | 'settings',
  options: OpenPageOptions = {},
): Promise<OpenedPage> {
  const file = path.join(options.distDir ?? DIST_DIR, `${page}.html`);
  if (!existsSync(file)) throw new Error(`${file} not found: run "npm run build" first`);
  const isSidebar = page === 'sidebar';
  const browser = await sharedBrowser();
  const context = await browser.newContext({
    viewport: { width: options.width ?? (isSidebar ? 300 : 520), height: options.height ?? (isSidebar ? 800 : 680) },
    locale: 'pt-BR',
    timezoneId: options.timezoneId ?? 'UTC',
    acceptDownloads: true,
  });
  // Playwright's 30 s default is tight when every test file of the suite shares two cores.
  context.setDefaultTimeout(45_000);
  const opened: OpenedPage = {
    page: await context.newPage(),
    close: () => context.close(),
    calls: [],
    dialogs: [],
    pageErrors: [],
    blockedRequests: [],
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    opened.blockedRequests.push(url);
    return route.abort();
  });
  opened.page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  opened.page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  const latencyMs = options.latencyMs ?? 0;
  await opened.page.exposeFunction('__gasRun', async (name: string, argsJson: string): Promise<ShimOutcome> => {
    opened.calls.push(name);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return runInRuntime(runtime, name, argsJson);
  });
  await opened.page.exposeFunction('__gasClose', () => {
    opened.calls.push('host.close');
  });
  await opened.page.addInitScript({ content: SHIM_SCRIPT });
  if (options.beforeLoad) await options.beforeLoad(opened.page);
  await opened.page.goto(pathToFileURL(file).href);
  return opened;
}

/**
 * A beforeLoad hook installing Playwright's fake clock paused at `time` (ISO): the page's Date.now() stays there
 * until the test calls page.clock.fastForward/runFor, so real seconds spent loading on a busy machine never
 * count towards timers such as the sidebar's 30 s refresh. (pauseAt only moves forward, hence the earlier start.)
 */
export function pausedClock(time: string): (page: Page) => Promise<void> {
  return async (page) => {
    await page.clock.install({ time: Date.parse(time) - 60_000 });
    await page.clock.pauseAt(time);
  };
}

/** A server function's stand-in for stubRuntime: receives the JSON-cloned arguments. */
export type StubHandler = (...args: unknown[]) => unknown;

/**
 * A runtime answering from plain functions, for page-only tests (fixtures, errors) that do not need the
 * bundle; a handler that throws becomes a failure with its message. Unknown names fail like Apps Script.
 */
export function stubRuntime(handlers: Record<string, StubHandler>): PageRuntime {
  const stats = { calls: 0, callsByMethod: {}, modelledMs: 0, scriptCpuMs: 0 };
  return {
    run<T>(name: string, args: unknown[] = []): RunResult<T> {
      const handler = handlers[name];
      if (!handler) {
        return { ok: false, error: { name: 'ReferenceError', message: `Script function not found: ${name}` }, stats, logs: [] };
      }
      try {
        const cloned = JSON.parse(JSON.stringify(args)) as unknown[];
        const value = JSON.parse(JSON.stringify(handler(...cloned) ?? null)) as T;
        return { ok: true, value, stats, logs: [] };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { name: 'Error', message }, stats, logs: [] };
      }
    },
  };
}
