// What the sync leaves in Document Properties for the others: the last SyncReport and the data version.
import type { SyncReport } from '../../shared/dto';
import type { KeyValueStore } from './ports';

export const SYNC_STATE_KEYS = {
  lastReport: 'sync.lastReport',
  /** Bumped whenever the sync writes rows; the dashboard cache is keyed by it. */
  dataVersion: 'sync.dataVersion',
  /** The resumable sync cursor (domain/sync-plan.ts `SyncCursor` as JSON, well under 9 KB). */
  cursor: 'sync.cursor',
  /** The request policy's memory (domain/request-policy.ts `PolicyMemory`: accepted-key hash, measured latency). */
  requestPolicy: 'sync.requestPolicy',
} as const;

/** The last stored SyncReport, or null when there is none or it is unreadable. */
export function loadLastSyncReport(store: KeyValueStore): SyncReport | null {
  const raw = store.get(SYNC_STATE_KEYS.lastReport);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as SyncReport;
  } catch {
    return null;
  }
}
