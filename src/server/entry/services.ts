// What the entry points share: the adapter bundle of the "Conversas" readers and the document-lock wrapper.
import { activeSpreadsheet, documentCache, documentLock, documentStore, systemClock, userStore } from '../adapters/apps-script';
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

/** How long a rebuild or post-sync step waits for a running sync or rebuild (ms). */
const LOCK_WAIT_MS = 10_000;

/**
 * Runs `work` under the document lock, or throws `busyMessage` when another execution keeps it past 10 s. Two
 * rebuilds at once would both insert the charts; two post-sync steps would both read-modify-write the alert
 * and report state. release() flushes: the sheets are complete when the toast appears or another run reads them.
 */
export function withDocumentLock<T>(busyMessage: string, work: () => T): T {
  const lock = documentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) throw new Error(busyMessage);
  try {
    return work();
  } finally {
    lock.release();
  }
}
