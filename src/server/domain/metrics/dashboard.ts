// computeDashboard: the whole DashboardData (contract.md) from a parsed "Conversas" table, filters and context.
import type { DashboardData, Filters, SyncReport } from '../../../shared/dto';
import { breakdownBy, countBy, firstResponseBands, frustrationCorrelations, frustrationLevels, heatmap } from './breakdowns';
import type { ConversationTable } from './conversation-table';
import { columnsOfRecords, type ConversationColumns } from './column-table';
import { compareKeys, dayRangeOf, prepareColumns, selectRows, validateFilters, type KeyColumn, type PreparedTable } from './filters';
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

/** The filter lists the sidebar offers: distinct keys of the whole table, sorted. */
function optionsOf(table: PreparedTable): NonNullable<DashboardData['options']> {
  const keysIn = (keys: KeyColumn): string[] => {
    const used = new Uint8Array(keys.names.length);
    for (let k = 0; k < table.all.length; k++) used[keys.codes[table.all[k] as number] as number] = 1;
    return keys.names.filter((_, code) => used[code] === 1).sort(compareKeys);
  };
  return { channels: keysIn(table.channel), statuses: keysIn(table.status), priorities: keysIn(table.priority), agentIds: keysIn(table.agent) };
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
  const rows = selectRows(table, normalised, range);
  const kpiContext: KpiContext = {
    nowMs: context.now.getTime(),
    slaSeconds: context.slaSeconds,
    abandonMinutes: context.abandonMinutes,
    businessTime: context.businessHoursOn === true,
  };
  let previous = null;
  if (range.from !== null && range.to !== null) {
    const length = range.to - range.from + 1;
    previous = computeKpis(columns, selectRows(table, normalised, { from: range.from - length, to: range.from - 1 }), kpiContext);
  }
  return {
    generatedAt: context.now.toISOString(),
    timeZone: context.timeZone,
    filters: normalised,
    lastSync: context.lastSync,
    kpis: computeKpis(columns, rows, kpiContext),
    previous,
    byStatus: countBy(table.status, rows),
    byChannel: countBy(table.channel, rows),
    byPriority: countBy(table.priority, rows),
    agents: breakdownBy(columns, table.agent, rows),
    channels: breakdownBy(columns, table.channel, rows),
    ...computeSeries(table, rows, range),
    heatmap: heatmap(table, rows),
    firstResponseBands: firstResponseBands(columns, rows, kpiContext.businessTime),
    frustrationLevels: frustrationLevels(columns, rows),
    frustrationCorrelations: frustrationCorrelations(columns, rows),
    options: optionsOf(table),
    ...computeServiceDepth(table, rows, {
      nowMs: kpiContext.nowMs,
      businessHoursOn: context.businessHoursOn === true,
      operatorLabels: context.operatorLabels ?? {},
    }),
  };
}
