// Dashboard filters (metrics.md §3): validation of what the sidebar sends, and the row predicate.
import type { Filters } from '../../../shared/dto';
import type { ConversationRecord } from '../columns';
import type { ConversationTable } from './conversation-table';
import { dayOf, hourOf, parseIsoDate, zoneClock } from './time-zone';

/** The key of a blank `channel`/`status`/`priority`/`agent_id` in breakdowns, options and filters. */
export const BLANK_KEY = '(vazio)';

const LIST_FIELDS = ['channels', 'statuses', 'priorities', 'agentIds'] as const;
const FIELD_LABELS: Record<keyof Filters, string> = {
  from: 'from (data inicial)',
  to: 'to (data final)',
  channels: 'channels (canais)',
  statuses: 'statuses (status)',
  priorities: 'priorities (prioridades)',
  agentIds: 'agentIds (agentes)',
};

/**
 * Validates and normalises filters from outside (google.script.run): `undefined`/`null` = no filters; `from`/`to`
 * `YYYY-MM-DD` real dates (`''`/null = open); lists of strings, trimmed, de-duplicated and sorted, empty ones
 * dropped (channels lower-cased). Throws a Portuguese `Error` naming the field otherwise; `from` after `to` throws.
 * The result is canonical: equal filters give equal JSON (the dashboard cache key relies on it).
 */
export function validateFilters(input: unknown): Filters {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new Error('Filtros inválidos: esperado um objeto com from, to, channels, statuses, priorities e agentIds.');
  }
  const source = input as Record<string, unknown>;
  for (const field of Object.keys(source)) {
    if (!Object.prototype.hasOwnProperty.call(FIELD_LABELS, field)) {
      throw new Error(`Filtro desconhecido: "${field}". Use from, to, channels, statuses, priorities ou agentIds.`);
    }
  }
  const out: Filters = {};
  for (const field of ['from', 'to'] as const) {
    const value = source[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || parseIsoDate(value) === null) {
      throw new Error(`Filtro ${FIELD_LABELS[field]} inválido: use uma data real no formato AAAA-MM-DD.`);
    }
    out[field] = value;
  }
  if (out.from !== undefined && out.to !== undefined && out.from > out.to) {
    throw new Error(`Filtro inválido: a data inicial (from = ${out.from}) é posterior à data final (to = ${out.to}).`);
  }
  for (const field of LIST_FIELDS) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) throw new Error(`Filtro ${FIELD_LABELS[field]} inválido: esperada uma lista de textos.`);
    const items = new Set<string>();
    for (const item of value as unknown[]) {
      if (typeof item !== 'string') throw new Error(`Filtro ${FIELD_LABELS[field]} inválido: todos os itens devem ser textos.`);
      const text = item.trim();
      if (text === '') continue;
      items.add(field === 'channels' ? text.toLowerCase() : text);
    }
    if (items.size > 0) out[field] = [...items].sort(compareKeys);
  }
  return out;
}

/** Plain code-unit order (stable across locales: the server and the sidebar sort alike). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A record with its derived calendar fields and group keys, computed once per dashboard. */
export interface PreparedRow {
  record: ConversationRecord;
  /** Index in `ConversationTable.records` / `.rows`. */
  index: number;
  /** Local day number of `created_at` (days since 1970-01-01), NaN when blank. */
  day: number;
  /** Local hour 0–23 of `created_at`, NaN when blank. */
  hour: number;
  channel: string;
  status: string;
  priority: string;
  agent: string;
}

function key(text: string | null): string {
  return text === null ? BLANK_KEY : text;
}

/** Derives the calendar fields (spreadsheet time zone) and keys of every record. */
export function prepareRows(table: ConversationTable, timeZone: string): PreparedRow[] {
  const clock = zoneClock(timeZone);
  const out: PreparedRow[] = new Array<PreparedRow>(table.records.length);
  for (let i = 0; i < table.records.length; i++) {
    const record = table.records[i] as ConversationRecord;
    const created = record.created_at;
    const local = created === null ? NaN : clock.toLocalMs(created.getTime());
    out[i] = {
      record,
      index: i,
      day: Number.isNaN(local) ? NaN : dayOf(local),
      hour: Number.isNaN(local) ? NaN : hourOf(local),
      channel: record.channel === null ? BLANK_KEY : record.channel.toLowerCase(),
      status: key(record.status),
      priority: key(record.priority),
      agent: key(record.agent_id),
    };
  }
  return out;
}

/** A date range in local day numbers; either end may be open. */
export interface DayRange {
  from: number | null;
  to: number | null;
}

/** The day range of validated filters. */
export function dayRangeOf(filters: Filters): DayRange {
  return {
    from: filters.from === undefined ? null : parseIsoDate(filters.from),
    to: filters.to === undefined ? null : parseIsoDate(filters.to),
  };
}

/** Rows matching the filters' sets and the given day range (a blank `created_at` fails any date bound). */
export function selectRows(rows: readonly PreparedRow[], filters: Filters, range: DayRange): PreparedRow[] {
  const sets = {
    channel: filters.channels ? new Set(filters.channels) : null,
    status: filters.statuses ? new Set(filters.statuses) : null,
    priority: filters.priorities ? new Set(filters.priorities) : null,
    agent: filters.agentIds ? new Set(filters.agentIds) : null,
  };
  const dated = range.from !== null || range.to !== null;
  if (!dated && !sets.channel && !sets.status && !sets.priority && !sets.agent) return rows.slice();
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const out: PreparedRow[] = [];
  for (const row of rows) {
    if (dated && !(row.day >= from && row.day <= to)) continue;
    if (sets.channel && !sets.channel.has(row.channel)) continue;
    if (sets.status && !sets.status.has(row.status)) continue;
    if (sets.priority && !sets.priority.has(row.priority)) continue;
    if (sets.agent && !sets.agent.has(row.agent)) continue;
    out.push(row);
  }
  return out;
}

/**
 * The records matching validated filters (metrics.md §3), in sheet order. A blank key matches the value
 * `(vazio)` in a filter list.
 */
export function filterRecords(table: ConversationTable, filters: Filters, timeZone: string): ConversationRecord[] {
  return selectRows(prepareRows(table, timeZone), filters, dayRangeOf(filters)).map((row) => row.record);
}
