// Keeps the metrics snapshot of "Conversas" in CacheService chunks: read in one getAll, patched by syncs and edits, rebuilt when unsure.
//
// Validity (decided without reading the table): the manifest's time zone is the spreadsheet's; its data version is
// the stored one and no sync is half-written (`snapshot.syncing` ≤ data version: a sync marks it before writing
// rows, so a crash between its writes and its patch forces a rebuild); it is younger than SNAPSHOT_MAX_AGE_MS; the
// sheet has not fewer rows than it knew (a deleted row shifts every row after it). Rows past the known ones
// (appended by Make or a person) and rows an edit logged (`onEdit`, see edit-log.ts) are read and patched: one
// read per stretch of rows. Anything else it cannot account for makes it rebuild from one read of the table.
//
// Stored as a base (the whole snapshot, rewritten only by a rebuild or a compaction) and a delta (the rows patched
// since, small): a sync's patch reads and rewrites only the manifest and the delta, never the megabytes of the base,
// and a refresh applies the delta to the base it reads anyway.
import { CONVERSATIONS_SHEET } from '../domain/columns';
import { headerOf } from '../domain/metrics/conversation-table';
import { columnsOfRows, emptyColumns, rowOfColumns, withRows, type ConversationColumns, type MetricRow } from '../domain/metrics/column-table';
import { blankInSources, decodeSnapshot, encodeSnapshot, snapshotFromValues, snapshotSlots, snapshotSourcePositions } from '../domain/metrics/snapshot';
import { chunked, joinChunks, randomToken } from './cache-chunks';
import { absorbedChanged, absorbedOf, pendingEdits, type EditLog } from './edit-log';
import { storeKeyIndexFromValues } from './key-index';
import type { CachePort, CellValue, SpreadsheetPort } from './ports';

/**
 * Document Properties key: the data version a sync is about to write (set before its first row write). Above the
 * stored data version, a sync stopped between its writes and its patch: the snapshot is rebuilt.
 */
export const SNAPSHOT_SYNCING_KEY = 'snapshot.syncing';

/**
 * Cache key of the manifest; base chunks are `snap:0` …, delta chunks `snap:d0` … (fixed keys: one getAll). The
 * dashboard cache fetches the manifest with its own entry to tell whether that entry is as current as the snapshot.
 */
export const SNAPSHOT_MANIFEST_KEY = 'snap:m';
const MANIFEST_KEY = SNAPSHOT_MANIFEST_KEY;
/** At most this many base chunks (≈ 25 MB): a bigger snapshot is not cached and each refresh reads the table. */
export const MAX_SNAPSHOT_CHUNKS = 250;
/** Delta chunks; and past DELTA_MAX_ROWS patched rows the delta is folded into a new base. */
const MAX_DELTA_CHUNKS = 20;
export const DELTA_MAX_ROWS = 5000;
/** The longest CacheService keeps an entry (6 h); every patch puts the manifest and the delta again. */
const SNAPSHOT_TTL_SECONDS = 21_600;
/**
 * Bounded staleness: a snapshot is rebuilt from the table at least this often, whatever it was told. Covers what no
 * signal reaches: an in-place edit by Make or the Sheets API (no trigger fires), a sort, a deletion balanced by an
 * append. Six hours: CacheService keeps nothing longer anyway (the base is put only when rebuilt or compacted).
 */
export const SNAPSHOT_MAX_AGE_MS = 6 * 3_600_000;
/**
 * Age at which a scheduled run renews the snapshot (`renewStaleSnapshot`): an hour before SNAPSHOT_MAX_AGE_MS, so
 * with the trigger running at least hourly a sidebar poll never meets a snapshot too old to use.
 */
export const SNAPSHOT_RENEW_AGE_MS = SNAPSHOT_MAX_AGE_MS - 3_600_000;
/** Rows further apart than this are read in separate calls rather than one block with the rows between. */
const MAX_ROW_GAP = 100;

/** What a stored snapshot says it reflects. */
export interface SnapshotManifest {
  /** Random per base put: base chunks carry it, so chunks of two puts never mix. */
  token: string;
  chunks: number;
  length: number;
  /** Random per delta put, carried by the delta chunks. */
  deltaToken: string;
  deltaChunks: number;
  deltaLength: number;
  /** The sheet's last row (header included) the snapshot reflects. */
  lastRow: number;
  timeZone: string;
  /** Data version (sync-state.ts) the snapshot reflects. */
  dataVersion: string;
  /** Last main edit-log number absorbed. */
  edits: number;
  /** Stamps of the loose edit-log entries absorbed (edit-log.ts; absent in manifests from before them). */
  loose?: string[];
  /** When the base was last rebuilt from a full read (epoch ms). */
  builtAt: number;
}

/** Rows patched since the base, by slot (sheet row − 2); null = a blank row. */
type Delta = Map<number, MetricRow | null>;

/** A snapshot as loaded: the rows (base with the delta applied, when the base was read), the delta, the manifest. */
export interface LoadedSnapshot {
  snapshot: ConversationColumns | null;
  delta: Delta;
  manifest: SnapshotManifest;
}

/** The ports the store uses. */
export interface SnapshotDeps {
  sheet: SpreadsheetPort;
  cache: CachePort;
}

/** The state of the document the snapshot must match (read by the caller in its one getProperties call). */
export interface DocumentState {
  timeZone: string;
  dataVersion: string;
  /** `snapshot.syncing`: the data version a sync is writing (absent = none). */
  syncing: string | null;
  edits: EditLog;
  /** The sheet's last row (header included), 0 without a sheet. */
  lastRow: number;
  lastColumn: number;
  nowMs: number;
}

/** How a refresh got its rows (for tests and the benchmark). */
export type SnapshotSource = 'cache' | 'patched' | 'rebuilt';

const BASE_KEYS = Array.from({ length: MAX_SNAPSHOT_CHUNKS }, (_, i) => `snap:${i}`);
const DELTA_KEYS = Array.from({ length: MAX_DELTA_CHUNKS }, (_, i) => `snap:d${i}`);

/** Rows by slot as text (the delta's format; also the history state's recent rows). */
export function encodeSlotRows(delta: ReadonlyMap<number, MetricRow | null>): string {
  const slots = [...delta.keys()].sort((a, b) => a - b);
  return `${JSON.stringify(slots)}\n${encodeSnapshot(columnsOfRows(slots.map((slot) => delta.get(slot) ?? null)))}`;
}

/** `encodeSlotRows`' rows, or null when the text is damaged. */
export function decodeSlotRows(text: string): Delta | null {
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  try {
    const slots = JSON.parse(text.slice(0, newline)) as number[];
    const rows = decodeSnapshot(text.slice(newline + 1));
    if (!rows || rows.length !== slots.length) return null;
    return new Map(slots.map((slot, i) => [slot, rowOfColumns(rows, i)]));
  } catch {
    return null;
  }
}

/**
 * The stored snapshot (one getAll), or null when missing, evicted in part, damaged or of another format. With
 * `withBase` false only the manifest and the delta are fetched (what a sync's patch needs). `slots`: how many slots
 * the caller may patch (the sheet's rows now): the base is decoded with room for them and for the delta's, so rows
 * appended since it was stored are patched in place, not into a copy of every column.
 */
export function readStoredSnapshot(cache: CachePort, withBase: boolean, slots = 0): LoadedSnapshot | null {
  return storedSnapshotIn(cache.getAll([MANIFEST_KEY, ...DELTA_KEYS, ...(withBase ? BASE_KEYS : [])]), withBase, slots);
}

/** Keys of the manifest and the delta: what a caller fetching them with its own entries passes to `catchUpDelta`. */
export const SNAPSHOT_DELTA_KEYS: readonly string[] = [MANIFEST_KEY, ...DELTA_KEYS];

/** `readStoredSnapshot` over entries already fetched. */
function storedSnapshotIn(found: Record<string, string>, withBase: boolean, slots: number): LoadedSnapshot | null {
  const manifest = parseManifest(found[MANIFEST_KEY]);
  if (!manifest) return null;
  let delta: Delta = new Map();
  if (manifest.deltaChunks > 0) {
    const text = joinChunks(found, DELTA_KEYS, manifest.deltaChunks, manifest.deltaToken, manifest.deltaLength);
    const decoded = text === null ? null : decodeSlotRows(text);
    if (!decoded) return null;
    delta = decoded;
  }
  if (!withBase) return { snapshot: null, delta, manifest };
  const text = joinChunks(found, BASE_KEYS, manifest.chunks, manifest.token, manifest.length);
  let room = slots;
  for (const slot of delta.keys()) if (slot >= room) room = slot + 1;
  const base = text === null ? null : decodeSnapshot(text, room);
  if (!base) return null;
  return { snapshot: withRows(base, delta), delta, manifest };
}

/** Stores the whole snapshot as a new base with an empty delta (one putAll); false when it is too big to cache. */
export function storeSnapshot(cache: CachePort, loaded: LoadedSnapshot, nowMs: number): boolean {
  if (!loaded.snapshot) return false;
  // With its days' time-zone offsets: a refresh decoding it then skips one Intl call per day of history.
  const text = encodeSnapshot(loaded.snapshot, loaded.manifest.timeZone);
  const token = randomToken(nowMs);
  const entries = chunked(BASE_KEYS, token, text, MAX_SNAPSHOT_CHUNKS);
  if (!entries) return false;
  const manifest: SnapshotManifest = {
    ...loaded.manifest,
    token,
    chunks: Object.keys(entries).length,
    length: text.length,
    deltaToken: '',
    deltaChunks: 0,
    deltaLength: 0,
  };
  entries[MANIFEST_KEY] = JSON.stringify(manifest);
  cache.putAll(entries, SNAPSHOT_TTL_SECONDS);
  loaded.manifest = manifest;
  loaded.delta = new Map();
  return true;
}

/** Stores the manifest and the delta only (the base stays as it is); false when the delta no longer fits. */
function storeDelta(cache: CachePort, loaded: LoadedSnapshot, nowMs: number): boolean {
  if (loaded.delta.size > DELTA_MAX_ROWS) return false;
  const text = encodeSlotRows(loaded.delta);
  const token = randomToken(nowMs);
  const entries = chunked(DELTA_KEYS, token, text, MAX_DELTA_CHUNKS);
  if (!entries) return false;
  const manifest: SnapshotManifest = { ...loaded.manifest, deltaToken: token, deltaChunks: Object.keys(entries).length, deltaLength: text.length };
  entries[MANIFEST_KEY] = JSON.stringify(manifest);
  cache.putAll(entries, SNAPSHOT_TTL_SECONDS);
  loaded.manifest = manifest;
  return true;
}

/**
 * A snapshot rebuilt from the table: the header, then only the columns the snapshot reads (one read per stretch of
 * nearby columns, every row), not the free text that makes up most of the table's cells; a row blank in all of them
 * is read whole, since a cell in another column (the team's own) makes it a row all the same.
 */
export function rebuildSnapshot(deps: SnapshotDeps, state: DocumentState): LoadedSnapshot {
  const values = readSourceColumns(deps.sheet, state.lastRow, state.lastColumn);
  // The same read gives the sync's key index its codes (key-index.ts): a sync after a cache loss need not read the key column.
  const absorbed = absorbedOf(state.edits);
  storeKeyIndexFromValues(deps.cache, values, absorbed, state.nowMs);
  return {
    snapshot: snapshotFromValues(values, state.timeZone),
    delta: new Map(),
    manifest: {
      token: '',
      chunks: 0,
      length: 0,
      deltaToken: '',
      deltaChunks: 0,
      deltaLength: 0,
      lastRow: values.length,
      timeZone: state.timeZone,
      dataVersion: state.dataVersion,
      edits: absorbed.n,
      loose: absorbed.loose,
      builtAt: state.nowMs,
    },
  };
}

/** Columns further apart than this are read in separate calls rather than one block with the columns between. */
const MAX_COLUMN_GAP = 2;
/** Reads of rows blank in the snapshot's columns a rebuild makes before it reads the whole table instead. */
const MAX_BLANK_ROW_READS = 10;

/**
 * "Conversas" as full-width rows (header first) holding the snapshot's source columns, '' elsewhere, except rows
 * blank in every source column, which are read whole.
 */
function readSourceColumns(sheet: SpreadsheetPort, lastRow: number, lastColumn: number): CellValue[][] {
  if (lastRow < 1 || lastColumn < 1) return [];
  const header = sheet.readBlock(CONVERSATIONS_SHEET, 1, 1, 1, lastColumn)[0] ?? [];
  const positions = snapshotSourcePositions(headerOf(header));
  const rows: CellValue[][] = Array.from({ length: lastRow - 1 }, () => new Array<CellValue>(lastColumn).fill(''));
  if (lastRow > 1) {
    for (const [from, to] of stretches(positions, MAX_COLUMN_GAP)) {
      const block = sheet.readBlock(CONVERSATIONS_SHEET, 2, from + 1, lastRow - 1, to - from + 1);
      block.forEach((cells, r) => {
        const row = rows[r] as CellValue[];
        for (let c = 0; c < cells.length; c++) row[from + c] = cells[c] as CellValue;
      });
    }
    const blank: number[] = [];
    rows.forEach((row, r) => {
      if (blankInSources(row, positions)) blank.push(r + 2);
    });
    // Rows like that are rare; scattered over the sheet they would cost a read each: past a few stretches, one read
    // of the whole table (what a rebuild cost before) bounds the calls.
    if (rowStretches(blank).length > MAX_BLANK_ROW_READS) {
      return [header, ...sheet.readBlock(CONVERSATIONS_SHEET, 2, 1, lastRow - 1, lastColumn)];
    }
    for (const [row, cells] of readRows(sheet, blank, lastRow, lastColumn)) rows[row - 2] = cells;
  }
  return [header, ...rows];
}

/** Sheet rows grouped into stretches read in one call each (rows closer than MAX_ROW_GAP share a read). */
export function rowStretches(rows: Iterable<number>): Array<[from: number, to: number]> {
  return stretches(rows, MAX_ROW_GAP);
}

/** Numbers grouped into stretches read in one call each (numbers at most `gap` apart share a read). */
function stretches(numbers: Iterable<number>, gap: number): Array<[from: number, to: number]> {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n - last[1] <= gap) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}


/**
 * Reads whole rows (every column) in stretches, one call each. A row past `lastRow` (edited, then cleared or cut
 * away) is blank and not read: the grid may end at the last row (the add-on sizes its tabs to content), and a range
 * past the grid throws.
 */
function readRows(sheet: SpreadsheetPort, rows: Iterable<number>, lastRow: number, lastColumn: number): Map<number, CellValue[]> {
  const out = new Map<number, CellValue[]>();
  for (const [from, to] of rowStretches(rows)) {
    for (let row = Math.max(from, lastRow + 1); row <= to; row++) out.set(row, []);
    if (from > lastRow) continue;
    const block = sheet.readBlock(CONVERSATIONS_SHEET, from, 1, Math.min(to, lastRow) - from + 1, lastColumn);
    block.forEach((cells, i) => out.set(from + i, cells));
  }
  return out;
}

/** The patched rows as snapshot slots: added to the delta and, when the base was read, applied to it. */
function applyPatch(loaded: LoadedSnapshot, header: readonly string[], rows: ReadonlyMap<number, readonly CellValue[]>, timeZone: string): void {
  const patched = snapshotSlots(header, rows, timeZone);
  for (const [slot, row] of patched) loaded.delta.set(slot, row);
  if (loaded.snapshot) loaded.snapshot = withRows(loaded.snapshot, patched);
}

/** Stores what changed: the delta alone while it stays small, else a new base (reading it first when needed). */
function storePatched(cache: CachePort, loaded: LoadedSnapshot, nowMs: number): boolean {
  if (storeDelta(cache, loaded, nowMs)) return true;
  if (!loaded.snapshot) {
    const full = readStoredSnapshot(cache, true);
    if (!full?.snapshot || full.manifest.token !== loaded.manifest.token) return false;
    loaded.snapshot = withRows(full.snapshot, loaded.delta);
  }
  return storeSnapshot(cache, loaded, nowMs);
}

/**
 * Whether a stored snapshot still describes the sheet, and which rows it must read to catch up: null when it must be
 * rebuilt. (The data version and time zone must match; rows may only have been appended or edited.)
 */
function catchUp(manifest: SnapshotManifest, state: DocumentState): number[] | null {
  if (manifest.timeZone !== state.timeZone || manifest.dataVersion !== state.dataVersion) return null;
  if (state.syncing !== null && Number(state.syncing) > Number(state.dataVersion)) return null;
  if (state.nowMs - manifest.builtAt > SNAPSHOT_MAX_AGE_MS || state.nowMs < manifest.builtAt) return null;
  if (state.lastRow < manifest.lastRow) return null;
  const edited = pendingEdits(state.edits, { n: manifest.edits, ...(manifest.loose ? { loose: manifest.loose } : {}) });
  if (edited === null) return null;
  const rows: number[] = [];
  for (const [from, to] of edited) {
    // An edit of the header (renamed or moved columns) changes how every row reads.
    if (from <= 1) return null;
    for (let row = from; row <= Math.min(to, manifest.lastRow); row++) rows.push(row);
  }
  for (let row = manifest.lastRow + 1; row <= state.lastRow; row++) rows.push(row);
  return rows;
}

/** Names one stored state of the snapshot: changes with every put of its base or its delta. */
export function identityOf(manifest: SnapshotManifest): string {
  return `${manifest.token}:${manifest.deltaToken}`;
}

/**
 * The identity of the stored snapshot (its manifest, as fetched raw by the caller) when it describes the document
 * as it is now with nothing to catch up on; null otherwise (absent, unreadable, stale, or rows to read). A result
 * computed from the snapshot may be reused only while this still names the snapshot it was computed from: the
 * data version, the sheet's size and the edit count alone can come back to earlier values (a row appended by Make,
 * seen, then a row deleted), and the snapshot, which saw the rows in between, knows it is no longer current.
 */
export function currentSnapshotIdentity(manifestRaw: string | undefined, state: DocumentState): string | null {
  const manifest = parseManifest(manifestRaw);
  if (!manifest) return null;
  const rows = catchUp(manifest, state);
  return rows !== null && rows.length === 0 ? identityOf(manifest) : null;
}

/**
 * The rows of "Conversas" as the metrics read them, from the stored snapshot when it still describes the sheet
 * (catching up on appended and edited rows), else rebuilt from one read of the table; stored again when it changed.
 * `identity`: the stored snapshot's identity now (see `currentSnapshotIdentity`), null when it could not be stored;
 * `stored`: its delta and base token then.
 */
export function loadSnapshotColumns(
  deps: SnapshotDeps,
  state: DocumentState,
): { columns: ConversationColumns; source: SnapshotSource; identity: string | null; stored: { delta: ReadonlyMap<number, MetricRow | null>; baseToken: string } | null } {
  if (state.lastRow === 0) return { columns: emptyColumns(0), source: 'rebuilt', identity: null, stored: null };
  let kept = true;
  const stored = readStoredSnapshot(deps.cache, true, state.lastRow - 1);
  const rows = stored ? catchUp(stored.manifest, state) : null;
  let loaded: LoadedSnapshot;
  let source: SnapshotSource;
  if (stored && rows) {
    loaded = stored;
    source = rows.length === 0 ? 'cache' : 'patched';
    if (rows.length > 0) {
      const header = headerOf(deps.sheet.readBlock(CONVERSATIONS_SHEET, 1, 1, 1, state.lastColumn)[0] ?? []);
      applyPatch(loaded, header, readRows(deps.sheet, rows, state.lastRow, state.lastColumn), state.timeZone);
      const absorbed = absorbedOf(state.edits);
      loaded.manifest = { ...loaded.manifest, lastRow: state.lastRow, edits: absorbed.n, loose: absorbed.loose };
      kept = storePatched(deps.cache, loaded, state.nowMs);
    } else if (absorbedChanged({ n: loaded.manifest.edits, ...(loaded.manifest.loose ? { loose: loaded.manifest.loose } : {}) }, state.edits)) {
      // Nothing to read, but the log moved on (a fold turned absorbed loose entries into main-log entries): record
      // it, or enough folds would leave this snapshot's `edits` out of the main log's window (a gap → a rebuild).
      const absorbed = absorbedOf(state.edits);
      loaded.manifest = { ...loaded.manifest, edits: absorbed.n, loose: absorbed.loose };
      deps.cache.putAll({ [MANIFEST_KEY]: JSON.stringify(loaded.manifest) }, SNAPSHOT_TTL_SECONDS);
    }
  } else {
    loaded = rebuildSnapshot(deps, state);
    source = 'rebuilt';
    kept = storeSnapshot(deps.cache, loaded, state.nowMs);
  }
  const identity = kept ? identityOf(loaded.manifest) : null;
  return {
    columns: loaded.snapshot ?? emptyColumns(0),
    source,
    identity,
    // What a history state is cut from: the stored base and the rows patched since (history-store.ts).
    stored: kept ? { delta: loaded.delta, baseToken: loaded.manifest.token } : null,
  };
}

/**
 * The stored manifest and delta (from `found`, fetched with SNAPSHOT_DELTA_KEYS), caught up like
 * `loadSnapshotColumns` does — rows appended or edited since are read and patched into the delta, which is stored
 * again — without reading the base. Null when the snapshot must be rebuilt, or the delta could not be stored.
 */
export function catchUpDelta(deps: SnapshotDeps, state: DocumentState, found: Record<string, string>): LoadedSnapshot | null {
  if (state.lastRow === 0) return null;
  const stored = storedSnapshotIn(found, false, 0);
  const rows = stored ? catchUp(stored.manifest, state) : null;
  if (!stored || !rows) return null;
  if (rows.length > 0) {
    const header = headerOf(deps.sheet.readBlock(CONVERSATIONS_SHEET, 1, 1, 1, state.lastColumn)[0] ?? []);
    applyPatch(stored, header, readRows(deps.sheet, rows, state.lastRow, state.lastColumn), state.timeZone);
    const absorbed = absorbedOf(state.edits);
    stored.manifest = { ...stored.manifest, lastRow: state.lastRow, edits: absorbed.n, loose: absorbed.loose };
    // A delta past its limit is folded into a new base, which this caller has not read: it loads the columns instead.
    if (!storeDelta(deps.cache, stored, state.nowMs)) return null;
  } else if (absorbedChanged({ n: stored.manifest.edits, ...(stored.manifest.loose ? { loose: stored.manifest.loose } : {}) }, state.edits)) {
    // As in `loadSnapshotColumns`: record that the log moved on, or enough folds would open a gap.
    const absorbed = absorbedOf(state.edits);
    stored.manifest = { ...stored.manifest, edits: absorbed.n, loose: absorbed.loose };
    deps.cache.putAll({ [MANIFEST_KEY]: JSON.stringify(stored.manifest) }, SNAPSHOT_TTL_SECONDS);
  }
  return stored;
}

/**
 * Cache key set (for six hours) by every dashboard load: the sidebar is in use. A scheduled run renews the snapshot
 * only then, so an unused sidebar does not cost a read of the table every five hours. Its value: the filters the
 * sidebar used last (JSON list, newest first; "1" from before), whose history state the renewal cuts anew.
 */
export const SNAPSHOT_USED_KEY = 'snap:u';
/** How long a use counts (CacheService's longest lifetime). */
export const SNAPSHOT_USED_TTL_SECONDS = 21_600;

/**
 * Whether a scheduled run should renew the stored snapshot (one getAll): the sidebar was used in the last six hours
 * and the snapshot is older than SNAPSHOT_RENEW_AGE_MS. A missing snapshot is left to the sidebar (it was evicted,
 * or never built). Returns the "sidebar in use" marker's value when it should (the filters it used), else null.
 */
export function snapshotWantsRenewal(cache: CachePort, nowMs: number): string | null {
  const found = cache.getAll([MANIFEST_KEY, SNAPSHOT_USED_KEY]);
  const manifest = parseManifest(found[MANIFEST_KEY]);
  const used = found[SNAPSHOT_USED_KEY];
  return used !== undefined && manifest !== null && nowMs - manifest.builtAt >= SNAPSHOT_RENEW_AGE_MS ? used : null;
}

/** Rebuilds the snapshot from the table and stores it (a scheduled run's renewal; see `snapshotWantsRenewal`). */
export function renewSnapshot(deps: SnapshotDeps, state: DocumentState): boolean {
  return storeSnapshot(deps.cache, rebuildSnapshot(deps, state), state.nowMs);
}

/** A stored manifest, or null when absent or unreadable. */
function parseManifest(raw: string | undefined): SnapshotManifest | null {
  if (raw === undefined) return null;
  try {
    return JSON.parse(raw) as SnapshotManifest;
  } catch {
    return null;
  }
}

/**
 * After a sync wrote rows: adds them to the stored snapshot's delta, when it described the sheet as the sync found it
 * (same data version, no rows lost). Rows past the snapshot's known rows are left to the next refresh's catch-up
 * unless the snapshot knew every row the sync started from. Does nothing when there is no usable snapshot: the next
 * refresh rebuilds it (the data version moved on).
 */
export function patchStoredSnapshot(
  deps: SnapshotDeps,
  found: { dataVersion: string; lastRowAtStart: number; timeZone: string; nowMs: number },
  written: { header: readonly string[]; rows: ReadonlyMap<number, readonly CellValue[]>; lastRow: number; dataVersion: string },
): boolean {
  const stored = readStoredSnapshot(deps.cache, false);
  if (!stored) return false;
  const { manifest } = stored;
  if (manifest.dataVersion !== found.dataVersion || manifest.timeZone !== found.timeZone) return false;
  if (found.lastRowAtStart < manifest.lastRow) return false;
  const whole = found.lastRowAtStart === manifest.lastRow;
  const rows = new Map<number, readonly CellValue[]>();
  for (const [row, cells] of written.rows) if (row >= 2 && (whole || row <= manifest.lastRow)) rows.set(row, cells);
  applyPatch(stored, written.header, rows, found.timeZone);
  stored.manifest = { ...manifest, dataVersion: written.dataVersion, lastRow: whole ? written.lastRow : manifest.lastRow };
  return storePatched(deps.cache, stored, found.nowMs);
}
