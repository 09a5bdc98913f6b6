// computeDashboard: the whole DashboardData (contract.md) from a parsed "Conversas" table, filters and context.
import type { DashboardData, Filters, SyncReport } from '../../../shared/dto';
import { breakdownBy, countBy, firstResponseBands, frustrationCorrelations, frustrationLevels, heatmap } from './breakdowns';
import type { ConversationTable } from './conversation-table';
import { compareKeys, dayRangeOf, prepareRows, selectRows, validateFilters, type PreparedRow } from './filters';
import { computeKpis, type KpiContext } from './kpis';
import { computeSeries } from './series';
import { computeServiceDepth } from './service-depth';
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

/** The filter lists the sidebar offers: distinct keys of the whole table, sorted; one pass. */
function optionsOf(rows: readonly PreparedRow[]): NonNullable<DashboardData['options']> {
  const channels = new Set<string>();
  const statuses = new Set<string>();
  const priorities = new Set<string>();
  const agentIds = new Set<string>();
  for (const row of rows) {
    channels.add(row.channel);
    statuses.add(row.status);
    priorities.add(row.priority);
    agentIds.add(row.agent);
  }
  const sorted = (keys: Set<string>) => [...keys].sort(compareKeys);
  return { channels: sorted(channels), statuses: sorted(statuses), priorities: sorted(priorities), agentIds: sorted(agentIds) };
}

/**
 * Every number of metrics.md for the rows matching `filters` (validated and normalised here too), plus the
 * previous period when both dates are set and the filter `options` from the whole table. Pure: the same
 * table, filters and context give the same result.
 */
export function computeDashboard(table: ConversationTable, filters: Filters, context: DashboardContext): Omit<DashboardData, 'capacity'> {
  const normalised = validateFilters(filters);
  const all = prepareRows(table, context.timeZone);
  const range = dayRangeOf(normalised);
  const rows = selectRows(all, normalised, range);
  const kpiContext: KpiContext = {
    nowMs: context.now.getTime(),
    slaSeconds: context.slaSeconds,
    abandonMinutes: context.abandonMinutes,
    businessTime: context.businessHoursOn === true,
  };
  let previous = null;
  if (range.from !== null && range.to !== null) {
    const length = range.to - range.from + 1;
    previous = computeKpis(selectRows(all, normalised, { from: range.from - length, to: range.from - 1 }), kpiContext);
  }
  return {
    generatedAt: context.now.toISOString(),
    timeZone: context.timeZone,
    filters: normalised,
    lastSync: context.lastSync,
    kpis: computeKpis(rows, kpiContext),
    previous,
    byStatus: countBy(rows, (row) => row.status),
    byChannel: countBy(rows, (row) => row.channel),
    byPriority: countBy(rows, (row) => row.priority),
    agents: breakdownBy(rows, (row) => row.agent),
    channels: breakdownBy(rows, (row) => row.channel),
    ...computeSeries(rows, range),
    heatmap: heatmap(rows),
    firstResponseBands: firstResponseBands(rows, kpiContext.businessTime),
    frustrationLevels: frustrationLevels(rows),
    frustrationCorrelations: frustrationCorrelations(rows),
    options: optionsOf(all),
    ...computeServiceDepth(all, rows, {
      nowMs: kpiContext.nowMs,
      businessHoursOn: context.businessHoursOn === true,
      operatorLabels: context.operatorLabels ?? {},
    }),
  };
}
