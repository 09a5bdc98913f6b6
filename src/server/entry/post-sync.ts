// Work that follows a scheduled sync (sheet rebuild, alerts). Each step is isolated: one failing never fails the sync.
import type { SyncReport } from '../../shared/dto';
import { documentStore, systemClock, userStore } from '../adapters/apps-script';
import { loadSettings } from '../app/settings-store';
import type { Settings } from '../domain/settings';
import { alertsAfterSync, forecastAfterSync, reportAfterSync } from './beyond';
import { rebuildAfterSync } from './sheets';
import { renewDashboardSnapshot } from '../app/dashboard';
import { dashboardDeps } from './services';

/**
 * Renews the sidebar's metrics snapshot when the sidebar is in use and the snapshot nears its six-hour limit, so a
 * poll never has to read the table for it (see `renewDashboardSnapshot`).
 */
function snapshotAfterSync(report: SyncReport): void {
  if (report.ok) renewDashboardSnapshot(dashboardDeps());
}

/** A step gets the run's report and the settings, read once for all steps (each read costs ~30–60 ms). */
type PostSyncStep = (report: SyncReport, settings: Settings) => void;

/**
 * Registered steps, in order, each with the latest moment (ms after the execution started) it may still start. The
 * sync itself may take up to 4.5 min and Apps Script kills the execution at 6. Every step here may read the whole of
 * "Conversas" (the rebuild ~30 s at 200,000 rows with a current snapshot and ~115 s without; renewing the sidebar's
 * snapshot and its filters' history state ~100 s at most; alerts and the e-mail report, when on, ~90 s), so each starts only in the first 3 minutes: one
 * started then ends well before the limit. A step left out runs after a later, shorter sync (alerts then miss that
 * run's outcome in their count of failed syncs). A capability adds one line here.
 */
const POST_SYNC_STEPS: Array<[name: string, step: PostSyncStep, latestStartMs: number]> = [
  ['Painéis', rebuildAfterSync, 180_000],
  ['Painel lateral', snapshotAfterSync, 180_000],
  ['Previsão', forecastAfterSync, 180_000],
  ['Alertas', alertsAfterSync, 180_000],
  ['Relatório por e-mail', reportAfterSync, 180_000],
];

/**
 * Runs every step that still has time (`startedAt`: when the execution started, epoch ms); returns the Portuguese
 * messages of the steps that failed (for the report's message). A step without time is left silently: most are off
 * or have nothing to do, and the next run that has time does it. `known`: the settings the sync read moments ago
 * (saves two property reads, ~90 ms of every scheduled run); read here when absent.
 */
export function runPostSyncSteps(report: SyncReport, startedAt: number, known?: Settings): string[] {
  const failures: string[] = [];
  const settings = known ?? loadSettings(userStore(), documentStore());
  for (const [name, step, latestStartMs] of POST_SYNC_STEPS) {
    if (systemClock.now() - startedAt > latestStartMs) continue;
    try {
      step(report, settings);
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}
