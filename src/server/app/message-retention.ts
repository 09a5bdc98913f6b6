// Message retention: the add-on's rows of "Mensagens" older than N days leave the sheet in whole row blocks.
import { MESSAGES_SHEET, type MessageRecord } from '../domain/columns';
import { parseDateCell } from '../domain/metrics/conversation-table';
import { zoneClock } from '../domain/metrics/time-zone';
import { findColumn, headerNames, keyText } from '../domain/table-merge';
import type { SpreadsheetPort } from './ports';

/** What one pass did. */
export interface RetentionResult {
  /** Rows deleted. */
  deleted: number;
  /** False when the call cap stopped the pass: the next run deletes the rest (it reads the sheet again). */
  done: boolean;
  /** The oldest `created_at` (ms) of the add-on's rows left, when the pass is done; null when none or not done. */
  oldest: number | null;
}

/**
 * Whether the sync may write a message: with a retention, one created before the cutoff would be deleted by the
 * next pass and fetched again by the next change of its conversation, so it is never written (Chatvolt keeps it).
 */
export function withinRetention(cutoffMs: number | null): (record: MessageRecord) => boolean {
  return (record) => cutoffMs === null || record.created_at === null || record.created_at.getTime() >= cutoffMs;
}

/**
 * Deletes the add-on's message rows (a `message_id` and a `created_at` date) created before `cutoffMs`, in whole
 * blocks of consecutive rows from the bottom up (so the rows above keep their numbers), at most `maxCalls` blocks
 * per run. Reads the two columns in one block. A user's rows (no message id, or no date) and columns stay; the
 * header row is never touched. `commitMessageRows(n)` runs before the first deletion with the rows about to go:
 * a crash half-way leaves more rows than the caller recorded, never fewer, and the next run simply goes on.
 */
export function removeOldMessages(
  sheets: SpreadsheetPort,
  options: { cutoffMs: number; timeZone: string; maxCalls: number; commitMessageRows: (deleting: number) => void },
): RetentionResult {
  const size = sheets.size ? sheets.size(MESSAGES_SHEET) : null;
  if (!sheets.deleteRows || size === null || size.lastRow < 2) return { deleted: 0, done: true, oldest: null };
  const header = headerNames(sheets.readBlock(MESSAGES_SHEET, 1, 1, 1, size.lastColumn)[0]);
  const idColumn = findColumn(header, 'message_id');
  const createdColumn = findColumn(header, 'created_at');
  if (idColumn < 0 || createdColumn < 0) return { deleted: 0, done: true, oldest: null };
  const first = Math.min(idColumn, createdColumn);
  const block = sheets.readBlock(MESSAGES_SHEET, 2, first + 1, size.lastRow - 1, Math.abs(idColumn - createdColumn) + 1);
  const zone = zoneClock(options.timeZone);
  let oldest: number | null = null;
  const old = block.map((row) => {
    if (keyText(row[idColumn - first]) === '') return false;
    const created = parseDateCell(row[createdColumn - first] ?? '', zone)?.getTime() ?? null;
    if (created === null) return false;
    if (created >= options.cutoffMs && (oldest === null || created < oldest)) oldest = created;
    return created < options.cutoffMs;
  });
  // Runs of old rows, bottom-most first: [first sheet row, count].
  const runs: Array<[number, number]> = [];
  for (let i = old.length - 1; i >= 0; i--) {
    if (!old[i]) continue;
    let start = i;
    while (start > 0 && old[start - 1]) start--;
    runs.push([start + 2, i - start + 1]);
    i = start;
  }
  const now = runs.slice(0, options.maxCalls);
  const deleting = now.reduce((n, [, count]) => n + count, 0);
  if (deleting === 0) return { deleted: 0, done: true, oldest };
  options.commitMessageRows(deleting);
  for (const [row, count] of now) sheets.deleteRows(MESSAGES_SHEET, row, count);
  const done = now.length === runs.length;
  return { deleted: deleting, done, oldest: done ? oldest : null };
}
