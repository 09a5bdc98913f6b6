// Ports: the only way use cases reach Apps Script services. Adapters in src/server/adapters implement them.
import type { CellValue } from '../domain/cell-text';

/** A cell as `getValues()` returns it (defined in the domain, re-exported for the adapters and use cases). */
export type { CellValue };

/** One HTTP request, as UrlFetchApp.fetchAll takes it (always with muteHttpExceptions). */
export interface HttpRequest {
  url: string;
  method?: 'get' | 'post';
  headers?: Record<string, string>;
  payload?: string;
  contentType?: string;
}

export interface HttpResponse {
  status: number;
  body: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

/** Thrown by HttpPort when the request never got an HTTP answer (DNS, timeout, refused, invalid URL). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export interface HttpPort {
  /** Sends all requests in parallel (UrlFetchApp.fetchAll); results in request order. Throws NetworkError. */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}

/** Wall clock and sleeping (Date.now / Utilities.sleep). Domain code never reads the clock itself. */
export interface Clock {
  now(): number;
  sleep(ms: number): void;
}

/** A string key-value store (PropertiesService user/document properties). 9 KB a value, 500 KB a store. */
export interface KeyValueStore {
  get(key: string): string | null;
  getMany(keys: string[]): Record<string, string | null>;
  /** Every property, in the same one call (getProperties): for keys only known by a prefix (the loose edit entries). */
  getAll(): Record<string, string>;
  /** One call for several keys (Properties.setProperties without deleting others). */
  setMany(values: Record<string, string>): void;
  delete(key: string): void;
}

/** CacheService: values up to 100 KB, TTL up to 6 h, entries may vanish early. */
export interface CachePort {
  getAll(keys: string[]): Record<string, string>;
  putAll(values: Record<string, string>, ttlSeconds: number): void;
}

export interface LockPort {
  /** Waits up to `timeoutMs`; false when another execution holds it. */
  tryLock(timeoutMs: number): boolean;
  /** Flushes pending sheet writes, then releases. */
  release(): void;
}

/** A sheet's used area read in one call. `values[0]` is the header row when the sheet is not empty. */
export interface SheetSnapshot {
  name: string;
  values: CellValue[][];
  lastRow: number;
  lastColumn: number;
}

/** The add-on's view of the spreadsheet: whole-table reads and block writes, never per-row calls. */
export interface SpreadsheetPort {
  timeZone(): string;
  /** null when the sheet does not exist. */
  readSheet(name: string): SheetSnapshot | null;
  /**
   * The sheet's last row and column with content (getLastRow/getLastColumn) without reading any value; null when
   * the sheet does not exist. Optional so existing fakes stay valid; the dashboard cache keys on it when present.
   */
  size?(name: string): { lastRow: number; lastColumn: number } | null;
  /** Reads a block (1-based row/column, like getRange(row, col, numRows, numCols).getValues()). */
  readBlock(name: string, row: number, column: number, numRows: number, numColumns: number): CellValue[][];
  /** Creates the sheet when missing, with a one-cell grid that writeBlock grows to content. Returns true if it was created. */
  ensureSheet(name: string): boolean;
  /**
   * Writes a rectangular block with one setNumberFormats and one setValues call, growing the sheet when needed.
   * One guard per cell (`guardBlock`): a string goes into a plain-text cell as written, so it reads back exactly
   * (never a formula, number or date); other values get `numberFormats[column]` (one per column of the block;
   * automatic when absent), a Date stays a date cell.
   */
  writeBlock(
    name: string,
    row: number,
    column: number,
    values: CellValue[][],
    numberFormats?: string[],
  ): void;
  /** Makes pending writes visible (SpreadsheetApp.flush); call only before releasing a lock or returning to a UI. */
  flush(): void;
  /**
   * Every tab's grid (getMaxRows × getMaxColumns, empty cells included: what Sheets counts against its 10,000,000
   * cells). Costs one call per tab and per dimension: the capacity model calls it at most hourly.
   */
  grids?(): Array<{ name: string; rows: number; columns: number }>;
  /** Deletes `count` whole rows from `row` (1-based) in one call (Sheet.deleteRows). */
  deleteRows?(name: string, row: number, count: number): void;
}

/** Time-driven triggers of this script for the current user and document. */
export interface TriggerPort {
  /**
   * The installed time-driven triggers with their handlers. `knownIds` are triggers this document installed
   * before: they are listed even where the platform's per-document listing would leave them out.
   */
  listTimeDriven(knownIds?: readonly string[]): Array<{ id: string; handler: string }>;
  remove(id: string): void;
  /** everyMinutes(n) for n in 1,5,10,15,30; everyHours(n/60) for n >= 60. Returns the new trigger's id. */
  installEvery(handler: string, minutes: number): string;
}

/** Outgoing e-mail (MailApp). */
export interface MailPort {
  remainingDailyQuota(): number;
  send(message: {
    to: string[];
    subject: string;
    htmlBody: string;
    body: string;
    attachments?: Array<{ fileName: string; mimeType: string; bytes: number[] }>;
  }): void;
}

/** The UI when one exists (menu, sidebar and dialogs, toasts). Absent in trigger runs. */
export interface UiPort {
  toast(message: string, title?: string, timeoutSeconds?: number): void;
}
