// Entry points of the dashboard: getDashboard, refreshDashboard (quick sync first) and exportCsv. Read-only: no lock.
import type { DashboardData } from '../../shared/dto';
import { lastSyncIn, loadDashboard, readDashboardState, readFilteredConversations } from '../app/dashboard';
import { systemClock } from '../adapters/apps-script';
import { dashboardDeps } from './services';
import { toCsv } from '../domain/metrics/csv';
import { validateFilters } from '../domain/metrics/filters';
import { runSyncWithServices } from './sync';

/** The sidebar refreshes every 30 s; a sync that finished more recently than this is fresh enough. */
const REFRESH_MIN_AGE_MS = 30_000;

/** The dashboard for `filters` (contract.md `Filters`), from the cache when the data has not changed. */
export function getDashboard(filters?: unknown): DashboardData {
  const valid = validateFilters(filters);
  // Read before building the ports: each service call advances the clock, and "abandoned" is measured at the call.
  const calledAt = systemClock.now();
  return loadDashboard(dashboardDeps(), valid, calledAt);
}

/**
 * The sidebar's auto-refresh: a quick incremental sync when the last stored report finished more than 30 s ago
 * (the sync itself returns at once when another execution holds the lock), then `getDashboard(filters)`.
 * A failed sync returns (and stores) an `ok: false` report instead of throwing; the dashboard shows it as `lastSync`.
 */
export function refreshDashboard(filters?: unknown): DashboardData {
  const valid = validateFilters(filters);
  const deps = dashboardDeps();
  // One read of the dashboard's properties: reused as they are when no sync runs in between.
  const stored = readDashboardState(deps.documentStore);
  const last = lastSyncIn(stored);
  const finishedAt = last ? Date.parse(last.finishedAt) : NaN;
  if (deps.clock.now() - finishedAt <= REFRESH_MIN_AGE_MS) return loadDashboard(deps, valid, deps.clock.now(), undefined, stored);
  runSyncWithServices('refresh');
  return loadDashboard(deps, valid);
}

/** The filtered rows of "Conversas" as RFC 4180 CSV (contract.md): header, every column, formula-safe text. */
export function exportCsv(filters?: unknown): string {
  const { header, rows, timeZone } = readFilteredConversations(dashboardDeps(), validateFilters(filters));
  return toCsv(header, rows, timeZone);
}
