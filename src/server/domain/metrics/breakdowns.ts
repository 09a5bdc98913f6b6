// Breakdowns of metrics.md §5: distributions, per-key groups, heat map, first-response bands, frustration.
import type { Breakdown, DashboardData, FrustrationLevelRow, KeyCount } from '../../../shared/dto';
import { compareKeys, type PreparedRow } from './filters';
import { hasCustomerMessage } from './kpis';
import { mean, meanOfTotals, median, pearson, rate } from './stats';

type KeyOf = (row: PreparedRow) => string;

/** Counts by key, ordered by count descending, then key ascending. */
export function countBy(rows: readonly PreparedRow[], keyOf: KeyOf): KeyCount[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
}

interface GroupTotals {
  volume: number;
  resolved: number;
  escalated: number;
  firstResponses: number[];
  resolutions: number[];
  satisfactionSum: number;
  satisfactionN: number;
  frustrationSum: number;
  frustrationN: number;
}

/** Per-key volume, rates, medians and means (per agent, per channel), ordered by volume desc, then key asc. */
export function breakdownBy(rows: readonly PreparedRow[], keyOf: KeyOf): Breakdown[] {
  // One pass with running totals per key: medians need the values, means only a sum and a count.
  const groups = new Map<string, GroupTotals>();
  for (const row of rows) {
    const key = keyOf(row);
    let group = groups.get(key);
    if (!group) {
      group = { volume: 0, resolved: 0, escalated: 0, firstResponses: [], resolutions: [], satisfactionSum: 0, satisfactionN: 0, frustrationSum: 0, frustrationN: 0 };
      groups.set(key, group);
    }
    const record = row.record;
    group.volume++;
    if (record.resolved === true) group.resolved++;
    if (record.escalated_to_human === true) group.escalated++;
    if (record.first_response_time !== null) group.firstResponses.push(record.first_response_time);
    if (record.resolution_time !== null) group.resolutions.push(record.resolution_time);
    if (record.satisfaction_score !== null) {
      group.satisfactionSum += record.satisfaction_score;
      group.satisfactionN++;
    }
    if (record.frustration_level !== null) {
      group.frustrationSum += record.frustration_level;
      group.frustrationN++;
    }
  }
  const out: Breakdown[] = [];
  for (const [key, group] of groups) {
    out.push({
      key,
      volume: group.volume,
      resolutionRate: rate(group.resolved, group.volume),
      escalationRate: rate(group.escalated, group.volume),
      firstResponseMedian: median(group.firstResponses),
      resolutionMedian: median(group.resolutions),
      satisfactionMean: meanOfTotals(group.satisfactionSum, group.satisfactionN),
      frustrationMean: meanOfTotals(group.frustrationSum, group.frustrationN),
    });
  }
  return out.sort((a, b) => b.volume - a.volume || compareKeys(a.key, b.key));
}

/** 7 × 24 counts by local weekday (0 = Monday) and hour of `created_at`; rows without it are left out. */
export function heatmap(rows: readonly PreparedRow[]): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const row of rows) {
    if (Number.isNaN(row.day)) continue;
    const weekday = (((row.day + 3) % 7) + 7) % 7;
    const cells = grid[weekday] as number[];
    cells[row.hour] = (cells[row.hour] as number) + 1;
  }
  return grid;
}

/** First-response bands in metrics.md order; upper bounds in seconds (exclusive). */
export const FIRST_RESPONSE_BANDS: ReadonlyArray<readonly [label: string, upTo: number]> = [
  ['< 1 min', 60],
  ['1–5 min', 300],
  ['5–15 min', 900],
  ['15–60 min', 3600],
  ['1–4 h', 14400],
  ['≥ 4 h', Infinity],
];
const BAND_UPPER_BOUNDS = FIRST_RESPONSE_BANDS.map(([, upTo]) => upTo);
/** Rows with a customer message but no first response. */
export const NO_RESPONSE_BAND = 'sem resposta';

/**
 * Counts per first-response band, then `sem resposta`. On business time (metrics.md §6) the bands use business
 * seconds; a row answered but without a business value (not computed by the add-on) is left out.
 */
export function firstResponseBands(rows: readonly PreparedRow[], businessTime = false): Array<{ label: string; count: number }> {
  const counts = new Array<number>(FIRST_RESPONSE_BANDS.length).fill(0);
  let unanswered = 0;
  for (const { record } of rows) {
    const frt = businessTime ? record.first_response_business_time : record.first_response_time;
    if (frt === null) {
      if (record.first_response_time === null && hasCustomerMessage(record)) unanswered++;
      continue;
    }
    let band = 0;
    while (frt >= (BAND_UPPER_BOUNDS[band] as number)) band++;
    counts[band] = (counts[band] as number) + 1;
  }
  return [
    ...FIRST_RESPONSE_BANDS.map(([label], i) => ({ label, count: counts[i] as number })),
    { label: NO_RESPONSE_BAND, count: unanswered },
  ];
}

/** Per frustration level 1–5 (always five rows): count, escalation and resolution rates, mean first response. */
export function frustrationLevels(rows: readonly PreparedRow[]): FrustrationLevelRow[] {
  const levels = [1, 2, 3, 4, 5].map((level) => ({ level, count: 0, escalated: 0, resolved: 0, firstResponses: [] as number[] }));
  for (const { record } of rows) {
    const level = record.frustration_level;
    if (level === null) continue;
    const slot = levels[level - 1];
    // A level outside 1–5 (typed by hand) has no row in this table; it still counts in the KPI mean.
    if (!slot) continue;
    slot.count++;
    if (record.escalated_to_human === true) slot.escalated++;
    if (record.resolved === true) slot.resolved++;
    if (record.first_response_time !== null) slot.firstResponses.push(record.first_response_time);
  }
  return levels.map((slot) => ({
    level: slot.level,
    count: slot.count,
    escalationRate: rate(slot.escalated, slot.count),
    resolutionRate: rate(slot.resolved, slot.count),
    firstResponseMean: mean(slot.firstResponses),
  }));
}

/** Pearson correlation of `frustration_level` with first response, resolution time and satisfaction (pairs present). */
export function frustrationCorrelations(rows: readonly PreparedRow[]): DashboardData['frustrationCorrelations'] {
  const pairs = { firstResponse: [[], []] as number[][], resolution: [[], []] as number[][], satisfaction: [[], []] as number[][] };
  const add = (target: number[][], x: number, y: number | null) => {
    if (y === null) return;
    (target[0] as number[]).push(x);
    (target[1] as number[]).push(y);
  };
  for (const { record } of rows) {
    const level = record.frustration_level;
    if (level === null) continue;
    add(pairs.firstResponse, level, record.first_response_time);
    add(pairs.resolution, level, record.resolution_time);
    add(pairs.satisfaction, level, record.satisfaction_score);
  }
  const r = (target: number[][]) => pearson(target[0] as number[], target[1] as number[]);
  return { firstResponse: r(pairs.firstResponse), resolution: r(pairs.resolution), satisfaction: r(pairs.satisfaction) };
}
