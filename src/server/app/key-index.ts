// The sync's key → row index of "Conversas" in CacheService: a listed conversation's row is found without reading the key column.
//
// Why: at 200,000 rows the key column alone costs ~2.3 s a run (its cells and bytes), most of a 20-change sync's sheet
// time, to learn the rows of the hundred conversations a re-list names. The index keeps a 5-character code of every
// row's key (domain/key-codes.ts), about 1 MB at 200,000 rows, in one getAll.
//
// Correctness never depends on it. It only ever answers "these rows may hold this key": every row it names is read
// (with the cells the sync reads anyway) and must still hold the code the index has for it, or the index is dropped
// and the key column read as before. What a code cannot catch is a key that entered the sheet at a row the index does
// not look at — the claim "this key is not in the sheet", which would make the sync append a duplicate. So the index
// is trusted only while every way a key can enter is accounted for, checked each time it is opened:
// - rows past the last row it knows (the sync's appends, Make's, a person's) are read: their keys are added;
// - rows people edited (onEdit → the edit log, app/edit-log.ts) are read again; a gap in the log → rebuilt;
// - a row deleted or inserted above the end shifts the rows below it: the last rows it knows (the last
//   TAIL_KEYS keyed ones) are read every time and must hold the same codes, so a deletion balanced by an append
//   is caught too; fewer rows than it knows → rebuilt;
// - the key column moved (header edited) → rebuilt; entries evicted or from two different puts → rebuilt;
// - older than KEY_INDEX_MAX_AGE_MS → rebuilt (bounds what no signal reaches: an in-place write by Make or the Sheets
//   API of a key into an existing row, an edit whose onEdit failed).
// The sync's own writes update it in the same run, after the writes; a run stopped between the two leaves rows past
// the index's last row, read by the next run.
import { CONVERSATIONS_SHEET } from '../domain/columns';
import { CODE_CHARS, cellCode, decodeCodeAt, encodeCode, encodeKeyCells, keyCode, rowsWithCodes, validCodes } from '../domain/key-codes';
import { findColumn, headerNames, keyText, rowsByKey, type MergePlan } from '../domain/table-merge';
import { absorbedChanged, absorbedOf, pendingEdits, type AbsorbedEdits, type EditLog } from './edit-log';
import type { CachePort, CellValue, SpreadsheetPort } from './ports';
import { openKeyedSheet, type KeyedSheet } from './sync-sheets';
import { chunked, joinChunks, randomToken } from './cache-chunks';

/** The indexed sheet and its key column. */
const SHEET = CONVERSATIONS_SHEET;
const KEY = 'conversation_id';
/** Cache keys: the manifest (with the recent rows' codes inline) and the base chunks (fixed keys: one getAll). */
const MANIFEST_KEY = 'keys:m';
const CHUNK_KEYS = Array.from({ length: 60 }, (_, i) => `keys:${i}`);
/** Codes kept inline in the manifest (rows appended and rows edited since the base) before they are folded into a new base. */
const INLINE_MAX_CHARS = 60_000;
/** The longest CacheService keeps an entry; the base is put again only by a rebuild or a fold. */
const TTL_SECONDS = 21_600;
/** A rebuild at least this often, whatever the checks said (see the file header). Six hours: the cache keeps nothing longer. */
export const KEY_INDEX_MAX_AGE_MS = 6 * 3_600_000;
/** Keyed rows at the end of the known rows read back each time (a shift of the rows above them changes their codes). */
export const TAIL_KEYS = 20;
/** The tail check reads at most this many rows back (a sheet ending in thousands of rows without a key). */
const TAIL_MAX_ROWS = 2000;
/** More edited rows than this (or a tenth of the sheet) to read again: reading the key column is as cheap. */
const EDITED_ROWS_MAX = 2000;
const FORMAT = 1;

interface Manifest {
  v: number;
  /** Random per base put, carried by the base chunks. */
  token: string;
  chunks: number;
  /** Characters of the base: codes of rows 2 … 1 + length / CODE_CHARS. */
  length: number;
  /** 0-based position of the key column when the codes were read. */
  keyColumn: number;
  /** Last sheet row the index knows (header included). */
  lastRow: number;
  /** Codes of the rows after the base, up to `lastRow`. */
  tail: string;
  /** Rows of the base read again since (edited), with their code now. */
  fixes: Array<[row: number, code: number]>;
  /** Main edit-log entries absorbed. */
  edits: number;
  /** Stamps of the loose edit-log entries absorbed (edit-log.ts; absent in manifests from before them). */
  loose?: string[];
  /** When the base was read from the key column (epoch ms). */
  builtAt: number;
}

/** The codes of rows 2 … lastRow: a base string, the rows after it, and rows of the base read again. */
class RowCodes {
  constructor(
    readonly base: string,
    public tail: string,
    readonly fixes: Map<number, number>,
  ) {}

  get lastRow(): number {
    return 1 + (this.base.length + this.tail.length) / CODE_CHARS;
  }

  private get baseEnd(): number {
    return 1 + this.base.length / CODE_CHARS;
  }

  codeAt(row: number): number {
    const fixed = this.fixes.get(row);
    if (fixed !== undefined) return fixed;
    const end = this.baseEnd;
    return row <= end ? decodeCodeAt(this.base, (row - 2) * CODE_CHARS) : decodeCodeAt(this.tail, (row - end - 1) * CODE_CHARS);
  }

  /** Sets a row's code: a row of the base as a fix, the next row after the last as an append. */
  set(row: number, code: number): void {
    if (row <= this.baseEnd) {
      if (decodeCodeAt(this.base, (row - 2) * CODE_CHARS) === code) this.fixes.delete(row);
      else this.fixes.set(row, code);
      return;
    }
    if (row <= this.lastRow) {
      const at = (row - this.baseEnd - 1) * CODE_CHARS;
      this.tail = this.tail.slice(0, at) + encodeCode(code) + this.tail.slice(at + CODE_CHARS);
      return;
    }
    // Rows are appended in order; a gap (never left by the callers) reads as blank keys.
    while (this.lastRow < row - 1) this.tail += encodeCode(0);
    this.tail += encodeCode(code);
  }

  /** Candidate rows (ascending) of each wanted code. */
  candidates(wanted: ReadonlySet<number>): Map<number, number[]> {
    const out = new Map<number, number[]>();
    rowsWithCodes(this.base, 2, wanted, out);
    rowsWithCodes(this.tail, this.baseEnd + 1, wanted, out);
    if (this.fixes.size === 0) return out;
    for (const [code, rows] of out) {
      const kept = rows.filter((row) => !this.fixes.has(row));
      if (kept.length > 0) out.set(code, kept);
      else out.delete(code);
    }
    for (const [row, code] of this.fixes) {
      if (!wanted.has(code)) continue;
      const rows = out.get(code) ?? [];
      rows.push(row);
      out.set(code, rows.sort((a, b) => a - b));
    }
    return out;
  }

  /** The whole index as one string of codes (for a new base). */
  joined(): string {
    if (this.fixes.size === 0) return this.base + this.tail;
    const parts: string[] = [];
    for (let row = 2; row <= this.lastRow; row++) parts.push(encodeCode(this.codeAt(row)));
    return parts.join('');
  }
}

/** The stored index (one getAll), or null when absent, evicted in part, from two puts or of another format. */
function readStored(cache: CachePort): { manifest: Manifest; codes: RowCodes } | null {
  const found = cache.getAll([MANIFEST_KEY, ...CHUNK_KEYS]);
  const raw = found[MANIFEST_KEY];
  if (raw === undefined) return null;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(raw) as Manifest;
  } catch {
    return null;
  }
  if (manifest?.v !== FORMAT || !Array.isArray(manifest.fixes) || typeof manifest.tail !== 'string') return null;
  const base = joinChunks(found, CHUNK_KEYS, manifest.chunks, manifest.token, manifest.length);
  if (base === null || !validCodes(base) || !validCodes(manifest.tail)) return null;
  const codes = new RowCodes(base, manifest.tail, new Map(manifest.fixes));
  return codes.lastRow === manifest.lastRow ? { manifest, codes } : null;
}

/** What a manifest records of the edit log: the main log's number and the loose stamps absorbed. */
type Absorbed = { n: number; loose: string[] };

/** A manifest's record of the edit log, as `pendingEdits` takes it. */
function absorbedIn(manifest: Manifest): AbsorbedEdits {
  return { n: manifest.edits, ...(manifest.loose ? { loose: manifest.loose } : {}) };
}

/** Puts the codes as a new base (one putAll); false when they need more chunks than the fixed keys. */
function storeBase(cache: CachePort, text: string, keyColumn: number, edits: Absorbed, nowMs: number, builtAt = nowMs): Manifest | null {
  const token = randomToken(nowMs);
  const entries = chunked(CHUNK_KEYS, token, text);
  if (!entries) return null;
  const manifest: Manifest = { v: FORMAT, token, chunks: Object.keys(entries).length, length: text.length, keyColumn, lastRow: 1 + text.length / CODE_CHARS, tail: '', fixes: [], edits: edits.n, loose: edits.loose, builtAt };
  entries[MANIFEST_KEY] = JSON.stringify(manifest);
  cache.putAll(entries, TTL_SECONDS);
  return manifest;
}

/** Stores what changed since `manifest`: the manifest alone while the inline codes stay small, else a new base. */
function storeChanges(cache: CachePort, manifest: Manifest, codes: RowCodes, edits: Absorbed, nowMs: number): Manifest | null {
  const fixes = [...codes.fixes.entries()];
  // The absorbed loose edit stamps ride in the manifest too (≤ LOOSE_TRACK_MAX, ~17 characters each in JSON).
  if (codes.tail.length + fixes.length * 16 + edits.loose.length * 17 > INLINE_MAX_CHARS) {
    // Folded into a new base: no sheet read, and the age stays that of the last read of the key column.
    return storeBase(cache, codes.joined(), manifest.keyColumn, edits, nowMs, manifest.builtAt);
  }
  const next: Manifest = { ...manifest, lastRow: codes.lastRow, tail: codes.tail, fixes, edits: edits.n, loose: edits.loose };
  cache.putAll({ [MANIFEST_KEY]: JSON.stringify(next) }, TTL_SECONDS);
  return next;
}

/**
 * Stores an index built from a whole read of "Conversas" (`values[0]` = header), e.g. by the metrics snapshot's
 * rebuild: the next sync then finds its rows without reading the key column. `edits`: what the edit log held
 * (`absorbedOf`) when read before the sheet was.
 */
export function storeKeyIndexFromValues(cache: CachePort, values: readonly CellValue[][], edits: Absorbed, nowMs: number): void {
  const keyColumn = findColumn(headerNames(values[0]), KEY);
  if (values.length < 2 || keyColumn < 0) return;
  const cells: CellValue[] = new Array<CellValue>(values.length - 1);
  for (let r = 1; r < values.length; r++) cells[r - 1] = values[r]?.[keyColumn] ?? '';
  storeBase(cache, encodeKeyCells(cells), keyColumn, edits, nowMs);
}

/** Rows to read back and to read anew before the stored index may be trusted; null = rebuild it. */
function checks(manifest: Manifest, codes: RowCodes, state: { keyColumn: number; lastRow: number; edits: EditLog; nowMs: number }): { verify: number[]; reread: number[] } | null {
  if (manifest.keyColumn !== state.keyColumn) return null;
  if (state.nowMs - manifest.builtAt > KEY_INDEX_MAX_AGE_MS || state.nowMs < manifest.builtAt) return null;
  if (state.lastRow < manifest.lastRow) return null;
  const edited = pendingEdits(state.edits, absorbedIn(manifest));
  if (edited === null) return null;
  const reread = new Set<number>();
  for (const [from, to] of edited) {
    for (let row = Math.max(2, from); row <= Math.min(to, state.lastRow); row++) {
      reread.add(row);
      if (reread.size > Math.max(EDITED_ROWS_MAX, state.lastRow / 10)) return null;
    }
  }
  for (let row = manifest.lastRow + 1; row <= state.lastRow; row++) reread.add(row);
  // The last TAIL_KEYS keyed rows it knows (and the blank ones between): any row deleted or inserted above shifts them.
  const verify: number[] = [];
  let keyed = 0;
  for (let row = manifest.lastRow; row >= 2 && keyed < TAIL_KEYS && manifest.lastRow - row < TAIL_MAX_ROWS; row--) {
    if (reread.has(row)) continue;
    verify.push(row);
    if (codes.codeAt(row) !== 0) keyed++;
  }
  return { verify, reread: [...reread] };
}

/**
 * Sheet rows by key, filled as keys are resolved (`readKeyed`). A key asked before it was resolved makes it read the
 * whole key column once and answer every key from it: slower, never wrong.
 */
class IndexedRows extends Map<string, number> {
  private readonly settled = new Set<string>();
  private complete = false;

  constructor(private readonly completeFrom: () => Map<string, number>) {
    super();
  }

  /** Records what a lookup found: the key's row, or no row (undefined). */
  settle(key: string, row: number | undefined): void {
    this.settled.add(key);
    if (row !== undefined) super.set(key, row);
  }

  isSettled(key: string): boolean {
    return this.complete || this.settled.has(key);
  }

  /** Every key from the key column read whole. */
  fill(rows: Map<string, number>): void {
    super.clear();
    for (const [key, row] of rows) super.set(key, row);
    this.complete = true;
  }

  private ensure(key?: string): void {
    if (this.complete || (key !== undefined && this.settled.has(key))) return;
    this.fill(this.completeFrom());
  }

  override get(key: string): number | undefined {
    this.ensure(key);
    return super.get(key);
  }

  override has(key: string): boolean {
    this.ensure(key);
    return super.has(key);
  }

  override get size(): number {
    this.ensure();
    return super.size;
  }

  override forEach(callback: (value: number, key: string, map: Map<string, number>) => void, thisArg?: unknown): void {
    this.ensure();
    super.forEach(callback, thisArg);
  }

  override entries(): MapIterator<[string, number]> {
    this.ensure();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.ensure();
    return super.keys();
  }

  override values(): MapIterator<number> {
    this.ensure();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/**
 * "Conversas" opened for the sync through the key index: the size and header as `openKeyedSheet` reads them, then
 * the index (one getAll) and its checks (one read of the last rows' keys, plus edited rows), never the key column —
 * unless the index is missing or fails a check, then the key column is read (one call, as without an index) and the
 * index stored again. `readKeyed` finds the rows of the keys it is given in the reads of their cells.
 */
export function openIndexedSheet(deps: { sheets: SpreadsheetPort; cache: CachePort }, edits: EditLog, nowMs: number): KeyedSheet {
  const sheet = openKeyedSheet(deps.sheets, SHEET, KEY, [], false);
  const absorbed = absorbedOf(edits);
  const keyColumn = findColumn(sheet.view.header, KEY);
  const lastRow = sheet.view.lastRow;
  if (lastRow < 2 || keyColumn < 0) return openKeyedSheet(deps.sheets, SHEET, KEY, []);
  let stored = readStored(deps.cache);
  let codes: RowCodes | null = null;
  const plan = stored ? checks(stored.manifest, stored.codes, { keyColumn, lastRow, edits, nowMs }) : null;
  if (stored && plan) {
    sheet.readCells([KEY], [...plan.verify, ...plan.reread]);
    const shifted = plan.verify.some((row) => cellCode(sheet.cellAt(KEY, row)) !== stored?.codes.codeAt(row));
    if (!shifted) {
      codes = stored.codes;
      for (const row of plan.reread.sort((a, b) => a - b)) codes.set(row, cellCode(sheet.cellAt(KEY, row)));
      if (plan.reread.length > 0 || absorbedChanged(absorbedIn(stored.manifest), edits)) {
        const next = storeChanges(deps.cache, stored.manifest, codes, absorbed, nowMs);
        stored = next ? { manifest: next, codes } : null;
      }
    }
  }

  /** The key column read whole (one call): the rows of every key, and a fresh index. */
  const readWhole = (): Map<string, number> => {
    const cells = sheet.readColumn(KEY);
    const text = encodeKeyCells(cells);
    const manifest = storeBase(deps.cache, text, keyColumn, absorbed, nowMs);
    codes = manifest ? new RowCodes(text, '', new Map()) : null;
    stored = manifest && codes ? { manifest, codes } : null;
    return rowsByKey(cells);
  };
  const rows = new IndexedRows(readWhole);
  sheet.view.rows = rows;
  if (!codes) rows.fill(readWhole());

  sheet.readKeyed = (keys, columns) => {
    const open = [...new Set(keys)].filter((key) => !rows.isSettled(key));
    if (open.length > 0 && codes) {
      const current = codes;
      const wanted = new Set(open.filter((key) => key !== '').map(keyCode));
      const candidates = current.candidates(wanted);
      const candidateRows = [...candidates.values()].flat();
      sheet.readCells([KEY, ...columns], candidateRows);
      // Every row named must still hold the code the index has for it; one that does not means rows moved.
      if (candidateRows.some((row) => cellCode(sheet.cellAt(KEY, row)) !== current.codeAt(row))) {
        rows.fill(readWhole());
      } else {
        for (const key of open) {
          const found = key === '' ? undefined : (candidates.get(keyCode(key)) ?? []).find((row) => keyText(sheet.cellAt(KEY, row)) === key);
          rows.settle(key, found);
        }
        return;
      }
    }
    const found = keys.map((key) => rows.get(key)).filter((row): row is number => row !== undefined);
    sheet.readCells(columns, found);
  };

  sheet.written = (merge: MergePlan) => {
    if (!codes || !stored) return;
    const header = merge.rows.get(1);
    // A header write that moved the key column (it was missing) invalidates every code.
    if (header && findColumn(headerNames(header), KEY) !== keyColumn) {
      deps.cache.putAll({ [MANIFEST_KEY]: '' }, TTL_SECONDS);
      codes = null;
      return;
    }
    const last = codes.lastRow;
    const written = [...merge.rows.keys()].filter((row) => row >= 2).sort((a, b) => a - b);
    if (!written.some((row) => row > last)) return;
    // Rewritten rows keep their key (they were found by it); appended rows follow the last one.
    for (const row of written) codes.set(row, cellCode(merge.rows.get(row)?.[keyColumn]));
    for (const row of written) if (row > last) rows.settle(keyText(merge.rows.get(row)?.[keyColumn]), row);
    const next = storeChanges(deps.cache, stored.manifest, codes, absorbed, nowMs);
    stored = next ? { manifest: next, codes } : null;
  };
  return sheet;
}
