// Recomputes the business-time columns of every "Conversas" row after the business hours change: resumable, crash-safe.
import { businessColumns, type BusinessCalendar, type BusinessColumns } from '../domain/business-hours';
import { CONVERSATION_COLUMNS, CONVERSATIONS_SHEET } from '../domain/columns';
import { parseBooleanCell, parseDateCell, parseNumberCell } from '../domain/metrics/conversation-table';
import { findColumn, headerNames, keyText, NUMBER_FORMATS, sameCell } from '../domain/table-merge';
import { AUTOMATIC_FORMAT } from '../domain/cell-text';
import { parseStoredObject } from '../domain/stored-json';
import type { CellValue, Clock, SpreadsheetPort } from './ports';

/**
 * Document Property with the pass's state: `{done}` = the calendar fingerprint every row was computed with, or
 * `{target, row, id}` while a pass is under way (next sheet row to compute and the conversation id found there).
 */
export const BUSINESS_RECOMPUTE_KEY = 'businessHours.recompute.v1';

/** Rows computed between two deadline checks: one read per input column group and one write per chunk. */
export const RECOMPUTE_CHUNK_ROWS = 5000;

const OUTPUTS = ['first_response_business_time', 'first_human_response_business_time', 'resolution_business_time', 'created_in_business_hours'] as const;
const INPUTS = ['conversation_id', 'created_at', 'updated_at', 'resolved', 'first_customer_message_at', 'first_response_time', 'first_human_response_time'] as const;
const KIND = new Map<string, string>(CONVERSATION_COLUMNS.map(([name, kind]) => [name, NUMBER_FORMATS[kind]]));

interface State {
  done?: string;
  target?: string;
  row?: number;
  id?: string;
}

/** What one call did: rows whose cells changed, whether every row now matches the calendar, and the state to store. */
export interface RecomputeOutcome {
  changed: number;
  complete: boolean;
  /** Rows left to compute when not complete (for the report's message). */
  remaining: number;
  /** The new state JSON, or null when the stored one stays. */
  state: string | null;
}

/** A stored state JSON object, or null when absent or unreadable (a damaged state starts the pass over). */
export function parseStateObject<T extends object>(json: string | null | undefined): T | null {
  return parseStoredObject(json) as T | null;
}

/** Whether `recomputeBusinessColumns` has rows to compute (and may write) for `calendar`; false reads nothing. */
export function recomputePending(calendar: BusinessCalendar, storedState: string | null | undefined): boolean {
  const state = parseStateObject<State>(storedState);
  return !((state === null && calendar.fingerprint === '') || state?.done === calendar.fingerprint);
}

/**
 * Brings the §6 columns of every row in line with `calendar`. Nothing is read while the stored fingerprint is the
 * calendar's (the sync writes new and changed rows with the current calendar itself). Otherwise rows are computed
 * chunk by chunk from the row's own cells until `deadline` (clock ms); the state saved after each run says where
 * to resume. Idempotent: a crash after a chunk's write and before the state is stored only repeats that chunk.
 * A resumed pass checks that the conversation id at its row is still the one it saved; if a person deleted or
 * inserted rows meanwhile, it starts over from row 2.
 * Before the first pass ever (no state) with business hours off, rows already hold the right (blank) values.
 */
export function recomputeBusinessColumns(
  sheets: SpreadsheetPort,
  clock: Clock,
  calendar: BusinessCalendar,
  storedState: string | null | undefined,
  deadline: number,
): RecomputeOutcome {
  if (!recomputePending(calendar, storedState)) return { changed: 0, complete: true, remaining: 0, state: null };
  const state = parseStateObject<State>(storedState);
  const target = calendar.fingerprint;
  const size = sheetSize(sheets, CONVERSATIONS_SHEET);
  const lastRow = size?.lastRow ?? 0;
  if (size === null || lastRow <= 1) return { changed: 0, complete: true, remaining: 0, state: JSON.stringify({ done: target }) };

  let header = headerNames(sheets.readBlock(CONVERSATIONS_SHEET, 1, 1, 1, size.lastColumn)[0]);
  const missing = OUTPUTS.filter((name) => findColumn(header, name) < 0);
  if (missing.length > 0) {
    // A sheet written before these columns existed: append their headers (the sync's merge adds the rest after).
    sheets.writeBlock(CONVERSATIONS_SHEET, 1, header.length + 1, [missing.slice()]);
    header = [...header, ...missing];
  }
  const at = (name: string) => findColumn(header, name);
  let row = state?.target === target && typeof state.row === 'number' && state.row >= 2 ? state.row : 2;
  if (row > 2 && row <= lastRow) {
    // A renamed id header (position -1) must not become a read of column 0, which throws.
    const idAt = at('conversation_id');
    if (idAt < 0 || keyText(sheets.readBlock(CONVERSATIONS_SHEET, row, idAt + 1, 1, 1)[0]?.[0]) !== state?.id) row = 2;
  }
  const zone = calendar.clock;
  let changed = 0;
  let chunks = 0;
  while (row <= lastRow) {
    // One chunk always runs (a few seconds at most), so every run makes progress even after a long import.
    if (chunks++ > 0 && clock.now() >= deadline) break;
    const count = Math.min(RECOMPUTE_CHUNK_ROWS, lastRow - row + 1);
    const inputs = readColumns(sheets, CONVERSATIONS_SHEET, row, count, INPUTS.map(at));
    const outputs = readColumns(sheets, CONVERSATIONS_SHEET, row, count, OUTPUTS.map(at));
    const cell = (name: (typeof INPUTS)[number], i: number): CellValue => inputs[INPUTS.indexOf(name)]?.[i] ?? '';
    const next: CellValue[][] = OUTPUTS.map(() => new Array<CellValue>(count).fill(''));
    let chunkChanged = 0;
    for (let i = 0; i < count; i++) {
      const blank = keyText(cell('conversation_id', i)) === '';
      const columns: BusinessColumns | null = blank
        ? null
        : businessColumns(calendar, {
            created_at: parseDateCell(cell('created_at', i), zone),
            updated_at: parseDateCell(cell('updated_at', i), zone),
            resolved: parseBooleanCell(cell('resolved', i)),
            first_customer_message_at: parseDateCell(cell('first_customer_message_at', i), zone),
            first_response_time: parseNumberCell(cell('first_response_time', i)),
            first_human_response_time: parseNumberCell(cell('first_human_response_time', i)),
          });
      let rowChanged = false;
      OUTPUTS.forEach((name, o) => {
        const value = columns?.[name] ?? null;
        const old = outputs[o]?.[i] ?? '';
        // A row without an id is not the add-on's: its cells stay as they are.
        const cellValue: CellValue = blank ? old : value === null ? '' : value;
        (next[o] as CellValue[])[i] = cellValue;
        if (!sameCell(old, cellValue)) rowChanged = true;
      });
      if (rowChanged) chunkChanged++;
    }
    if (chunkChanged > 0) writeColumns(sheets, row, OUTPUTS.map(at), OUTPUTS, next);
    changed += chunkChanged;
    row += count;
  }
  if (row > lastRow) return { changed, complete: true, remaining: 0, state: JSON.stringify({ done: target }) };
  const id = keyText(readColumns(sheets, CONVERSATIONS_SHEET, row, 1, [at('conversation_id')])[0]?.[0]);
  return { changed, complete: false, remaining: lastRow - row + 1, state: JSON.stringify({ target, row, id }) };
}

/** A sheet's last row and column (null when the sheet is missing): a size lookup where the port has one. */
export function sheetSize(sheets: SpreadsheetPort, name: string): { lastRow: number; lastColumn: number } | null {
  if (sheets.size) return sheets.size(name);
  const snapshot = sheets.readSheet(name);
  return snapshot === null ? null : { lastRow: snapshot.lastRow, lastColumn: snapshot.lastColumn };
}

/** Groups adjacent 0-based columns into runs: one read or write per run. */
function runs(positions: readonly number[]): Array<{ first: number; members: number[] }> {
  const present = [...new Set(positions.filter((p) => p >= 0))].sort((a, b) => a - b);
  const out: Array<{ first: number; members: number[] }> = [];
  for (const p of present) {
    const last = out[out.length - 1];
    if (last && p === (last.members[last.members.length - 1] as number) + 1) last.members.push(p);
    else out.push({ first: p, members: [p] });
  }
  return out;
}

/** The cells of each column (by position; -1 = absent, all blank) of sheet `name` for `count` rows from `row`. */
export function readColumns(sheets: SpreadsheetPort, name: string, row: number, count: number, positions: readonly number[]): CellValue[][] {
  const byPosition = new Map<number, CellValue[]>();
  for (const run of runs(positions)) {
    const block = sheets.readBlock(name, row, run.first + 1, count, run.members.length);
    run.members.forEach((p, k) => byPosition.set(p, block.map((cells) => cells[k] ?? '')));
  }
  return positions.map((p) => byPosition.get(p) ?? new Array<CellValue>(count).fill(''));
}

/**
 * Writes "Conversas" column values (`values[k]` for the column `names[k]` at `positions[k]`) with one block per run
 * of adjacent columns, each in its column's number format.
 */
export function writeColumns(
  sheets: SpreadsheetPort,
  row: number,
  positions: readonly number[],
  names: readonly string[],
  values: readonly CellValue[][],
): void {
  for (const run of runs(positions)) {
    const count = values[0]?.length ?? 0;
    const block: CellValue[][] = [];
    for (let i = 0; i < count; i++) block.push(run.members.map((p) => values[positions.indexOf(p)]?.[i] ?? ''));
    const formats = run.members.map((p) => KIND.get(names[positions.indexOf(p)] ?? '') ?? AUTOMATIC_FORMAT);
    sheets.writeBlock(CONVERSATIONS_SHEET, row, run.first + 1, block, formats);
  }
}
