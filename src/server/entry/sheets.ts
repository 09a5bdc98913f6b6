// Entry point for the generated dashboard sheets: rebuildDashboards (menu, sidebar) and the post-sync rebuild.
import type { Filters, SyncReport } from '../../shared/dto';
import { spreadsheetUi } from '../adapters/apps-script';
import { sheetRender } from '../adapters/sheet-render';
import {
  rebuildAfterSyncNeeded,
  rebuildDashboardSheets,
  type RebuildDeps,
  type RebuildResult,
} from '../app/dashboard-sheets/rebuild';
import { validateFilters } from '../domain/metrics/filters';
import type { Settings } from '../domain/settings';
import { dashboardDeps, withDocumentLock } from './services';

function rebuildDeps(): RebuildDeps {
  return { ...dashboardDeps(), render: sheetRender() };
}

const BUSY = 'Outra atualização está em andamento. Tente gerar os painéis de novo em alguns instantes.';

/**
 * (Re)writes the generated sheets and their charts for `filters` (contract.md). From the menu `filters` is
 * undefined (= no filters). Invalid filters throw a Portuguese Error before anything is written.
 */
export function rebuildDashboards(filters?: unknown): RebuildResult {
  const valid: Filters = validateFilters(filters);
  const result = withDocumentLock(BUSY, () => rebuildDashboardSheets(rebuildDeps(), valid));
  spreadsheetUi()?.toast(result.message, 'Chatvolt Analytics');
  return result;
}

/**
 * Post-sync step: rebuilds the sheets without filters after a scheduled sync that wrote rows, when the
 * setting `rebuildAfterSync` is on (see rebuildAfterSyncNeeded).
 */
export function rebuildAfterSync(report: SyncReport, settings: Settings): void {
  if (!report.ok) return;
  const deps = rebuildDeps();
  if (!rebuildAfterSyncNeeded(report, settings.rebuildAfterSync, deps.documentStore)) return;
  withDocumentLock(BUSY, () => rebuildDashboardSheets(deps, {}));
}
