// computeDashboard: the whole DashboardData (contract.md) from a parsed "Conversas" table, filters and context.
import type { DashboardData, Filters, SyncReport } from '../../../shared/dto';
import type { ConversationTable } from './conversation-table';
import { columnsOfRecords, type ConversationColumns } from './column-table';
import { accumulatePart, finishPart, type DashboardPart, type PartContext } from './dashboard-part';
import { dayRangeOf, prepareColumns, selectRows, validateFilters, type DayRange, type PreparedTable } from './filters';
import type { OperatorLabels } from '../operator-labels';

/** What a dashboard depends on besides the table and the filters. */
export interface DashboardContext {
  /** The spreadsheet's time zone: days, hours and weeks are taken in it. */
  timeZone: string;
  /** The time the metrics are computed at (abandonment, `generatedAt`). */
  now: Date;
  /** SLA target for the first response, seconds (settings, default 300). */
  slaSeconds: number;
  /** Abandonment threshold, minutes (settings, default 60). */
  abandonMinutes: number;
  lastSync: SyncReport | null;
  /** Business hours on (metrics.md §6): business-time KPIs, and the SLA rate and bands on business seconds. */
  businessHoursOn?: boolean;
  /** Operator userId → e-mail or name (metrics.md §7). */
  operatorLabels?: OperatorLabels;
}

/**
 * Every number of metrics.md for the rows matching `filters` (validated and normalised here too), plus the
 * previous period when both dates are set and the filter `options` from the whole table. Pure: the same
 * table, filters and context give the same result.
 */
export function computeDashboard(
  source: ConversationTable | ConversationColumns,
  filters: Filters,
  context: DashboardContext,
  prepared?: PreparedTable,
): Omit<DashboardData, 'capacity'> {
  const normalised = validateFilters(filters);
  const columns = 'records' in source ? columnsOfRecords(source.records) : source;
  // A caller that also needs the derived days (the forecast's history) prepares the columns once and passes them.
  const table = prepared && prepared.columns === columns ? prepared : prepareColumns(columns, context.timeZone);
  const range = dayRangeOf(normalised);
  const { selected, previous } = selectionOf(table, normalised, range);
  return finishPart(accumulatePart(table, selected, previous, { options: table.all, returns: table.all }, partContextOf(context)), finishContextOf(context, normalised, range));
}

/** The slots a dashboard covers: those matching the filters and, when both dates are set, the previous period's. */
export function selectionOf(table: PreparedTable, filters: Filters, range: DayRange): { selected: Int32Array; previous: Int32Array | null } {
  const selected = selectRows(table, filters, range);
  if (range.from === null || range.to === null) return { selected, previous: null };
  const length = range.to - range.from + 1;
  return { selected, previous: selectRows(table, filters, { from: range.from - length, to: range.from - 1 }) };
}

/** The rows' context of a dashboard's parts. */
export function partContextOf(context: DashboardContext): PartContext {
  return {
    nowMs: context.now.getTime(),
    slaSeconds: context.slaSeconds,
    abandonMinutes: context.abandonMinutes,
    businessTime: context.businessHoursOn === true,
  };
}

/** The rest of a dashboard's context, for finishing its part. */
export function finishContextOf(context: DashboardContext, filters: Filters, range: DayRange): Parameters<typeof finishPart>[1] {
  return {
    generatedAt: context.now.toISOString(),
    timeZone: context.timeZone,
    filters,
    range,
    lastSync: context.lastSync,
    operatorLabels: context.operatorLabels ?? {},
  };
}

/** A dashboard from a part already merged (the history state's and the recent rows'). */
export function finishDashboard(part: DashboardPart, filters: Filters, context: DashboardContext): Omit<DashboardData, 'capacity'> {
  return finishPart(part, finishContextOf(context, filters, dayRangeOf(filters)));
}
