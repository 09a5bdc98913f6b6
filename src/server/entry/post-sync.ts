// Work that follows a scheduled sync (sheet rebuild, alerts). Each step is isolated: one failing never fails the sync.
import type { SyncReport } from '../../shared/dto';
import { documentStore, userStore } from '../adapters/apps-script';
import { loadSettings } from '../app/settings-store';
import type { Settings } from '../domain/settings';
import { alertsAfterSync, forecastAfterSync, reportAfterSync } from './beyond';
import { rebuildAfterSync } from './sheets';

/** A step gets the run's report and the settings, read once for all steps (each read costs ~30–60 ms). */
type PostSyncStep = (report: SyncReport, settings: Settings) => void;

/** Registered steps, in order. A capability adds one line here. */
const POST_SYNC_STEPS: Array<[name: string, step: PostSyncStep]> = [
  ['Painéis', rebuildAfterSync],
  ['Previsão', forecastAfterSync],
  ['Alertas', alertsAfterSync],
  ['Relatório por e-mail', reportAfterSync],
];

/** Runs every step; returns the Portuguese messages of the steps that failed (for the report's message). */
export function runPostSyncSteps(report: SyncReport): string[] {
  const failures: string[] = [];
  const settings = loadSettings(userStore(), documentStore());
  for (const [name, step] of POST_SYNC_STEPS) {
    try {
      step(report, settings);
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}
