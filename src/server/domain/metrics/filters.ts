// Dashboard filters (metrics.md §3): validation of what the sidebar sends, and the row predicate.
import type { Filters } from '../../../shared/dto';
import type { ConversationRecord } from '../columns';
import type { ConversationTable } from './conversation-table';
import { columnsOfRecords, type ConversationColumns, type TextColumn } from './column-table';
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

/** A key column: each row's group key (a code into `names`), e.g. its channel lower-cased or `(vazio)`. */
export interface KeyColumn {
  codes: Int32Array;
  names: string[];
}

/** Columns with their derived calendar fields and group keys, computed once per dashboard. */
export interface PreparedTable {
  columns: ConversationColumns;
  /** The slots holding a row, in sheet order: the unfiltered selection. */
  all: Int32Array;
  /** Local day number of `created_at` (days since 1970-01-01), NaN when blank. */
  day: Float64Array;
  /** Local hour 0–23 of `created_at`, NaN when blank. */
  hour: Float64Array;
  channel: KeyColumn;
  status: KeyColumn;
  priority: KeyColumn;
  agent: KeyColumn;
}

/** Group keys of a text column: its dictionary entries mapped once (not per row), equal keys merged. */
function keyColumn(column: TextColumn, keyOf: (text: string) => string): KeyColumn {
  const names: string[] = [];
  const index = new Map<string, number>();
  const codeOf = (key: string): number => {
    let code = index.get(key);
    if (code === undefined) {
      code = names.length;
      names.push(key);
      index.set(key, code);
    }
    return code;
  };
  const byDictCode = new Int32Array(column.dict.length + 1);
  byDictCode[0] = codeOf(BLANK_KEY);
  column.dict.forEach((text, i) => {
    byDictCode[i + 1] = codeOf(keyOf(text));
  });
  // Distinct entries mapped to themselves (status, priority, agent: no two entries share a key) keep the column's own
  // codes: a copy would be 800 KB more memory for a fresh execution to touch at 200,000 rows. Read-only either way.
  if (byDictCode.every((code, dictCode) => code === dictCode)) return { codes: column.codes, names };
  const codes = new Int32Array(column.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = byDictCode[column.codes[i] as number] as number;
  return { codes, names };
}

/** Derives the calendar fields (spreadsheet time zone) and keys of every row. */
export function prepareColumns(columns: ConversationColumns, timeZone: string): PreparedTable {
  const clock = zoneClock(timeZone);
  const created = columns.dates.created_at;
  const day = new Float64Array(columns.length).fill(NaN);
  const hour = new Float64Array(columns.length).fill(NaN);
  let present = 0;
  for (let i = 0; i < columns.length; i++) {
    if (!columns.present[i]) continue;
    present++;
    const ms = created[i] as number;
    if (Number.isNaN(ms)) continue;
    const local = clock.toLocalMs(ms);
    day[i] = dayOf(local);
    hour[i] = hourOf(local);
  }
  const all = new Int32Array(present);
  for (let i = 0, k = 0; i < columns.length; i++) if (columns.present[i]) all[k++] = i;
  const same = (text: string): string => text;
  return {
    columns,
    all,
    day,
    hour,
    channel: keyColumn(columns.texts.channel, (text) => text.toLowerCase()),
    status: keyColumn(columns.texts.status, same),
    priority: keyColumn(columns.texts.priority, same),
    agent: keyColumn(columns.texts.agent_id, same),
  };
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

/** Which key codes a filter list allows (null = no filter on that key). */
function allowed(keys: KeyColumn, wanted: readonly string[] | undefined): Uint8Array | null {
  if (!wanted) return null;
  const set = new Set(wanted);
  const out = new Uint8Array(keys.names.length);
  keys.names.forEach((name, code) => {
    if (set.has(name)) out[code] = 1;
  });
  return out;
}

/** Slots matching the filters' sets and the given day range (a blank `created_at` fails any date bound), in order. */
export function selectRows(table: PreparedTable, filters: Filters, range: DayRange): Int32Array {
  const channel = allowed(table.channel, filters.channels);
  const status = allowed(table.status, filters.statuses);
  const priority = allowed(table.priority, filters.priorities);
  const agent = allowed(table.agent, filters.agentIds);
  const dated = range.from !== null || range.to !== null;
  if (!dated && !channel && !status && !priority && !agent) return table.all;
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const out = new Int32Array(table.all.length);
  let n = 0;
  for (let k = 0; k < table.all.length; k++) {
    const i = table.all[k] as number;
    if (dated && !((table.day[i] as number) >= from && (table.day[i] as number) <= to)) continue;
    if (channel && !channel[table.channel.codes[i] as number]) continue;
    if (status && !status[table.status.codes[i] as number]) continue;
    if (priority && !priority[table.priority.codes[i] as number]) continue;
    if (agent && !agent[table.agent.codes[i] as number]) continue;
    out[n++] = i;
  }
  return out.subarray(0, n);
}

/**
 * The records matching validated filters (metrics.md §3), in sheet order. A blank key matches the value
 * `(vazio)` in a filter list.
 */
export function filterRecords(table: ConversationTable, filters: Filters, timeZone: string): ConversationRecord[] {
  const selected = selectRows(prepareColumns(columnsOfRecords(table.records), timeZone), filters, dayRangeOf(filters));
  return Array.from(selected, (i) => table.records[i] as ConversationRecord);
}
