// The sync's two touches of the metrics snapshot: mark a write in progress, then patch the snapshot with the rows written.
import { patchStoredSnapshot, SNAPSHOT_SYNCING_KEY, type SnapshotDeps } from './snapshot-store';
import type { CellValue, KeyValueStore } from './ports';

/**
 * Before the first row write: records that data version `dataVersion` + 1 is being written. Should the run stop
 * before it patches the snapshot and stores the new version, the snapshot no longer matches (see catch-up rules in
 * snapshot-store.ts) and is rebuilt rather than served with rows the sheet has since changed.
 */
export function markSyncWriting(store: KeyValueStore, dataVersion: string): void {
  store.setMany({ [SNAPSHOT_SYNCING_KEY]: String(Number(dataVersion) + 1) });
}

/**
 * A run's marks: `before(v)` before any step that may write rows of "Conversas" (the heal, the sync's merge, a
 * business-hours recompute), each storing the mark once per data version. A run that marked must end on a newer
 * data version (`marked()`) even when its steps counted no change: a step may still have written (a header, cells
 * rewritten alike), and a mark left ahead of the version would make every refresh rebuild.
 */
export function snapshotWriteMarks(store: KeyValueStore): { before: (dataVersion: string) => void; marked: () => boolean } {
  let mark: string | null = null;
  return {
    before: (dataVersion) => {
      if (mark === String(Number(dataVersion) + 1)) return;
      markSyncWriting(store, dataVersion);
      mark = String(Number(dataVersion) + 1);
    },
    marked: () => mark !== null,
  };
}

/** After the writes: the stored snapshot patched with the changed rows of "Conversas", labelled with the next data version. */
export function patchSnapshotAfterSync(
  deps: SnapshotDeps,
  run: {
    /** The data version the run started from. */
    dataVersion: string;
    /** "Conversas"' last row (header included) when the run started. */
    lastRowAtStart: number;
    timeZone: string;
    nowMs: number;
    /** The rows written to "Conversas" (null when only "Mensagens" changed). */
    written: { header: string[]; rows: Map<number, CellValue[]> } | null;
    insertedRows: number;
  },
): boolean {
  const lastRowAtStart = run.lastRowAtStart;
  return patchStoredSnapshot(
    deps,
    { dataVersion: run.dataVersion, lastRowAtStart, timeZone: run.timeZone, nowMs: run.nowMs },
    {
      header: run.written?.header ?? [],
      rows: run.written?.rows ?? new Map<number, readonly CellValue[]>(),
      lastRow: Math.max(lastRowAtStart, 1) + run.insertedRows,
      dataVersion: String(Number(run.dataVersion) + 1),
    },
  );
}
