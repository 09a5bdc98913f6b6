// Zero-filled time series of metrics.md §5: per local day, ISO week and month of `created_at`.
import type { DashboardData, SeriesPoint } from '../../../shared/dto';
import { FLAG_TRUE, type ConversationColumns } from './column-table';
import type { DayRange, PreparedTable } from './filters';
import { median } from './stats';
import { civilOf, dayFromCivil, isoDate, isoMonth, isoWeek, isoWeekStart } from './time-zone';

interface Bucket {
  created: number;
  resolved: number;
  escalated: number;
  firstResponses: number[];
}

function emptyBucket(): Bucket {
  return { created: 0, resolved: 0, escalated: 0, firstResponses: [] };
}

function toPoint(bucket: Bucket): SeriesPoint {
  return {
    created: bucket.created,
    resolved: bucket.resolved,
    escalated: bucket.escalated,
    firstResponseMedian: median(bucket.firstResponses),
  };
}

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

/** Daily, weekly (`YYYY-Www`, Monday start) and monthly (`YYYY-MM`) series, zero-filled over the span. */
export function computeSeries(
  table: PreparedTable,
  selected: Int32Array,
  range: DayRange,
): Pick<DashboardData, 'daily' | 'weekly' | 'monthly'> {
  const span = seriesSpan(table, selected, range);
  if (!span) return { daily: [], weekly: [], monthly: [] };
  const { start, end } = span;
  const days = Array.from({ length: end - start + 1 }, emptyBucket);
  const firstWeek = isoWeekStart(start);
  const weeks = Array.from({ length: (isoWeekStart(end) - firstWeek) / 7 + 1 }, emptyBucket);
  const startCivil = civilOf(start);
  const endCivil = civilOf(end);
  const monthIndex = (c: { year: number; month: number }) => (c.year - startCivil.year) * 12 + c.month - startCivil.month;
  const months = Array.from({ length: monthIndex(endCivil) + 1 }, emptyBucket);
  // Month of each day of the span, computed once per day rather than once per row.
  const monthOfDay = days.map((_, i) => months[monthIndex(civilOf(start + i))] as Bucket);
  const columns: ConversationColumns = table.columns;
  const frt = columns.numbers.first_response_time;
  const add = (bucket: Bucket, i: number) => {
    bucket.created++;
    if (columns.flags.resolved[i] === FLAG_TRUE) bucket.resolved++;
    if (columns.flags.escalated_to_human[i] === FLAG_TRUE) bucket.escalated++;
    if (!Number.isNaN(frt[i] as number)) bucket.firstResponses.push(frt[i] as number);
  };
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const day = table.day[i] as number;
    // Only rows inside the span count (an open bound's span holds every dated row; NaN fails both tests).
    if (!(day >= start && day <= end)) continue;
    add(days[day - start] as Bucket, i);
    add(weeks[(isoWeekStart(day) - firstWeek) / 7] as Bucket, i);
    add(monthOfDay[day - start] as Bucket, i);
  }
  return {
    daily: days.map((bucket, i) => ({ date: isoDate(start + i), ...toPoint(bucket) })),
    weekly: weeks.map((bucket, i) => ({ week: isoWeek(firstWeek + i * 7), ...toPoint(bucket) })),
    monthly: months.map((bucket, i) => {
      const year = startCivil.year + Math.floor((startCivil.month - 1 + i) / 12);
      const month = ((startCivil.month - 1 + i) % 12) + 1;
      return { month: isoMonth(dayFromCivil(year, month, 1)), ...toPoint(bucket) };
    }),
  };
}
