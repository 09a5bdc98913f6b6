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
import type { CellValue } from '../cell-text';
import { CONVERSATION_COLUMNS, type ColumnKind, type ConversationColumn, type ConversationRecord } from '../columns';
import { columnPositions, headerOf, isBlankRow, toRecord, type ConversationTable } from './conversation-table';
import { zoneClock } from './time-zone';
import { hashLanes } from '../hash';

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
/** A blank identity (see SNAPSHOT_IDENTITIES). */
const NO_IDENTITY = '.';
/** Identity digits: 32 characters that lower-casing leaves alone, 5 bits each; 10 digits hold a 48-bit hash. */
const IDENTITY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz012345';
const IDENTITY_DIGITS = 10;

/**
 * Text columns whose only use is telling customers apart (metrics.md §8): kept as a 48-bit hash, not as text, since
 * nearly every row holds a different value and a dictionary of them would be most of the snapshot. `ci`: hashed
 * trimmed and lower-cased (e-mail addresses), `exact`: hashed as read. A slot then reads `~` + 10 lower-case digits: equal
 * values (after that normalisation) read equal, different ones differ (a collision among 100,000 customers has a
 * chance of about 1 in 50,000), and lower-casing leaves them unchanged. A metric that needs the text itself must
 * take its column out of here.
 */
export const SNAPSHOT_IDENTITIES: Readonly<Partial<Record<ConversationColumn, 'ci' | 'exact'>>> = {
  contact_email: 'ci',
  visitor_id: 'exact',
};

/** Every field blank, in one literal: records of one shape keep the metrics' property reads fast. */
function blankRecord(): ConversationRecord {
  return {
    conversation_id: null,
    created_at: null,
    updated_at: null,
    status: null,
    priority: null,
    channel: null,
    visitor_id: null,
    agent_id: null,
    frustration_level: null,
    first_response_time: null,
    resolution_time: null,
    message_count: null,
    satisfaction_score: null,
    resolved: null,
    escalated_to_human: null,
    contact_name: null,
    contact_email: null,
    title: null,
    contact_phone: null,
    assignees: null,
    ai_enabled: null,
    tags: null,
    frustration_score: null,
    first_human_response_time: null,
    customer_messages: null,
    ai_messages: null,
    operator_messages: null,
    unknown_agent_messages: null,
    awaiting_reply: null,
    last_customer_message_at: null,
    last_message_at: null,
    ai_rating_good: null,
    ai_rating_bad: null,
    synced_at: null,
    first_response_business_time: null,
    first_human_response_business_time: null,
    resolution_business_time: null,
    created_in_business_hours: null,
    first_operator_id: null,
    operator_ids: null,
    operator_handling_time: null,
    first_customer_message_at: null,
  };
}

/** The record as the snapshot keeps it: excluded fields blank, identities hashed. */
export function snapshotRecord(record: ConversationRecord): ConversationRecord {
  const out = { ...record } as Record<ConversationColumn, unknown>;
  for (const name of SNAPSHOT_EXCLUDED) out[name] = null;
  for (const [name, mode] of Object.entries(SNAPSHOT_IDENTITIES) as Array<[ConversationColumn, 'ci' | 'exact']>) {
    const value = record[name] as string | null;
    out[name] = value === null ? null : identityText(identityDigits(value, mode));
  }
  return out as ConversationRecord;
}

/** 48-bit hash of a text as IDENTITY_DIGITS digits (two FNV-1a-style 32-bit lanes, 24 bits each). */
function identityDigits(value: string, mode: 'ci' | 'exact'): string {
  const text = mode === 'ci' ? value.trim().toLowerCase() : value;
  const [a, b] = hashLanes(text);
  let hi = a >>> 8;
  let lo = b >>> 8;
  let out = '';
  for (let i = 0; i < IDENTITY_DIGITS / 2; i++) {
    out += (IDENTITY_ALPHABET[hi & 31] as string) + (IDENTITY_ALPHABET[lo & 31] as string);
    hi >>>= 5;
    lo >>>= 5;
  }
  return out;
}

/** The slot text of an identity: `~` and its digits (stable under lower-casing). */
function identityText(digits: string): string {
  return `~${digits}`;
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

/** Rows read or written now (`header` = the sheet's header, `rows` by sheet row ≥ 2) as snapshot slots (sheet row − 2). */
export function snapshotSlots(
  header: readonly string[],
  rows: ReadonlyMap<number, readonly CellValue[]>,
  timeZone: string,
): Map<number, ConversationRecord | null> {
  const clock = zoneClock(timeZone);
  const at = columnPositions(header);
  const out = new Map<number, ConversationRecord | null>();
  for (const [sheetRow, row] of rows) {
    if (sheetRow < 2) continue;
    const id = row[at.conversation_id];
    out.set(sheetRow - 2, (id === undefined || id === '') && isBlankRow(row) ? null : snapshotRecord(toRecord(row, at, clock)));
  }
  return out;
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

/** How a number column is coded: `i` all integers, `c` all exact with at most 2 decimals, `m` mixed (tagged). */
type NumberMode = 'i' | 'c' | 'm';

interface Head {
  format: number;
  fields: Array<[string, string]>;
  slots: number;
  blank: number[];
  dicts: Record<string, string[]>;
  odd: Record<string, number[]>;
  modes: Record<string, NumberMode>;
  /** Columns whose codes fit 1–3 bits: packed 6/3/2 codes a character. */
  bits: Record<string, number>;
}

const SAFE = 2 ** 49;

function numberMode(values: ReadonlyArray<number | null>): NumberMode {
  let mode: NumberMode = 'i';
  for (const value of values) {
    if (value === null) continue;
    if (Number.isInteger(value) && Math.abs(value) < SAFE) continue;
    const cents = Math.round(value * 100);
    if (Math.abs(cents) < SAFE && cents / 100 === value) mode = 'c';
    else return 'm';
  }
  return mode;
}

function numberCode(value: number, mode: NumberMode, odd: number[]): number {
  if (mode === 'i') return zigzag(value) + 1;
  if (mode === 'c') return zigzag(Math.round(value * 100)) + 1;
  if (Number.isInteger(value) && Math.abs(value) < SAFE) return 4 * zigzag(value) + 1;
  const cents = Math.round(value * 100);
  if (Math.abs(cents) < SAFE && cents / 100 === value) return 4 * zigzag(cents) + 2;
  odd.push(value);
  return 4 * (odd.length - 1) + 3;
}

function numberValue(code: number, mode: NumberMode, odd: readonly number[]): number | undefined {
  if (mode === 'i') return unzigzag(code - 1);
  if (mode === 'c') return unzigzag(code - 1) / 100;
  const tag = code % 4;
  const payload = (code - tag) / 4;
  if (tag === 1) return unzigzag(payload);
  if (tag === 2) return unzigzag(payload) / 100;
  return odd[payload];
}

/** JSON with every non-ASCII character escaped: its length in characters is its size in bytes. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Codes per character for a column of `bits`-bit codes (6 bits a character). */
function perChar(bits: number): number {
  return Math.floor(6 / bits);
}

/** The codes of one column (0 = blank), and the text that holds them. */
function pushCodes(out: string[], codes: readonly number[], head: Head, name: string): void {
  let max = 0;
  for (const code of codes) if (code > max) max = code;
  const bits = max < 2 ? 1 : max < 4 ? 2 : max < 8 ? 3 : 0;
  if (bits === 0) {
    for (const code of codes) pushVarint(out, code);
    return;
  }
  head.bits[name] = bits;
  const per = perChar(bits);
  for (let i = 0; i < codes.length; i += per) {
    let packed = 0;
    for (let k = per - 1; k >= 0; k--) packed = packed * 2 ** bits + (codes[i + k] ?? 0);
    out.push(ALPHABET[packed] as string);
  }
}

/** The snapshot as one ASCII string (see the file header). */
export function encodeSnapshot(snapshot: ConversationSnapshot): string {
  const { slots } = snapshot;
  const head: Head = {
    format: SNAPSHOT_FORMAT,
    fields: SNAPSHOT_FIELDS.map(([n, k]) => [n, k]),
    slots: slots.length,
    blank: [],
    dicts: {},
    odd: {},
    modes: {},
    bits: {},
  };
  slots.forEach((slot, i) => {
    if (slot === null) head.blank.push(i);
  });
  const body: string[] = [];
  for (const [name, kind] of SNAPSHOT_FIELDS) {
    const column = slots.map((slot) => (slot === null ? null : slot[name]));
    const identity = SNAPSHOT_IDENTITIES[name];
    if (identity) {
      // Already hashed by snapshotRecord: `~` + its digits.
      for (const value of column as Array<string | null>) body.push(value === null ? NO_IDENTITY : value.slice(1));
      continue;
    }
    const codes: number[] = new Array<number>(column.length);
    if (kind === 'text') {
      const dict: string[] = [];
      const index = new Map<string, number>();
      column.forEach((value, i) => {
        if (value === null) {
          codes[i] = 0;
          return;
        }
        const text = value as string;
        let code = index.get(text);
        if (code === undefined) {
          dict.push(text);
          code = dict.length;
          index.set(text, code);
        }
        codes[i] = code;
      });
      head.dicts[name] = dict;
    } else if (kind === 'boolean') {
      column.forEach((value, i) => {
        codes[i] = value === null ? 0 : value ? 2 : 1;
      });
    } else if (kind === 'date') {
      let previous = 0;
      column.forEach((value, i) => {
        if (value === null) {
          codes[i] = 0;
          return;
        }
        const ms = (value as Date).getTime();
        codes[i] = zigzag(ms - previous) + 1;
        previous = ms;
      });
    } else {
      const numbers = column as Array<number | null>;
      const mode = numberMode(numbers);
      const odd: number[] = [];
      numbers.forEach((value, i) => {
        codes[i] = value === null ? 0 : numberCode(value, mode, odd);
      });
      head.modes[name] = mode;
      if (odd.length > 0) head.odd[name] = odd;
    }
    pushCodes(body, codes, head, name);
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
  const codes = new Float64Array(count);
  for (const [name, kind] of SNAPSHOT_FIELDS) {
    const identity = SNAPSHOT_IDENTITIES[name];
    if (identity) {
      for (let i = 0; i < count; i++) {
        if (at >= end) return null;
        if (text.charCodeAt(at) === 46 /* NO_IDENTITY */) {
          at++;
          continue;
        }
        const digits = text.slice(at, at + IDENTITY_DIGITS);
        at += IDENTITY_DIGITS;
        if (digits.length !== IDENTITY_DIGITS) return null;
        const slot = slots[i];
        if (slot) (slot as unknown as Record<string, unknown>)[name] = identityText(digits);
      }
      continue;
    }
    const bits = head.bits[name] ?? 0;
    if (bits > 0) {
      const per = perChar(bits);
      const mask = 2 ** bits;
      for (let i = 0; i < count; i += per) {
        let packed = at < end ? (DIGIT[text.charCodeAt(at++)] ?? -1) : -1;
        if (packed < 0) return null;
        for (let k = 0; k < per && i + k < count; k++) {
          codes[i + k] = packed % mask;
          packed = Math.floor(packed / mask);
        }
      }
    } else {
      for (let i = 0; i < count; i++) {
        const code = next();
        if (code < 0) return null;
        codes[i] = code;
      }
    }
    const dict = head.dicts[name] ?? [];
    const odd = head.odd[name] ?? [];
    const mode = head.modes[name] ?? 'm';
    let previous = 0;
    for (let i = 0; i < count; i++) {
      const code = codes[i] as number;
      const slot = slots[i];
      if (code === 0 || !slot) continue;
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
        const value = numberValue(code, mode, odd);
        if (value === undefined) return null;
        target[name] = value;
      }
    }
  }
  return at === end ? { slots } : null;
}
