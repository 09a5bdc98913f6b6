// The DashboardData a full read of "Conversas" gives, to compare a dashboard served through the built bundle with.
import type { CellValue } from '../../runtime/index';
import type { SyncWorld } from '../../sync/harness';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import { computeDashboard } from '../../../src/server/domain/metrics/dashboard';
import { buildForecast, tomorrowOf } from '../../../src/server/domain/forecast';
import { parseOperatorLabels } from '../../../src/server/domain/operator-labels';
import type { DashboardData, Filters } from '../../../src/shared/dto';

/** The DashboardData a full read of "Conversas" gives at the same instant, with the same settings (SLA and abandonment: the defaults unless given). */
export function fullRead(
  values: CellValue[][],
  timeZone: string,
  filters: Filters,
  actual: DashboardData,
  operatorLabels: string | null,
  businessHoursOn = false,
  settings: { slaSeconds: number; abandonMinutes: number } = { slaSeconds: 300, abandonMinutes: 60 },
): DashboardData {
  const table = readConversationTable(values, timeZone);
  const nowMs = Date.parse(actual.generatedAt);
  const data = computeDashboard(table, filters, {
    timeZone,
    now: new Date(nowMs),
    slaSeconds: settings.slaSeconds,
    abandonMinutes: settings.abandonMinutes,
    lastSync: actual.lastSync,
    operatorLabels: parseOperatorLabels(operatorLabels),
    businessHoursOn,
  });
  const forecastTomorrow = tomorrowOf(buildForecast({ records: table.records, timeZone, nowMs, slaSeconds: settings.slaSeconds }));
  // Capacity measures the tabs, not the rows: it is not what the snapshot changes.
  return { ...data, forecastTomorrow, capacity: actual.capacity };
}

/** One dashboard call through the bundle: its data and the execution's stats. */
export function dashboard(rt: SyncWorld['rt'], fn: 'getDashboard' | 'refreshDashboard', filters: Filters) {
  const result = rt.run<DashboardData>(fn, [filters]);
  if (!result.ok) throw new Error(`${fn} threw: ${result.error.message}`);
  return { data: result.value, stats: result.stats };
}

/**
 * The snapshot's base chunks (`snap:0` …). Evicted before a refresh, a refresh that reads no sheet cell was served by
 * the history state: one that needed the base would rebuild it from the sheet.
 */
export const isBaseChunk = (key: string): boolean => /^snap:\d+$/.test(key);
