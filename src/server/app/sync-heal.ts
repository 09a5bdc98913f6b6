// The one-time heal, at the start of a sync, of the quote marks an older version left in "Conversas" and "Mensagens".
import { CONVERSATION_COLUMNS, CONVERSATIONS_SHEET, MESSAGE_COLUMNS, MESSAGES_SHEET } from '../domain/columns';
import { findColumn, headerNames, stripHeaderMarks, type ColumnSpec } from '../domain/table-merge';
import { TEXT_FORMAT } from '../domain/cell-text';
import { parseStoredObject } from '../domain/stored-json';
import { cellsHash, healSpan, planHeal, type HealLayout } from '../domain/text-marks';
import type { Clock, KeyValueStore, SpreadsheetPort } from './ports';
import { SYNC_STATE_KEYS } from './sync-state';

/**
 * Document Properties key of the heal's progress: `{"done":true}` once finished (every later sync reads it in the
 * same `getMany` as its settings, so a healed or new spreadsheet pays nothing), else the sheets still to heal.
 */
export const HEAL_STATE_KEY = 'heal.textMarks.v1';

/** Cells read and written per chunk: about 0.6 s of reading and 1.8 s of writing in Google's published figures. */
const CHUNK_CELLS = 60000;

interface HealTarget {
  name: string;
  key: string;
  columns: readonly ColumnSpec[];
}

const TARGETS: readonly HealTarget[] = [
  { name: CONVERSATIONS_SHEET, key: 'conversation_id', columns: CONVERSATION_COLUMNS.map(([name, kind]) => ({ name, kind })) },
  { name: MESSAGES_SHEET, key: 'message_id', columns: MESSAGE_COLUMNS.map(([name, kind]) => ({ name, kind })) },
];

/** A block of a multi-block chunk announced before its writes: its cells' fingerprint once healed. */
interface PendingChunk {
  row: number;
  rows: number;
  /** 1-based first column of a block → cellsHash of its healed cells. */
  after: Record<string, string>;
}

/** What is left: per sheet still to heal, the next data row; `pending` while a multi-block chunk is being written. */
interface HealState {
  done?: boolean;
  todo?: Array<{ sheet: string; row: number }>;
  pending?: PendingChunk;
}

function parseState(raw: string | null): HealState | null {
  return parseStoredObject(raw) as HealState | null;
}

/** True when the stored progress says the heal has finished (every sync after that pays nothing for it). */
export function healFinished(stored: string | null): boolean {
  return parseState(stored)?.done === true;
}

/** The ports the heal uses. */
export interface HealDeps {
  sheets: SpreadsheetPort;
  documentStore: KeyValueStore;
  clock: Clock;
}

/**
 * Heals, once per spreadsheet, what the previous version wrote: it formatted its text columns as plain text and
 * also prefixed every string with an apostrophe, which Sheets keeps in plain-text cells. Its own header names
 * come back exact, and in every row it wrote (its id carries the marks; see `planHeal`) its text cells lose exactly
 * the marks it added; a user's columns and rows it did not write are never changed. Runs until `deadline`
 * (epoch ms; at least one chunk a call) and resumes on the next sync from its progress in Document Properties;
 * each chunk is one write per run of the add-on's columns, idempotent, and a chunk split by a user's column
 * announces its blocks' healed fingerprints first, so a crash never strips a mark twice. `stored` is the
 * property's value as the sync already read it. Returns true once nothing is left to heal: until then the caller must
 * not delete rows of these sheets (message retention), since the heal's progress is a row number.
 */
export function healTextMarks(deps: HealDeps, stored: string | null, deadline: number): boolean {
  const parsed = parseState(stored);
  if (parsed?.done) return true;
  const { sheets, documentStore, clock } = deps;
  let wrote = false;
  const save = (next: HealState) => {
    const values: Record<string, string> = { [HEAL_STATE_KEY]: JSON.stringify(next) };
    if (wrote) {
      // Cells changed: a new data version (read fresh: an earlier save of this run may have bumped it), so no
      // dashboard cached from the marked cells is served again.
      values[SYNC_STATE_KEYS.dataVersion] = String((Number(documentStore.get(SYNC_STATE_KEYS.dataVersion)) || 0) + 1);
      wrote = false;
    }
    documentStore.setMany(values);
  };
  let todo: Array<{ sheet: string; row: number }>;
  let pending = parsed?.pending;
  if (parsed !== null && Array.isArray(parsed.todo)) todo = parsed.todo;
  else {
    // The older version always wrote its id column's header with the mark: that tells which sheets it wrote. The
    // list is stored before anything is written, since the first sync's own merge rewrites those headers clean.
    todo = TARGETS.filter((target) => {
      const opened = open(sheets, target);
      return opened !== null && /^'/.test(String(opened.header[opened.keyAt] ?? '').trim());
    }).map((target) => ({ sheet: target.name, row: 2 }));
    save(todo.length === 0 ? { done: true } : { todo });
    if (todo.length === 0) return true;
  }
  let first = true;
  for (let current = todo[0]; current !== undefined; current = todo[0]) {
    const target = TARGETS.find((t) => t.name === current?.sheet);
    const opened = target ? open(sheets, target) : null;
    const span = opened ? healSpan(opened.layout) : null;
    if (target && opened && span && current.row <= opened.lastRow) {
      if (current.row === 2) wrote = healHeader(sheets, target, opened) || wrote;
      while (current.row <= opened.lastRow) {
        if (!first && clock.now() >= deadline) return false;
        first = false;
        // A chunk announced before a crash is resumed with its own bounds, even if rows were appended since.
        const announced = pending?.row === current.row ? pending.rows : null;
        const rows =
          announced ?? Math.min(opened.lastRow - current.row + 1, Math.max(100, Math.floor(CHUNK_CELLS / (span.last - span.first + 1))));
        wrote = healChunk(sheets, target.name, opened.layout, span, current.row, rows, pending, (next) => save({ todo, pending: next })) || wrote;
        pending = undefined;
        current.row += rows;
        save({ todo });
      }
    }
    todo = todo.slice(1);
    if (todo.length > 0) save({ todo });
  }
  save({ done: true });
  return true;
}

interface OpenedSheet {
  header: string[];
  lastRow: number;
  keyAt: number;
  layout: HealLayout;
}

/** The sheet's size and header, and where the add-on's columns are; null when the sheet or its id column is absent. */
function open(sheets: SpreadsheetPort, target: HealTarget): OpenedSheet | null {
  const size = sheets.size ? sheets.size(target.name) : sheets.readSheet(target.name);
  if (size === null || size.lastRow === 0 || size.lastColumn === 0) return null;
  const header = headerNames(sheets.readBlock(target.name, 1, 1, 1, size.lastColumn)[0]);
  const positions = target.columns.map((column) => findColumn(header, column.name));
  const keyAt = findColumn(header, target.key);
  if (keyAt < 0) return null;
  return { header, lastRow: size.lastRow, keyAt, layout: { columns: target.columns, positions, key: target.key } };
}

/**
 * Writes the add-on's header names back without the stray marks (a case variant a person chose is kept): one write
 * per contiguous run of the add-on's columns, so a user's header between them is never written.
 */
function healHeader(sheets: SpreadsheetPort, target: HealTarget, opened: OpenedSheet): boolean {
  const fixed = new Map<number, string>();
  let renamed = false;
  target.columns.forEach((column, i) => {
    const p = opened.layout.positions[i] ?? -1;
    if (p < 0) return;
    const name = opened.header[p] ?? '';
    const exact = name !== column.name && stripHeaderMarks(name) === column.name;
    if (exact) renamed = true;
    fixed.set(p, exact ? column.name : name);
  });
  if (!renamed) return false;
  const runs: number[][] = [];
  for (const p of [...fixed.keys()].sort((a, b) => a - b)) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === p - 1) run.push(p);
    else runs.push([p]);
  }
  for (const run of runs) {
    if (run.every((p) => fixed.get(p) === opened.header[p])) continue;
    sheets.writeBlock(target.name, 1, (run[0] ?? 0) + 1, [run.map((p) => fixed.get(p) ?? '')], run.map(() => TEXT_FORMAT));
    for (const p of run) opened.header[p] = fixed.get(p) ?? '';
  }
  return true;
}

/** Heals sheet rows `row…row+rows-1`; a resumed multi-block chunk skips the blocks already written. */
function healChunk(
  sheets: SpreadsheetPort,
  name: string,
  layout: HealLayout,
  span: { first: number; last: number },
  row: number,
  rows: number,
  pending: PendingChunk | undefined,
  announce: (pending: PendingChunk) => void,
): boolean {
  const cells = sheets.readBlock(name, row, span.first + 1, rows, span.last - span.first + 1);
  // A chunk whose key block was already written reads clean and plans nothing: healing is idempotent per row.
  const blocks = planHeal(layout, span, row, cells);
  if (blocks.length === 0) return false;
  const resumed = pending && pending.row === row && pending.rows === rows ? pending : null;
  if (blocks.length > 1 && resumed === null) {
    announce({ row, rows, after: Object.fromEntries(blocks.map((b) => [String(b.column), cellsHash(b.values)])) });
  }
  for (const block of blocks) {
    if (resumed !== null) {
      // Already written before the crash: its cells read as healed, and healing them again would strip a text's own mark.
      const offset = block.row - row;
      const current = cells.slice(offset, offset + block.values.length).map((line) =>
        line.slice(block.column - 1 - span.first, block.column - 1 - span.first + block.numberFormats.length),
      );
      if (cellsHash(current) === resumed.after[String(block.column)]) continue;
    }
    sheets.writeBlock(name, block.row, block.column, block.values, block.numberFormats);
  }
  return true;
}
