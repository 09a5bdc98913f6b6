// Breakdowns of metrics.md §5: distributions, per-key groups, heat map, first-response bands, frustration.
import type { Breakdown, DashboardData, FrustrationLevelRow, KeyCount } from '../../../shared/dto';
import { FLAG_TRUE, type ConversationColumns } from './column-table';
import { compareKeys, type KeyColumn, type PreparedTable } from './filters';
import { customerMessageSeen, valuesOf } from './kpis';
import { mean, meanOfTotals, pearsonEach, percentileInPlace, rate } from './stats';

/** Counts by key, ordered by count descending, then key ascending. */
export function countBy(keys: KeyColumn, selected: Int32Array): KeyCount[] {
  const counts = new Int32Array(keys.names.length);
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const code = keys.codes[i] as number;
    counts[code] = (counts[code] as number) + 1;
  }
  const out: KeyCount[] = [];
  counts.forEach((count, code) => {
    if (count > 0) out.push({ key: keys.names[code] as string, count });
  });
  return out.sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
}

/**
 * The selected slots grouped by key, each group in sheet order: one counting sort (no per-row arrays), so per-group
 * medians read their values group by group.
 */
export function groupSlots(keys: KeyColumn, selected: Int32Array): { starts: Int32Array; slots: Int32Array } {
  const starts = new Int32Array(keys.names.length + 1);
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const code = (keys.codes[i] as number) + 1;
    starts[code] = (starts[code] as number) + 1;
  }
  for (let k = 0; k < keys.names.length; k++) starts[k + 1] = (starts[k + 1] as number) + (starts[k] as number);
  const fill = starts.slice(0, keys.names.length);
  const slots = new Int32Array(selected.length);
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const code = keys.codes[i] as number;
    const at = fill[code] as number;
    slots[at] = i;
    fill[code] = at + 1;
  }
  return { starts, slots };
}

/** Per-key volume, rates, medians and means (per agent, per channel), ordered by volume desc, then key asc. */
export function breakdownBy(columns: ConversationColumns, keys: KeyColumn, selected: Int32Array): Breakdown[] {
  const { starts, slots } = groupSlots(keys, selected);
  const out: Breakdown[] = [];
  for (let code = 0; code < keys.names.length; code++) {
    const group = slots.subarray(starts[code] as number, starts[code + 1] as number);
    if (group.length === 0) continue;
    let resolved = 0;
    let escalated = 0;
    // Means as sums in row order (what `mean` computes).
    let satisfactionSum = 0;
    let satisfactionN = 0;
    let frustrationSum = 0;
    let frustrationN = 0;
    for (let k = 0; k < group.length; k++) {
      const i = group[k] as number;
      if (columns.flags.resolved[i] === FLAG_TRUE) resolved++;
      if (columns.flags.escalated_to_human[i] === FLAG_TRUE) escalated++;
      const score = columns.numbers.satisfaction_score[i] as number;
      if (score === score) {
        satisfactionSum += score;
        satisfactionN++;
      }
      const level = columns.numbers.frustration_level[i] as number;
      if (level === level) {
        frustrationSum += level;
        frustrationN++;
      }
    }
    out.push({
      key: keys.names[code] as string,
      volume: group.length,
      resolutionRate: rate(resolved, group.length),
      escalationRate: rate(escalated, group.length),
      firstResponseMedian: percentileInPlace(valuesOf(columns.numbers.first_response_time, group), 0.5),
      resolutionMedian: percentileInPlace(valuesOf(columns.numbers.resolution_time, group), 0.5),
      satisfactionMean: meanOfTotals(satisfactionSum, satisfactionN),
      frustrationMean: meanOfTotals(frustrationSum, frustrationN),
    });
  }
  return out.sort((a, b) => b.volume - a.volume || compareKeys(a.key, b.key));
}

/** 7 × 24 counts by local weekday (0 = Monday) and hour of `created_at`; rows without it are left out. */
export function heatmap(table: PreparedTable, selected: Int32Array): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const day = table.day[i] as number;
    if (Number.isNaN(day)) continue;
    const weekday = (((day + 3) % 7) + 7) % 7;
    const cells = grid[weekday] as number[];
    const hour = table.hour[i] as number;
    cells[hour] = (cells[hour] as number) + 1;
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
export function firstResponseBands(columns: ConversationColumns, selected: Int32Array, businessTime = false): Array<{ label: string; count: number }> {
  const counts = new Array<number>(FIRST_RESPONSE_BANDS.length).fill(0);
  const wall = columns.numbers.first_response_time;
  const seconds = businessTime ? columns.numbers.first_response_business_time : wall;
  let unanswered = 0;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const frt = seconds[i] as number;
    if (Number.isNaN(frt)) {
      if (Number.isNaN(wall[i] as number) && customerMessageSeen(columns.numbers.customer_messages[i] as number, wall[i] as number)) unanswered++;
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
export function frustrationLevels(columns: ConversationColumns, selected: Int32Array): FrustrationLevelRow[] {
  const levels = [1, 2, 3, 4, 5].map((level) => ({ level, count: 0, escalated: 0, resolved: 0, firstResponses: [] as number[] }));
  const level = columns.numbers.frustration_level;
  const frt = columns.numbers.first_response_time;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    // A level outside 1–5 (typed by hand) has no row in this table; it still counts in the KPI mean. NaN has none.
    const slot = levels[(level[i] as number) - 1];
    if (!slot) continue;
    slot.count++;
    if (columns.flags.escalated_to_human[i] === FLAG_TRUE) slot.escalated++;
    if (columns.flags.resolved[i] === FLAG_TRUE) slot.resolved++;
    if (!Number.isNaN(frt[i] as number)) slot.firstResponses.push(frt[i] as number);
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
export function frustrationCorrelations(columns: ConversationColumns, selected: Int32Array): DashboardData['frustrationCorrelations'] {
  const { numbers } = columns;
  const [firstResponse, resolution, satisfaction] = pearsonEach(numbers.frustration_level, [numbers.first_response_time, numbers.resolution_time, numbers.satisfaction_score], selected);
  return { firstResponse: firstResponse ?? null, resolution: resolution ?? null, satisfaction: satisfaction ?? null };
}
