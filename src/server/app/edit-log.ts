// The log of rows people edited in "Conversas" (written by the onEdit simple trigger), read by the snapshot's and the key index's catch-up.
//
// Lock-free by design: whether LockService works in a simple trigger of an add-on (AuthMode.LIMITED) is not
// documented, and a read-modify-write of one shared property loses one of two edits that land together. So `onEdit`
// never reads: it writes one NEW property per edit (`snapshot.edit.<stamp>` = "from,to", a unique key, one call).
// Only a run holding the document lock (the sync) folds those loose entries into the main log `snapshot.edits`
// (appended with increasing numbers, the main log written FIRST, the loose keys deleted after), so the main log has
// a single writer. A reader sees every edit either as a loose key or as a main-log entry, never neither: between the
// fold's write and its deletes it sees the edit twice (re-read twice: harmless).
//
// A consumer (snapshot manifest, key-index manifest) records what it absorbed: the main log's `n` and the stamps of
// the loose entries it read. Pending = main entries above `n` (a gap → rebuild) whose stamp it has not absorbed,
// plus loose entries whose stamp it has not absorbed. Arrival order plays no part.
import { parseStoredObject } from '../domain/stored-json';
import type { KeyValueStore } from './ports';

/** Document Properties key of the main log. */
export const EDIT_LOG_KEY = 'snapshot.edits';
/** Prefix of the loose entries `onEdit` writes, one property per edit. */
export const LOOSE_EDIT_PREFIX = 'snapshot.edit.';
/**
 * Main-log entries kept: a consumer that missed more than this is rebuilt. Each entry is ≤ ~45 characters, so the
 * log stays under 4.5 KB (a property holds 9 KB); twice FOLD_MAX, so a consumer current before two folds has no gap.
 */
export const EDIT_LOG_LENGTH = 100;
/**
 * Loose entries one fold moves into the main log (each costs a deleteProperty call, ~45 ms: at most ~2.3 s a run).
 * Below EDIT_LOG_LENGTH, so one fold never opens a gap for a consumer that was current.
 */
export const FOLD_MAX = 50;
/**
 * Loose stamps a consumer records at most (≈ 15 characters each: ≤ 15 KB in a cache manifest, whose value holds
 * 100 KB). Past it the newest are not recorded: read again by the next catch-up (harmless), until folded.
 */
export const LOOSE_TRACK_MAX = 1000;
/** The rows a damaged loose entry stands for: the header and every row (every consumer then rebuilds). */
const EVERY_ROW: [number, number] = [1, 2_147_483_647];

/** One main-log entry: its number, the edited rows (sheet rows, 1 = header), and the loose stamp it came from. */
export type EditEntry = [n: number, from: number, to: number, stamp?: string];

/** A loose entry as `onEdit` wrote it. */
export interface LooseEdit {
  stamp: string;
  from: number;
  to: number;
}

/** The effective log: `n` edits numbered in the main log (the last ones in `log`), plus the loose ones not folded yet. */
export interface EditLog {
  n: number;
  log: EditEntry[];
  loose: LooseEdit[];
}

/** What a consumer absorbed: the main log up to `n` and these loose stamps (absent in manifests from before). */
export interface AbsorbedEdits {
  n: number;
  loose?: readonly string[];
}

/** The stored main log; an unreadable one, or one with a damaged entry, counts as empty (then every consumer is rebuilt). */
function parseMainLog(raw: string | null | undefined): { n: number; log: EditEntry[] } {
  const parsed = parseStoredObject(raw);
  const empty = { n: 0, log: [] };
  if (parsed === null || !Number.isInteger(parsed.n) || !Array.isArray(parsed.log)) return empty;
  // An entry that is not three whole numbers (and an optional stamp) would read as an edit absorbed without re-reading any row.
  const valid = parsed.log.every(
    (entry) =>
      Array.isArray(entry) &&
      (entry.length === 3 || (entry.length === 4 && typeof entry[3] === 'string')) &&
      entry.slice(0, 3).every((v) => Number.isInteger(v)),
  );
  return valid ? { n: parsed.n as number, log: parsed.log as EditEntry[] } : empty;
}

/** A loose entry's rows; a damaged value stands for every row (the header included: consumers rebuild). */
function parseLoose(value: string): [number, number] {
  const match = /^(\d+),(\d+)$/.exec(value);
  return match ? [Number(match[1]), Number(match[2])] : EVERY_ROW;
}

/**
 * The effective log from every Document Property (one getProperties: `KeyValueStore.getAll`): the main log, plus
 * the loose entries, oldest stamp first. A main log from before the loose entries (`[n, from, to]` entries) reads as is.
 */
export function readEditLog(all: Readonly<Record<string, string | null | undefined>>): EditLog {
  const main = parseMainLog(all[EDIT_LOG_KEY]);
  const loose: LooseEdit[] = [];
  for (const key of Object.keys(all)) {
    if (!key.startsWith(LOOSE_EDIT_PREFIX)) continue;
    const value = all[key];
    if (typeof value !== 'string') continue;
    const [from, to] = parseLoose(value);
    loose.push({ stamp: key.slice(LOOSE_EDIT_PREFIX.length), from, to });
  }
  loose.sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : 0));
  return { ...main, loose };
}

/**
 * A unique, sortable stamp for a loose entry: the time in base 36 (9 digits: sortable until the year 5188), then
 * random base-36 digits so two edits in the same millisecond never share a key.
 * @example editStamp(1767225600000, 0.5) // '0mjuohs00.i0000'
 */
export function editStamp(nowMs: number, random: number): string {
  const time = Math.max(0, Math.floor(nowMs)).toString(36).padStart(9, '0');
  const salt = Math.floor(Math.min(Math.max(random, 0), 0.999_999_999) * 36 ** 5).toString(36).padStart(5, '0');
  return `${time}.${salt}`;
}

/** Logs an edit of rows `from`..`to` as a new loose entry: one property write, no read (see the file header). */
export function logEdit(store: KeyValueStore, from: number, to: number, stamp: string): void {
  store.setMany({ [`${LOOSE_EDIT_PREFIX}${stamp}`]: `${from},${to}` });
}

/** Stamps of the main log's entries (those folded from loose entries). */
function mainStamps(log: EditLog): Set<string> {
  const out = new Set<string>();
  for (const entry of log.log) if (entry[3] !== undefined) out.add(entry[3]);
  return out;
}

/**
 * The stretches a consumer that absorbed `absorbed` must read again, or null when some are no longer in the main log
 * (or the log was reset): the caller must then rebuild. Main entries above `absorbed.n` whose stamp it absorbed as
 * loose entries are not read again; loose entries already folded into the main log are counted there, not twice.
 */
export function pendingEdits(log: EditLog, absorbed: AbsorbedEdits): Array<[number, number]> | null {
  if (log.n < absorbed.n) return null;
  const main = log.log.filter(([n]) => n > absorbed.n);
  if (main.length !== log.n - absorbed.n) return null;
  const seen = new Set(absorbed.loose ?? []);
  const folded = mainStamps(log);
  const out: Array<[number, number]> = [];
  for (const [, from, to, stamp] of main) if (stamp === undefined || !seen.has(stamp)) out.push([from, to]);
  for (const { stamp, from, to } of log.loose) if (!seen.has(stamp) && !folded.has(stamp)) out.push([from, to]);
  return out;
}

/** What a consumer has absorbed once it has read every pending stretch of `log`. */
export function absorbedOf(log: EditLog): { n: number; loose: string[] } {
  const folded = mainStamps(log);
  const loose = log.loose.filter(({ stamp }) => !folded.has(stamp)).map(({ stamp }) => stamp);
  return { n: log.n, loose: loose.slice(0, LOOSE_TRACK_MAX) };
}

/** Whether a consumer's record differs from what it would record having absorbed `log` (then it is stored again). */
export function absorbedChanged(absorbed: AbsorbedEdits, log: EditLog): boolean {
  const now = absorbedOf(log);
  const before = absorbed.loose ?? [];
  return absorbed.n !== now.n || before.length !== now.loose.length || before.some((stamp, i) => stamp !== now.loose[i]);
}

/** A key that changes whenever an edit is logged, loose or folded (the dashboard cache's key includes it). */
export function editLogVersion(log: EditLog): string {
  return `${log.n}:${log.loose.map(({ stamp }) => stamp).join(',')}`;
}

/**
 * Moves up to FOLD_MAX loose entries (oldest first) into the main log, then deletes their keys: one setMany, then one
 * delete per key. Only a run holding the document lock may call it (the main log's only writer). The main log is
 * written before any delete, so a reader in between sees an edit twice, never not at all; a run stopped between the
 * two leaves keys whose stamps the main log already has, deleted by the next fold without being appended again.
 * Returns the log as it now stands.
 */
export function foldEdits(store: KeyValueStore, log: EditLog): EditLog {
  if (log.loose.length === 0) return log;
  const folded = mainStamps(log);
  const batch = log.loose.slice(0, FOLD_MAX);
  let n = log.n;
  const appended: EditEntry[] = [];
  for (const { stamp, from, to } of batch) if (!folded.has(stamp)) appended.push([++n, from, to, stamp]);
  const next: EditLog = { n, log: [...log.log, ...appended].slice(-EDIT_LOG_LENGTH), loose: log.loose.slice(batch.length) };
  if (appended.length > 0) store.setMany({ [EDIT_LOG_KEY]: JSON.stringify({ n: next.n, log: next.log }) });
  for (const { stamp } of batch) store.delete(`${LOOSE_EDIT_PREFIX}${stamp}`);
  return next;
}

/**
 * `foldEdits` over every property as just read (`KeyValueStore.getAll`), for a run holding the document lock: the log
 * as it now stands, or as read when the fold failed (a full store, a service error) — a past state is always safe to
 * absorb from (see the file header); the next run folds again.
 */
export function foldEditsLocked(store: KeyValueStore, all: Readonly<Record<string, string | null | undefined>>): EditLog {
  const log = readEditLog(all);
  try {
    return foldEdits(store, log);
  } catch {
    return log;
  }
}
