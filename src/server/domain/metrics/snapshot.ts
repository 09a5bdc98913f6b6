// The metrics snapshot: the metrics' columns of every "Conversas" row (column-table.ts), by sheet row, packed as compact text.
//
// Which fields: exactly the columns of column-table.ts (what the metrics read); a field added there is in the
// snapshot with no change here. Bump SNAPSHOT_FORMAT only when the encoding itself changes (the field list is part
// of every stored snapshot, so a different list already makes an old one unreadable and it is rebuilt).
//
// Encoding (one string, ASCII only, so characters = bytes): a JSON head line (format, field list, slot count, text
// dictionaries, number modes, odd numbers, date scales and signs, column layouts, the time-zone offsets of the days
// the rows span), then each column's codes, in a
// 64-character alphabet:
//   present   1 = a row, 0 = a blank sheet row (kept so slots stay sheet rows)
//   text      0 = blank, k = the k-th dictionary entry (dictionary-encoded categories: status, channel, agent…)
//   flag      0 = blank, 1 = false, 2 = true
//   date      0 = blank, else 1 + the delta, zigzag-coded only when some delta of the column is negative: from the
//             previous row's `created_at` for `created_at` (rows are mostly in creation order: minutes, not epochs)
//             and from the row's own `created_at` for the other dates (an update comes minutes or hours after the
//             start); in seconds when every value of the column is whole seconds, else in ms (exact either way)
//   number    0 = blank, n+1 (non-negative integers), zigzag(n)+1 (integers), 100·x+1 or zigzag(100·x)+1 (every
//             value has at most 2 decimals that survive the round trip), else 4·zigzag(n)+1 / 4·zigzag(100·x)+2 /
//             4·k+3 for the k-th odd number kept verbatim in the head
//   customer  8 characters (the 48-bit hash) or `.` for none
// Each column is laid out dense (every slot's code) or sparse (a 1-bit presence map, then code − 1 of the present
// slots only), whichever is shorter; codes of 1–3 bits are packed 6/3/2 to a character, larger ones are varints
// (5 payload bits a character, the sixth says "more follows").
import type { CellValue } from '../cell-text';
import type { ConversationColumn } from '../columns';
import {
  DATE_FIELDS,
  emptyColumns,
  FLAG_FIELDS,
  metricRowOf,
  NUMBER_FIELDS,
  TEXT_FIELDS,
  columnsOfRows,
  type ConversationColumns,
  type MetricRow,
} from './column-table';
import { columnPositions, headerOf, isBlankRow, toRecord } from './conversation-table';
import { DAY_CACHE_DAYS, DAY_MS, zoneClock, type DayOffsetRuns } from './time-zone';

/** Version of the encoding. */
export const SNAPSHOT_FORMAT = 3;

/** The field list every stored snapshot names (a different list = another snapshot: rebuild). */
export const SNAPSHOT_FIELDS: readonly string[] = [...DATE_FIELDS, ...NUMBER_FIELDS, ...FLAG_FIELDS, ...TEXT_FIELDS, 'customer'];

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
/** A slot without a customer. */
const NO_CUSTOMER = 46; // '.'
/** Characters of a customer hash: 8 × 6 bits = 48 bits. */
const CUSTOMER_DIGITS = 8;

/** A parsed row as a snapshot row (null = a blank row, skipped by the reader). */
function snapshotRow(row: readonly CellValue[], at: ReturnType<typeof columnPositions>, clock: ReturnType<typeof zoneClock>): MetricRow | null {
  const id = row[at.conversation_id];
  return (id === undefined || id === '') && isBlankRow(row) ? null : metricRowOf(toRecord(row, at, clock));
}

/**
 * The snapshot of a whole "Conversas" read (`values[0]` = header), parsed exactly as `readConversationTable` parses
 * it (same `toRecord`, same blank-row rule), so a snapshot and a full read give the same figures.
 */
export function snapshotFromValues(values: readonly CellValue[][], timeZone: string): ConversationColumns {
  const clock = zoneClock(timeZone);
  const at = columnPositions(headerOf(values[0] ?? []));
  const rows = new Array<MetricRow | null>(Math.max(0, values.length - 1));
  for (let r = 1; r < values.length; r++) rows[r - 1] = snapshotRow(values[r] ?? [], at, clock);
  return columnsOfRows(rows);
}

/** The sheet columns a snapshot row is built from (its fields, the customer's two sources and the key). */
const SOURCE_COLUMNS: readonly ConversationColumn[] = [
  'conversation_id',
  ...DATE_FIELDS,
  ...NUMBER_FIELDS,
  ...FLAG_FIELDS,
  ...TEXT_FIELDS,
  'contact_email',
  'visitor_id',
];

/**
 * Where the columns a snapshot reads sit in `header` (0-based, ascending, without duplicates): a rebuild reads just
 * those, not the free text, which is most of the table's cells.
 */
export function snapshotSourcePositions(header: readonly string[]): number[] {
  const at = columnPositions(header);
  return [...new Set(SOURCE_COLUMNS.map((name) => at[name]).filter((position) => position >= 0))].sort((a, b) => a - b);
}

/**
 * Whether every source column of a row is blank: such a row is a blank row for the snapshot only if its other cells
 * (the team's own columns included) are blank too, which a read of the source columns alone cannot tell.
 */
export function blankInSources(row: readonly CellValue[], positions: readonly number[]): boolean {
  for (const position of positions) {
    const cell = row[position];
    if (cell !== undefined && cell !== '' && !(typeof cell === 'string' && cell.trim() === '')) return false;
  }
  return true;
}

/** Rows read or written now (`header` = the sheet's header, `rows` by sheet row ≥ 2) as snapshot slots (sheet row − 2). */
export function snapshotSlots(header: readonly string[], rows: ReadonlyMap<number, readonly CellValue[]>, timeZone: string): Map<number, MetricRow | null> {
  const clock = zoneClock(timeZone);
  const at = columnPositions(header);
  const out = new Map<number, MetricRow | null>();
  for (const [sheetRow, row] of rows) if (sheetRow >= 2) out.set(sheetRow - 2, snapshotRow(row, at, clock));
  return out;
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Characters of the varint of a non-negative integer. */
function varintLength(value: number): number {
  let length = 1;
  for (let v = value; v >= 32; v = Math.floor(v / 32)) length++;
  return length;
}

/** Appends the varint of a non-negative integer (< 2^53). */
export function pushVarint(out: string[], value: number): void {
  let v = value;
  let text = '';
  while (v >= 32) {
    text += ALPHABET[32 + (v % 32)];
    v = Math.floor(v / 32);
  }
  out.push(text + ALPHABET[v]);
}

/**
 * How a number column is coded: `u` non-negative integers, `i` integers, `d` non-negative and exact with at most 2
 * decimals, `c` the same with negatives, `m` mixed (tagged). The unsigned modes skip zigzag: a bit less a value,
 * which is what lets a 1–5 score pack two to a character.
 */
type NumberMode = 'u' | 'i' | 'd' | 'c' | 'm';

/** A column's layout: `[sparse, bits]` (see the file header; bits 0 = varints). */
type Layout = [sparse: number, bits: number];

interface Head {
  format: number;
  fields: readonly string[];
  slots: number;
  dicts: Record<string, string[]>;
  odd: Record<string, number[]>;
  modes: Record<string, NumberMode>;
  /** Date columns stored in whole seconds. */
  seconds: string[];
  /** Date columns with a negative delta somewhere: zigzag-coded (the others store the delta itself). */
  signed: string[];
  layouts: Record<string, Layout>;
  /** The steady time-zone offsets of the UTC days `created_at` spans (absent when not given or too long a span). */
  zone?: { tz: string; first: number; last: number; runs: DayOffsetRuns };
}

/** The zone entry of the head: the offsets of the UTC days from the first to the last `created_at`. */
function zoneOf(columns: ConversationColumns, timeZone: string): Head['zone'] {
  const created = columns.dates.created_at;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < columns.length; i++) {
    if (!columns.present[i]) continue;
    const day = Math.floor((created[i] as number) / DAY_MS);
    // NaN (no created_at) fails both tests.
    if (day < first) first = day;
    if (day > last) last = day;
  }
  if (!Number.isFinite(first) || last - first >= DAY_CACHE_DAYS) return undefined;
  return { tz: timeZone, first, last, runs: zoneClock(timeZone).dayOffsetRuns(first, last) };
}

/** Gives the head's day offsets to this execution's clock of that zone; false when the entry is malformed. */
function primeZone(zone: unknown): boolean {
  if (zone === undefined) return true;
  if (zone === null || typeof zone !== 'object') return false;
  const { tz, first, last, runs } = zone as Record<string, unknown>;
  if (typeof tz !== 'string' || !Number.isSafeInteger(first) || !Number.isSafeInteger(last)) return false;
  const from = first as number;
  const to = last as number;
  if (to < from || to - from >= DAY_CACHE_DAYS || !Array.isArray(runs) || runs.length === 0) return false;
  let previous = from - 1;
  for (const run of runs as unknown[]) {
    if (!Array.isArray(run) || run.length !== 2) return false;
    const [day, offset] = run as unknown[];
    if (!Number.isSafeInteger(day) || (day as number) <= previous || (day as number) > to) return false;
    if (previous === from - 1 && day !== from) return false;
    // An offset is whole seconds (what `exact` computes) and under a day.
    if (offset !== null && !(typeof offset === 'number' && Number.isInteger(offset / 1000) && Math.abs(offset) < DAY_MS)) return false;
    previous = day as number;
  }
  zoneClock(tz).primeDays(from, to, runs as DayOffsetRuns);
  return true;
}

const SAFE = 2 ** 49;

function numberMode(values: Float64Array): NumberMode {
  let cents = false;
  let negative = false;
  // The largest integer: a cents mode codes it as 100·n, which must stay exact too.
  let largest = 0;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    if (value < 0) negative = true;
    if (Number.isInteger(value) && Math.abs(value) < SAFE) {
      largest = Math.max(largest, Math.abs(value));
      continue;
    }
    const hundredths = Math.round(value * 100);
    if (Math.abs(hundredths) < SAFE && hundredths / 100 === value) cents = true;
    else return 'm';
  }
  if (cents) return largest * 100 >= SAFE ? 'm' : negative ? 'c' : 'd';
  return negative ? 'i' : 'u';
}

function numberCode(value: number, mode: NumberMode, odd: number[]): number {
  if (mode === 'u') return value + 1;
  if (mode === 'i') return zigzag(value) + 1;
  if (mode === 'd') return Math.round(value * 100) + 1;
  if (mode === 'c') return zigzag(Math.round(value * 100)) + 1;
  if (Number.isInteger(value) && Math.abs(value) < SAFE) return 4 * zigzag(value) + 1;
  const cents = Math.round(value * 100);
  if (Math.abs(cents) < SAFE && cents / 100 === value) return 4 * zigzag(cents) + 2;
  odd.push(value);
  return 4 * (odd.length - 1) + 3;
}

/** A mixed-mode number from its code; undefined when it names an odd number the head lacks. */
function mixedValue(code: number, odd: readonly number[]): number | undefined {
  const tag = code % 4;
  const payload = (code - tag) / 4;
  if (tag === 1) return unzigzag(payload);
  if (tag === 2) return unzigzag(payload) / 100;
  return odd[payload];
}

/** JSON with every non-ASCII character escaped: its length in characters is its size in bytes. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Codes per character for a column of `bits`-bit codes (6 bits a character). */
function perChar(bits: number): number {
  return Math.floor(6 / bits);
}

/** The packing width of codes up to `max`: 1–3 bits, or 0 for varints. */
function bitsFor(max: number): number {
  return max < 2 ? 1 : max < 4 ? 2 : max < 8 ? 3 : 0;
}

/** Appends codes packed `bits` to a code (1–3), or as varints (0). */
function pushPacked(out: string[], codes: ArrayLike<number>, bits: number): void {
  if (bits === 0) {
    for (let i = 0; i < codes.length; i++) pushVarint(out, codes[i] as number);
    return;
  }
  const per = perChar(bits);
  for (let i = 0; i < codes.length; i += per) {
    let packed = 0;
    for (let k = per - 1; k >= 0; k--) packed = packed * 2 ** bits + (i + k < codes.length ? (codes[i + k] as number) : 0);
    out.push(ALPHABET[packed] as string);
  }
}

/**
 * Appends one column's codes (0 = blank) in whichever layout is shorter: dense (every slot's code) or sparse (a
 * presence bitmap, then code − 1 of the present slots only). Sparse wins for the columns most rows leave blank (a
 * human operator's times, business times), where dense spends a character a row on nothing.
 */
function pushColumn(out: string[], codes: Float64Array, head: Head, name: string): void {
  let max = 0;
  let present = 0;
  let denseVarints = 0;
  let sparseVarints = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    denseVarints += varintLength(code);
    if (code === 0) continue;
    present++;
    if (code > max) max = code;
    sparseVarints += varintLength(code - 1);
  }
  const denseBits = bitsFor(max);
  const dense = denseBits > 0 ? Math.ceil(codes.length / perChar(denseBits)) : denseVarints;
  const sparseBits = bitsFor(max - 1);
  const sparse = Math.ceil(codes.length / 6) + (sparseBits > 0 ? Math.ceil(present / perChar(sparseBits)) : sparseVarints);
  if (sparse >= dense) {
    head.layouts[name] = [0, denseBits];
    pushPacked(out, codes, denseBits);
    return;
  }
  head.layouts[name] = [1, sparseBits];
  const flags = new Uint8Array(codes.length);
  const values = new Float64Array(present);
  for (let i = 0, j = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === 0) continue;
    flags[i] = 1;
    values[j++] = code - 1;
  }
  pushPacked(out, flags, 1);
  pushPacked(out, values, sparseBits);
}

/** Whether every non-blank value of a date column (as coded: the delta) is whole seconds. */
function wholeSeconds(values: Float64Array, base: (i: number) => number): boolean {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isNaN(value) && (value - base(i)) % 1000 !== 0) return false;
  }
  return true;
}

/**
 * The snapshot as one ASCII string (see the file header). With `timeZone`, the head also carries the offsets of the
 * days its rows span, which the decoder gives to its execution's clock (a base snapshot; a delta of a few rows has
 * no use for them).
 */
export function encodeSnapshot(columns: ConversationColumns, timeZone?: string): string {
  const count = columns.length;
  const head: Head = { format: SNAPSHOT_FORMAT, fields: SNAPSHOT_FIELDS, slots: count, dicts: {}, odd: {}, modes: {}, seconds: [], signed: [], layouts: {} };
  const zone = timeZone === undefined ? undefined : zoneOf(columns, timeZone);
  if (zone) head.zone = zone;
  const body: string[] = [];
  const codes = new Float64Array(count);
  codes.set(columns.present);
  pushColumn(body, codes, head, 'present');
  const created = columns.dates.created_at;
  // created_at: from the previous row's value; the other dates: from the row's own created_at (0 when blank).
  const previousCreated = new Float64Array(count);
  let last = 0;
  for (let i = 0; i < count; i++) {
    previousCreated[i] = last;
    if (!Number.isNaN(created[i] as number)) last = created[i] as number;
  }
  for (const name of DATE_FIELDS) {
    const values = columns.dates[name];
    const base = name === 'created_at' ? (i: number) => previousCreated[i] as number : (i: number) => (Number.isNaN(created[i] as number) ? 0 : (created[i] as number));
    const scale = wholeSeconds(values, base) ? 1000 : 1;
    if (scale === 1000) head.seconds.push(name);
    let signed = false;
    for (let i = 0; i < count; i++) if ((values[i] as number) < base(i)) signed = true;
    if (signed) head.signed.push(name);
    for (let i = 0; i < count; i++) {
      const value = values[i] as number;
      const delta = (value - base(i)) / scale;
      codes[i] = Number.isNaN(value) ? 0 : (signed ? zigzag(delta) : delta) + 1;
    }
    pushColumn(body, codes, head, name);
  }
  for (const name of NUMBER_FIELDS) {
    const values = columns.numbers[name];
    const mode = numberMode(values);
    const odd: number[] = [];
    for (let i = 0; i < count; i++) {
      const value = values[i] as number;
      codes[i] = Number.isNaN(value) ? 0 : numberCode(value, mode, odd);
    }
    head.modes[name] = mode;
    if (odd.length > 0) head.odd[name] = odd;
    pushColumn(body, codes, head, name);
  }
  for (const name of FLAG_FIELDS) {
    codes.set(columns.flags[name]);
    pushColumn(body, codes, head, name);
  }
  for (const name of TEXT_FIELDS) {
    // Only the entries still in use: a dictionary grown by patches may hold values no row has any more.
    const column = columns.texts[name];
    const remap = new Int32Array(column.dict.length + 1);
    const dict: string[] = [];
    for (let i = 0; i < count; i++) {
      const code = column.codes[i] as number;
      if (code !== 0 && remap[code] === 0) {
        dict.push(column.dict[code - 1] as string);
        remap[code] = dict.length;
      }
      codes[i] = remap[code] as number;
    }
    head.dicts[name] = dict;
    pushColumn(body, codes, head, name);
  }
  const customers: string[] = [];
  for (let i = 0; i < count; i++) {
    const value = columns.customer[i] as number;
    if (Number.isNaN(value)) {
      customers.push('.');
      continue;
    }
    let text = '';
    let rest = value;
    for (let k = 0; k < CUSTOMER_DIGITS; k++) {
      text += ALPHABET[rest % 64];
      rest = Math.floor(rest / 64);
    }
    customers.push(text);
  }
  body.push(customers.join(''));
  return `${asciiJson(head)}\n${body.join('')}`;
}

/**
 * Reads `count` codes packed `bits` to a code (0 = varints) starting at `at` into `out`; returns the position after
 * them, or -1 on a damaged text. Module-level with local variables only (no closure state): this loop runs over
 * millions of characters in a fresh (cold) execution, and simple loops are the ones the engine optimises soonest.
 */
export function readCodes(text: string, at: number, count: number, bits: number, out: Float64Array): number {
  const end = text.length;
  let pos = at;
  if (bits > 0) {
    const per = perChar(bits);
    const mask = (1 << bits) - 1;
    for (let i = 0; i < count; i += per) {
      if (pos >= end) return -1;
      let packed = DIGIT[text.charCodeAt(pos++)] as number;
      if (packed < 0) return -1;
      const last = Math.min(per, count - i);
      for (let k = 0; k < last; k++) {
        out[i + k] = packed & mask;
        packed >>= bits;
      }
    }
    return pos;
  }
  for (let i = 0; i < count; i++) {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (pos >= end) return -1;
      const digit = DIGIT[text.charCodeAt(pos++)] as number;
      if (digit < 0) return -1;
      if (digit < 32) {
        value += digit * scale;
        break;
      }
      value += (digit - 32) * scale;
      scale *= 32;
    }
    out[i] = value;
  }
  return pos;
}

/** The present slots' codes of a sparse column, read once per column (grown when needed). */
let presentCodes = new Float64Array(0);

/** Reads one column's codes (0 = blank) in its layout into `out`; the position after them, or -1 when damaged. */
function readColumn(text: string, at: number, count: number, layout: unknown, out: Float64Array): number {
  if (!Array.isArray(layout) || layout.length !== 2) return -1;
  const [sparse, bits] = layout as Layout;
  if (!(bits === 0 || bits === 1 || bits === 2 || bits === 3)) return -1;
  if (sparse !== 1) return readCodes(text, at, count, bits, out);
  const pos = readCodes(text, at, count, 1, out);
  if (pos < 0) return -1;
  const present = countPresent(out);
  if (presentCodes.length < present) presentCodes = new Float64Array(present);
  const after = readCodes(text, pos, present, bits, presentCodes);
  if (after >= 0) scatterPresent(out, presentCodes);
  return after;
}

// The loops below sit in functions of their own, each ending right after its loop: in a fresh execution the engine
// compiles a hot loop in the middle of a function before the code after it has ever run, and leaves that compiled
// code again (a deoptimisation) on reaching it, so a function with several hot loops in a row runs mostly cold.

/** How many slots a presence map marks. */
function countPresent(flags: Float64Array): number {
  let present = 0;
  for (let i = 0; i < flags.length; i++) present += flags[i] as number;
  return present;
}

/** A presence map turned into codes: each marked slot gets the next present code (stored minus one). */
function scatterPresent(out: Float64Array, values: Float64Array): void {
  for (let i = 0, j = 0; i < out.length; i++) if (out[i] !== 0) out[i] = (values[j++] as number) + 1;
}

// A code is 0 for a blank and 1 + the (zigzag-coded, when `signed`) delta otherwise: blank is told from the code
// before the zigzag is undone, since a delta of −1 has the unzigzagged code 0.

/** The delta a non-zero code stands for. */
function deltaOf(code: number, signed: boolean): number {
  return signed ? unzigzag(code - 1) : code - 1;
}

/** Creation instants from their codes: each the previous one plus its delta (× scale); NaN = blank. */
function decodeCreated(codes: Float64Array, scale: number, signed: boolean, out: Float64Array): void {
  let previous = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === 0) out[i] = NaN;
    else out[i] = previous += deltaOf(code, signed) * scale;
  }
}

/** Other instants from their codes: the row's own start (0 without one) plus the delta (× scale); NaN = blank. */
function decodeFromCreated(codes: Float64Array, scale: number, signed: boolean, created: Float64Array, out: Float64Array): void {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    const own = created[i] as number;
    out[i] = code === 0 ? NaN : (own === own ? own : 0) + deltaOf(code, signed) * scale;
  }
}

/**
 * Numbers from their codes (NaN = blank); false when a code names an odd number the head lacks. The mixed mode has
 * its own loop, and the others no per-row branch on the mode string: one shared loop seeing ten columns of
 * different modes was re-optimised each time the mode changed, which on cold code cost more than the decoding itself.
 */
function decodeNumbers(codes: Float64Array, mode: NumberMode, odd: readonly number[], out: Float64Array): boolean {
  if (mode === 'm') return decodeMixed(codes, odd, out);
  if (mode !== 'u' && mode !== 'i' && mode !== 'd' && mode !== 'c') return false;
  decodeScaled(codes, mode === 'd' || mode === 'c' ? 100 : 1, mode === 'i' || mode === 'c', out);
  return true;
}

/** Codes of n as n ÷ divisor (1 or 100: exact, as the encoder checked); NaN = blank. */
function decodeScaled(codes: Float64Array, divisor: number, signed: boolean, out: Float64Array): void {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    out[i] = code === 0 ? NaN : deltaOf(code, signed) / divisor;
  }
}

function decodeMixed(codes: Float64Array, odd: readonly number[], out: Float64Array): boolean {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    const value = code === 0 ? NaN : mixedValue(code, odd);
    if (value === undefined) return false;
    out[i] = value;
  }
  return true;
}

/** Small codes copied out; false when one exceeds `max`. One function per array type: one shared by three types
 * is left again by the compiled code at each new type (see `countPresent`). */
function copyFlagCodes(codes: Float64Array, max: number, out: Int8Array): boolean {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code > max) return false;
    out[i] = code;
  }
  return true;
}

function copyPresence(codes: Float64Array, out: Uint8Array): boolean {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code > 1) return false;
    out[i] = code;
  }
  return true;
}

function copyTextCodes(codes: Float64Array, max: number, out: Int32Array): boolean {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code > max) return false;
    out[i] = code;
  }
  return true;
}

/** Customer hashes: 8 digits each, or `.` for none (NaN); the position after them, or -1 on a damaged text. */
function readCustomers(text: string, at: number, out: Float64Array): number {
  const end = text.length;
  let pos = at;
  for (let i = 0; i < out.length; i++) {
    if (pos >= end) return -1;
    if (text.charCodeAt(pos) === NO_CUSTOMER) {
      out[i] = NaN;
      pos++;
      continue;
    }
    if (pos + CUSTOMER_DIGITS > end) return -1;
    let value = 0;
    let scale = 1;
    for (let k = 0; k < CUSTOMER_DIGITS; k++) {
      const digit = DIGIT[text.charCodeAt(pos++)] as number;
      if (digit < 0) return -1;
      value += digit * scale;
      scale *= 64;
    }
    out[i] = value;
  }
  return pos;
}

/**
 * Decodes `encodeSnapshot`'s text; null when it is not a snapshot of this format and field list (then rebuild).
 * `capacity`: slots to make room for (blank past the snapshot's own), so rows patched in past its end (appended
 * since it was stored) are written in place instead of into a copy of every column.
 */
export function decodeSnapshot(text: string, capacity = 0): ConversationColumns | null {
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  let head: Head;
  try {
    head = JSON.parse(text.slice(0, newline)) as Head;
  } catch {
    return null;
  }
  if (head === null || typeof head !== 'object' || head.format !== SNAPSHOT_FORMAT || JSON.stringify(head.fields) !== JSON.stringify(SNAPSHOT_FIELDS)) return null;
  try {
    const columns = decodeBody(text, newline + 1, head, capacity);
    return columns && primeZone(head.zone) ? columns : null;
  } catch {
    // A head of the right format but the wrong shape (a damaged entry): rebuild, like any other damage.
    return null;
  }
}

function decodeBody(text: string, start: number, head: Head, capacity: number): ConversationColumns | null {
  const count = head.slots;
  // Every slot takes at least one character (its customer): a larger count is damage, caught before allocating.
  if (!Number.isSafeInteger(count) || count < 0 || count > text.length - start) return null;
  const columns = emptyColumns(Math.max(count, capacity), false);
  // The decoders fill the snapshot's own slots (views of the first `count`); the room past them is blanked after.
  const own = <T extends Float64Array | Int8Array | Uint8Array | Int32Array>(column: T): T => column.subarray(0, count) as T;
  const codes = new Float64Array(count);
  let at = readColumn(text, start, count, head.layouts.present, codes);
  if (at < 0 || !copyPresence(codes, own(columns.present))) return null;
  // Dates and numbers are decoded in place: their codes are read into the column itself, then turned into values.
  for (const name of DATE_FIELDS) {
    const column = own(columns.dates[name]);
    at = readColumn(text, at, count, head.layouts[name], column);
    if (at < 0) return null;
    const scale = head.seconds.includes(name) ? 1000 : 1;
    const signed = head.signed.includes(name);
    if (name === 'created_at') decodeCreated(column, scale, signed, column);
    else decodeFromCreated(column, scale, signed, own(columns.dates.created_at), column);
  }
  for (const name of NUMBER_FIELDS) {
    const column = own(columns.numbers[name]);
    at = readColumn(text, at, count, head.layouts[name], column);
    const odd = head.odd[name] ?? [];
    if (!Array.isArray(odd) || !odd.every((value) => typeof value === 'number' && Number.isFinite(value))) return null;
    if (at < 0 || !decodeNumbers(column, head.modes[name] ?? 'm', odd, column)) return null;
  }
  for (const name of FLAG_FIELDS) {
    at = readColumn(text, at, count, head.layouts[name], codes);
    if (at < 0 || !copyFlagCodes(codes, 2, own(columns.flags[name]))) return null;
  }
  for (const name of TEXT_FIELDS) {
    at = readColumn(text, at, count, head.layouts[name], codes);
    const dict = head.dicts[name] ?? [];
    if (!Array.isArray(dict) || !dict.every((entry) => typeof entry === 'string')) return null;
    if (at < 0 || !copyTextCodes(codes, dict.length, own(columns.texts[name].codes))) return null;
    columns.texts[name].dict = dict;
  }
  at = readCustomers(text, at, own(columns.customer));
  if (at !== text.length) return null;
  if (columns.length > count) {
    for (const name of DATE_FIELDS) columns.dates[name].fill(NaN, count);
    for (const name of NUMBER_FIELDS) columns.numbers[name].fill(NaN, count);
    columns.customer.fill(NaN, count);
  }
  return columns;
}
