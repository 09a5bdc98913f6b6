// The sync's writes fitted under the 10M-cell wall, retried once refitted when Sheets refuses them for the cell limit.
import { CONVERSATION_COLUMNS, CONVERSATION_HEADERS, CONVERSATIONS_SHEET, MESSAGE_COLUMNS, MESSAGE_HEADERS, MESSAGES_SHEET, type ConversationRecord, type MessageRecord } from '../domain/columns';
import { isCellLimitMessage } from '../domain/capacity';
import type { ColumnSpec, MergePlan } from '../domain/table-merge';
import type { CapacityRun } from './capacity';
import type { SpreadsheetPort } from './ports';
import { mergeIntoSheet, openKeyedSheet, type KeyedSheet } from './sync-sheets';

const CONVERSATION_SPECS: readonly ColumnSpec[] = CONVERSATION_COLUMNS.map(([name, kind]) => ({ name, kind }));
const MESSAGE_SPECS: readonly ColumnSpec[] = MESSAGE_COLUMNS.map(([name, kind]) => ({ name, kind }));

/** What the writes did: the plan of "Conversas", and the rows the run added to each sheet. */
export interface WallWrite {
  plan: MergePlan;
  conversationsInserted: number;
  messagesChanged: number;
  messagesInserted: number;
}

/** Whether a thrown value is Sheets' cell-limit error (its message; see `isCellLimitMessage`). */
export function isCellLimitError(error: unknown): boolean {
  const message = typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : String(error);
  return isCellLimitMessage(message);
}

/**
 * Writes "Mensagens" then "Conversas" (the cursor is saved after both), fitted under the wall by `capacity.fitWrites`:
 * "Conversas" first, then whole conversations' new messages while they fit. The capacity is measured at most hourly,
 * so a team that grew its own tabs by more than the margin since can make Sheets refuse a write with its cell-limit
 * error. Then every tab is measured, both sheets are opened again (rows the refused attempt did write are found by key,
 * so they are rewritten in place, never appended twice), the same records are fitted again and written once more. A
 * second refusal, or any other error, propagates. Near the wall the writes are flushed inside the retry, in case
 * Sheets reports the refusal only when it applies them.
 */
export function writeUnderWall(
  sheets: SpreadsheetPort,
  capacity: CapacityRun,
  conversas: KeyedSheet,
  conversationRecords: readonly ConversationRecord[],
  messageRecords: readonly MessageRecord[],
): WallWrite {
  let messageRowsAtOpen: number | null = null;
  const attempt = (target: KeyedSheet) => {
    const mensagens = messageRecords.length > 0 ? openKeyedSheet(sheets, MESSAGES_SHEET, 'message_id', []) : null;
    messageRowsAtOpen ??= mensagens === null ? null : dataRows(mensagens);
    const fit = capacity.fitWrites(
      { name: CONVERSATIONS_SHEET, view: target.exists ? target.view : null, columns: CONVERSATION_HEADERS, key: 'conversation_id', records: [...conversationRecords] },
      { name: MESSAGES_SHEET, view: mensagens?.exists ? mensagens.view : null, columns: MESSAGE_HEADERS, key: 'message_id', records: [...messageRecords] },
    );
    // An empty "Conversas" created first only keeps the tab order users expect (Conversas before Mensagens).
    if (!target.exists && fit.conversations.length > 0) sheets.ensureSheet(CONVERSATIONS_SHEET);
    let messagesChanged = 0;
    let messagesInserted = 0;
    if (mensagens !== null && fit.messages.length > 0) {
      const messagePlan = mergeIntoSheet(sheets, mensagens, MESSAGE_SPECS, 'message_id', fit.messages);
      messagesChanged = messagePlan.inserted.length + messagePlan.updated.length;
      messagesInserted = messagePlan.inserted.length;
    }
    const plan = mergeIntoSheet(sheets, target, CONVERSATION_SPECS, 'conversation_id', fit.conversations, 'updated_at');
    // Whether Sheets refuses a grid change at the call that makes it or only when the batched writes are applied is
    // not documented: near the wall, new rows are applied here, inside the retry, rather than at the lock's flush
    // (after the cursor is saved). Far from it the flush stays where it is (it costs up to 0.6 s).
    if ((plan.inserted.length > 0 || messagesInserted > 0) && capacity.nearWall()) sheets.flush();
    return { plan, conversationsInserted: plan.inserted.length, messagesChanged, messagesInserted, mensagens };
  };
  let first: ReturnType<typeof attempt>;
  try {
    first = attempt(conversas);
  } catch (error) {
    if (!isCellLimitError(error)) throw error;
    capacity.refitAfterCellLimit();
    const reopened = openKeyedSheet(sheets, CONVERSATIONS_SHEET, 'conversation_id', []);
    const retry = attempt(reopened);
    // Rows the refused attempt appended are updates in the retry's plan, but this run added them all the same.
    const messagesBefore = messageRowsAtOpen ?? 0;
    const messagesNow = retry.mensagens === null ? messagesBefore : dataRows(retry.mensagens);
    return {
      plan: retry.plan,
      conversationsInserted: retry.conversationsInserted + dataRows(reopened) - dataRows(conversas),
      messagesChanged: retry.messagesChanged + messagesNow - messagesBefore,
      messagesInserted: retry.messagesInserted + messagesNow - messagesBefore,
    };
  }
  return { plan: first.plan, conversationsInserted: first.conversationsInserted, messagesChanged: first.messagesChanged, messagesInserted: first.messagesInserted };
}

/** Data rows of an opened sheet (the header row not counted). */
function dataRows(sheet: KeyedSheet): number {
  return Math.max(0, sheet.view.lastRow - 1);
}
