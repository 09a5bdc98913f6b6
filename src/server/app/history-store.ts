// The history state in CacheService: a generation (cutoff, recent rows, what must not change) and per filter the history rows' part.
//
// A refresh right after a sync reads the snapshot's manifest and delta, the generation's recent rows and its filter's
// part (history-state.ts) — not the megabytes of the base — and computes only the recent rows. It is used only while
// it is exactly what a full computation would give: the base it was cut from is still the stored one; no history row
// changed since (every change since the base is in the delta: a history slot there must hold the row it was cut with);
// no new row is old enough to touch a history point or a history row's durable verdict; the recent rows near the
// cutoff kept their day and customer; no recent AI resolution reaches back before the cutoff; no recent row falls into
// a sealed series point. Otherwise the caller computes from every row, and stores a new state on the way.
import type { DashboardData, Filters } from '../../shared/dto';
import { FLAG_TRUE, pickColumns, withRows, type ConversationColumns, type MetricRow } from '../domain/metrics/column-table';
import { decodeSnapshot, encodeSnapshot } from '../domain/metrics/snapshot';
import { accumulatePart, mergeParts, type DashboardPart } from '../domain/metrics/dashboard-part';
import { UnmergeablePart } from '../domain/metrics/order-statistics';
import { finishDashboard, partContextOf, selectionOf, type DashboardContext } from '../domain/metrics/dashboard';
import { dayRangeOf, prepareColumns, type PreparedTable } from '../domain/metrics/filters';
import { HISTORY_MARGIN_MS, isHistoryRow, keptDays, packPart, sealPart, unpackPart, waitingRowsSettle } from '../domain/metrics/history-state';
import { DURABLE_WINDOW_MS } from '../domain/metrics/service-depth';
import { dayOf, zoneClock } from '../domain/metrics/time-zone';
import { MAX_HISTORY_DAYS } from '../domain/forecast';
import { chunked, joinChunks, randomToken } from './cache-chunks';
import { catchUpDelta, decodeSlotRows, encodeSlotRows, identityOf, type DocumentState, type SnapshotDeps } from './snapshot-store';
import type { CachePort } from './ports';

const GENERATION_KEY = 'hist:g';
const MAX_RECENT_CHUNKS = 20;
const RECENT_KEYS = Array.from({ length: MAX_RECENT_CHUNKS }, (_, i) => `hist:r${i}`);
/** A part bigger than this many chunks (≈ 3 MB) is not stored: its filter is computed from every row each time. */
const MAX_PART_CHUNKS = 30;
/** CacheService's longest lifetime; a generation is tied to the snapshot's base, which lives at most six hours. */
const HISTORY_TTL_SECONDS = 21_600;
/** Separates the recent rows from the pinned ones in the generation's rows text (never produced by either). */
const ROWS_SEPARATOR = '\u001e';

/** One cut of the rows into history and recent ones, shared by every filter's part. */
interface Generation {
  token: string;
  /** The snapshot base (its token) the cut was made from: a new base (rebuild, compaction) ends the generation. */
  base: string;
  timeZone: string;
  /** History rows were created and updated before this instant (epoch ms). */
  cutoff: number;
  /** Whether waiting rows older than the cutoff are history (`waitingRowsSettle` of the abandonment threshold). */
  waitingSettled: boolean;
  /** Slots the sheet had; a slot past them is a new row. */
  slots: number;
  /** The chunks of its rows text (`GenerationRows`, too big for one cache value), tagged with its token. */
  rowsChunks: number;
  rowsLength: number;
  /** The first day `GenerationRows.forecast` counts. */
  forecastFrom: number;
}

/** A filter's part: which generation it was cut from, and its chunks. */
interface PartManifest {
  generation: string;
  token: string;
  chunks: number;
  length: number;
}

/** The cache keys of the generation and of one filter's part, fetched with the snapshot's delta in one getAll. */
export function historyCacheKeys(partKey: string): string[] {
  return [GENERATION_KEY, ...RECENT_KEYS, `hist:f:${partKey}`, ...partChunkKeys(partKey)];
}

function partChunkKeys(partKey: string): string[] {
  return Array.from({ length: MAX_PART_CHUNKS }, (_, i) => `hist:f:${partKey}:${i}`);
}

function parse<T>(raw: string | undefined): T | null {
  if (raw === undefined) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

/** The generation's rows: stored in chunks beside it. */
interface GenerationRows {
  /** The recent rows as cut (columns of their own), and the sheet slot of each, ascending. */
  recent: ConversationColumns;
  slots: number[];
  /** History slots that were in the delta when cut, with their rows then. */
  pinned: Map<number, MetricRow | null>;
  /** The recent rows created before cutoff + the durable window: [slot, created_at, customer]. */
  near: Near;
  /** The history rows' `created_at` (day, hour, count) from `forecastFrom` on: the forecast's daily history. */
  forecast: Array<[number, number, number]>;
}

type Near = Array<[slot: number, created: number, customer: number | null]>;

/** The generation's rows text: its lists as JSON, then the recent rows (with their days' time-zone offsets) and the pinned ones. */
function packRows(rows: GenerationRows, timeZone: string): string {
  return [JSON.stringify([rows.near, rows.forecast, rows.slots]), encodeSnapshot(rows.recent, timeZone), encodeSlotRows(rows.pinned)].join(ROWS_SEPARATOR);
}

/** The generation's rows, or null when a chunk is missing or damaged. */
function generationRows(found: Record<string, string>, generation: Generation): GenerationRows | null {
  const text = joinChunks(found, RECENT_KEYS, generation.rowsChunks, generation.token, generation.rowsLength);
  const parts = text === null ? [] : text.split(ROWS_SEPARATOR);
  if (parts.length !== 3) return null;
  const lists = parse<[Near, GenerationRows['forecast'], number[]]>(parts[0]);
  const recent = decodeSnapshot(parts[1] as string);
  const pinned = decodeSlotRows(parts[2] as string);
  if (!lists || !recent || !pinned || recent.length !== lists[2].length) return null;
  return { recent, slots: lists[2], pinned, near: lists[0], forecast: lists[1] };
}

/** Whether two metric rows (or blanks) hold the same values. */
function sameRow(a: MetricRow | null, b: MetricRow | null): boolean {
  if (a === null || b === null) return a === b;
  for (const key of Object.keys(a) as Array<keyof MetricRow>) if (a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

/** The recent rows now, as columns, and the sheet slot of each. */
interface RecentRows {
  columns: ConversationColumns;
  slots: number[];
}

/**
 * The recent rows now: the generation's, with the delta's rows over them and the delta's new slots after them; null
 * when the delta changed a history row or holds a new row old enough to touch the history (an import, a typed old row).
 */
function recentRowsNow(generation: Generation, cut: GenerationRows, delta: ReadonlyMap<number, MetricRow | null>): RecentRows | null {
  const indexOf = new Map<number, number>();
  cut.slots.forEach((slot, index) => indexOf.set(slot, index));
  const slots = cut.slots.slice();
  const patches = new Map<number, MetricRow | null>();
  for (const [slot, row] of delta) {
    let index = indexOf.get(slot);
    if (index === undefined && slot < generation.slots) {
      // A history slot: only as it was cut (it was in the delta already then).
      if (!cut.pinned.has(slot) || !sameRow(cut.pinned.get(slot) ?? null, row)) return null;
      continue;
    }
    if (slot >= generation.slots && row && row.created_at !== null && row.created_at < generation.cutoff + DURABLE_WINDOW_MS) return null;
    if (index === undefined) {
      index = slots.length;
      slots.push(slot);
      indexOf.set(slot, index);
    }
    patches.set(index, row);
  }
  return { columns: withRows(cut.recent, patches), slots };
}

/** The rows created before cutoff + the durable window, by slot (what a history AI resolution's return may be). */
function nearRows(recent: RecentRows, cutoff: number): Near {
  const { columns, slots } = recent;
  const created = columns.dates.created_at;
  const out: Near = [];
  for (let i = 0; i < columns.length; i++) {
    if (columns.present[i] && (created[i] as number) < cutoff + DURABLE_WINDOW_MS) {
      out.push([slots[i] as number, created[i] as number, Number.isNaN(columns.customer[i] as number) ? null : (columns.customer[i] as number)]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Whether the recent rows leave the history's figures as they were cut: the rows near the cutoff (which a history AI
 * resolution's return may be) kept their slot, day and customer, and no recent AI resolution is older than the cutoff
 * (its return could be a history row, which the recent part does not see).
 */
function historyStillHolds(generation: Generation, cut: GenerationRows, recent: RecentRows): boolean {
  if (JSON.stringify(nearRows(recent, generation.cutoff)) !== JSON.stringify(cut.near)) return false;
  const { columns } = recent;
  for (let i = 0; i < columns.length; i++) {
    if (!columns.present[i] || columns.flags.resolved[i] !== FLAG_TRUE || columns.flags.escalated_to_human[i] === FLAG_TRUE) continue;
    if (Number.isNaN(columns.customer[i] as number)) continue;
    // NaN (no updated_at) fails the test: such a row is never a candidate.
    if ((columns.dates.updated_at[i] as number) < generation.cutoff) return false;
  }
  return true;
}

/**
 * The stored generation (in `found`), its rows and the recent rows now, when it was cut from the base `baseToken` in
 * this time zone with this abandonment rule and still holds for the rows patched since (`delta`); else null.
 */
function generationNow(
  found: Record<string, string>,
  baseToken: string,
  delta: ReadonlyMap<number, MetricRow | null>,
  context: DashboardContext,
): { generation: Generation; cut: GenerationRows; recent: RecentRows } | null {
  const generation = parse<Generation>(found[GENERATION_KEY]);
  if (!generation || generation.base !== baseToken || generation.timeZone !== context.timeZone) return null;
  if (generation.waitingSettled !== waitingRowsSettle(context.abandonMinutes)) return null;
  const cut = generationRows(found, generation);
  const recent = cut ? recentRowsNow(generation, cut, delta) : null;
  return cut && recent && historyStillHolds(generation, cut, recent) ? { generation, cut, recent } : null;
}

/** What a dashboard computed through the history state gives its caller besides the figures. */
export interface HistoryDashboard {
  data: Omit<DashboardData, 'capacity'>;
  /** The recent rows (every row that can still move the cache's horizons: waiting and pending ones). */
  recent: ConversationColumns;
  /** The `created_at` day and hour of every row (history ones from the generation), for the forecast's history; null
   * when the generation's forecast days no longer reach back far enough. */
  forecastDays: { days: Float64Array; hours: Float64Array } | null;
}

/** The recent rows' part for the filters, and their prepared table. */
function recentPartOf(recent: RecentRows, filters: Filters, context: DashboardContext): { part: DashboardPart; table: PreparedTable } {
  const table = prepareColumns(recent.columns, context.timeZone);
  const { selected, previous } = selectionOf(table, filters, dayRangeOf(filters));
  return { part: accumulatePart(table, selected, previous, { options: table.all, returns: table.all }, partContextOf(context)), table };
}

/** The recent rows' part merged into the history part, finished; null when the history cannot take it exactly. */
function finishWithHistory(
  history: DashboardPart,
  recent: { part: DashboardPart; table: PreparedTable },
  generation: Generation,
  cut: GenerationRows,
  filters: Filters,
  context: DashboardContext,
): HistoryDashboard | null {
  let data: Omit<DashboardData, 'capacity'>;
  try {
    data = finishDashboard(mergeParts(history, recent.part), filters, context);
  } catch (error) {
    if (error instanceof UnmergeablePart) return null;
    throw error;
  }
  return { data, recent: recent.table.columns, forecastDays: forecastDaysOf(generation, cut, recent.table, context) };
}

/** Every row's local `created_at` day and hour: the generation's history cells expanded, then the recent rows'. */
function forecastDaysOf(generation: Generation, cut: GenerationRows, recent: PreparedTable, context: DashboardContext): HistoryDashboard['forecastDays'] {
  const today = dayOf(zoneClock(context.timeZone).toLocalMs(context.now.getTime()));
  if (today - MAX_HISTORY_DAYS < generation.forecastFrom) return null;
  let count = recent.all.length;
  for (const [, , n] of cut.forecast) count += n;
  const days = new Float64Array(count);
  const hours = new Float64Array(count);
  let at = 0;
  for (const [day, hour, n] of cut.forecast) {
    for (let k = 0; k < n; k++) {
      days[at] = day;
      hours[at++] = hour;
    }
  }
  for (let k = 0; k < recent.all.length; k++) {
    const i = recent.all[k] as number;
    days[at] = recent.day[i] as number;
    hours[at++] = recent.hour[i] as number;
  }
  return { days, hours };
}

/**
 * The dashboard from the history state (`found`: the entries of SNAPSHOT_DELTA_KEYS and `historyCacheKeys(partKey)`),
 * catching the snapshot's delta up first; null when there is no usable state for these filters (see the file header).
 */
export function dashboardFromHistory(
  deps: SnapshotDeps,
  state: DocumentState,
  found: Record<string, string>,
  partKey: string,
  filters: Filters,
  context: DashboardContext,
): (HistoryDashboard & { identity: string }) | null {
  const manifest = parse<PartManifest>(found[`hist:f:${partKey}`]);
  const text = manifest ? joinChunks(found, partChunkKeys(partKey), manifest.chunks, manifest.token, manifest.length) : null;
  if (!manifest || text === null) return null;
  const loaded = catchUpDelta(deps, state, found);
  const now = loaded ? generationNow(found, loaded.manifest.token, loaded.delta, context) : null;
  if (!loaded || !now || manifest.generation !== now.generation.token) return null;
  const history = unpackPart(text);
  if (!history) return null;
  const result = finishWithHistory(history, recentPartOf(now.recent, filters, context), now.generation, now.cut, filters, context);
  return result ? { ...result, identity: identityOf(loaded.manifest) } : null;
}

/** JSON with every non-ASCII character escaped (chunk length in characters = bytes). */
function ascii(text: string): string {
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A new generation cut from every row now (stored), or null when its rows are too big to cache. */
function newGeneration(cache: CachePort, table: PreparedTable, delta: ReadonlyMap<number, MetricRow | null>, baseToken: string, context: DashboardContext): { generation: Generation; rows: GenerationRows } | null {
  const { columns } = table;
  const nowMs = context.now.getTime();
  const cutoff = nowMs - HISTORY_MARGIN_MS;
  const waitingSettled = waitingRowsSettle(context.abandonMinutes);
  const slots: number[] = [];
  const pinned = new Map<number, MetricRow | null>();
  const clock = zoneClock(context.timeZone);
  const forecastFrom = dayOf(clock.toLocalMs(nowMs)) - MAX_HISTORY_DAYS;
  const cells = new Map<number, number>();
  for (let i = 0; i < columns.length; i++) {
    const history = isHistoryRow(columns, i, cutoff, waitingSettled);
    if (!history) slots.push(i);
    else {
      if (delta.has(i)) pinned.set(i, delta.get(i) ?? null);
      const day = table.day[i] as number;
      if (day >= forecastFrom) {
        const cell = day * 24 + (table.hour[i] as number);
        cells.set(cell, (cells.get(cell) ?? 0) + 1);
      }
    }
  }
  const token = randomToken(nowMs);
  const recent = pickColumns(columns, slots);
  const rows: GenerationRows = {
    recent,
    slots,
    pinned,
    near: nearRows({ columns: recent, slots }, cutoff),
    forecast: [...cells].map(([cell, n]): [number, number, number] => [Math.floor(cell / 24), cell % 24, n]),
  };
  const text = packRows(rows, context.timeZone);
  const entries = chunked(RECENT_KEYS, token, text, MAX_RECENT_CHUNKS);
  if (!entries) return null;
  const generation: Generation = {
    token,
    base: baseToken,
    timeZone: context.timeZone,
    cutoff,
    waitingSettled,
    slots: columns.length,
    rowsChunks: Object.keys(entries).length,
    rowsLength: text.length,
    forecastFrom,
  };
  entries[GENERATION_KEY] = JSON.stringify(generation);
  cache.putAll(entries, HISTORY_TTL_SECONDS);
  return { generation, rows };
}

/**
 * The dashboard computed from every row (`table`, the snapshot as loaded: `delta` patched since its base `baseToken`)
 * through a history state it stores on the way — the generation found in `found` when it still holds, else a new one,
 * and this filter's part — so the refreshes after it read the state instead of the rows. Null when no state applies
 * (the caller computes the plain way).
 */
export function dashboardWithNewHistory(
  cache: CachePort,
  found: Record<string, string>,
  table: PreparedTable,
  snapshot: { delta: ReadonlyMap<number, MetricRow | null>; baseToken: string },
  partKey: string,
  filters: Filters,
  context: DashboardContext,
): HistoryDashboard | null {
  let now = generationNow(found, snapshot.baseToken, snapshot.delta, context);
  if (!now) {
    const fresh = newGeneration(cache, table, snapshot.delta, snapshot.baseToken, context);
    if (!fresh) return null;
    const recent = { columns: fresh.rows.recent, slots: fresh.rows.slots };
    if (!historyStillHolds(fresh.generation, fresh.rows, recent)) return null;
    now = { generation: fresh.generation, cut: fresh.rows, recent };
  }
  const { generation, cut: rows, recent: recentRows } = now;
  const { columns } = table;
  const recentSlots = new Uint8Array(columns.length);
  for (const slot of recentRows.slots) if (slot < columns.length) recentSlots[slot] = 1;
  const historySlots = generation.slots;
  const historyOf = (slots: Int32Array): Int32Array => {
    const out = new Int32Array(slots.length);
    let n = 0;
    for (let k = 0; k < slots.length; k++) {
      const i = slots[k] as number;
      if (i < historySlots && recentSlots[i] === 0) out[n++] = i;
    }
    return out.subarray(0, n);
  };
  const { selected, previous } = selectionOf(table, filters, dayRangeOf(filters));
  const part = accumulatePart(table, historyOf(selected), previous ? historyOf(previous) : null, { options: historyOf(table.all), returns: table.all }, partContextOf(context));
  const recentDays: number[] = [];
  for (const slot of recentRows.slots) if (slot < columns.length && !Number.isNaN(table.day[slot] as number)) recentDays.push(table.day[slot] as number);
  const cutoffDay = dayOf(zoneClock(context.timeZone).toLocalMs(generation.cutoff));
  const recent = recentPartOf(recentRows, filters, context);
  const text = ascii(packPart(sealPart(part, keptDays(cutoffDay, recentDays)), recent.part));
  const token = randomToken(context.now.getTime());
  const entries = chunked(partChunkKeys(partKey), token, text, MAX_PART_CHUNKS);
  if (entries) {
    const manifest: PartManifest = { generation: generation.token, token, chunks: Object.keys(entries).length, length: text.length };
    entries[`hist:f:${partKey}`] = JSON.stringify(manifest);
    cache.putAll(entries, HISTORY_TTL_SECONDS);
  }
  // The figures through the stored text, as a later refresh will compute them.
  const history = unpackPart(text);
  return history ? finishWithHistory(history, recent, generation, rows, filters, context) : null;
}
