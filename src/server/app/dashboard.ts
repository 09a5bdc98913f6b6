// Dashboard use cases over ports: the cached DashboardData and the filtered raw rows (CSV, "Dados Detalhados").
import type { DashboardData, Filters, SyncReport } from '../../shared/dto';
import { CONVERSATIONS_SHEET } from '../domain/columns';
import { SETTINGS_KEYS, settingsFromStored } from '../domain/settings';
import { readConversationTable, type ConversationTable } from '../domain/metrics/conversation-table';
import { computeDashboard, type DashboardContext } from '../domain/metrics/dashboard';
import { abandonmentHorizon } from '../domain/metrics/kpis';
import { buildForecast, dailyHistoryOfDays, tomorrowOf, type ForecastRecord } from '../domain/forecast';
import { dayRangeOf, prepareColumns, selectRows, validateFilters, type PreparedTable } from '../domain/metrics/filters';
import { DAY_MS, dayOf, zoneClock } from '../domain/metrics/time-zone';
import { columnsOfRecords, FLAG_BLANK, FLAG_TRUE, type ConversationColumns, type MetricRow } from '../domain/metrics/column-table';
import type { CachePort, CellValue, Clock, KeyValueStore, SpreadsheetPort } from './ports';
import { hashLanes } from '../domain/hash';
import { loadLastSyncReport, SYNC_STATE_KEYS } from './sync-state';
import { CAPACITY_STATE_KEY, currentCapacity, READER_MEASURE_KEY } from './capacity';
import { businessHoursOn } from '../domain/business-hours-settings';
import { OPERATOR_LABELS_KEY, parseOperatorLabels } from '../domain/operator-labels';
import { durableHorizon } from '../domain/metrics/service-depth';
import { editLogVersion, readEditLog } from './edit-log';
import { dashboardFromHistory, dashboardWithNewHistory, historyCacheKeys, type HistoryDashboard } from './history-store';
import {
  currentSnapshotIdentity,
  loadSnapshotColumns,
  renewSnapshot,
  snapshotWantsRenewal,
  SNAPSHOT_DELTA_KEYS,
  SNAPSHOT_MANIFEST_KEY,
  SNAPSHOT_SYNCING_KEY,
  SNAPSHOT_USED_KEY,
  SNAPSHOT_USED_TTL_SECONDS,
  type DocumentState,
} from './snapshot-store';

/** The ports the dashboard reads. */
export interface DashboardDeps {
  sheet: SpreadsheetPort;
  cache: CachePort;
  documentStore: KeyValueStore;
  userStore: KeyValueStore;
  clock: Clock;
}

/**
 * Cache lifetime. Short on purpose: a cell Make or the Sheets API changes in place bumps neither the data version nor
 * the edit log (the row/column count in the key catches appends; the edit-log counter, a person's edits). A minute
 * bounds the dashboard's share of that staleness while still serving the sidebar's repeat calls (filter toggles,
 * reopening, several viewers).
 * ("Abandoned", which moves with the clock, ends an entry exactly: see `abandonmentHorizon`.)
 */
export const DASHBOARD_CACHE_TTL_SECONDS = 60;
/** Tomorrow's forecast by its input series: exact for as long as CacheService keeps it (6 h at most). */
const FORECAST_SERIES_TTL_SECONDS = 21_600;
/** CacheService rejects values over 100 KB; chunks are ASCII (see `asciiJson`) so characters = bytes. */
const CHUNK_CHARS = 90_000;
/** Chunk keys fetched with the manifest in one getAll; a bigger result (≈ 2.7 MB) is simply not cached. */
const MAX_CHUNKS = 30;

/** JSON with every non-ASCII character escaped, so its length in characters is its size in UTF-8 bytes. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** 64-bit hash as hex (two 32-bit lanes): keeps cache keys far below CacheService's 250-char limit. */
function hashText(text: string): string {
  const [a, b] = hashLanes(text);
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

function readTable(sheet: SpreadsheetPort, timeZone: string): ConversationTable {
  const snapshot = sheet.readSheet(CONVERSATIONS_SHEET);
  return readConversationTable(snapshot ? snapshot.values : [], timeZone);
}

/**
 * DashboardData for `filters` (validated here; throws a Portuguese Error), cached in `CachePort` under a key made of
 * the data version, the sheet's size, the time zone, the settings that change results (SLA, abandonment) and the
 * normalised filters. A cache hit costs one `getAll` and no sheet read; `lastSync` is always the stored one. A cached
 * entry also ends when a waiting conversation turns "abandoned" after it was computed.
 * @param nowMs the moment the dashboard was asked for (default: on entry). Every service call advances the wall
 *   clock (a large sheet read takes seconds), and "abandoned" is measured against this instant, not after the reads.
 * @param table "Conversas" already read by the caller (`readConversations`), used on a cache miss instead of a
 *   second read.
 * @param preloaded `readDashboardState`'s values, when the caller read them already and nothing wrote since.
 */
export function loadDashboard(
  deps: DashboardDeps,
  filters: Filters,
  nowMs: number = deps.clock.now(),
  table?: ConversationTable,
  preloaded?: Record<string, string | null>,
): DashboardData {
  const stored = preloaded ?? readDashboardState(deps.documentStore);
  const sidebar: SidebarCall = {};
  const figures = loadDashboardFigures(deps, filters, nowMs, table, stored, sidebar);
  // Capacity is not cached with the figures: it moves with every tab, not with the data version.
  const capacity = currentCapacity(
    { sheets: deps.sheet, documentStore: deps.documentStore, clock: deps.clock, readerMeasure: { cache: deps.cache, raw: sidebar.measureRaw } },
    {
      state: stored[CAPACITY_STATE_KEY] ?? null,
      settings: stored[SETTINGS_KEYS.document] ?? null,
      retentionDays: settingsFromStored(null, stored[SETTINGS_KEYS.document] ?? null).messageRetentionDays,
    },
  );
  return { ...figures, capacity };
}

/**
 * The Document Properties a sidebar call reads (the figures' keys, the last sync report among them, the capacity's,
 * and the loose edit-log entries, known only by their prefix), in one getProperties(): a poll that finds the last
 * sync fresh reads them once, not twice.
 */
export function readDashboardState(documentStore: KeyValueStore): Record<string, string | null> {
  return documentStore.getAll();
}

/** The last sync report among `readDashboardState`'s values. */
export function lastSyncIn(stored: Record<string, string | null>): SyncReport | null {
  return loadLastSyncReport(snapshotStore(stored));
}

/**
 * What a sidebar call (`loadDashboard`) adds to `loadDashboardFigures`' one getAll: the "sidebar in use" marker,
 * put when missing (scheduled runs renew the snapshot only while it is there), and the capacity's reader measure.
 */
interface SidebarCall {
  measureRaw?: string;
}

/** `loadDashboard` without the capacity (the generated sheets do not show it, and need not measure the tabs). */
export function loadDashboardFigures(
  deps: DashboardDeps,
  filters: Filters,
  nowMs: number = deps.clock.now(),
  table?: ConversationTable,
  preloaded?: Record<string, string | null>,
  sidebar?: SidebarCall,
): Omit<DashboardData, 'capacity'> {
  const normalised = validateFilters(filters);
  // One getProperties() for the document keys instead of one getProperty() call each (~30–60 ms each), the edit
  // log's loose entries among them (getAll: they are known only by their prefix); the API key (user store) plays no
  // part in the metrics.
  const stored = preloaded ?? deps.documentStore.getAll();
  const storedView = snapshotStore(stored);
  const settings = settingsFromStored(null, storedView.get(SETTINGS_KEYS.document));
  const lastSync = loadLastSyncReport(storedView);
  const timeZone = deps.sheet.timeZone();
  const size = deps.sheet.size ? deps.sheet.size(CONVERSATIONS_SHEET) : null;
  const edits = editLogVersion(readEditLog(stored));
  const base = `dash:${hashText(
    JSON.stringify([
      storedView.get(SYNC_STATE_KEYS.dataVersion),
      size,
      edits,
      timeZone,
      settings.slaSeconds,
      settings.abandonMinutes,
      normalised,
      businessHoursOn(settings.businessHours),
      storedView.get(OPERATOR_LABELS_KEY),
    ]),
  )}`;
  const chunkKeys = Array.from({ length: MAX_CHUNKS }, (_, i) => `${base}:${i}`);
  // Tomorrow's forecast depends on the whole history, not on the filters: its own key (per data version and UTC
  // hour), fetched in the same getAll as the dashboard; the entry ends at local midnight, when "tomorrow" moves on.
  const hour = Math.floor(nowMs / 3_600_000);
  const forecastKey = `forecast.tomorrow:${hashText(JSON.stringify([storedView.get(SYNC_STATE_KEYS.dataVersion), size, edits, timeZone, hour]))}`;
  // The snapshot's manifest comes in the same getAll: a cached entry is served only while it names the snapshot it
  // was computed from and that snapshot is still current. The key alone can come back to an earlier state's (a row
  // appended, seen, then one deleted: same version, size and edit count) while the rows differ.
  const found = deps.cache.getAll([
    base,
    ...chunkKeys,
    forecastKey,
    SNAPSHOT_MANIFEST_KEY,
    ...(sidebar ? [SNAPSHOT_USED_KEY, READER_MEASURE_KEY] : []),
  ]);
  if (sidebar) {
    // The sidebar is in use: scheduled runs keep its snapshot fresh, and its filters' history state (one put every
    // six hours, and when the filters change).
    const used = usedFilters(found[SNAPSHOT_USED_KEY]);
    const key = JSON.stringify(normalised);
    if (found[SNAPSHOT_USED_KEY] === undefined || !used.some((filters) => JSON.stringify(filters) === key)) {
      deps.cache.putAll({ [SNAPSHOT_USED_KEY]: JSON.stringify([normalised, ...used].slice(0, USED_FILTERS)) }, SNAPSHOT_USED_TTL_SECONDS);
    }
    // The capacity's reader measure rides along (see `currentCapacity`): no getAll of its own.
    sidebar.measureRaw = found[READER_MEASURE_KEY];
  }
  const documentState = documentStateOf(storedView, timeZone, size, nowMs);
  const identityNow = documentState ? currentSnapshotIdentity(found[SNAPSHOT_MANIFEST_KEY], documentState) : null;
  const cachedTomorrow = fromTomorrowCache(found[forecastKey], identityNow, nowMs);
  let read: ConversationColumns | null = table ? columnsOfRecords(table.records) : null;
  // The identity of the snapshot the figures were computed from (a table read by the caller: the current one's).
  let identity = identityNow;
  // The stored snapshot's delta and base when the columns came from it: what a history state is cut from.
  let storedSnapshot: { delta: ReadonlyMap<number, MetricRow | null>; baseToken: string } | null = null;
  // The metrics read the snapshot (one getAll, plus the rows edited or appended since), not the table.
  const columnsOnce = (): ConversationColumns => {
    if (read) return read;
    if (!documentState) return (read = columnsOfRecords(readTable(deps.sheet, timeZone).records));
    const loaded = loadSnapshotColumns(deps, documentState);
    identity = loaded.identity;
    storedSnapshot = loaded.stored;
    return (read = loaded.columns);
  };

  // The columns with their local days, prepared once for both the dashboard and the forecast's history.
  let prepared: PreparedTable | null = null;
  const preparedOnce = (): PreparedTable => (prepared ??= prepareColumns(columnsOnce(), timeZone));

  let data = fromCache(found, base, chunkKeys, nowMs, identityNow);
  const entries: Record<string, string> = {};
  // Through the history state (history-store.ts): the recent rows, and every row's creation day for the forecast.
  let viaHistory: HistoryDashboard | null = null;
  if (!data) {
    const context: DashboardContext = {
      timeZone,
      now: new Date(nowMs),
      slaSeconds: settings.slaSeconds,
      abandonMinutes: settings.abandonMinutes,
      lastSync,
      businessHoursOn: businessHoursOn(settings.businessHours),
      operatorLabels: parseOperatorLabels(storedView.get(OPERATOR_LABELS_KEY)),
    };
    // The history rows' part depends on the filters and on the settings that change a history row's figures.
    const partKey = hashText(JSON.stringify([normalised, settings.slaSeconds, settings.abandonMinutes, context.businessHoursOn]));
    let historyFound: Record<string, string> = {};
    if (documentState && !read) {
      historyFound = deps.cache.getAll([...SNAPSHOT_DELTA_KEYS, ...historyCacheKeys(partKey)]);
      const fromHistory = dashboardFromHistory(deps, documentState, historyFound, partKey, normalised, context);
      if (fromHistory) {
        viaHistory = fromHistory;
        identity = fromHistory.identity;
      }
    }
    if (!viaHistory) {
      columnsOnce();
      viaHistory = storedSnapshot ? dashboardWithNewHistory(deps.cache, historyFound, preparedOnce(), storedSnapshot, partKey, normalised, context) : null;
    }
    data = viaHistory ? viaHistory.data : computeDashboard(columnsOnce(), normalised, context, preparedOnce());
    const json = asciiJson(data);
    const count = Math.ceil(json.length / CHUNK_CHARS);
    if (count <= MAX_CHUNKS) {
      // The entry ends when a waiting conversation turns abandoned or an AI resolution stops being pending (history
      // rows are neither: the recent rows hold every row that can).
      const current = viaHistory ? viaHistory.recent : columnsOnce();
      const horizons = [abandonmentHorizon(current, nowMs, settings.abandonMinutes), durableHorizon(current, nowMs)];
      const soonest = Math.min(...horizons.map((h) => h ?? Infinity));
      const validUntil = soonest === Infinity ? null : soonest;
      entries[base] = JSON.stringify({ chunks: count, length: json.length, validUntil, snapshot: identity });
      for (let i = 0; i < count; i++) entries[chunkKeys[i] as string] = json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
    }
  }
  let forecastTomorrow = cachedTomorrow;
  if (forecastTomorrow === undefined) {
    // Tomorrow's figure depends only on the complete days' counts and today's date (not on today's rows, nor on
    // changes that keep every creation day): keyed by them, the model is fitted about once a day, not after every sync.
    const clock = zoneClock(timeZone);
    const today = dayOf(clock.toLocalMs(nowMs));
    const days = viaHistory?.forecastDays ?? null;
    const history = days ? dailyHistoryOfDays(days.days, days.hours, today) : dailyHistoryOfDays(preparedOnce().day, preparedOnce().hour, today);
    const seriesKey = `forecast.series:${hashText(JSON.stringify([timeZone, history.today, history.startDay, history.counts]))}`;
    forecastTomorrow = fromForecastCache(deps.cache.getAll([seriesKey])[seriesKey]);
    if (forecastTomorrow === undefined) {
      const records = forecastRecordsOf(preparedOnce().columns);
      forecastTomorrow = tomorrowOf(buildForecast({ records, timeZone, nowMs, slaSeconds: settings.slaSeconds }));
      deps.cache.putAll({ [seriesKey]: JSON.stringify(forecastTomorrow) }, FORECAST_SERIES_TTL_SECONDS);
    }
    // Until local midnight: the UTC hour in the key turns with it only where the zone is whole hours off UTC.
    entries[forecastKey] = JSON.stringify({ value: forecastTomorrow, snapshot: identity, until: clock.fromLocalMs((today + 1) * DAY_MS) });
  }
  if (Object.keys(entries).length > 0) deps.cache.putAll(entries, DASHBOARD_CACHE_TTL_SECONDS);
  return { ...data, lastSync, forecastTomorrow };
}

/** The rows as the forecast reads them (built only when its fit is not cached: about once a day). */
function forecastRecordsOf(columns: ConversationColumns): ForecastRecord[] {
  const out: ForecastRecord[] = [];
  for (let i = 0; i < columns.length; i++) {
    if (!columns.present[i]) continue;
    const created = columns.dates.created_at[i] as number;
    const escalated = columns.flags.escalated_to_human[i];
    const handling = columns.numbers.operator_handling_time[i] as number;
    out.push({
      created_at: Number.isNaN(created) ? null : new Date(created),
      escalated_to_human: escalated === FLAG_BLANK ? null : escalated === FLAG_TRUE,
      operator_handling_time: Number.isNaN(handling) ? null : handling,
    });
  }
  return out;
}

/** What the snapshot must match (see `DocumentState`); null without a "Conversas" sheet. */
function documentStateOf(
  stored: KeyValueStore,
  timeZone: string,
  size: { lastRow: number; lastColumn: number } | null,
  nowMs: number,
): DocumentState | null {
  if (!size) return null;
  return {
    timeZone,
    dataVersion: stored.get(SYNC_STATE_KEYS.dataVersion) ?? '0',
    syncing: stored.get(SNAPSHOT_SYNCING_KEY),
    edits: readEditLog(stored.getAll()),
    lastRow: size.lastRow,
    lastColumn: size.lastColumn,
    nowMs,
  };
}

/**
 * After a scheduled sync: renews the metrics snapshot when the sidebar is in use and the snapshot nears its six-hour
 * limit (see `snapshotWantsRenewal`), so no sidebar poll pays the rebuild (about a minute at 200,000 rows). One
 * getAll when there is nothing to do. True when it renewed.
 */
export function renewDashboardSnapshot(deps: DashboardDeps, nowMs: number = deps.clock.now()): boolean {
  const used = snapshotWantsRenewal(deps.cache, nowMs);
  if (used === null) return false;
  const stored = snapshotStore(deps.documentStore.getAll());
  const size = deps.sheet.size ? deps.sheet.size(CONVERSATIONS_SHEET) : null;
  const state = documentStateOf(stored, deps.sheet.timeZone(), size, nowMs);
  if (state === null || state.lastRow <= 1 || !renewSnapshot(deps, state)) return false;
  // A new base ends every history state: cut them again here for the filters the sidebar used, so its next polls
  // merge the recent rows instead of computing every row (about 5 s each at 200,000 rows, paid by this run). Not
  // past RENEWAL_BUDGET_MS from the step's start: the run must end well before the platform's limit; a filter left
  // out is cut by its next poll instead.
  for (const filters of usedFilters(used)) {
    if (deps.clock.now() - nowMs > RENEWAL_BUDGET_MS) break;
    loadDashboardFigures(deps, filters, deps.clock.now());
  }
  return true;
}

/** How many of the sidebar's latest filters a renewal prepares (each costs a computation from every row). */
const USED_FILTERS = 3;
/**
 * Time a renewal may have taken (the snapshot's rebuild, then the filters' cuts) before it cuts one more filter: the
 * rebuild takes about 80 s at 200,000 rows and each cut about 5 s; started within the post-sync steps' first three
 * minutes, the step then ends before about 4.5 minutes of the 6-minute limit.
 */
const RENEWAL_BUDGET_MS = 100_000;

/** The filters in the "sidebar in use" marker (none in one from before, or an unreadable one). */
function usedFilters(raw: string | undefined): Filters[] {
  if (raw === undefined) return [];
  try {
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list) ? list.slice(0, USED_FILTERS).map((filters) => validateFilters(filters)) : [];
  } catch {
    return [];
  }
}

/** The cached forecast figure (null = not enough history), or undefined when absent or unreadable. */
function fromForecastCache(raw: string | undefined): DashboardData['forecastTomorrow'] | undefined {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as DashboardData['forecastTomorrow'];
  } catch {
    return undefined;
  }
}

/** The cached tomorrow's figure when computed from the snapshot `identity` names on the same local day, or undefined. */
function fromTomorrowCache(raw: string | undefined, identity: string | null, nowMs: number): DashboardData['forecastTomorrow'] | undefined {
  if (raw === undefined) return undefined;
  try {
    const entry = JSON.parse(raw) as { value?: DashboardData['forecastTomorrow']; snapshot?: string | null; until?: number };
    const sameDay = typeof entry.until === 'number' && nowMs < entry.until;
    return entry.snapshot === identity && entry.value !== undefined && sameDay ? entry.value : undefined;
  } catch {
    return undefined;
  }
}

/** A read-only store over values already fetched with getMany. */
function snapshotStore(values: Record<string, string | null>): KeyValueStore {
  const get = (key: string): string | null => values[key] ?? null;
  return {
    get,
    getMany: (keys) => Object.fromEntries(keys.map((key) => [key, get(key)])),
    getAll: () => {
      const out: Record<string, string> = {};
      for (const [key, value] of Object.entries(values)) if (typeof value === 'string') out[key] = value;
      return out;
    },
    setMany: () => {
      throw new Error('snapshotStore is read-only');
    },
    delete: () => {
      throw new Error('snapshotStore is read-only');
    },
  };
}

/**
 * The cached value when the manifest and every chunk survived (CacheService may evict entries one by one), it was
 * computed from the snapshot `identity` names (null = none current, none used) and no waiting conversation has
 * turned "abandoned" since it was computed (`validUntil`, null = none can).
 */
function fromCache(
  found: Record<string, string>,
  base: string,
  chunkKeys: string[],
  nowMs: number,
  identity: string | null,
): Omit<DashboardData, 'capacity'> | null {
  const manifest = found[base];
  if (manifest === undefined) return null;
  try {
    const entry = JSON.parse(manifest) as { chunks: number; length: number; validUntil?: number | null; snapshot?: string | null };
    const { chunks, length, validUntil } = entry;
    if ((entry.snapshot ?? null) !== identity) return null;
    if (typeof validUntil === 'number' && nowMs > validUntil) return null;
    let json = '';
    for (let i = 0; i < chunks; i++) {
      const part = found[chunkKeys[i] ?? ''];
      if (part === undefined) return null;
      json += part;
    }
    return json.length === length ? (JSON.parse(json) as Omit<DashboardData, 'capacity'>) : null;
  } catch {
    return null;
  }
}

/** Raw rows of "Conversas" matching filters, for CSV export and the "Dados Detalhados" sheet. */
export interface FilteredConversations {
  /** The sheet's header row, every column in sheet order. */
  header: string[];
  /** The matching rows' cells untouched (Date cells stay Date), in sheet order. */
  rows: CellValue[][];
  /** The spreadsheet's time zone (for formatting dates). */
  timeZone: string;
}

/** "Conversas" read once (one getValues) into typed records, in the spreadsheet's time zone. */
export function readConversations(deps: Pick<DashboardDeps, 'sheet'>): ConversationTable {
  return readTable(deps.sheet, deps.sheet.timeZone());
}

/**
 * The rows of "Conversas" matching `filters` (validated; throws a Portuguese Error), not cached. `table`: the sheet
 * already read by the caller.
 */
export function readFilteredConversations(deps: DashboardDeps, filters: Filters, table?: ConversationTable): FilteredConversations {
  const normalised = validateFilters(filters);
  const timeZone = table?.timeZone ?? deps.sheet.timeZone();
  table ??= readTable(deps.sheet, timeZone);
  const selected = selectRows(prepareColumns(columnsOfRecords(table.records), timeZone), normalised, dayRangeOf(normalised));
  return { header: table.header, rows: Array.from(selected, (i) => table.rows[i] as CellValue[]), timeZone };
}
