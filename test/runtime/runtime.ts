// The local runtime: persistent state plus one fresh node:vm context per execution, loaded with dist/Code.js.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format as formatLog } from 'node:util';
import vm from 'node:vm';
import type { CellValue } from '../../src/server/app/ports';
import { ChartsService, gridA1 } from './charts';
import { Execution, type ExecutionSettings, GasObject } from './execution';
import { HttpClient } from './http-client';
import type { ChartRecord, ConditionalFormatRecord, ExecutionStats, LocalRuntime, LocalSpreadsheetInspector, RunOptions, RunResult, RuntimeOptions } from './index';
import { EXECUTION_LIMIT_MS, SIMPLE_TRIGGER_LIMIT_MS } from './latency';
import { Range, SpreadsheetApp } from './spreadsheet-app';
import { BookModel, type SheetModel } from './sheet-model';
import type { RuntimeState } from './state';
import { CacheService, LockService, PropertiesService } from './stores';
import { ScriptApp } from './script-app';
import { HtmlService } from './ui';
import { UrlFetchApp } from './url-fetch';
import { Logger, MailApp, Session, Utilities } from './utilities';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Real-time guard against a script stuck in a loop (modelled time only advances on service calls). */
const REAL_TIME_GUARD_MS = 120_000;

/**
 * A context whose global is an ordinary object: global lookups (Date, Math, Array…) are several times faster than
 * through a contextified sandbox's interceptors, which matters for benchmarks of large sheets.
 */
function newContext(): vm.Context {
  return vm.createContext(vm.constants.DONT_CONTEXTIFY) as vm.Context;
}

/** Globals of a node:vm context that Apps Script does not have (a bundle using them must fail here too). */
const MISSING_GLOBALS = ['console', 'SharedArrayBuffer', 'Atomics'];

// Replaces the context's Date so that `new Date()` and `Date.now()` read the virtual clock; Date.prototype stays
// the same object, so `instanceof Date` holds for every date of the context.
const CLOCK_PATCH = `(function (now) {
  const RealDate = Date;
  // Fixed arities instead of rest/spread: large sheets create many dates, and this stays on V8's fast path.
  function VirtualDate(a, b, c, d, e, f, g) {
    if (!new.target) return new RealDate(now()).toString();
    let date;
    switch (arguments.length) {
      case 0: date = new RealDate(now()); break;
      case 1: date = new RealDate(a); break;
      case 2: date = new RealDate(a, b); break;
      case 3: date = new RealDate(a, b, c); break;
      case 4: date = new RealDate(a, b, c, d); break;
      case 5: date = new RealDate(a, b, c, d, e); break;
      case 6: date = new RealDate(a, b, c, d, e, f); break;
      default: date = new RealDate(a, b, c, d, e, f, g);
    }
    if (new.target !== VirtualDate) Object.setPrototypeOf(date, new.target.prototype);
    return date;
  }
  Object.setPrototypeOf(VirtualDate, RealDate);
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = () => now();
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });
  Object.defineProperty(VirtualDate, 'length', { value: 7 });
  Object.defineProperty(RealDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true });
  globalThis.Date = VirtualDate;
})`;

const CALL_SCRIPT = `(function () {
  const call = globalThis.__localRuntimeCall;
  delete globalThis.__localRuntimeCall;
  const fn = globalThis[call.name];
  const result = fn.apply(null, call.event ? [call.event] : JSON.parse(call.args));
  return result === undefined ? undefined : JSON.stringify(result);
})()`;

function emptyStats(): ExecutionStats {
  return { calls: 0, callsByMethod: {}, modelledMs: 0, scriptCpuMs: 0 };
}

interface CompiledBundle {
  script: vm.Script;
  stamp: string;
}

/** Builds a LocalRuntime; see index.ts for the contract. */
export function createLocalRuntime(options: RuntimeOptions): LocalRuntime {
  const distDir = options.distDir ?? path.join(REPO_ROOT, 'dist');
  const state: RuntimeState = {
    clockMs: Date.parse(options.now ?? '2026-03-15T12:00:00.000Z'),
    scriptTimeZone: options.scriptTimeZone ?? 'America/Sao_Paulo',
    installation: options.installation ?? 'bound',
    readings: {
      clearRemovesCharts: options.readings?.clearRemovesCharts === true,
      userTriggersOmitClock: options.readings?.userTriggersOmitClock === true,
    },
    defaultUser: options.user ?? 'analista@example.com',
    distDir,
    mailQuota: options.mailQuota ?? 100,
    addonName: options.addonName ?? 'Chatvolt Analytics',
    book: new BookModel(
      options.timeZone ?? 'America/Sao_Paulo',
      '1LocalRuntimeSpreadsheetId0000000000000000000',
      'Chatvolt Analytics (local)',
      options.locale ?? 'en_US',
    ),
    userProperties: new Map(),
    documentProperties: new Map(),
    scriptProperties: new Map(),
    caches: new Map(),
    locks: new Map(),
    triggers: [],
    nextTriggerId: 1,
    mail: [],
    mailUsed: new Map(),
    urlFetchDailyQuota: options.urlFetchDailyQuota ?? 20_000,
    urlFetchUsed: new Map(),
    ui: { menus: [], toasts: [], sidebars: [], dialogs: [], alerts: [] },
    http: new HttpClient(),
    executionNumber: 0,
  };
  const httpTimeoutMs = options.httpTimeoutMs ?? 60_000;
  const allowExternalHttp = options.allowExternalHttp ?? false;
  const totals = emptyStats();
  const triggerDailyMs = options.triggerDailyMs ?? 90 * 60 * 1000;
  /** Modelled time of time-driven executions per virtual day (yyyy-mm-dd UTC). */
  const triggerUsed = new Map<string, number>();
  const today = () => new Date(state.clockMs).toISOString().slice(0, 10);
  let compiled: CompiledBundle | null = null;

  function bundle(): vm.Script {
    const file = path.join(distDir, 'Code.js');
    if (!fs.existsSync(file)) throw new Error(`local runtime: ${file} is missing; run \`npm run build\` first`);
    const stat = fs.statSync(file);
    const stamp = `${stat.mtimeMs}:${stat.size}`;
    if (!compiled || compiled.stamp !== stamp) compiled = { script: new vm.Script(fs.readFileSync(file, 'utf8'), { filename: 'Code.js' }), stamp };
    return compiled.script;
  }

  function run<T>(functionName: string, args: unknown[] = [], runOptions: RunOptions = {}): RunResult<T> {
    const script = bundle();
    const day = today();
    if (runOptions.trigger === 'time' && (triggerUsed.get(day) ?? 0) >= triggerDailyMs)
      return {
        ok: false,
        error: { name: 'Exception', message: 'Service using too much computer time for one day' },
        stats: emptyStats(),
        logs: [],
      };
    const context = newContext();
    for (const name of MISSING_GLOBALS) Reflect.deleteProperty(context, name);
    (vm.runInContext(CLOCK_PATCH, context) as (now: () => number) => void)(() => state.clockMs);
    const trigger = runOptions.trigger ?? 'ui';
    const settings: ExecutionSettings = {
      authMode: runOptions.authMode ?? 'FULL',
      trigger,
      user: runOptions.user ?? state.defaultUser,
      abortAtCall: runOptions.abortAtCall,
      limitMs: trigger === 'simple' ? SIMPLE_TRIGGER_LIMIT_MS : EXECUTION_LIMIT_MS,
    };
    state.executionNumber += 1;
    const exec = new Execution(settings, context, (ms) => {
      state.clockMs += ms;
    });
    const globals: Record<string, GasObject> = {
      SpreadsheetApp: new SpreadsheetApp(exec, state),
      Charts: new ChartsService(exec),
      HtmlService: new HtmlService(exec, state),
      PropertiesService: new PropertiesService(exec, state),
      CacheService: new CacheService(exec, state),
      LockService: new LockService(exec, state),
      ScriptApp: new ScriptApp(exec, state),
      Session: new Session(exec, state),
      Utilities: new Utilities(exec),
      Logger: new Logger(exec),
      MailApp: new MailApp(exec, state),
      UrlFetchApp: new UrlFetchApp(exec, state, httpTimeoutMs, allowExternalHttp),
    };
    for (const [name, service] of Object.entries(globals)) context[name] = exec.expose(service);
    // console is not a service: not counted, not subject to the authorization mode.
    const log = (...parts: unknown[]) => {
      exec.logs.push(formatLog(...parts));
    };
    context.console = exec.toScript({ log, info: log, warn: log, error: log, debug: log });

    let outcome: { ok: true; value: T } | { ok: false; error: { name: string; message: string } };
    // Apps Script runs JavaScript in the script (manifest) time zone: getHours(), toString() and Intl default to it.
    // TZ is process-wide, so it is set only for the duration of this synchronous execution.
    const processTimeZone = process.env.TZ;
    process.env.TZ = state.scriptTimeZone;
    // Every Apps Script execution starts with a fresh heap: collect the garbage earlier executions (and the test
    // around them) left, when the process allows it (node --expose-gc, as `npm run bench` runs), so it is not
    // charged to this execution's script CPU.
    (globalThis as { gc?: () => void }).gc?.();
    const cpuStart = process.cpuUsage();
    try {
      script.runInContext(context, { timeout: REAL_TIME_GUARD_MS });
      // Names ending in '_' are private: menus, triggers and google.script.run cannot reach them.
      if (functionName.endsWith('_') || typeof context[functionName] !== 'function')
        throw new Error(`Script function not found: ${functionName}`);
      const edit = runOptions.editEvent;
      const target = edit ? book.find(edit.sheet) : undefined;
      const event =
        edit && target
          ? exec.toScript({
              authMode: settings.authMode,
              user: settings.user,
              source: (globals.SpreadsheetApp as SpreadsheetApp).getActiveSpreadsheet(),
              range: new Range(exec, state, { sheet: target, row: edit.row, column: edit.column, numRows: edit.numRows, numColumns: edit.numColumns }),
            })
          : undefined;
      context.__localRuntimeCall = { name: functionName, args: JSON.stringify(args), event };
      const json = vm.runInContext(CALL_SCRIPT, context, { timeout: REAL_TIME_GUARD_MS }) as string | undefined;
      outcome = { ok: true, value: (json === undefined ? undefined : JSON.parse(json)) as T };
    } catch (error) {
      const e = error as { name?: unknown; message?: unknown } | null;
      outcome = {
        ok: false,
        error:
          typeof e === 'object' && e !== null
            ? { name: String(e.name ?? 'Error'), message: String(e.message ?? '') }
            : { name: 'Error', message: String(error) },
      };
    } finally {
      if (processTimeZone === undefined) delete process.env.TZ;
      else process.env.TZ = processTimeZone;
      // The end of an execution releases its locks and commits its writes.
      for (const [name, holder] of [...state.locks]) if (holder === state.executionNumber) state.locks.delete(name);
      state.book.pendingWrites = false;
    }
    // A killed execution fails even when the script caught the abort.
    if (exec.abort) outcome = { ok: false, error: { ...exec.abort } };
    if (trigger === 'time') triggerUsed.set(day, (triggerUsed.get(day) ?? 0) + exec.modelledMs);
    const cpu = process.cpuUsage(cpuStart);
    const scriptCpuMs = Math.max(0, cpu.user + cpu.system - exec.serviceCpuMicros) / 1000;
    const stats: ExecutionStats = { calls: exec.calls, callsByMethod: { ...exec.callsByMethod }, modelledMs: exec.modelledMs, scriptCpuMs };
    totals.calls += stats.calls;
    totals.modelledMs += stats.modelledMs;
    totals.scriptCpuMs += stats.scriptCpuMs;
    for (const [k, v] of Object.entries(stats.callsByMethod)) totals.callsByMethod[k] = (totals.callsByMethod[k] ?? 0) + v;
    return { ...outcome, stats, logs: [...exec.logs] };
  }

  const book = state.book;
  const sheetOrNull = (name: string): SheetModel | undefined => book.find(name);
  const inspector: LocalSpreadsheetInspector = {
    get timeZone() {
      return book.timeZone;
    },
    set timeZone(zone: string) {
      book.timeZone = zone;
    },
    sheetNames: () => book.sheets.map((s) => s.name),
    values(name) {
      const sheet = sheetOrNull(name);
      if (!sheet) return [];
      const rows = sheet.lastRow();
      const columns = sheet.lastColumn();
      const out: CellValue[][] = [];
      for (let r = 1; r <= rows; r += 1) {
        const line: CellValue[] = [];
        for (let c = 1; c <= columns; c += 1) line.push(sheet.read(r, c, book.timeZone));
        out.push(line);
      }
      return out;
    },
    cell(name, row, column) {
      const cell = sheetOrNull(name)?.cell(row, column);
      if (!cell) return { value: '', formula: null, numberFormat: 'General' };
      const value = cell.formula === null ? (sheetOrNull(name) as SheetModel).read(row, column, book.timeZone) : '';
      return { value, formula: cell.formula, numberFormat: cell.numberFormat };
    },
    formulas: () => book.formulaLog.map((f) => ({ ...f })),
    charts(name): ChartRecord[] {
      const sheet = sheetOrNull(name);
      return (sheet?.charts ?? []).map((c) => ({
        id: `u${c.id}`,
        type: c.type,
        ranges: c.ranges.map((g) => gridA1(g, sheet as SheetModel)),
        options: Object.fromEntries(c.options),
        numHeaders: c.numHeaders,
        anchorRow: c.anchorRow,
        anchorColumn: c.anchorColumn,
        offsetX: c.offsetX,
        offsetY: c.offsetY,
      }));
    },
    conditionalFormatRules(name): ConditionalFormatRecord[] {
      const sheet = sheetOrNull(name);
      return (sheet?.rules ?? []).map((r) => ({
        ranges: r.ranges.map((g) => gridA1(g, sheet as SheetModel)),
        condition: r.condition ? { type: r.condition.type, values: [...r.condition.values] } : null,
        gradient: r.gradient ? { ...r.gradient } : null,
        format: { ...r.format },
      }));
    },
    frozenRows: (name) => sheetOrNull(name)?.frozenRows ?? 0,
    grid(name) {
      const sheet = sheetOrNull(name);
      return sheet ? { rows: sheet.maxRows, columns: sheet.maxColumns } : null;
    },
    setGrid(name, rows, columns) {
      const sheet = sheetOrNull(name) ?? book.addSheet(name);
      sheet.maxRows = rows;
      sheet.maxColumns = columns;
    },
    totalCells: () => book.totalCells(),
    seed(name, rows, seedOptions) {
      const sheet = sheetOrNull(name) ?? book.addSheet(name);
      sheet.rows = [];
      // A loop, not Math.max(...rows): spreading 200,000 arguments overflows the stack.
      let width = 0;
      for (const r of rows) width = Math.max(width, r.length);
      if (rows.length > sheet.maxRows) sheet.maxRows = rows.length;
      if (width > sheet.maxColumns) sheet.maxColumns = width;
      seedOptions?.numberFormats?.forEach((line, r) =>
        line.forEach((format, c) => {
          if (format !== '') sheet.ensureCell(r + 1, c + 1).numberFormat = format;
        }),
      );
      rows.forEach((line, r) => line.forEach((value, c) => book.write(sheet, r + 1, c + 1, value, seedOptions?.typed === true)));
      book.pendingWrites = false;
    },
  };

  return {
    run,
    call<T>(functionName: string, ...args: unknown[]): T {
      const result = run<T>(functionName, args);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    },
    clock: {
      now: () => new Date(state.clockMs),
      set(iso: string) {
        const ms = Date.parse(iso);
        if (Number.isNaN(ms)) throw new Error(`local runtime: invalid clock time ${iso}`);
        state.clockMs = ms;
      },
      advance(ms: number) {
        state.clockMs += ms;
      },
    },
    book: inspector,
    properties: {
      user(email?: string) {
        const key = email ?? state.defaultUser;
        let store = state.userProperties.get(key);
        if (!store) {
          store = new Map();
          state.userProperties.set(key, store);
        }
        return store;
      },
      document: state.documentProperties,
      script: state.scriptProperties,
    },
    cache: {
      evictAll() {
        for (const store of state.caches.values()) store.clear();
      },
      /** Evicts the entries whose key passes `test` (CacheService may drop any entry early). */
      evictWhere(test: (key: string) => boolean) {
        for (const store of state.caches.values()) for (const key of [...store.keys()]) if (test(key)) store.delete(key);
      },
      size() {
        let n = 0;
        for (const store of state.caches.values()) for (const entry of store.values()) if (entry.expiresAt > state.clockMs) n += 1;
        return n;
      },
    },
    triggers: state.triggers,
    mail: state.mail,
    ui: state.ui,
    holdDocumentLock() {
      if (state.locks.has('document')) throw new Error('local runtime: the document lock is already held');
      state.locks.set('document', 'external');
      return () => {
        if (state.locks.get('document') === 'external') state.locks.delete('document');
      };
    },
    editAsUser(name, row, column, values) {
      const sheet = sheetOrNull(name);
      if (!sheet) throw new Error(`local runtime: no sheet ${name}`);
      // A person types only inside the grid: past its end they first add rows or columns (the "Adicionar" button at
      // the bottom of the sheet), which this models. The add-on sizes its tabs to content, so a typed row is past it.
      const width = Math.max(0, ...values.map((line) => line.length));
      if (row + values.length - 1 > sheet.maxRows) sheet.maxRows = row + values.length - 1;
      if (column + width - 1 > sheet.maxColumns) sheet.maxColumns = column + width - 1;
      values.forEach((line, r) => line.forEach((value, c) => book.write(sheet, row + r, column + c, value, true)));
      book.pendingWrites = false;
      if (!this.topLevelFunctions().includes('onEdit')) return null;
      const numColumns = Math.max(1, ...values.map((line) => line.length));
      return run('onEdit', [], {
        trigger: 'simple',
        authMode: 'LIMITED',
        editEvent: { sheet: name, row, column, numRows: Math.max(1, values.length), numColumns },
      });
    },
    topLevelFunctions() {
      // Loaded without services: only declarations matter, and a top-level call into a service would fail.
      const pristine = new Set(Object.getOwnPropertyNames(newContext()));
      const context = newContext();
      bundle().runInContext(context, { timeout: REAL_TIME_GUARD_MS });
      return Object.getOwnPropertyNames(context)
        .filter((name) => !pristine.has(name) && typeof context[name] === 'function')
        .sort();
    },
    totals: () => ({ calls: totals.calls, callsByMethod: { ...totals.callsByMethod }, modelledMs: totals.modelledMs, scriptCpuMs: totals.scriptCpuMs }),
    dispose() {
      state.http.dispose();
    },
  };
}
