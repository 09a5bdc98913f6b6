// The log of rows people edited in "Conversas" (written by the onEdit simple trigger), read by the snapshot's catch-up.
import { parseStoredObject } from '../domain/stored-json';
import type { KeyValueStore } from './ports';

/** Document Properties key of the log. */
export const EDIT_LOG_KEY = 'snapshot.edits';
/** Entries kept: a snapshot that missed more edits than this is rebuilt (the log stays far below 9 KB). */
export const EDIT_LOG_LENGTH = 60;

/** `n`: edits logged so far; `log`: the last ones, `[n, fromRow, toRow]` (sheet rows, 1 = header). */
export interface EditLog {
  n: number;
  log: Array<[n: number, from: number, to: number]>;
}

/** The stored log; an unreadable one, or one with a damaged entry, counts as empty (then every snapshot is rebuilt). */
export function parseEditLog(raw: string | null): EditLog {
  const parsed = parseStoredObject(raw);
  const empty: EditLog = { n: 0, log: [] };
  if (parsed === null || !Number.isInteger(parsed.n) || !Array.isArray(parsed.log)) return empty;
  // An entry that is not three whole numbers would read as an edit absorbed without re-reading any row.
  const valid = parsed.log.every((entry) => Array.isArray(entry) && entry.length === 3 && entry.every((v) => Number.isInteger(v)));
  return valid ? { n: parsed.n as number, log: parsed.log as EditLog['log'] } : empty;
}

/** The log with one more edited stretch of rows. */
export function appendEdit(log: EditLog, from: number, to: number): EditLog {
  const n = log.n + 1;
  return { n, log: [...log.log, [n, from, to] as [number, number, number]].slice(-EDIT_LOG_LENGTH) };
}

/**
 * The stretches edited after entry `absorbed`, or null when some are no longer in the log (or the log was reset):
 * the caller must then rebuild.
 */
export function pendingEdits(log: EditLog, absorbed: number): Array<[number, number]> | null {
  if (log.n === absorbed) return [];
  if (log.n < absorbed) return null;
  const pending = log.log.filter(([n]) => n > absorbed);
  if (pending.length !== log.n - absorbed) return null;
  return pending.map(([, from, to]) => [from, to]);
}

/** Logs an edit of rows `from`..`to` (two property calls; a simple trigger may make them). */
export function logEdit(store: KeyValueStore, from: number, to: number): void {
  const log = parseEditLog(store.get(EDIT_LOG_KEY));
  store.setMany({ [EDIT_LOG_KEY]: JSON.stringify(appendEdit(log, from, to)) });
}
