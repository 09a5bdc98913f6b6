// Zero-filled time series of metrics.md §5: per local day, ISO week and month of `created_at`.
import type { DashboardData, SeriesPoint } from '../../../shared/dto';
import { FLAG_TRUE } from './column-table';
import type { DayRange, PreparedTable } from './filters';
import { valuesOf } from './kpis';
import { percentileInPlace } from './stats';
import { civilOf, dayFromCivil, isoDate, isoMonth, isoWeek, isoWeekStart } from './time-zone';

/**
 * The series' day span: the filter's bounds, an open bound replaced by the first or last `created_at` day among
 * the rows; null when a bound stays unknown (no dated rows).
 */
export function seriesSpan(table: PreparedTable, selected: Int32Array, range: DayRange): { start: number; end: number } | null {
  let first = Infinity;
  let last = -Infinity;
  if (range.from === null || range.to === null) {
    for (let k = 0; k < selected.length; k++) {
      const i = selected[k] as number;
      // NaN (no created_at) fails both tests.
      const day = table.day[i] as number;
      if (day < first) first = day;
      if (day > last) last = day;
    }
  }
  const start = range.from ?? first;
  const end = range.to ?? last;
  return Number.isFinite(start) && Number.isFinite(end) && start <= end ? { start, end } : null;
}

/**
 * Daily, weekly (`YYYY-Www`, Monday start) and monthly (`YYYY-MM`) series, zero-filled over the span. The rows are
 * sorted by day once (counting sort): a day, a week and a month are then each one contiguous stretch of that order,
 * so every point is counted and its median taken from one stretch, with no per-bucket lists.
 */
export function computeSeries(
  table: PreparedTable,
  selected: Int32Array,
  range: DayRange,
): Pick<DashboardData, 'daily' | 'weekly' | 'monthly'> {
  const span = seriesSpan(table, selected, range);
  if (!span) return { daily: [], weekly: [], monthly: [] };
  const { start, end } = span;
  const dayCount = end - start + 1;
  // starts[d] … starts[d + 1]: the stretch of day d (span-relative) in `byDay`.
  const starts = new Int32Array(dayCount + 1);
  for (let k = 0; k < selected.length; k++) {
    const day = table.day[selected[k] as number] as number;
    // Only rows inside the span count (an open bound's span holds every dated row; NaN fails both tests).
    if (day >= start && day <= end) starts[day - start + 1] = (starts[day - start + 1] as number) + 1;
  }
  for (let d = 0; d < dayCount; d++) starts[d + 1] = (starts[d + 1] as number) + (starts[d] as number);
  const fill = starts.slice(0, dayCount);
  const byDay = new Int32Array(starts[dayCount] as number);
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const day = table.day[i] as number;
    if (!(day >= start && day <= end)) continue;
    const at = fill[day - start] as number;
    byDay[at] = i;
    fill[day - start] = at + 1;
  }
  const { columns } = table;
  /** The point of the days `from`…`to` (absolute day numbers, clamped to the span). */
  const point = (from: number, to: number): SeriesPoint => {
    const group = byDay.subarray(starts[Math.max(from, start) - start] as number, starts[Math.min(to, end) - start + 1] as number);
    let resolved = 0;
    let escalated = 0;
    for (let k = 0; k < group.length; k++) {
      const i = group[k] as number;
      if (columns.flags.resolved[i] === FLAG_TRUE) resolved++;
      if (columns.flags.escalated_to_human[i] === FLAG_TRUE) escalated++;
    }
    return {
      created: group.length,
      resolved,
      escalated,
      firstResponseMedian: percentileInPlace(valuesOf(columns.numbers.first_response_time, group), 0.5),
    };
  };
  const daily = Array.from({ length: dayCount }, (_, d) => ({ date: isoDate(start + d), ...point(start + d, start + d) }));
  const firstWeek = isoWeekStart(start);
  const weekly = Array.from({ length: (isoWeekStart(end) - firstWeek) / 7 + 1 }, (_, w) => {
    const weekStart = firstWeek + w * 7;
    return { week: isoWeek(weekStart), ...point(weekStart, weekStart + 6) };
  });
  const startCivil = civilOf(start);
  const endCivil = civilOf(end);
  const monthCount = (endCivil.year - startCivil.year) * 12 + endCivil.month - startCivil.month + 1;
  const monthly = Array.from({ length: monthCount }, (_, m) => {
    const year = startCivil.year + Math.floor((startCivil.month - 1 + m) / 12);
    const month = ((startCivil.month - 1 + m) % 12) + 1;
    const first = dayFromCivil(year, month, 1);
    const next = month === 12 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, month + 1, 1);
    return { month: isoMonth(first), ...point(first, next - 1) };
  });
  return { daily, weekly, monthly };
}
