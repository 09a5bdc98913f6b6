// Human operators of one conversation (metrics.md §7): first operator, every operator, first-to-last handling time.
import type { ChatvoltMessage } from './chatvolt';
import { fitCellText } from './cell-text';
import type { Sender } from './columns';
import { parseApiTime } from './sender';

/** The three §7 columns of a "Conversas" row. */
export interface OperatorColumns {
  first_operator_id: string | null;
  operator_ids: string | null;
  operator_handling_time: number | null;
}

/**
 * The §7 columns from messages already in `sortMessages` order and their sender classes (same index).
 * `first_operator_id` is the first operator message's `userId` (blank when it has none); `operator_ids` the
 * distinct `userId`s in the order of their first message, joined by `, `; `operator_handling_time` the minutes
 * from the first to the last operator message (2 decimals; 0 for one message; blank when none).
 * @example three operator messages by u1 (10:00), u2 (10:05), u1 (10:12) → 'u1', 'u1, u2', 12
 */
export function operatorColumns(sorted: readonly ChatvoltMessage[], senders: readonly Sender[]): OperatorColumns {
  let first: ChatvoltMessage | null = null;
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  const ids: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (senders[i] !== 'operator') continue;
    const message = sorted[i] as ChatvoltMessage;
    first ??= message;
    const at = parseApiTime(message.createdAt);
    if (at !== null) {
      if (firstAt === null || at < firstAt) firstAt = at;
      if (lastAt === null || at > lastAt) lastAt = at;
    }
    const id = message.userId?.trim() ?? '';
    if (id !== '' && !ids.includes(id)) ids.push(id);
  }
  if (first === null) return { first_operator_id: null, operator_ids: null, operator_handling_time: null };
  const firstId = first.userId?.trim() ?? '';
  return {
    first_operator_id: firstId === '' ? null : fitCellText(firstId),
    operator_ids: ids.length === 0 ? null : fitCellText(ids.join(', ')),
    operator_handling_time: firstAt === null || lastAt === null ? null : Math.round(((lastAt - firstAt) / 60000) * 100) / 100,
  };
}
