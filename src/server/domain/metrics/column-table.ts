// The "Conversas" fields the metrics read, as typed columns (one array per field): what the dashboard computes on.
//
// Why columns: a refresh on a 200,000-row sheet cannot afford 200,000 record objects (with four Date objects each)
// nor property lookups by name per row; typed arrays are built in one pass, read in tight loops and sorted natively.
// The field lists below are the metrics' whole view of a row: a metric that needs another column must add it here
// (the compiler then asks for it in every place that builds a row), and the snapshot stores exactly these fields.
import type { ConversationRecord } from '../columns';
import { hashLanes } from '../hash';

/** Date fields: epoch ms in a Float64Array, NaN = blank. */
export const DATE_FIELDS = ['created_at', 'updated_at', 'last_customer_message_at'] as const;
/** Number fields: Float64Array, NaN = blank (a cell's number is always finite). */
export const NUMBER_FIELDS = [
  'frustration_level',
  'first_response_time',
  'resolution_time',
  'satisfaction_score',
  'first_human_response_time',
  'customer_messages',
  'first_response_business_time',
  'first_human_response_business_time',
  'resolution_business_time',
  'operator_handling_time',
] as const;
/** Boolean fields: Int8Array, 0 = blank, 1 = false, 2 = true. */
export const FLAG_FIELDS = ['resolved', 'escalated_to_human', 'awaiting_reply', 'created_in_business_hours'] as const;
/** Text categories: dictionary codes in an Int32Array (0 = blank, k = `dict[k − 1]`). */
export const TEXT_FIELDS = ['status', 'priority', 'channel', 'agent_id', 'first_operator_id', 'operator_ids'] as const;

export type DateField = (typeof DATE_FIELDS)[number];
export type NumberField = (typeof NUMBER_FIELDS)[number];
export type FlagField = (typeof FLAG_FIELDS)[number];
export type TextField = (typeof TEXT_FIELDS)[number];

/** Flag codes. */
export const FLAG_BLANK = 0;
export const FLAG_FALSE = 1;
export const FLAG_TRUE = 2;

/** A dictionary-encoded text column. */
export interface TextColumn {
  codes: Int32Array;
  dict: string[];
}

/**
 * Rows of "Conversas" as columns, in sheet order. `present[i]` = 0 marks a slot holding no row (a blank sheet row
 * kept by the snapshot so slots stay sheet rows); every metric skips it.
 */
export interface ConversationColumns {
  length: number;
  present: Uint8Array;
  dates: Record<DateField, Float64Array>;
  numbers: Record<NumberField, Float64Array>;
  flags: Record<FlagField, Int8Array>;
  texts: Record<TextField, TextColumn>;
  /**
   * The customer (metrics.md §8): a 48-bit hash of the trimmed, lower-cased `contact_email` or, without one, of the
   * trimmed `visitor_id` (NaN = neither). Equal customers hash equal; a collision among 100,000 customers has a
   * chance of about 1 in 50,000. Hashed on every path (full read and snapshot), so both give the same figures.
   */
  customer: Float64Array;
}

/** One row of the metrics' view (dates as epoch ms; null = blank). */
export type MetricRow = { [K in DateField]: number | null } & { [K in NumberField]: number | null } & {
  [K in FlagField]: boolean | null;
} & { [K in TextField]: string | null } & { customer: number | null };

/** The customer hash of metrics.md §8 (see `ConversationColumns.customer`), null without e-mail or visitor id. */
export function customerKey(email: string | null, visitor: string | null): number | null {
  const mail = email === null ? '' : email.trim().toLowerCase();
  const key = mail !== '' ? `e${mail}` : visitor === null || visitor.trim() === '' ? '' : `v${visitor.trim()}`;
  if (key === '') return null;
  const [a, b] = hashLanes(key);
  return (a >>> 8) * 16_777_216 + (b >>> 8);
}

/** The metrics' view of a record. */
export function metricRowOf(record: ConversationRecord): MetricRow {
  return {
    created_at: record.created_at === null ? null : record.created_at.getTime(),
    updated_at: record.updated_at === null ? null : record.updated_at.getTime(),
    // Read only for a row awaiting a reply (abandonment, metrics.md §4): kept only there, so the snapshot stores a
    // few hundred of these instead of one per row (200,000 rows: about 900 KB less to read on every refresh).
    last_customer_message_at:
      record.awaiting_reply !== true || record.last_customer_message_at === null ? null : record.last_customer_message_at.getTime(),
    frustration_level: record.frustration_level,
    first_response_time: record.first_response_time,
    resolution_time: record.resolution_time,
    satisfaction_score: record.satisfaction_score,
    first_human_response_time: record.first_human_response_time,
    customer_messages: record.customer_messages,
    first_response_business_time: record.first_response_business_time,
    first_human_response_business_time: record.first_human_response_business_time,
    resolution_business_time: record.resolution_business_time,
    operator_handling_time: record.operator_handling_time,
    resolved: record.resolved,
    escalated_to_human: record.escalated_to_human,
    awaiting_reply: record.awaiting_reply,
    created_in_business_hours: record.created_in_business_hours,
    status: record.status,
    priority: record.priority,
    channel: record.channel,
    agent_id: record.agent_id,
    first_operator_id: record.first_operator_id,
    operator_ids: record.operator_ids,
    customer: customerKey(record.contact_email, record.visitor_id),
  };
}

/**
 * Columns of `length` slots, none present; with `blank` false the number columns hold 0 instead of NaN, for a
 * caller that writes every slot itself (the snapshot decoder: a 200,000-row fill is 2.6 million writes it skips).
 */
export function emptyColumns(length: number, blank = true): ConversationColumns {
  const of = <T>(names: readonly string[], make: () => T): Record<string, T> => Object.fromEntries(names.map((name) => [name, make()]));
  const numbers = (): Float64Array => (blank ? new Float64Array(length).fill(NaN) : new Float64Array(length));
  return {
    length,
    present: new Uint8Array(length),
    dates: of(DATE_FIELDS, numbers) as Record<DateField, Float64Array>,
    numbers: of(NUMBER_FIELDS, numbers) as Record<NumberField, Float64Array>,
    flags: of(FLAG_FIELDS, () => new Int8Array(length)) as Record<FlagField, Int8Array>,
    texts: of(TEXT_FIELDS, () => ({ codes: new Int32Array(length), dict: [] as string[] })) as Record<TextField, TextColumn>,
    customer: numbers(),
  };
}

/** Text dictionaries' reverse indexes, built once per batch of writes. */
type DictIndexes = Record<TextField, Map<string, number>>;

function dictIndexes(columns: ConversationColumns): DictIndexes {
  return Object.fromEntries(
    TEXT_FIELDS.map((name) => [name, new Map(columns.texts[name].dict.map((text, i) => [text, i + 1]))]),
  ) as DictIndexes;
}

function writeRow(columns: ConversationColumns, indexes: DictIndexes, slot: number, row: MetricRow | null): void {
  if (row === null) {
    columns.present[slot] = 0;
    for (const name of DATE_FIELDS) columns.dates[name][slot] = NaN;
    for (const name of NUMBER_FIELDS) columns.numbers[name][slot] = NaN;
    for (const name of FLAG_FIELDS) columns.flags[name][slot] = FLAG_BLANK;
    for (const name of TEXT_FIELDS) columns.texts[name].codes[slot] = 0;
    columns.customer[slot] = NaN;
    return;
  }
  columns.present[slot] = 1;
  for (const name of DATE_FIELDS) columns.dates[name][slot] = row[name] ?? NaN;
  for (const name of NUMBER_FIELDS) columns.numbers[name][slot] = row[name] ?? NaN;
  for (const name of FLAG_FIELDS) {
    const value = row[name];
    columns.flags[name][slot] = value === null ? FLAG_BLANK : value ? FLAG_TRUE : FLAG_FALSE;
  }
  for (const name of TEXT_FIELDS) {
    const value = row[name];
    const column = columns.texts[name];
    if (value === null) {
      column.codes[slot] = 0;
      continue;
    }
    let code = indexes[name].get(value);
    if (code === undefined) {
      column.dict.push(value);
      code = column.dict.length;
      indexes[name].set(value, code);
    }
    column.codes[slot] = code;
  }
  columns.customer[slot] = row.customer ?? NaN;
}

/** Columns of `rows` in order (null = a slot without a row). */
export function columnsOfRows(rows: ReadonlyArray<MetricRow | null>): ConversationColumns {
  const columns = emptyColumns(rows.length);
  const indexes = dictIndexes(columns);
  for (let i = 0; i < rows.length; i++) writeRow(columns, indexes, i, rows[i] ?? null);
  return columns;
}

/** Columns of parsed records (every one present), in order. */
export function columnsOfRecords(records: readonly ConversationRecord[]): ConversationColumns {
  return columnsOfRows(records.map(metricRowOf));
}

/** Row `i` as a MetricRow, null when the slot holds no row. */
export function rowOfColumns(columns: ConversationColumns, i: number): MetricRow | null {
  if (!columns.present[i]) return null;
  const row = { customer: Number.isNaN(columns.customer[i]) ? null : (columns.customer[i] as number) } as MetricRow;
  for (const name of DATE_FIELDS) {
    const value = columns.dates[name][i] as number;
    row[name] = Number.isNaN(value) ? null : value;
  }
  for (const name of NUMBER_FIELDS) {
    const value = columns.numbers[name][i] as number;
    row[name] = Number.isNaN(value) ? null : value;
  }
  for (const name of FLAG_FIELDS) {
    const code = columns.flags[name][i];
    row[name] = code === FLAG_BLANK ? null : code === FLAG_TRUE;
  }
  for (const name of TEXT_FIELDS) {
    const code = columns.texts[name].codes[i] as number;
    row[name] = code === 0 ? null : (columns.texts[name].dict[code - 1] as string);
  }
  return row;
}

/**
 * `columns` with the given slots overwritten (null = the slot now holds no row), grown when a slot lies past the
 * end. Writes in place when no slot lies past the end; returns the columns to use from then on.
 */
export function withRows(columns: ConversationColumns, rows: ReadonlyMap<number, MetricRow | null>): ConversationColumns {
  let last = columns.length - 1;
  for (const slot of rows.keys()) if (slot > last) last = slot;
  let target = columns;
  if (last >= columns.length) {
    target = emptyColumns(last + 1);
    target.present.set(columns.present);
    for (const name of DATE_FIELDS) target.dates[name].set(columns.dates[name]);
    for (const name of NUMBER_FIELDS) target.numbers[name].set(columns.numbers[name]);
    for (const name of FLAG_FIELDS) target.flags[name].set(columns.flags[name]);
    for (const name of TEXT_FIELDS) {
      target.texts[name].codes.set(columns.texts[name].codes);
      target.texts[name].dict = columns.texts[name].dict.slice();
    }
    target.customer.set(columns.customer);
  }
  const indexes = dictIndexes(target);
  for (const [slot, row] of rows) writeRow(target, indexes, slot, row);
  return target;
}

/** The given slots' rows, in that order, as columns of their own (dictionaries copied: the result may grow them). */
export function pickColumns(columns: ConversationColumns, slots: ArrayLike<number>): ConversationColumns {
  const out = emptyColumns(slots.length, false);
  const copy = <T extends Float64Array | Int8Array | Int32Array | Uint8Array>(from: T, to: T): void => {
    for (let k = 0; k < slots.length; k++) to[k] = from[slots[k] as number] as number;
  };
  copy(columns.present, out.present);
  for (const name of DATE_FIELDS) copy(columns.dates[name], out.dates[name]);
  for (const name of NUMBER_FIELDS) copy(columns.numbers[name], out.numbers[name]);
  for (const name of FLAG_FIELDS) copy(columns.flags[name], out.flags[name]);
  for (const name of TEXT_FIELDS) {
    copy(columns.texts[name].codes, out.texts[name].codes);
    out.texts[name].dict = columns.texts[name].dict.slice();
  }
  copy(columns.customer, out.customer);
  return out;
}

/** The number at slot `i` of a number or date column, null when blank. */
export function valueAt(column: Float64Array, i: number): number | null {
  const value = column[i] as number;
  return Number.isNaN(value) ? null : value;
}
