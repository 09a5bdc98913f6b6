// Public API of the local Apps Script runtime: runs the built dist/Code.js in node:vm with faithful in-memory services.
import type { CellValue } from '../../src/server/app/ports';
import { createLocalRuntime } from './runtime';

export type { CellValue };

/** Options of one runtime (one spreadsheet, one script project, one set of users). */
export interface RuntimeOptions {
  /** Spreadsheet time zone, default 'America/Sao_Paulo'. */
  timeZone?: string;
  /** Spreadsheet locale for typed input: 'en_US' (default: 1,234.5 and M/d/yyyy) or 'pt_BR' (1.234,5 and d/M/yyyy). */
  locale?: 'en_US' | 'pt_BR';
  /** Manifest (script) time zone, default 'America/Sao_Paulo'. */
  scriptTimeZone?: string;
  /** ScriptApp.getInstallationSource(): 'bound' → NONE, 'addon' → ADD_ON. Default 'bound'. */
  installation?: 'bound' | 'addon';
  /** ISO start of the virtual clock, default '2026-03-15T12:00:00.000Z'. */
  now?: string;
  /** Active user e-mail, default 'analista@example.com'. */
  user?: string;
  /** Directory holding Code.js and the *.html pages, default <repo>/dist. */
  distDir?: string;
  /** MailApp daily recipients, default 100. */
  mailQuota?: number;
  /** Real timeout of one UrlFetch request (then "Timeout: <url>"), default 60,000 ms. */
  httpTimeoutMs?: number;
  /** UrlFetch requests a virtual UTC day, default 20,000 (free account); past it: "Service invoked too many times for one day: urlfetch." */
  urlFetchDailyQuota?: number;
  /** Modelled time of time-driven executions a virtual UTC day, default 90 min (free account). */
  triggerDailyMs?: number;
  /** Title Sheets shows for createAddonMenu() (it comes from the Marketplace listing), default 'Chatvolt Analytics'. */
  addonName?: string;
  /** Lets UrlFetchApp reach non-loopback hosts; default false (tests stay offline: "DNS error: <url>"). */
  allowExternalHttp?: boolean;
  /**
   * The other reading of behaviours modelled by assumption (README, "Behaviours modelled by assumption"), to test
   * that the add-on is right under it too: `clearRemovesCharts` (Sheet.clear() also deletes embedded charts),
   * `userTriggersOmitClock` (ScriptApp.getUserTriggers(spreadsheet) does not list time-driven triggers).
   */
  readings?: { clearRemovesCharts?: boolean; userTriggersOmitClock?: boolean };
}

/** Options of one execution. */
export interface RunOptions {
  /** Default FULL; NONE: every service but the UI/menu throws like Apps Script. */
  authMode?: 'NONE' | 'LIMITED' | 'FULL';
  /** Default 'ui'; 'time': SpreadsheetApp.getUi() throws "Cannot call SpreadsheetApp.getUi() from this context." */
  trigger?: 'ui' | 'time' | 'simple';
  /** Active user of this execution (defaults to the runtime's user). */
  user?: string;
  /** Fault switch: the N-th service call (1-based) throws an abort that ends the execution (a crash / kill). */
  abortAtCall?: number;
  /**
   * The call is a spreadsheet trigger: its one argument is the event object `{ authMode, source, range, user }` whose
   * `range` is this block (1-based), as Sheets builds it for onEdit (the `args` are then ignored).
   */
  editEvent?: { sheet: string; row: number; column: number; numRows: number; numColumns: number };
}

/** Service usage of one execution (or of all executions, see LocalRuntime.totals). */
export interface ExecutionStats {
  calls: number;
  /** Keys like 'Range.setValues', 'UrlFetchApp.fetchAll', 'Properties.getProperty'. */
  callsByMethod: Record<string, number>;
  /** Modelled service time in ms (see latency.ts): per call, per cell, per KB of payload, plus real HTTP time. */
  modelledMs: number;
  /**
   * Node CPU time (ms) of the script itself: the execution's CPU minus the time spent inside service calls (the
   * runtime's own work, the fake server's answers). Not on the virtual clock (it varies run to run); the benchmarks
   * add it × SCRIPT_CPU_FACTOR (latency.ts) as the Apps Script compute estimate.
   */
  scriptCpuMs: number;
}

/** Outcome of one execution. */
export type RunResult<T> =
  | { ok: true; value: T; stats: ExecutionStats; logs: string[] }
  | { ok: false; error: { name: string; message: string }; stats: ExecutionStats; logs: string[] };

/** A chart as inserted in a sheet. */
export interface ChartRecord {
  id: string;
  type: string;
  /** A1 notations of the chart's ranges, in order. */
  ranges: string[];
  options: Record<string, unknown>;
  /** From setNumHeaders; null when never set. */
  numHeaders: number | null;
  anchorRow: number;
  anchorColumn: number;
  offsetX: number;
  offsetY: number;
}

/** A conditional format rule as set on a sheet. */
export interface ConditionalFormatRecord {
  /** A1 notations of the rule's ranges. */
  ranges: string[];
  /** Boolean condition (e.g. 'NUMBER_GREATER_THAN') with its values, or null for a gradient rule. */
  condition: { type: string; values: unknown[] } | null;
  /** Gradient points (min/mid/max) or null for a boolean rule. */
  gradient: {
    min?: { color: string; type: string; value: string };
    mid?: { color: string; type: string; value: string };
    max?: { color: string; type: string; value: string };
  } | null;
  /** Formatting applied by a boolean rule. */
  format: { background?: string; fontColor?: string; bold?: boolean; italic?: boolean };
}

/** Read access (and seeding) of the runtime's spreadsheet from the test's side. */
export interface LocalSpreadsheetInspector {
  /** Spreadsheet time zone (settable). */
  timeZone: string;
  sheetNames(): string[];
  /** Like getDataRange().getValues(); [] for a missing or empty sheet. */
  values(sheet: string): CellValue[][];
  cell(sheet: string, row: number, column: number): { value: CellValue; formula: string | null; numberFormat: string };
  /** Every formula ever written (injection tests). */
  formulas(): Array<{ sheet: string; row: number; column: number; formula: string }>;
  charts(sheet: string): ChartRecord[];
  conditionalFormatRules(sheet: string): ConditionalFormatRecord[];
  frozenRows(sheet: string): number;
  /** The tab's grid (max rows × max columns, what counts against the 10,000,000 cells), or null when absent. */
  grid(sheet: string): { rows: number; columns: number } | null;
  /** Test setup: creates the tab when missing and sets its grid (a team's own tab, empty cells counting), unchecked. */
  setGrid(sheet: string, rows: number, columns: number): void;
  /** Grid cells of every tab together. */
  totalCells(): number;
  /**
   * Creates or replaces a sheet's content from row 1. typed: true parses strings like a person typing (Make/user rows);
   * false stores values as given. numberFormats (same shape as rows, '' = untouched) are set first, so a typed string
   * in an '@' cell stays as written.
   */
  seed(sheet: string, rows: CellValue[][], options?: { typed?: boolean; numberFormats?: string[][] }): void;
}

/** A local Apps Script project bound to one in-memory spreadsheet. */
export interface LocalRuntime {
  /** One execution: a fresh node:vm context loads distDir/Code.js, then calls the top-level function. Args and result are JSON-cloned (google.script.run semantics). */
  run<T = unknown>(functionName: string, args?: unknown[], options?: RunOptions): RunResult<T>;
  /** run() with default options; returns the value or throws an Error with the execution's message. */
  call<T = unknown>(functionName: string, ...args: unknown[]): T;
  /** Virtual wall clock: Date.now()/new Date() inside executions read it; modelled service time advances it. */
  readonly clock: { now(): Date; set(iso: string): void; advance(ms: number): void };
  readonly book: LocalSpreadsheetInspector;
  readonly properties: { user(email?: string): Map<string, string>; document: Map<string, string>; script: Map<string, string> };
  readonly cache: { evictAll(): void; evictWhere(test: (key: string) => boolean): void; size(): number };
  readonly triggers: ReadonlyArray<{ id: string; handler: string; type: 'CLOCK'; everyMinutes?: number; everyHours?: number; user: string }>;
  readonly mail: ReadonlyArray<{ to: string; subject: string; body: string; htmlBody?: string; attachments: Array<{ name: string; contentType: string; size: number }> }>;
  readonly ui: {
    menus: ReadonlyArray<{ title: string; addon: boolean; items: Array<{ label: string; functionName: string }> }>;
    toasts: ReadonlyArray<{ message: string; title: string }>;
    sidebars: ReadonlyArray<{ file: string; title: string; html: string }>;
    dialogs: ReadonlyArray<{ file: string; title: string; html: string; width?: number; height?: number }>;
    /** Ui.alert calls (answered with OK). */
    alerts: ReadonlyArray<{ title: string; prompt: string }>;
  };
  /** Another execution holds the document lock until the returned function is called. */
  holdDocumentLock(): () => void;
  /**
   * A person types `values` into the sheet at (row, column) (parsed as typed input, like the Sheets UI), then Sheets
   * fires the `onEdit` simple trigger (AuthMode.LIMITED, 30 s limit) when Code.js defines one: its result, or null.
   * Script and API writes (`book.seed`, any service call) fire nothing, as on Apps Script.
   */
  editAsUser(sheet: string, row: number, column: number, values: CellValue[][]): RunResult<unknown> | null;
  /** Names of the functions Code.js defines at top level (what menus, triggers and google.script.run can reach), sorted. */
  topLevelFunctions(): string[];
  /** Stats accumulated over all executions. */
  totals(): ExecutionStats;
  /** Stops the HTTP worker thread (call in afterAll). */
  dispose(): void;
}

/** Creates a runtime with an empty spreadsheet (one sheet 'Página1'), empty stores and the virtual clock at `options.now`. */
export function createRuntime(options: RuntimeOptions = {}): LocalRuntime {
  return createLocalRuntime(options);
}
