// Thin adapters from the ports in app/ports.ts to the Apps Script services. No logic lives here.
import type {
  CachePort,
  CellValue,
  Clock,
  HttpPort,
  HttpRequest,
  HttpResponse,
  KeyValueStore,
  LockPort,
  MailPort,
  SheetSnapshot,
  SpreadsheetPort,
  TriggerPort,
  UiPort,
} from '../app/ports';
import { NetworkError } from '../app/ports';
import { AUTOMATIC_FORMAT, guardBlock } from '../domain/cell-text';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => Utilities.sleep(Math.max(0, Math.round(ms))),
};

export function urlFetchHttp(): HttpPort {
  return {
    fetchAll(requests: HttpRequest[]): HttpResponse[] {
      if (requests.length === 0) return [];
      const params = requests.map(
        (r): GoogleAppsScript.URL_Fetch.URLFetchRequest => ({
          url: r.url,
          method: r.method ?? 'get',
          headers: r.headers ?? {},
          ...(r.payload === undefined ? {} : { payload: r.payload }),
          ...(r.contentType === undefined ? {} : { contentType: r.contentType }),
          // Status checks are ours: a 4xx/5xx must not throw and lose the other answers of the batch.
          muteHttpExceptions: true,
          followRedirects: true,
        }),
      );
      let responses: GoogleAppsScript.URL_Fetch.HTTPResponse[];
      try {
        responses = UrlFetchApp.fetchAll(params);
      } catch (error) {
        throw new NetworkError(error instanceof Error ? error.message : String(error));
      }
      return responses.map((response) => {
        const headers: Record<string, string> = {};
        const raw = response.getHeaders() as Record<string, unknown>;
        for (const name of Object.keys(raw)) headers[name.toLowerCase()] = String(raw[name]);
        return { status: response.getResponseCode(), body: response.getContentText(), headers };
      });
    },
  };
}

export function propertiesStore(properties: GoogleAppsScript.Properties.Properties): KeyValueStore {
  return {
    get: (key) => properties.getProperty(key),
    getMany(keys) {
      // One getProperties() call instead of one getProperty() per key (each costs ~30–60 ms).
      const all = properties.getProperties();
      const out: Record<string, string | null> = {};
      for (const key of keys) out[key] = Object.prototype.hasOwnProperty.call(all, key) ? (all[key] ?? null) : null;
      return out;
    },
    getAll: () => ({ ...properties.getProperties() }),
    setMany: (values) => {
      properties.setProperties(values, false);
    },
    delete: (key) => {
      properties.deleteProperty(key);
    },
  };
}

/**
 * Service objects asked for once per execution: each ask is a service call (5–10 ms), and a scheduled run builds the
 * ports several times (the sync, then each post-sync step). Module state lives as long as the execution.
 */
const asked: {
  book?: GoogleAppsScript.Spreadsheet.Spreadsheet;
  user?: GoogleAppsScript.Properties.Properties;
  document?: GoogleAppsScript.Properties.Properties;
  cache?: GoogleAppsScript.Cache.Cache;
} = {};

/** The active spreadsheet, asked for once per execution. */
export function activeBook(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  return (asked.book ??= SpreadsheetApp.getActiveSpreadsheet());
}

export function userStore(): KeyValueStore {
  return propertiesStore((asked.user ??= PropertiesService.getUserProperties()));
}

export function documentStore(): KeyValueStore {
  // Document properties exist for container-bound scripts and add-ons alike; fall back to script properties.
  const properties = (asked.document ??= PropertiesService.getDocumentProperties() ?? PropertiesService.getScriptProperties());
  return propertiesStore(properties);
}

export function documentCache(): CachePort {
  const cache = (asked.cache ??= CacheService.getDocumentCache() ?? CacheService.getScriptCache());
  return {
    getAll: (keys) => (keys.length === 0 ? {} : cache.getAll(keys)),
    putAll: (values, ttlSeconds) => {
      if (Object.keys(values).length > 0) cache.putAll(values, ttlSeconds);
    },
  };
}

/**
 * Whether this execution changed a sheet through these adapters since its last flush. Every sheet write of the add-on
 * goes through `activeSpreadsheet()` or `sheetRender()` (lint keeps Apps Script globals out of domain/ and app/), so
 * an execution that never set it has nothing for a flush to apply: the lock is released without one (an idle flush
 * is still a Sheets round trip, ~50 ms of a scheduled run that wrote nothing).
 */
let sheetWritesPending = false;

/** Records that a sheet was (or may have been) changed: the next lock release flushes. */
export function noteSheetWrite(): void {
  sheetWritesPending = true;
}

function flushSheets(): void {
  SpreadsheetApp.flush();
  sheetWritesPending = false;
}

export function documentLock(): LockPort {
  const lock = LockService.getDocumentLock() ?? LockService.getScriptLock();
  return {
    tryLock: (timeoutMs) => lock.tryLock(timeoutMs),
    release: () => {
      // Pending writes must land before another execution can read the sheet.
      if (sheetWritesPending) flushSheets();
      lock.releaseLock();
    },
  };
}

export function activeSpreadsheet(): SpreadsheetPort {
  const book = activeBook();
  const sheetCache = new Map<string, GoogleAppsScript.Spreadsheet.Sheet | null>();
  const gridSize = new Map<string, { rows: number; columns: number }>();
  const sheet = (name: string) => {
    if (!sheetCache.has(name)) sheetCache.set(name, book.getSheetByName(name));
    return sheetCache.get(name) ?? null;
  };
  return {
    timeZone: () => book.getSpreadsheetTimeZone(),
    readSheet(name): SheetSnapshot | null {
      const target = sheet(name);
      if (!target) return null;
      const values = target.getDataRange().getValues() as CellValue[][];
      const lastRow = values.length === 1 && values[0]?.length === 1 && values[0][0] === '' ? 0 : values.length;
      return { name, values: lastRow === 0 ? [] : values, lastRow, lastColumn: lastRow === 0 ? 0 : (values[0]?.length ?? 0) };
    },
    size(name) {
      const target = sheet(name);
      return target ? { lastRow: target.getLastRow(), lastColumn: target.getLastColumn() } : null;
    },
    readBlock(name, row, column, numRows, numColumns) {
      const target = sheet(name);
      if (!target || numRows <= 0 || numColumns <= 0) return [];
      return target.getRange(row, column, numRows, numColumns).getValues() as CellValue[][];
    },
    ensureSheet(name) {
      if (sheet(name)) return false;
      noteSheetWrite();
      const created = book.insertSheet(name);
      // A new tab is 1000 × 26 cells, all counting against the 10,000,000 of the spreadsheet: cut it to one cell and
      // let writeBlock grow it to exactly what is written ("Mensagens" is 12 columns wide, 14 empty ones per row add up).
      created.deleteRows(2, created.getMaxRows() - 1);
      created.deleteColumns(2, created.getMaxColumns() - 1);
      sheetCache.set(name, created);
      return true;
    },
    writeBlock(name, row, column, values, numberFormats) {
      const target = sheet(name);
      if (!target) throw new Error(`A aba "${name}" não existe.`);
      const numRows = values.length;
      const numColumns = values[0]?.length ?? 0;
      if (numRows === 0 || numColumns === 0) return;
      noteSheetWrite();
      // getRange beyond the grid throws: grow it first (a new sheet has 1000 rows and 26 columns). The grid size is
      // asked once per sheet and execution (a sync writes several blocks; only this adapter grows the grid).
      let grid = gridSize.get(name);
      if (!grid) {
        grid = { rows: target.getMaxRows(), columns: target.getMaxColumns() };
        gridSize.set(name, grid);
      }
      if (row + numRows - 1 > grid.rows) {
        target.insertRowsAfter(grid.rows, row + numRows - 1 - grid.rows);
        grid.rows = row + numRows - 1;
      }
      if (column + numColumns - 1 > grid.columns) {
        target.insertColumnsAfter(grid.columns, column + numColumns - 1 - grid.columns);
        grid.columns = column + numColumns - 1;
      }
      const range = target.getRange(row, column, numRows, numColumns);
      // Formats and values in the same write, one guard per cell: strings raw in plain-text cells, the rest
      // in their explicit format (setNumberFormats takes the whole matrix in one call).
      const block = guardBlock(values, (_, c) => numberFormats?.[c] ?? AUTOMATIC_FORMAT);
      range.setNumberFormats(block.formats);
      range.setValues(block.values);
    },
    flush: flushSheets,
    grids: () => book.getSheets().map((s) => ({ name: s.getName(), rows: s.getMaxRows(), columns: s.getMaxColumns() })),
    deleteRows(name, row, count) {
      const target = sheet(name);
      if (!target || count <= 0) return;
      noteSheetWrite();
      const maxRows = target.getMaxRows();
      // Sheets refuses to delete every non-frozen row ("not possible to delete all non-frozen rows"): when a block
      // reaches the grid's end from just under the frozen rows, one blank row is added first so one stays.
      if (row + count - 1 >= maxRows && row <= target.getFrozenRows() + 1) target.insertRowsAfter(maxRows, 1);
      target.deleteRows(row, count);
      // The grid shrank: a later writeBlock of this execution must ask its size again.
      gridSize.delete(name);
    },
  };
}

export function scriptTriggers(): TriggerPort {
  // An Editor add-on's project spans every document the user installed it in: getUserTriggers(spreadsheet) keeps a
  // save here from replacing another spreadsheet's sync trigger. A bound script belongs to this spreadsheet
  // alone, and getProjectTriggers() is the documented way to list its clock triggers. Whether getUserTriggers
  // lists an add-on's time-driven triggers is not documented: the ids this document installed are also looked up
  // among the project's triggers, so the add-on finds (and never duplicates) its trigger under either reading.
  const addOn = isEditorAddOn();
  const listed = (knownIds: readonly string[]) => {
    if (!addOn) return ScriptApp.getProjectTriggers();
    const mine = ScriptApp.getUserTriggers(SpreadsheetApp.getActiveSpreadsheet());
    const seen = new Set(mine.map((t) => t.getUniqueId()));
    const missing = knownIds.filter((id) => id !== '' && !seen.has(id));
    if (missing.length === 0) return mine;
    return [...mine, ...ScriptApp.getProjectTriggers().filter((t) => missing.includes(t.getUniqueId()))];
  };
  return {
    listTimeDriven: (knownIds = []) =>
      listed(knownIds)
        .filter((t) => t.getEventType() === ScriptApp.EventType.CLOCK)
        .map((t) => ({ id: t.getUniqueId(), handler: t.getHandlerFunction() })),
    remove(id) {
      const trigger = listed([id]).find((t) => t.getUniqueId() === id);
      if (trigger) ScriptApp.deleteTrigger(trigger);
    },
    installEvery(handler, minutes) {
      const builder = ScriptApp.newTrigger(handler).timeBased();
      return (minutes >= 60 ? builder.everyHours(Math.round(minutes / 60)) : builder.everyMinutes(minutes)).create().getUniqueId();
    },
  };
}

export function mailApp(): MailPort {
  return {
    remainingDailyQuota: () => MailApp.getRemainingDailyQuota(),
    send(message) {
      MailApp.sendEmail({
        to: message.to.join(','),
        subject: message.subject,
        body: message.body,
        htmlBody: message.htmlBody,
        ...(message.attachments
          ? {
              attachments: message.attachments.map((a) =>
                Utilities.newBlob(a.bytes, a.mimeType, a.fileName),
              ),
            }
          : {}),
      });
    },
  };
}

/** The spreadsheet UI, or null when there is none (time-driven triggers: getUi() throws there). */
export function spreadsheetUi(): UiPort | null {
  try {
    SpreadsheetApp.getUi();
  } catch {
    return null;
  }
  const book = SpreadsheetApp.getActiveSpreadsheet();
  return { toast: (message, title, timeoutSeconds) => book.toast(message, title ?? 'Chatvolt Analytics', timeoutSeconds ?? 5) };
}

/** True when running as an Editor add-on (Marketplace install): at most one hourly time-driven trigger. */
export function isEditorAddOn(): boolean {
  const source = ScriptApp.getInstallationSource();
  return source !== ScriptApp.InstallationSource.NONE;
}
