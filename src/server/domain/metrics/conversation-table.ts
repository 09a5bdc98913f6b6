// Reads the "Conversas" sheet's cell values (header first) into typed records once, by header name.
import type { CellValue } from '../cell-text';
import { CONVERSATION_COLUMNS, type ConversationColumn, type ConversationRecord } from '../columns';
import { headerKey } from '../table-merge';
import { dayFromCivil, DAY_MS, zoneClock, type ZoneClock } from './time-zone';

/** The parsed "Conversas" table: typed records plus the raw rows they came from (same index), for exports. */
export interface ConversationTable {
  /** Header row as text, in sheet order (every column, the user's own included). */
  header: string[];
  /** One record per non-blank data row, in sheet order; `null` = blank or unreadable cell ("unknown", never 0). */
  records: ConversationRecord[];
  /** The raw data rows behind `records` (same index), untouched. */
  rows: CellValue[][];
  /** The time zone text dates without an offset were read in. */
  timeZone: string;
}

const TRUE_WORDS = new Set(['true', 'verdadeiro', 'sim', '1', 'yes', 'y', 's', 'x']);
const FALSE_WORDS = new Set(['false', 'falso', 'não', 'nao', '0', 'no', 'n']);
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const ISO_TEXT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const BR_TEXT = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Sheets' serial day 0 is 1899-12-30 (wall clock of the spreadsheet's zone). */
const SERIAL_EPOCH_DAY = dayFromCivil(1899, 12, 30);

/** A number from a number cell or from text such as `"123"`, `"4,5"`, `"1.234,5"`; null otherwise. */
export function parseNumberCell(cell: CellValue): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'boolean' || cell instanceof Date) return null;
  let text = cell.trim();
  if (text === '') return null;
  text = text.replace(/\s/g, '');
  const comma = text.indexOf(',');
  if (comma >= 0) {
    // "1.234,5" (pt-BR thousands) or "4,5" (decimal comma); a second comma makes it unreadable.
    if (text.indexOf(',', comma + 1) >= 0) return null;
    text = text.replace(/\./g, '').replace(',', '.');
  }
  if (!NUMBER_TEXT.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** A boolean from a boolean cell, 1/0, or text `TRUE`/`verdadeiro`/`sim`/`1` (and their negatives); null otherwise. */
export function parseBooleanCell(cell: CellValue): boolean | null {
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : null;
  if (cell instanceof Date) return null;
  const text = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

/** Trimmed text; blank = null. Numbers and booleans as typed; a date as ISO-8601. */
export function parseTextCell(cell: CellValue): string | null {
  if (typeof cell === 'string') {
    const text = cell.trim();
    return text === '' ? null : text;
  }
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return Number.isNaN(cell.getTime()) ? null : cell.toISOString();
}

function validCivil(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A date from a Date cell, ISO text (`2026-03-01T10:00:00Z`, with or without offset), `yyyy-MM-dd HH:mm:ss`,
 * `dd/MM/yyyy HH:mm[:ss]`, or a Sheets serial number. Text without an offset is wall time in `clock`'s zone.
 */
export function parseDateCell(cell: CellValue, clock: ZoneClock): Date | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell;
  if (typeof cell === 'boolean') return null;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell <= 0 || cell > 2958465) return null;
    return new Date(clock.fromLocalMs(Math.round((SERIAL_EPOCH_DAY + cell) * DAY_MS)));
  }
  const text = cell.trim();
  if (text === '') return null;
  let year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number;
  let zone: string | undefined;
  const iso = ISO_TEXT.exec(text);
  if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
    hour = Number(iso[4] ?? 0);
    minute = Number(iso[5] ?? 0);
    second = Number(iso[6] ?? 0);
    ms = iso[7] ? Math.floor(Number(`0.${iso[7]}`) * 1000) : 0;
    zone = iso[8];
  } else {
    const br = BR_TEXT.exec(text);
    if (!br) return null;
    day = Number(br[1]);
    month = Number(br[2]);
    year = Number(br[3]);
    hour = Number(br[4] ?? 0);
    minute = Number(br[5] ?? 0);
    second = Number(br[6] ?? 0);
    ms = 0;
  }
  if (!validCivil(year, month, day, hour, minute, second)) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone === undefined) return new Date(clock.fromLocalMs(wall));
  if (zone.toUpperCase() === 'Z') return new Date(wall);
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return new Date(wall - sign * offsetMinutes * 60_000);
}

// Blank-aware wrappers: a missing column reads `undefined`, a blank cell `''`; both are null.
function text(cell: CellValue | undefined): string | null {
  return cell === undefined || cell === '' ? null : parseTextCell(cell);
}
function num(cell: CellValue | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  return cell === undefined || cell === '' ? null : parseNumberCell(cell);
}
function bool(cell: CellValue | undefined): boolean | null {
  if (typeof cell === 'boolean') return cell;
  return cell === undefined || cell === '' ? null : parseBooleanCell(cell);
}
function date(cell: CellValue | undefined, clock: ZoneClock): Date | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell;
  return cell === undefined || cell === '' ? null : parseDateCell(cell, clock);
}

/**
 * One record from one row. Written out field by field (not in a loop over the column list) so every record gets
 * the same object shape in one allocation: this is the hot loop of the 100,000-row budget. The compiler checks
 * it against `ConversationRecord`, so a column added to columns.ts without a line here fails to build.
 */
export function toRecord(row: readonly CellValue[], at: ColumnPositions, clock: ZoneClock): ConversationRecord {
  return {
    conversation_id: text(row[at.conversation_id]),
    created_at: date(row[at.created_at], clock),
    updated_at: date(row[at.updated_at], clock),
    status: text(row[at.status]),
    priority: text(row[at.priority]),
    channel: text(row[at.channel]),
    visitor_id: text(row[at.visitor_id]),
    agent_id: text(row[at.agent_id]),
    frustration_level: num(row[at.frustration_level]),
    first_response_time: num(row[at.first_response_time]),
    resolution_time: num(row[at.resolution_time]),
    message_count: num(row[at.message_count]),
    satisfaction_score: num(row[at.satisfaction_score]),
    resolved: bool(row[at.resolved]),
    escalated_to_human: bool(row[at.escalated_to_human]),
    contact_name: text(row[at.contact_name]),
    contact_email: text(row[at.contact_email]),
    title: text(row[at.title]),
    contact_phone: text(row[at.contact_phone]),
    assignees: text(row[at.assignees]),
    ai_enabled: bool(row[at.ai_enabled]),
    tags: text(row[at.tags]),
    frustration_score: num(row[at.frustration_score]),
    first_human_response_time: num(row[at.first_human_response_time]),
    customer_messages: num(row[at.customer_messages]),
    ai_messages: num(row[at.ai_messages]),
    operator_messages: num(row[at.operator_messages]),
    unknown_agent_messages: num(row[at.unknown_agent_messages]),
    awaiting_reply: bool(row[at.awaiting_reply]),
    last_customer_message_at: date(row[at.last_customer_message_at], clock),
    last_message_at: date(row[at.last_message_at], clock),
    ai_rating_good: num(row[at.ai_rating_good]),
    ai_rating_bad: num(row[at.ai_rating_bad]),
    synced_at: date(row[at.synced_at], clock),
    first_response_business_time: num(row[at.first_response_business_time]),
    first_human_response_business_time: num(row[at.first_human_response_business_time]),
    resolution_business_time: num(row[at.resolution_business_time]),
    created_in_business_hours: bool(row[at.created_in_business_hours]),
    first_operator_id: text(row[at.first_operator_id]),
    operator_ids: text(row[at.operator_ids]),
    operator_handling_time: num(row[at.operator_handling_time]),
    first_customer_message_at: date(row[at.first_customer_message_at], clock),
  };
}

/** 0-based position of each known column in a row (-1 when the sheet has no such column). */
export type ColumnPositions = Readonly<Record<ConversationColumn, number>>;

/** Whether a data row is skipped by the reader: every cell blank (user columns included). */
export function isBlankRow(row: readonly CellValue[]): boolean {
  for (const cell of row) {
    if (cell !== '' && !(typeof cell === 'string' && cell.trim() === '')) return false;
  }
  return true;
}

/** The header row as text, in sheet order. */
export function headerOf(cells: readonly CellValue[]): string[] {
  return cells.map((cell) => parseTextCell(cell) ?? '');
}

/**
 * Where each known column sits in `header` (by `headerKey`: case, whitespace, zero-width characters and a stray
 * leading apostrophe ignored; the first of duplicate headers wins).
 */
export function columnPositions(header: readonly string[]): ColumnPositions {
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    const key = headerKey(name);
    if (!positions.has(key)) positions.set(key, index);
  });
  // -1 for a missing column: row[-1] is undefined, which reads as null. The cast is sound: the entries are built
  // from CONVERSATION_COLUMNS itself, one per column name.
  return Object.fromEntries(CONVERSATION_COLUMNS.map(([name]) => [name, positions.get(name) ?? -1])) as Record<ConversationColumn, number>;
}

/**
 * Reads the `Conversas` sheet's values (header row first) into typed records, matching columns by header name
 * (by `headerKey`: case, whitespace, zero-width characters and a stray leading apostrophe ignored; the first
 * of duplicate headers wins). Any column order; user columns are kept in
 * `header`/`rows` but not parsed; missing columns read as null; fully blank rows are skipped.
 * @param timeZone the spreadsheet's zone, for text dates without an offset (default UTC).
 * @example readConversationTable([['conversation_id','created_at'],['c1','2026-03-01 10:00:00']], 'America/Sao_Paulo')
 */
export function readConversationTable(values: CellValue[][], timeZone = 'UTC'): ConversationTable {
  const clock = zoneClock(timeZone);
  const header = headerOf(values[0] ?? []);
  const at = columnPositions(header);
  const idColumn = at.conversation_id;
  const records: ConversationRecord[] = [];
  const rows: CellValue[][] = [];
  for (let r = 1; r < values.length; r++) {
    const row = values[r];
    if (!row) continue;
    // Cheap test first: a row with an id is not blank.
    const id = row[idColumn];
    if ((id === undefined || id === '') && isBlankRow(row)) continue;
    records.push(toRecord(row, at, clock));
    rows.push(row);
  }
  return { header, records, rows, timeZone };
}
