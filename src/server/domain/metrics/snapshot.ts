// The metrics snapshot: the typed fields of every "Conversas" row the metrics read, by sheet row, packed as compact columnar text.
//
// Which fields: every column of CONVERSATION_COLUMNS (columns.ts) except SNAPSHOT_EXCLUDED, the free text no metric
// aggregates. A column added to CONVERSATION_COLUMNS (and read by `toRecord`) is in the snapshot with no change here;
// bump SNAPSHOT_FORMAT only when the encoding itself changes (the field list is part of every stored snapshot, so a
// different list already makes an old one unreadable and it is rebuilt).
//
// Encoding (one string, ASCII only, so characters = bytes): a JSON head line (format, field names and kinds, slot
// count, the text dictionaries and the odd numbers), then each field's column, one self-delimiting varint per slot,
// in a 64-character alphabet (5 payload bits a character, the sixth says "more follows"):
//   text     0 = blank, k = the k-th dictionary entry (dictionary-encoded categories: status, channel, agent…)
//   boolean  0 = blank, 1 = false, 2 = true
//   date     0 = blank, else 1 + zigzag(ms − previous non-blank ms of the column): rows are mostly in creation order,
//            so deltas are minutes, not epochs (exact to the millisecond)
//   number   0 = blank, 4·zigzag(n)+1 for an integer n, 4·zigzag(100·x)+2 for a value with at most 2 decimals that
//            survives the round trip exactly, 4·k+3 for the k-th odd number kept verbatim in the head
// A slot holds one sheet row (slot i = sheet row i + 2); a blank row (skipped by the reader) is listed in `blank`.
import type { CellValue } from '../../app/ports';
import { CONVERSATION_COLUMNS, type ColumnKind, type ConversationColumn, type ConversationRecord } from '../columns';
import { columnPositions, headerOf, isBlankRow, toRecord, type ConversationTable } from './conversation-table';
import { zoneClock } from './time-zone';

/** Version of the encoding. */
export const SNAPSHOT_FORMAT = 1;

/**
 * Columns left out: the key (slots are sheet rows), free text and the sync's own bookkeeping. No metric reads them;
 * they would make the snapshot several times larger. A metric that starts reading one must remove it from here.
 */
export const SNAPSHOT_EXCLUDED: ReadonlySet<ConversationColumn> = new Set<ConversationColumn>([
  'conversation_id',
  'title',
  'contact_name',
  'contact_phone',
  'assignees',
  'tags',
  'last_message_at',
  'synced_at',
]);

/** The snapshot's fields, in CONVERSATION_COLUMNS order. */
export const SNAPSHOT_FIELDS: ReadonlyArray<readonly [ConversationColumn, ColumnKind]> = CONVERSATION_COLUMNS.filter(
  ([name]) => !SNAPSHOT_EXCLUDED.has(name),
);

/** Rows of "Conversas" as the metrics see them: `slots[i]` is sheet row i + 2, null for a blank row. */
export interface ConversationSnapshot {
  slots: Array<ConversationRecord | null>;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** A record with every field blank: what a slot decodes to before its fields are set. */
function blankRecord(): ConversationRecord {
  const record = {} as Record<ConversationColumn, null>;
  for (const [name] of CONVERSATION_COLUMNS) record[name] = null;
  return record as unknown as ConversationRecord;
}

/** The record as the snapshot keeps it: excluded fields blank. */
export function snapshotRecord(record: ConversationRecord): ConversationRecord {
  const out = { ...record } as Record<ConversationColumn, unknown>;
  for (const name of SNAPSHOT_EXCLUDED) out[name] = null;
  return out as ConversationRecord;
}

/**
 * The snapshot of a whole "Conversas" read (`values[0]` = header), parsed exactly as `readConversationTable` parses
 * it (same `toRecord`, same blank-row rule), so a snapshot and a full read give the same records.
 */
export function snapshotFromValues(values: readonly CellValue[][], timeZone: string): ConversationSnapshot {
  const clock = zoneClock(timeZone);
  const at = columnPositions(headerOf(values[0] ?? []));
  const slots: Array<ConversationRecord | null> = new Array<ConversationRecord | null>(Math.max(0, values.length - 1));
  for (let r = 1; r < values.length; r++) {
    const row = values[r] ?? [];
    const id = row[at.conversation_id];
    slots[r - 1] = (id === undefined || id === '') && isBlankRow(row) ? null : snapshotRecord(toRecord(row, at, clock));
  }
  return { slots };
}

/**
 * Replaces sheet rows of a snapshot with rows read or written now (`header` = the sheet's header, `rows` by sheet
 * row). Rows past the end grow the snapshot (the rows between, if any, are blank).
 */
export function patchSnapshot(
  snapshot: ConversationSnapshot,
  header: readonly string[],
  rows: ReadonlyMap<number, readonly CellValue[]>,
  timeZone: string,
): void {
  const clock = zoneClock(timeZone);
  const at = columnPositions(header);
  for (const [sheetRow, row] of rows) {
    if (sheetRow < 2) continue;
    const slot = sheetRow - 2;
    while (snapshot.slots.length < slot) snapshot.slots.push(null);
    const id = row[at.conversation_id];
    snapshot.slots[slot] = (id === undefined || id === '') && isBlankRow(row) ? null : snapshotRecord(toRecord(row, at, clock));
  }
}

/** Keeps only the first `dataRows` slots (the sheet's data rows). */
export function truncateSnapshot(snapshot: ConversationSnapshot, dataRows: number): void {
  if (snapshot.slots.length > dataRows) snapshot.slots.length = Math.max(0, dataRows);
}

/** The snapshot as the table the metrics read (records in sheet order; no raw rows, no header). */
export function snapshotTable(snapshot: ConversationSnapshot, timeZone: string): ConversationTable {
  const records: ConversationRecord[] = [];
  for (const slot of snapshot.slots) if (slot !== null) records.push(slot);
  return { header: [], records, rows: [], timeZone };
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Appends the varint of a non-negative integer (< 2^53). */
function pushVarint(out: string[], value: number): void {
  let v = value;
  let text = '';
  while (v >= 32) {
    text += ALPHABET[32 + (v % 32)];
    v = Math.floor(v / 32);
  }
  out.push(text + ALPHABET[v]);
}

interface Head {
  format: number;
  fields: Array<[string, string]>;
  slots: number;
  blank: number[];
  dicts: Record<string, string[]>;
  odd: Record<string, number[]>;
}

function numberCode(value: number, odd: number[]): number {
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 49) return 4 * zigzag(value) + 1;
  const cents = Math.round(value * 100);
  if (Math.abs(cents) < 2 ** 49 && cents / 100 === value) return 4 * zigzag(cents) + 2;
  odd.push(value);
  return 4 * (odd.length - 1) + 3;
}

/** JSON with every non-ASCII character escaped: its length in characters is its size in bytes. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The snapshot as one ASCII string (see the file header). */
export function encodeSnapshot(snapshot: ConversationSnapshot): string {
  const { slots } = snapshot;
  const head: Head = { format: SNAPSHOT_FORMAT, fields: SNAPSHOT_FIELDS.map(([n, k]) => [n, k]), slots: slots.length, blank: [], dicts: {}, odd: {} };
  slots.forEach((slot, i) => {
    if (slot === null) head.blank.push(i);
  });
  const body: string[] = [];
  for (const [name, kind] of SNAPSHOT_FIELDS) {
    if (kind === 'text') {
      const dict: string[] = [];
      const index = new Map<string, number>();
      for (const slot of slots) {
        const value = slot === null ? null : (slot[name] as string | null);
        if (value === null) {
          body.push('A');
          continue;
        }
        let code = index.get(value);
        if (code === undefined) {
          dict.push(value);
          code = dict.length;
          index.set(value, code);
        }
        pushVarint(body, code);
      }
      head.dicts[name] = dict;
    } else if (kind === 'boolean') {
      for (const slot of slots) {
        const value = slot === null ? null : (slot[name] as boolean | null);
        body.push(value === null ? 'A' : value ? 'C' : 'B');
      }
    } else if (kind === 'date') {
      let previous = 0;
      for (const slot of slots) {
        const value = slot === null ? null : (slot[name] as Date | null);
        if (value === null) {
          body.push('A');
          continue;
        }
        const ms = value.getTime();
        pushVarint(body, zigzag(ms - previous) + 1);
        previous = ms;
      }
    } else {
      const odd: number[] = [];
      for (const slot of slots) {
        const value = slot === null ? null : (slot[name] as number | null);
        if (value === null) body.push('A');
        else pushVarint(body, numberCode(value, odd));
      }
      if (odd.length > 0) head.odd[name] = odd;
    }
  }
  return `${asciiJson(head)}\n${body.join('')}`;
}

/** Decodes `encodeSnapshot`'s text; null when it is not a snapshot of this format and field list (then rebuild). */
export function decodeSnapshot(text: string): ConversationSnapshot | null {
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  let head: Head;
  try {
    head = JSON.parse(text.slice(0, newline)) as Head;
  } catch {
    return null;
  }
  if (head.format !== SNAPSHOT_FORMAT || JSON.stringify(head.fields) !== JSON.stringify(SNAPSHOT_FIELDS)) return null;
  const count = head.slots;
  const slots: Array<ConversationRecord | null> = new Array<ConversationRecord | null>(count);
  const blank = new Set(head.blank);
  for (let i = 0; i < count; i++) slots[i] = blank.has(i) ? null : blankRecord();
  let at = newline + 1;
  const end = text.length;
  /** The next varint; -1 past the end or on a foreign character (a damaged text). */
  const next = (): number => {
    let value = 0;
    let scale = 1;
    while (at < end) {
      const digit = DIGIT[text.charCodeAt(at++)] ?? -1;
      if (digit < 0) return -1;
      if (digit < 32) return value + digit * scale;
      value += (digit - 32) * scale;
      scale *= 32;
    }
    return -1;
  };
  for (const [name, kind] of SNAPSHOT_FIELDS) {
    const dict = head.dicts[name] ?? [];
    const odd = head.odd[name] ?? [];
    let previous = 0;
    for (let i = 0; i < count; i++) {
      const code = next();
      if (code < 0) return null;
      const slot = slots[i];
      if (code === 0 || slot === null || slot === undefined) continue;
      const target = slot as unknown as Record<string, unknown>;
      if (kind === 'text') {
        const value = dict[code - 1];
        if (value === undefined) return null;
        target[name] = value;
      } else if (kind === 'boolean') {
        target[name] = code === 2;
      } else if (kind === 'date') {
        previous += unzigzag(code - 1);
        target[name] = new Date(previous);
      } else {
        const tag = code % 4;
        const payload = (code - tag) / 4;
        if (tag === 1) target[name] = unzigzag(payload);
        else if (tag === 2) target[name] = unzigzag(payload) / 100;
        else {
          const value = odd[payload];
          if (value === undefined) return null;
          target[name] = value;
        }
      }
    }
  }
  return at === end ? { slots } : null;
}
