// Entry points of the sync: syncNow (menu, sidebar), runScheduledSync (time-driven trigger), runSyncWithServices (refresh).
import type { SyncReport } from '../../shared/dto';
import {
  activeSpreadsheet,
  documentCache,
  documentLock,
  documentStore,
  spreadsheetUi,
  systemClock,
  urlFetchHttp,
  userStore,
} from '../adapters/apps-script';
import { runSync, type SyncOutcome, type SyncTrigger } from '../app/sync';
import { CAPACITY_STATE_KEY, currentCapacity } from '../app/capacity';
import type { KeyValueStore } from '../app/ports';
import { SETTINGS_KEYS, settingsFromStored } from '../domain/settings';
import { CELL_LIMIT } from '../domain/capacity';
import { parseStoredObject } from '../domain/stored-json';
import { SYNC_STATE_KEYS } from '../app/sync-state';
import { runPostSyncSteps } from './post-sync';

/**
 * Runs one sync with the Apps Script services and returns its report. 'scheduled' runs the post-sync steps
 * (sheet rebuild, alerts) after a run that held the lock; 'refresh' is the sidebar's quick run (short budget,
 * returns at once when the lock is busy). Not a top-level function: the dashboard's refreshDashboard calls it.
 */
export function runSyncWithServices(trigger: SyncTrigger): SyncReport {
  const documents = documentStore();
  const startedAt = systemClock.now();
  let outcome: SyncOutcome;
  try {
    outcome = runSync(
      {
        http: urlFetchHttp(),
        clock: systemClock,
        sheets: activeSpreadsheet(),
        userStore: userStore(),
        documentStore: documents,
        lock: documentLock(),
        cache: documentCache(),
      },
      { trigger },
    );
  } catch (error) {
    // Chatvolt failures already come back as ok: false. Anything else (a Sheets service error, the cell limit,
    // a bug) must too: the menu shows a message instead of a stack, the sidebar sees it as lastSync, and the
    // "sync failing K times" alert counts it. The cursor only ever moves past data already written.
    outcome = { ran: true, report: unexpectedFailure(startedAt, error, documents) };
    documents.setMany({ [SYNC_STATE_KEYS.lastReport]: JSON.stringify(outcome.report) });
  }
  if (trigger !== 'scheduled' || !outcome.ran) return outcome.report;
  const failures = runPostSyncSteps(outcome.report, startedAt, outcome.settings);
  if (failures.length === 0) return outcome.report;
  const report = { ...outcome.report, message: `${outcome.report.message} Etapas pós-sincronização com falha: ${failures.join('; ')}` };
  documents.setMany({ [SYNC_STATE_KEYS.lastReport]: JSON.stringify(report) });
  return report;
}

/** The report of a run that ended in an error the sync itself did not turn into a report. */
function unexpectedFailure(startedAt: number, error: unknown, documents: KeyValueStore): SyncReport {
  const finishedAt = systemClock.now();
  const detail = error instanceof Error ? error.message : String(error);
  const stored = documents.getMany([CAPACITY_STATE_KEY, SETTINGS_KEYS.document, SYNC_STATE_KEYS.lastReport]);
  let capacity: SyncReport['capacity'];
  try {
    capacity = currentCapacity(
      { sheets: activeSpreadsheet(), documentStore: documents, clock: systemClock },
      {
        state: stored[CAPACITY_STATE_KEY] ?? null,
        settings: stored[SETTINGS_KEYS.document] ?? null,
        retentionDays: settingsFromStored(null, stored[SETTINGS_KEYS.document] ?? null).messageRetentionDays,
      },
    );
  } catch {
    // The error may be the spreadsheet itself failing: measuring it again must not turn the report into a stack.
    capacity = (parseStoredObject(stored[SYNC_STATE_KEYS.lastReport]) as SyncReport | null)?.capacity ?? {
      cellsUsed: 0,
      cellLimit: CELL_LIMIT,
      percent: 0,
      projectedFullDate: null,
    };
  }
  return {
    capacity,
    ok: false,
    complete: false,
    conversationsListed: 0,
    conversationsWritten: 0,
    messagesFetched: 0,
    apiCalls: 0,
    durationMs: finishedAt - startedAt,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    message: `A sincronização falhou com um erro inesperado (${detail}). Nada foi perdido: a próxima execução recomeça do último ponto salvo.`,
  };
}

/** Menu and sidebar: one sync under the document lock, with toasts in Portuguese when a UI exists. */
export function syncNow(): SyncReport {
  const ui = spreadsheetUi();
  ui?.toast('Sincronizando com o Chatvolt…', 'Chatvolt Analytics', 5);
  const report = runSyncWithServices('manual');
  ui?.toast(report.message, report.ok ? 'Chatvolt Analytics' : 'Chatvolt Analytics: erro', 10);
  return report;
}

/** Time-driven trigger handler: the same sync without UI; a busy lock returns at once with a report saying so. */
export function runScheduledSync(_event?: unknown): SyncReport {
  return runSyncWithServices('scheduled');
}
