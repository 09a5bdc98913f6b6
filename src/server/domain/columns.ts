// The layouts of the "Conversas" and "Mensagens" sheets (contract.md) and the typed row records behind them.

export const CONVERSATIONS_SHEET = 'Conversas';
export const MESSAGES_SHEET = 'Mensagens';

/** The kind of a column decides how it is written (number format) and parsed back (cell -> typed value). */
export type ColumnKind = 'text' | 'date' | 'integer' | 'decimal' | 'boolean';

/** The first 17 columns are the layout existing Make scenarios already fill; the add-on's own follow. */
export const CONVERSATION_COLUMNS = [
  ['conversation_id', 'text'],
  ['created_at', 'date'],
  ['updated_at', 'date'],
  ['status', 'text'],
  ['priority', 'text'],
  ['channel', 'text'],
  ['visitor_id', 'text'],
  ['agent_id', 'text'],
  ['frustration_level', 'integer'],
  ['first_response_time', 'integer'],
  ['resolution_time', 'decimal'],
  ['message_count', 'integer'],
  ['satisfaction_score', 'decimal'],
  ['resolved', 'boolean'],
  ['escalated_to_human', 'boolean'],
  ['contact_name', 'text'],
  ['contact_email', 'text'],
  ['title', 'text'],
  ['contact_phone', 'text'],
  ['assignees', 'text'],
  ['ai_enabled', 'boolean'],
  ['tags', 'text'],
  ['frustration_score', 'decimal'],
  ['first_human_response_time', 'integer'],
  ['customer_messages', 'integer'],
  ['ai_messages', 'integer'],
  ['operator_messages', 'integer'],
  ['unknown_agent_messages', 'integer'],
  ['awaiting_reply', 'boolean'],
  ['last_customer_message_at', 'date'],
  ['last_message_at', 'date'],
  ['ai_rating_good', 'integer'],
  ['ai_rating_bad', 'integer'],
  ['synced_at', 'date'],
  // Service depth (metrics.md §6–7): business time, then human operators, then the instant §6 is computed from.
  ['first_response_business_time', 'integer'],
  ['first_human_response_business_time', 'integer'],
  ['resolution_business_time', 'decimal'],
  ['created_in_business_hours', 'boolean'],
  ['first_operator_id', 'text'],
  ['operator_ids', 'text'],
  ['operator_handling_time', 'decimal'],
  ['first_customer_message_at', 'date'],
] as const satisfies ReadonlyArray<readonly [string, ColumnKind]>;

export const MESSAGE_COLUMNS = [
  ['message_id', 'text'],
  ['conversation_id', 'text'],
  ['created_at', 'date'],
  ['sender', 'text'],
  ['from', 'text'],
  ['text', 'text'],
  ['agent_id', 'text'],
  ['user_id', 'text'],
  ['contact_id', 'text'],
  ['visitor_id', 'text'],
  ['eval', 'text'],
  ['read', 'boolean'],
] as const satisfies ReadonlyArray<readonly [string, ColumnKind]>;

export type ConversationColumn = (typeof CONVERSATION_COLUMNS)[number][0];
export type MessageColumn = (typeof MESSAGE_COLUMNS)[number][0];

export const CONVERSATION_HEADERS: readonly ConversationColumn[] = CONVERSATION_COLUMNS.map(([name]) => name);
export const MESSAGE_HEADERS: readonly MessageColumn[] = MESSAGE_COLUMNS.map(([name]) => name);

/** Sender classes of metrics.md §1. */
export type Sender = 'customer' | 'operator' | 'ai' | 'unknown_agent';

type ValueOf<K extends ColumnKind> = K extends 'text'
  ? string
  : K extends 'date'
    ? Date
    : K extends 'boolean'
      ? boolean
      : number;

type RecordOf<Columns extends ReadonlyArray<readonly [string, ColumnKind]>> = {
  [C in Columns[number] as C[0]]: ValueOf<C[1]> | null;
};

/**
 * One "Conversas" row as typed values; `null` = blank cell ("unknown", never 0).
 * Written by the sync, read back by the metrics (rows may also come from Make or a person).
 */
export type ConversationRecord = RecordOf<typeof CONVERSATION_COLUMNS>;

/** One "Mensagens" row as typed values. */
export type MessageRecord = RecordOf<typeof MESSAGE_COLUMNS>;
