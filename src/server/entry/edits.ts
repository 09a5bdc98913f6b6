// The onEdit simple trigger: logs which rows of "Conversas" a person edited, so the metrics snapshot re-reads them.
import { documentStore } from '../adapters/apps-script';
import { logEdit } from '../app/edit-log';
import { CONVERSATIONS_SHEET } from '../domain/columns';

/**
 * Runs when a person changes cells in the spreadsheet (Sheets calls it; edits by scripts, Make or the Sheets API fire
 * nothing — the snapshot's bounded staleness covers those). Only logs the edited rows of "Conversas" (two property
 * calls, allowed in a simple trigger's AuthMode.LIMITED); the next dashboard refresh reads just those rows. Never
 * throws: a failure here must not bother the person typing.
 */
export function onEdit(e?: unknown): void {
  try {
    const range = (e as { range?: GoogleAppsScript.Spreadsheet.Range } | undefined)?.range;
    if (!range) return;
    if (range.getSheet().getName().toLowerCase() !== CONVERSATIONS_SHEET.toLowerCase()) return;
    logEdit(documentStore(), range.getRow(), range.getLastRow());
  } catch {
    // Nothing to do: the snapshot is rebuilt within SNAPSHOT_MAX_AGE_MS anyway.
  }
}
