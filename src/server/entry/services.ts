// The adapter bundles the entry points share (kept apart from the entry files so they never import each other).
import { activeSpreadsheet, documentCache, documentStore, systemClock, userStore } from '../adapters/apps-script';
import type { DashboardDeps } from '../app/dashboard';

/** The ports every reader of "Conversas" uses: the dashboard, the generated sheets, the forecast. */
export function dashboardDeps(): DashboardDeps {
  return {
    sheet: activeSpreadsheet(),
    cache: documentCache(),
    documentStore: documentStore(),
    userStore: userStore(),
    clock: systemClock,
  };
}
