// The history state: the dashboard part of the rows that no longer change, sealed and packed, so a refresh reads it instead of them.
//
// Why (issue 12): a refresh right after a sync used to decode and recompute all 200,000 rows of the snapshot to take
// in 20 changed ones; reading 6.4 MB and a cold pass over every row cost 2.5–2.9 s. Rows whose `created_at` and
// `updated_at` are both older than a cutoff (eight days before the state was built: the durable window plus a
// day) change only by a person's edit or an import, which the snapshot sees. Their
// part (dashboard-part.ts) is kept per filter; a refresh merges it with the part of the recent rows. Series points
// far from the recent rows are sealed (only their final values kept), the others keep their values.
import { FLAG_TRUE, type ConversationColumns } from './column-table';
import type { CellValues, DashboardPart, GroupTotals, GroupValues, KpiTotals, LevelTotals, OperatorPart, PointPart } from './dashboard-part';
import type { Values, ValueWindow } from './order-statistics';
import { CELL_SEPARATOR, pointOf, weekAndMonthOf } from './dashboard-part';
import { ExactSum, type PairSums } from './exact-sum';
import { pushVarint, readCodes } from './snapshot';
import { DURABLE_WINDOW_MS } from './service-depth';
import { isoWeekStart } from './time-zone';

/** Rows older than this (created and updated) before the state is built are history: the durable window plus a day. */
export const HISTORY_MARGIN_MS = DURABLE_WINDOW_MS + 24 * 3_600_000;

/** Format of a stored history part; another one is not read. */
const PART_FORMAT = 1;

/**
 * Whether a waiting row whose last customer message is older than the cutoff (or unknown) is settled: abandoned for
 * good (or never) — true when the abandonment threshold is at most the margin: from the cut on, "now − threshold" stays
 * past that message. (The settings allow at most 7 days; a stored value beyond keeps such rows recent.)
 */
export function waitingRowsSettle(abandonMinutes: number): boolean {
  return abandonMinutes * 60_000 <= HISTORY_MARGIN_MS;
}

/**
 * Whether slot `i` is a history row for `cutoffMs`: present, created and updated before the cutoff, and, when waiting
 * for a reply, with its last customer message before the cutoff (or unknown) and `waitingSettled`. Every history
 * row's AI resolution is mature (updated over eight days ago); every waiting one is abandoned for good, or never.
 */
export function isHistoryRow(columns: ConversationColumns, i: number, cutoffMs: number, waitingSettled: boolean): boolean {
  if (!columns.present[i]) return false;
  const created = columns.dates.created_at[i] as number;
  const updated = columns.dates.updated_at[i] as number;
  // NaN fails both comparisons: an undated row is never history.
  if (!(created < cutoffMs && updated < cutoffMs)) return false;
  if (columns.flags.awaiting_reply[i] !== FLAG_TRUE) return true;
  return waitingSettled && !((columns.dates.last_customer_message_at[i] as number) >= cutoffMs);
}

/**
 * Which local days keep their values in a sealed part: every day from the start of the ISO week of the first day of
 * the cutoff's month on (so any week or month a newer row falls in is whole), and the whole weeks and months of the
 * given days (the recent rows' own days, however old: a conversation reopened months later).
 */
export function keptDays(cutoffDay: number, recentDays: Iterable<number>): (day: number) => boolean {
  const from = isoWeekStart(weekAndMonthOf(cutoffDay).month);
  const weeks = new Set<number>();
  const months = new Set<number>();
  for (const day of recentDays) {
    const { week, month } = weekAndMonthOf(day);
    weeks.add(week);
    months.add(month);
  }
  return (day) => {
    if (day >= from) return true;
    const { week, month } = weekAndMonthOf(day);
    return weeks.has(week) || months.has(month);
  };
}

/** The final point of unsealed day points: only its median is kept of their values. */
function sealedPoint(points: readonly PointPart[]): PointPart {
  const point = pointOf(points);
  return { created: point.created, resolved: point.resolved, escalated: point.escalated, firstResponse: null, median: point.firstResponseMedian };
}

/**
 * Seals, in place, the days `kept` rejects, and every week and month holding such a day: their final points are kept,
 * their values dropped. A sealed period can take no more rows (mergeParts refuses, and the caller recomputes).
 */
export function sealPart(part: DashboardPart, kept: (day: number) => boolean): DashboardPart {
  const weeks = new Map<number, PointPart[]>();
  const months = new Map<number, PointPart[]>();
  const sealWeeks = new Set<number>();
  const sealMonths = new Set<number>();
  for (const [day, point] of part.days) {
    const { week, month } = weekAndMonthOf(day);
    (weeks.get(week) ?? weeks.set(week, []).get(week))?.push(point);
    (months.get(month) ?? months.set(month, []).get(month))?.push(point);
    if (!kept(day)) {
      sealWeeks.add(week);
      sealMonths.add(month);
    }
  }
  for (const week of sealWeeks) part.sealedWeeks.set(week, sealedPoint(weeks.get(week) ?? []));
  for (const month of sealMonths) part.sealedMonths.set(month, sealedPoint(months.get(month) ?? []));
  for (const [day, point] of part.days) if (!kept(day)) part.days.set(day, sealedPoint([point]));
  return part;
}

// ---- Packing: JSON, with each value list sorted and delta-coded (about one or two characters a value).

/**
 * Values a list may gain after the state was cut before its windows no longer reach the ranks asked for: new rows
 * (about a day's worth at a busy team), changed recent rows. Past it the refresh computes from every row, and cuts
 * the state again.
 */
const WINDOW_MARGIN = 500;

/** A sorted list: whole numbers or hundredths (exact) as varint deltas, anything else verbatim. */
function packSorted(sorted: Float64Array): string | number[] {
  if (sorted.length === 0) return '';
  let scale = 1;
  for (const value of sorted) {
    if (!(value >= 0) || value > 2 ** 40) return Array.from(sorted);
    if (!Number.isInteger(value)) scale = 100;
  }
  if (scale === 100 && !sorted.every((value) => Math.round(value * 100) / 100 === value)) return Array.from(sorted);
  const out: string[] = [scale === 1 ? 'i' : 'c'];
  let previous = 0;
  for (const value of sorted) {
    const code = Math.round(value * scale);
    pushVarint(out, code - previous);
    previous = code;
  }
  return out.join('');
}

let codes = new Float64Array(0);

function unpackSorted(packed: unknown, count: number): Float64Array {
  if (Array.isArray(packed)) return Float64Array.from(packed as number[]);
  if (typeof packed !== 'string') throw new Error('bad list');
  if (packed === '') return new Float64Array(0);
  const scale = packed[0] === 'i' ? 1 : packed[0] === 'c' ? 100 : 0;
  if (scale === 0) throw new Error('bad list');
  if (codes.length < count) codes = new Float64Array(count);
  if (readCodes(packed, 1, count, 0, codes) !== packed.length) throw new Error('bad list');
  const out = new Float64Array(count);
  let code = 0;
  for (let k = 0; k < count; k++) {
    code += codes[k] as number;
    out[k] = scale === 1 ? code : code / 100;
  }
  return out;
}

function sortedOf(lists: readonly Values[]): Float64Array {
  let n = 0;
  for (const list of lists) n += (list as number[]).length;
  const out = new Float64Array(n);
  let at = 0;
  for (const list of lists) {
    out.set(list as number[], at);
    at += (list as number[]).length;
  }
  return out.sort();
}

function countOf(lists: readonly Values[] | undefined): number {
  let n = 0;
  for (const list of lists ?? []) n += (list as number[]).length;
  return n;
}

/**
 * The lists' values (plain lists: an accumulated part), whole when short, else only the ranks the percentiles `ps`
 * can fall on once at most `extra` + WINDOW_MARGIN values join them: for p, the floor rank moves from p·(n − 1) up
 * to p·(n − 1 + w), and each joining value can push the answer's rank among these values one lower.
 */
function stored(lists: readonly Values[], ps: readonly number[], extra: number): unknown {
  const sorted = sortedOf(lists);
  const n = sorted.length;
  const w = extra + WINDOW_MARGIN;
  const ranges = ps
    .map((p): [number, number] => [Math.max(0, Math.floor(p * (n - 1)) - w - 1), Math.min(n - 1, Math.floor(p * (n - 1 + w)) + 2)])
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  let kept = 0;
  for (const [from, to] of merged) kept += to - from + 1;
  if (n === 0 || kept * 2 >= n) return [n, packSorted(sorted)];
  return { n, s: merged.map(([from, to]) => [from, to - from + 1, packSorted(sorted.subarray(from, to + 1))]) };
}

function unstored(raw: unknown): Values {
  if (Array.isArray(raw)) {
    const [count, packed] = raw as [number, unknown];
    return unpackSorted(packed, count);
  }
  const { n, s } = raw as { n: number; s: Array<[number, number, unknown]> };
  const window: ValueWindow = { n, segments: s.map(([below, count, packed]) => ({ below, values: unpackSorted(packed, count) })) };
  return window;
}

function sum(value: ExactSum): number[] {
  return value.terms();
}

function unsum(raw: unknown): ExactSum {
  return ExactSum.of(raw as number[]);
}

const KPI_COUNTS = ['volume', 'resolved', 'escalated', 'contained', 'withCustomer', 'withinSla', 'unanswered', 'abandoned', 'satisfiedTop2', 'frustratedHigh', 'satisfactionN', 'frustrationN'] as const;

function packKpis(kpis: KpiTotals): unknown {
  return [KPI_COUNTS.map((name) => kpis[name]), sum(kpis.satisfaction), sum(kpis.frustration), sum(kpis.firstResponse), sum(kpis.resolution)];
}

function unpackKpis(raw: unknown): KpiTotals {
  const [counts, satisfaction, frustration, firstResponse, resolution] = raw as [number[], unknown, unknown, unknown, unknown];
  const kpis = { satisfaction: unsum(satisfaction), frustration: unsum(frustration), firstResponse: unsum(firstResponse), resolution: unsum(resolution) } as KpiTotals;
  KPI_COUNTS.forEach((name, k) => (kpis[name] = counts[k] as number));
  return kpis;
}

function packGroup(group: GroupTotals): unknown {
  return [group.volume, group.resolved, group.escalated, sum(group.satisfaction), group.satisfactionN, sum(group.frustration), group.frustrationN];
}

function unpackGroup(raw: unknown): GroupTotals {
  const [volume, resolved, escalated, satisfaction, satisfactionN, frustration, frustrationN] = raw as [number, number, number, unknown, number, unknown, number];
  return { volume, resolved, escalated, satisfaction: unsum(satisfaction), satisfactionN, frustration: unsum(frustration), frustrationN };
}

function packPoint(point: PointPart): unknown {
  // A day's values are few: kept whole.
  const values = point.firstResponse === null ? null : sortedOf([point.firstResponse]);
  return [point.created, point.resolved, point.escalated, values === null ? null : [values.length, packSorted(values)], point.median];
}

function unpackPoint(raw: unknown): PointPart {
  const [created, resolved, escalated, values, median] = raw as [number, number, number, unknown, number | null];
  return { created, resolved, escalated, firstResponse: values === null ? null : (unstored(values) as Float64Array), median };
}

function packPair(pair: PairSums): unknown {
  const edge = (value: number): number | null => (Number.isFinite(value) ? value : null);
  return [pair.n, sum(pair.x), sum(pair.y), sum(pair.xx), sum(pair.yy), sum(pair.xy), edge(pair.minX), edge(pair.maxX), edge(pair.minY), edge(pair.maxY)];
}

function unpackPair(raw: unknown): PairSums {
  const [n, x, y, xx, yy, xy, minX, maxX, minY, maxY] = raw as [number, unknown, unknown, unknown, unknown, unknown, number | null, number | null, number | null, number | null];
  return {
    n, x: unsum(x), y: unsum(y), xx: unsum(xx), yy: unsum(yy), xy: unsum(xy),
    minX: minX ?? Infinity, maxX: maxX ?? -Infinity, minY: minY ?? Infinity, maxY: maxY ?? -Infinity,
  };
}

function entries<T>(map: Map<string | number, T>, pack: (value: T, key: string | number) => unknown): unknown[] {
  return [...map].map(([key, value]) => [key, pack(value, key)]);
}

function mapOf<K, T>(raw: unknown, unpack: (value: unknown) => T): Map<K, T> {
  return new Map((raw as Array<[K, unknown]>).map(([key, value]) => [key, unpack(value)]));
}

/** The cells' lists per group: all of them, per agent, per channel (an accumulated part's cells). */
function groupLists(cells: Map<string, CellValues>): { all: CellValues[]; agents: Map<string, CellValues[]>; channels: Map<string, CellValues[]> } {
  const all: CellValues[] = [];
  const agents = new Map<string, CellValues[]>();
  const channels = new Map<string, CellValues[]>();
  for (const [key, cell] of cells) {
    const [agent, channel] = key.split(CELL_SEPARATOR) as [string, string];
    all.push(cell);
    (agents.get(agent) ?? agents.set(agent, []).get(agent))?.push(cell);
    (channels.get(channel) ?? channels.set(channel, []).get(channel))?.push(cell);
  }
  return { all, agents, channels };
}

/**
 * The history part (accumulated from the history rows, sealed) as text. `recent`: the recent rows' part for the same
 * filters, whose value counts size each list's windows (see `stored`). JSON; callers store it ASCII-escaped.
 */
export function packPart(part: DashboardPart, recent: DashboardPart): string {
  const history = groupLists(part.cells);
  const fresh = groupLists(recent.cells);
  const firstResponses = (cells: readonly CellValues[] | undefined): number[][] => (cells ?? []).map((cell) => cell.firstResponse);
  const resolutions = (cells: readonly CellValues[] | undefined): number[][] => (cells ?? []).map((cell) => cell.resolution);
  const group = (cells: readonly CellValues[], now: readonly CellValues[] | undefined, ps: readonly number[]): unknown => [
    stored(firstResponses(cells), ps, countOf(firstResponses(now))),
    stored(resolutions(cells), ps, countOf(resolutions(now))),
  ];
  const both = [0.5, 0.9];
  const middle = [0.5];
  return JSON.stringify({
    v: PART_FORMAT,
    kpis: packKpis(part.kpis),
    previous: part.previous
      ? [packKpis(part.previous.totals), stored(part.previous.firstResponse, both, countOf(recent.previous?.firstResponse)), stored(part.previous.resolution, both, countOf(recent.previous?.resolution))]
      : null,
    byStatus: [...part.byStatus],
    byChannel: [...part.byChannel],
    byPriority: [...part.byPriority],
    agents: entries(part.agents, packGroup),
    channels: entries(part.channels, packGroup),
    all: group(history.all, fresh.all, both),
    agentValues: [...history.agents].map(([key, cells]) => [key, group(cells, fresh.agents.get(key), middle)]),
    channelValues: [...history.channels].map(([key, cells]) => [key, group(cells, fresh.channels.get(key), middle)]),
    days: entries(part.days, packPoint),
    weeks: entries(part.sealedWeeks, packPoint),
    months: entries(part.sealedMonths, packPoint),
    span: Number.isFinite(part.firstDay) ? [part.firstDay, part.lastDay] : null,
    heatmap: part.heatmap,
    bands: part.bands,
    levels: part.levels.map((level) => [level.count, level.escalated, level.resolved, sum(level.firstResponse), level.firstResponseN]),
    correlations: part.correlations.map(packPair),
    options: [[...part.options.channels], [...part.options.statuses], [...part.options.priorities], [...part.options.agentIds]],
    business: part.business
      ? [
          stored(part.business.firstResponse, both, countOf(recent.business?.firstResponse)), sum(part.business.firstResponseSum),
          stored(part.business.firstHumanResponse, both, countOf(recent.business?.firstHumanResponse)), sum(part.business.firstHumanResponseSum),
          stored(part.business.resolution, both, countOf(recent.business?.resolution)), sum(part.business.resolutionSum),
          part.business.createdKnown, part.business.createdOutside,
        ]
      : null,
    operators: entries(part.operators, (operator: OperatorPart, key) => {
      const now = recent.operators.get(key as string);
      return [
        operator.conversations, operator.resolved, sum(operator.satisfaction), operator.satisfactionN,
        stored(operator.firstHumanResponse, middle, countOf(now?.firstHumanResponse)), stored(operator.handling, middle, countOf(now?.handling)),
      ];
    }),
    durable: [part.durable.candidates, part.durable.durable, part.durable.pending],
  });
}

function unpackGroupValues(raw: unknown): GroupValues {
  const [firstResponse, resolution] = raw as [unknown, unknown];
  return { firstResponse: unstored(firstResponse), resolution: unstored(resolution) };
}

/** A packed part, or null when the text is damaged or of another format. */
export function unpackPart(text: string): DashboardPart | null {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (raw.v !== PART_FORMAT) return null;
    const previous = raw.previous as [unknown, unknown, unknown] | null;
    const span = raw.span as [number, number] | null;
    const options = raw.options as string[][];
    const business = raw.business as unknown[] | null;
    const durable = raw.durable as [number, number, number];
    return {
      kpis: unpackKpis(raw.kpis),
      previous: previous ? { totals: unpackKpis(previous[0]), firstResponse: [unstored(previous[1])], resolution: [unstored(previous[2])] } : null,
      byStatus: new Map(raw.byStatus as Array<[string, number]>),
      byChannel: new Map(raw.byChannel as Array<[string, number]>),
      byPriority: new Map(raw.byPriority as Array<[string, number]>),
      agents: mapOf(raw.agents, unpackGroup),
      channels: mapOf(raw.channels, unpackGroup),
      cells: new Map(),
      groups: { all: unpackGroupValues(raw.all), agents: mapOf(raw.agentValues, unpackGroupValues), channels: mapOf(raw.channelValues, unpackGroupValues) },
      days: mapOf(raw.days, unpackPoint),
      sealedWeeks: mapOf(raw.weeks, unpackPoint),
      sealedMonths: mapOf(raw.months, unpackPoint),
      firstDay: span ? span[0] : Infinity,
      lastDay: span ? span[1] : -Infinity,
      heatmap: raw.heatmap as number[],
      bands: raw.bands as number[],
      levels: (raw.levels as unknown[][]).map(([count, escalated, resolved, firstResponse, firstResponseN]): LevelTotals => ({
        count: count as number, escalated: escalated as number, resolved: resolved as number, firstResponse: unsum(firstResponse), firstResponseN: firstResponseN as number,
      })),
      correlations: (raw.correlations as unknown[]).map(unpackPair),
      options: {
        channels: new Set(options[0]), statuses: new Set(options[1]), priorities: new Set(options[2]), agentIds: new Set(options[3]),
      },
      business: business
        ? {
            firstResponse: [unstored(business[0])], firstResponseSum: unsum(business[1]),
            firstHumanResponse: [unstored(business[2])], firstHumanResponseSum: unsum(business[3]),
            resolution: [unstored(business[4])], resolutionSum: unsum(business[5]),
            createdKnown: business[6] as number, createdOutside: business[7] as number,
          }
        : null,
      operators: mapOf(raw.operators, (operator): OperatorPart => {
        const [conversations, resolved, satisfaction, satisfactionN, firstHumanResponse, handling] = operator as [number, number, unknown, number, unknown, unknown];
        return { conversations, resolved, satisfaction: unsum(satisfaction), satisfactionN, firstHumanResponse: [unstored(firstHumanResponse)], handling: [unstored(handling)] };
      }),
      durable: { candidates: durable[0], durable: durable[1], pending: durable[2] },
    };
  } catch {
    return null;
  }
}
