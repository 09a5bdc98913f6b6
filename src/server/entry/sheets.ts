// Entry point for the generated dashboard sheets: rebuildDashboards (menu, sidebar) and the post-sync rebuild.
import type { Filters, SyncReport } from '../../shared/dto';
import {
  activeSpreadsheet,
  documentCache,
  documentLock,
  documentStore,
  spreadsheetUi,
  systemClock,
  userStore,
} from '../adapters/apps-script';
import { sheetRender } from '../adapters/sheet-render';
import { rebuildDashboardSheets, type RebuildDeps, type RebuildResult } from '../app/dashboard-sheets/rebuild';
import { loadSettings } from '../app/settings-store';
import { validateFilters } from '../domain/metrics/filters';

/** How long a rebuild waits for a running sync or rebuild before giving up (ms). */
const LOCK_WAIT_MS = 10_000;

function rebuildDeps(): RebuildDeps {
  return {
    sheet: activeSpreadsheet(),
    cache: documentCache(),
    documentStore: documentStore(),
    userStore: userStore(),
    clock: systemClock,
    render: sheetRender(),
  };
}

/**
 * (Re)writes the generated sheets and their charts for `filters` (contract.md). From the menu `filters` is
 * undefined (= no filters). Invalid filters throw a Portuguese Error before anything is written.
 */
export function rebuildDashboards(filters?: unknown): RebuildResult {
  const valid: Filters = validateFilters(filters);
  const lock = documentLock();
  // Two rebuilds at once would both insert the charts: one execution at a time, like the sync.
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    throw new Error('Outra atualização está em andamento. Tente gerar os painéis de novo em alguns instantes.');
  }
  let result: RebuildResult;
  try {
    result = rebuildDashboardSheets(rebuildDeps(), valid);
  } finally {
    // release() flushes: the user sees the finished sheets when the toast appears.
    lock.release();
  }
  spreadsheetUi()?.toast(result.message, 'Chatvolt Analytics');
  return result;
}

/**
 * Post-sync step: rebuilds the sheets without filters after a successful sync when the setting
 * `rebuildAfterSync` is on. Runs inside the sync's execution, which already holds the document lock.
 */
export function rebuildAfterSync(report: SyncReport): void {
  if (!report.ok) return;
  const deps = rebuildDeps();
  if (!loadSettings(deps.userStore, deps.documentStore).rebuildAfterSync) return;
  rebuildDashboardSheets(deps, {});
}
