// The onEdit simple trigger: logs which rows of "Conversas" a person edited, so the metrics snapshot re-reads them.
import { documentStore } from '../adapters/apps-script';
import { editStamp, logEdit } from '../app/edit-log';
import { CONVERSATIONS_SHEET } from '../domain/columns';

/**
 * Runs when a person changes cells in the spreadsheet (Sheets calls it; edits by scripts, Make or the Sheets API fire
 * nothing — the snapshot's bounded staleness covers those). Only logs the edited rows of "Conversas": one property
 * write under a key of its own, no read and no lock (allowed in a simple trigger's AuthMode.LIMITED; two executions
 * at the same instant cannot overwrite each other — see app/edit-log.ts); the next dashboard refresh reads just those
 * rows. Never throws: a failure here must not bother the person typing.
 */
export function onEdit(e?: unknown): void {
  try {
    const range = (e as { range?: GoogleAppsScript.Spreadsheet.Range } | undefined)?.range;
    if (!range) return;
    if (range.getSheet().getName().toLowerCase() !== CONVERSATIONS_SHEET.toLowerCase()) return;
    logEdit(documentStore(), range.getRow(), range.getLastRow(), editStamp(Date.now(), Math.random()));
  } catch {
    // Nothing to do: the snapshot is rebuilt within SNAPSHOT_MAX_AGE_MS anyway.
  }
}
