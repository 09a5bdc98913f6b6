// What a rebuild draws from: the figures and the "Dados Detalhados" rows, without reading all of "Conversas" when the snapshot is current.
//
// Why: at 200,000 rows one read of the whole table costs ~90 s (8M+ cells), most of a rebuild. The figures are the
// dashboard's (`loadDashboardFigures`, served from the metrics snapshot), and "Dados Detalhados" holds at most the
// newest MAX_DETAIL_ROWS matching rows: it needs only the columns the filters test (created_at always, for the
// ranking) and then those rows, read in stretches. The selection is made by the same functions as a full read
// (`toRecord`, the filters' `filterRecords`, `newestDetailRows`), so the rows are the same.
import type { DashboardData, Filters } from '../../../shared/dto';
import { CONVERSATIONS_SHEET } from '../../domain/columns';
import { columnPositions, headerOf, isBlankRow, toRecord, type ColumnPositions, type ConversationTable } from '../../domain/metrics/conversation-table';
import { filterRecords, validateFilters } from '../../domain/metrics/filters';
import { zoneClock } from '../../domain/metrics/time-zone';
import { MAX_DETAIL_ROWS, newestDetailRows, type DetailRows } from '../../domain/sheet-layouts';
import { loadDashboardFigures, readConversations, readFilteredConversations, type DashboardDeps } from '../dashboard';
import type { CellValue } from '../ports';
import { rowStretches, SNAPSHOT_MANIFEST_KEY, SNAPSHOT_MAX_AGE_MS } from '../snapshot-store';
import { SYNC_STATE_KEYS } from '../sync-state';

/** The columns a filter tests, by the filter field that asks for it. */
const FILTER_COLUMNS = [
  ['channels', 'channel'],
  ['statuses', 'status'],
  ['priorities', 'priority'],
  ['agentIds', 'agent_id'],
] as const;

/** Reads one column's cells of rows 2..lastRow (one call); blanks when the sheet has no such column. */
function readColumn(deps: DashboardDeps, position: number, lastRow: number): readonly CellValue[] {
  if (position < 0) return new Array<CellValue>(lastRow - 1).fill('');
  return deps.sheet.readBlock(CONVERSATIONS_SHEET, 2, position + 1, lastRow - 1, 1).map((row) => row[0] ?? '');
}

/**
 * The sheet rows (ascending) a full read would give "Dados Detalhados" for `filters`, and how many matched: reads
 * only the columns the filters test. A row blank in all of them is matched only when a blank record would be, and
 * then counts only if the row is not blank elsewhere (a full read skips fully blank rows): those rows are read whole.
 */
function detailRowsOf(deps: DashboardDeps, filters: Filters, header: string[], size: { lastRow: number; lastColumn: number }, timeZone: string): { rows: number[]; total: number } {
  const at = columnPositions(header);
  const fields = ['created_at', ...FILTER_COLUMNS.filter(([filter]) => filters[filter] !== undefined).map(([, column]) => column)] as const;
  const positions = fields.map((field) => at[field]);
  // The ranking reads the column named exactly `created_at` (newestDetailRows), which may not be the one the filter reads.
  const rankPosition = header.indexOf('created_at');
  const read = new Map<number, readonly CellValue[]>();
  for (const p of [...positions, rankPosition]) if (!read.has(p)) read.set(p, readColumn(deps, p, size.lastRow));
  // A narrow row holding the filter columns where `toRecord` looks for them.
  const narrowAt = Object.fromEntries(Object.keys(at).map((name) => [name, -1])) as Record<keyof ColumnPositions, number>;
  fields.forEach((field, i) => {
    narrowAt[field] = i;
  });
  const clock = zoneClock(timeZone);
  const dataRows = size.lastRow - 1;
  const records: ConversationTable['records'] = [];
  const sheetRows: number[] = [];
  const blankRows: number[] = [];
  for (let i = 0; i < dataRows; i++) {
    const narrow = positions.map((p) => read.get(p)?.[i] ?? '');
    if (isBlankRow(narrow)) {
      blankRows.push(i + 2);
      continue;
    }
    records.push(toRecord(narrow, narrowAt, clock));
    sheetRows.push(i + 2);
  }
  const normalised = validateFilters(filters);
  // filterRecords returns the table's own record objects: each maps back to its sheet row.
  const rowOf = new Map(records.map((record, i) => [record, sheetRows[i] as number]));
  const select = (list: ConversationTable['records']) => filterRecords({ header: [...fields], records: list, rows: [], timeZone }, normalised, timeZone);
  const matched = new Set(select(records).map((record) => rowOf.get(record) as number));
  // Rows blank in every filter column: matched as a blank record is, if the rest of the row holds anything.
  const blankMatches = blankRows.length > 0 && select([toRecord([], narrowAt, clock)]).length > 0;
  if (blankMatches) {
    const blank = new Set(blankRows);
    for (const [from, to] of rowStretches(blankRows)) {
      deps.sheet.readBlock(CONVERSATIONS_SHEET, from, 1, to - from + 1, size.lastColumn).forEach((cells, k) => {
        if (blank.has(from + k) && !isBlankRow(cells)) matched.add(from + k);
      });
    }
  }
  const ordered = [...matched].sort((a, b) => a - b);
  // The ranking of newestDetailRows itself, on one-cell rows carrying the sheet row.
  const ranked = newestDetailRows({
    header: [rankPosition < 0 ? '' : 'created_at', 'row'],
    rows: ordered.map((row) => [rankPosition < 0 ? '' : (read.get(rankPosition)?.[row - 2] ?? ''), row]),
  });
  return { rows: ranked.rows.map((row) => row[1] as number), total: ordered.length };
}

/**
 * Rows from which a rebuild without a current snapshot rebuilds it rather than reading the whole table. The snapshot
 * path reads the metric columns (about three quarters of the cells) and then up to MAX_DETAIL_ROWS whole rows for
 * "Dados Detalhados": fewer cells than one full read only once the table is several times that long (at 50,000 rows
 * about 0.9 of them, at 200,000 about 0.8), and it leaves the snapshot stored for the rebuilds that follow.
 */
export const SNAPSHOT_REBUILD_MIN_ROWS = 10 * MAX_DETAIL_ROWS;

/**
 * Whether the stored snapshot can serve the figures without a full read: present, of this data version and time
 * zone, young enough. A guess (the dashboard checks more, and rebuilds when it must).
 */
function snapshotLooksCurrent(deps: DashboardDeps, timeZone: string, nowMs: number): boolean {
  const raw = deps.cache.getAll([SNAPSHOT_MANIFEST_KEY])[SNAPSHOT_MANIFEST_KEY];
  if (raw === undefined) return false;
  try {
    const manifest = JSON.parse(raw) as { dataVersion?: unknown; timeZone?: unknown; builtAt?: unknown };
    const dataVersion = deps.documentStore.get(SYNC_STATE_KEYS.dataVersion) ?? '0';
    return (
      manifest.dataVersion === dataVersion &&
      manifest.timeZone === timeZone &&
      typeof manifest.builtAt === 'number' &&
      nowMs - manifest.builtAt < SNAPSHOT_MAX_AGE_MS
    );
  } catch {
    return false;
  }
}

/**
 * The figures (capacity left out) and the "Dados Detalhados" rows of a rebuild for `filters`: the figures from the
 * metrics snapshot, and of the table only the filter columns and the rows shown. Without a current snapshot, a
 * table of SNAPSHOT_REBUILD_MIN_ROWS rows or more has the dashboard rebuild it (the metric columns only: 79 s at
 * 200,000 rows against ~115 s for the whole table) and store it, so the rebuilds after the next syncs are served from
 * it again (~30 s) instead of each reading the whole table; a shorter one is read once, whole, for both.
 */
export function rebuildInputs(deps: DashboardDeps, filters: Filters, nowMs: number): { figures: Omit<DashboardData, 'capacity'>; detail: DetailRows } {
  const timeZone = deps.sheet.timeZone();
  const size = deps.sheet.size ? deps.sheet.size(CONVERSATIONS_SHEET) : null;
  if (!size || size.lastRow < 2 || (size.lastRow - 1 < SNAPSHOT_REBUILD_MIN_ROWS && !snapshotLooksCurrent(deps, timeZone, nowMs))) {
    const table = readConversations(deps);
    return {
      figures: loadDashboardFigures(deps, filters, nowMs, table),
      detail: newestDetailRows(readFilteredConversations(deps, filters, table)),
    };
  }
  const figures = loadDashboardFigures(deps, filters, nowMs);
  const header = headerOf(deps.sheet.readBlock(CONVERSATIONS_SHEET, 1, 1, 1, size.lastColumn)[0] ?? []);
  const { rows, total } = detailRowsOf(deps, validateFilters(filters), header, size, timeZone);
  const cells = new Map<number, CellValue[]>();
  for (const [from, to] of rowStretches(rows)) {
    deps.sheet.readBlock(CONVERSATIONS_SHEET, from, 1, to - from + 1, size.lastColumn).forEach((row, k) => cells.set(from + k, row));
  }
  return {
    figures,
    detail: { header, rows: rows.map((row) => cells.get(row) ?? []), ...(total > MAX_DETAIL_ROWS ? { total } : {}) },
  };
}
