// One-time fill of the §6–7 columns of rows an earlier version wrote, from the messages already in "Mensagens".
import { businessColumns, type BusinessCalendar } from '../domain/business-hours';
import type { ChatvoltMessage } from '../domain/chatvolt';
import { CONVERSATIONS_SHEET, MESSAGES_SHEET, type Sender } from '../domain/columns';
import { firstCustomerMessageAt } from '../domain/message-depth';
import { parseBooleanCell, parseDateCell, parseNumberCell } from '../domain/metrics/conversation-table';
import { operatorColumns } from '../domain/operator-columns';
import { sortMessages } from '../domain/sender';
import { findColumn, headerNames, keyText, sameCell } from '../domain/table-merge';
import { parseStateObject, readColumns, sheetSize, writeColumns } from './business-recompute';
import type { CellValue, Clock, SpreadsheetPort } from './ports';

/**
 * Document Property with the backfill's state: `{done: true}` once every row was visited (then nothing is ever read
 * again), or `{row, id}` while under way (next sheet row to visit and the conversation id found there).
 */
export const BACKFILL_KEY = 'serviceDepth.backfill.v1';

/** "Conversas" rows visited between two deadline checks; each chunk with candidates reads "Mensagens" once. */
export const BACKFILL_CHUNK_ROWS = 5000;

/** "Mensagens" rows per read while a chunk's messages are gathered (bounds one getValues' payload). */
export const BACKFILL_MESSAGE_ROWS = 50_000;

const BUSINESS = ['first_response_business_time', 'first_human_response_business_time', 'resolution_business_time', 'created_in_business_hours'] as const;
/** Blank in every row an earlier version wrote: such a row (with messages) is a candidate. */
const FROM_MESSAGES = ['first_operator_id', 'operator_ids', 'operator_handling_time', 'first_customer_message_at'] as const;
const OUTPUTS = [...BUSINESS, ...FROM_MESSAGES] as const;
const INPUTS = ['conversation_id', 'synced_at', 'message_count', 'created_at', 'updated_at', 'resolved', 'first_response_time', 'first_human_response_time'] as const;
const MESSAGE_INPUTS = ['message_id', 'conversation_id', 'created_at', 'sender', 'user_id'] as const;
const SENDERS: readonly string[] = ['customer', 'operator', 'ai', 'unknown_agent'] satisfies Sender[];

/** A cell that holds something (keyText reads a date as blank, being meant for keys). */
function filled(cell: CellValue): boolean {
  return cell instanceof Date || keyText(cell) !== '';
}

interface State {
  done?: boolean;
  row?: number;
  id?: string;
}

/** What one call did: rows whose cells changed, whether the pass is over, rows left to visit, and the state to store. */
export interface BackfillOutcome {
  changed: number;
  complete: boolean;
  remaining: number;
  /** The new state JSON, or null when the stored one stays. */
  state: string | null;
}

/** A conversation's messages as read back from "Mensagens", by message id (a duplicated row counts once). */
type Gathered = Map<string, Map<string, { message: ChatvoltMessage; sender: Sender }>>;

/**
 * Fills `first_customer_message_at` and the operator columns, then the business columns (with `calendar`, as
 * the sync and the recompute compute them), of add-on rows (`synced_at` set, `message_count` > 0) where all four
 * message-derived columns are blank, from their messages in "Mensagens" with the sync's own domain functions.
 * A row is filled only when "Mensagens" holds exactly `message_count` of its messages: a history that retention
 * shortened would give wrong figures, so such a row stays blank. Nothing is read once the state says done, or when
 * "Conversas" had no row before this run (every row then comes from this version). Chunk by chunk until
 * `deadline` (one chunk always runs); idempotent, so a crash before the state is stored only repeats work. A
 * resumed pass whose saved row no longer holds the saved id (rows deleted or inserted) starts over from row 2.
 */
/** True while the backfill may still write rows (the sync marks the metrics snapshot before such a run's writes). */
export function backfillPending(storedState: string | null | undefined): boolean {
  return parseStateObject<State>(storedState)?.done !== true;
}

export function backfillServiceDepth(
  sheets: SpreadsheetPort,
  clock: Clock,
  calendar: BusinessCalendar,
  storedState: string | null | undefined,
  conversationRowsAtStart: number,
  deadline: number,
): BackfillOutcome {
  const state = parseStateObject<State>(storedState);
  if (state?.done === true) return { changed: 0, complete: true, remaining: 0, state: null };
  const done = { changed: 0, complete: true, remaining: 0, state: JSON.stringify({ done: true }) };
  if (state === null && conversationRowsAtStart === 0) return done;
  const size = sheetSize(sheets, CONVERSATIONS_SHEET);
  const lastRow = size?.lastRow ?? 0;
  if (size === null || lastRow <= 1) return done;

  let header = headerNames(sheets.readBlock(CONVERSATIONS_SHEET, 1, 1, 1, size.lastColumn)[0]);
  const at = (name: string) => findColumn(header, name);
  if (at('conversation_id') < 0 || at('synced_at') < 0 || at('message_count') < 0) return done;
  const missing = OUTPUTS.filter((name) => at(name) < 0);
  if (missing.length > 0) {
    // A sheet the earlier version wrote and no run has widened yet: the headers go after the last one, in
    // contract order, where the sync's merge would put them.
    sheets.writeBlock(CONVERSATIONS_SHEET, 1, header.length + 1, [missing.slice()]);
    header = [...header, ...missing];
  }
  let row = typeof state?.row === 'number' && state.row >= 2 ? state.row : 2;
  if (row > 2 && row <= lastRow) {
    const id = keyText(sheets.readBlock(CONVERSATIONS_SHEET, row, at('conversation_id') + 1, 1, 1)[0]?.[0]);
    if (id !== state?.id) row = 2;
  }
  const zone = calendar.clock;
  let changed = 0;
  let chunks = 0;
  while (row <= lastRow) {
    if (chunks++ > 0 && clock.now() >= deadline) break;
    const count = Math.min(BACKFILL_CHUNK_ROWS, lastRow - row + 1);
    const inputs = readColumns(sheets, CONVERSATIONS_SHEET, row, count, INPUTS.map(at));
    const outputs = readColumns(sheets, CONVERSATIONS_SHEET, row, count, OUTPUTS.map(at));
    const cell = (name: (typeof INPUTS)[number], i: number): CellValue => inputs[INPUTS.indexOf(name)]?.[i] ?? '';
    const old = (name: (typeof OUTPUTS)[number], i: number): CellValue => outputs[OUTPUTS.indexOf(name)]?.[i] ?? '';
    const candidates = new Map<string, number[]>();
    for (let i = 0; i < count; i++) {
      const id = keyText(cell('conversation_id', i));
      const messages = parseNumberCell(cell('message_count', i)) ?? 0;
      if (id === '' || !filled(cell('synced_at', i)) || !(messages > 0)) continue;
      if (FROM_MESSAGES.some((name) => filled(old(name, i)))) continue;
      candidates.set(id, [...(candidates.get(id) ?? []), i]);
    }
    if (candidates.size > 0) {
      const gathered = gatherMessages(sheets, new Set(candidates.keys()), zone);
      const next = outputs.map((cells) => cells.slice());
      let chunkChanged = 0;
      for (const [id, indexes] of candidates) {
        const mine = [...(gathered.get(id)?.values() ?? [])];
        for (const i of indexes) {
          if (mine.length !== parseNumberCell(cell('message_count', i))) continue;
          const bySender = new Map(mine.map(({ message, sender }) => [message, sender]));
          const sorted = sortMessages(mine.map(({ message }) => message));
          const senders = sorted.map((message) => bySender.get(message) as Sender);
          const first_customer_message_at = firstCustomerMessageAt(sorted, senders);
          const values: Record<(typeof OUTPUTS)[number], CellValue | null> = {
            ...operatorColumns(sorted, senders),
            first_customer_message_at,
            ...businessColumns(calendar, {
              created_at: parseDateCell(cell('created_at', i), zone),
              updated_at: parseDateCell(cell('updated_at', i), zone),
              resolved: parseBooleanCell(cell('resolved', i)),
              first_customer_message_at,
              first_response_time: parseNumberCell(cell('first_response_time', i)),
              first_human_response_time: parseNumberCell(cell('first_human_response_time', i)),
            }),
          };
          let rowChanged = false;
          OUTPUTS.forEach((name, o) => {
            const value = values[name] ?? '';
            (next[o] as CellValue[])[i] = value;
            if (!sameCell(value, old(name, i))) rowChanged = true;
          });
          if (rowChanged) chunkChanged++;
        }
      }
      // Only the add-on's columns are written; rows that are not candidates get their own cells back.
      if (chunkChanged > 0) writeColumns(sheets, row, OUTPUTS.map(at), OUTPUTS, next);
      changed += chunkChanged;
    }
    row += count;
  }
  if (row > lastRow) return { ...done, changed };
  const id = keyText(readColumns(sheets, CONVERSATIONS_SHEET, row, 1, [at('conversation_id')])[0]?.[0]);
  return { changed, complete: false, remaining: lastRow - row + 1, state: JSON.stringify({ row, id }) };
}

/**
 * The messages of the `wanted` conversations in "Mensagens" (the needed columns only, in slices of
 * BACKFILL_MESSAGE_ROWS rows), with the sender class the sync wrote. A row whose sender is not a known class
 * is left out, so its conversation's count no longer matches and the row stays blank rather than wrong.
 */
function gatherMessages(sheets: SpreadsheetPort, wanted: ReadonlySet<string>, zone: BusinessCalendar['clock']): Gathered {
  const out: Gathered = new Map();
  const size = sheetSize(sheets, MESSAGES_SHEET);
  if (size === null || size.lastRow <= 1) return out;
  const header = headerNames(sheets.readBlock(MESSAGES_SHEET, 1, 1, 1, size.lastColumn)[0]);
  const positions = MESSAGE_INPUTS.map((name) => findColumn(header, name));
  if (positions.slice(0, 4).some((p) => p < 0)) return out;
  for (let row = 2; row <= size.lastRow; row += BACKFILL_MESSAGE_ROWS) {
    const count = Math.min(BACKFILL_MESSAGE_ROWS, size.lastRow - row + 1);
    const [ids = [], conversations = [], created = [], senders = [], users = []] = readColumns(sheets, MESSAGES_SHEET, row, count, positions);
    for (let i = 0; i < count; i++) {
      const conversationId = keyText(conversations[i]);
      const messageId = keyText(ids[i]);
      const sender = keyText(senders[i]);
      if (!wanted.has(conversationId) || messageId === '' || !SENDERS.includes(sender)) continue;
      const createdAt = parseDateCell(created[i] ?? '', zone);
      const message: ChatvoltMessage = {
        id: messageId,
        conversationId,
        text: '',
        from: null,
        createdAt: createdAt === null ? null : createdAt.toISOString(),
        // keyText, like the ids: an earlier version's quote mark (before the heal reaches the cell) is no part of it.
        userId: keyText(users[i]) || null,
        contactId: null,
        visitorId: null,
        agentId: null,
        inputId: null,
        eval: null,
        read: null,
        agentModel: null,
        hasUsage: false,
        hasUsageCredits: false,
        hasSources: false,
      };
      let mine = out.get(conversationId);
      if (!mine) out.set(conversationId, (mine = new Map()));
      mine.set(messageId, { message, sender: sender as Sender });
    }
  }
  return out;
}
