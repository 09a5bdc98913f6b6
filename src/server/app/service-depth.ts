// The sync's service-depth step (metrics.md §6–7): operator labels learnt from assignees, business columns recomputed.
import type { ChatvoltConversation } from '../domain/chatvolt';
import type { BusinessCalendar } from '../domain/business-hours';
import { learnOperatorLabels, OPERATOR_LABELS_KEY } from '../domain/operator-labels';
import { BUSINESS_RECOMPUTE_KEY, recomputeBusinessColumns, recomputePending } from './business-recompute';
import { BACKFILL_KEY, backfillPending, backfillServiceDepth } from './service-depth-backfill';
import type { Clock, SpreadsheetPort } from './ports';

/** Document Properties the step reads: fetched with the sync's own getMany, so an idle run pays no extra call. */
export const SERVICE_DEPTH_KEYS = [OPERATOR_LABELS_KEY, BUSINESS_RECOMPUTE_KEY, BACKFILL_KEY] as const;

/** What the step did, for the sync's report and its one setProperties call. */
export interface ServiceDepthOutcome {
  /** Rows whose business or backfilled columns changed (bumps the data version). */
  changed: number;
  /** False while rows remain to be recomputed with the current business hours or to be backfilled. */
  complete: boolean;
  /** Appended to the report's message ('' when nothing to say). */
  message: string;
  /** Properties to store with the cursor. */
  state: Record<string, string>;
}

/**
 * After the sync's writes (new and changed rows already carry the current business columns): learns operator
 * labels from the fetched conversations' assignees and continues any recompute of the business columns that
 * a change of the business hours, holidays or time zone started, then the one-time backfill of rows an earlier
 * version wrote (service-depth-backfill.ts), both until `deadline`. `conversationRowsAtStart` ("Conversas" data
 * rows before this run's writes) lets a first import skip the backfill without reading anything. With `passes` false
 * (the sidebar's 15-s refresh) neither pass runs: one chunk of either may take many seconds on a large sheet, and the
 * next menu or trigger run goes on with them.
 */
export function serviceDepthAfterWrite(
  sheets: SpreadsheetPort,
  clock: Clock,
  calendar: BusinessCalendar,
  stored: Record<string, string | null>,
  conversations: readonly ChatvoltConversation[],
  deadline: number,
  conversationRowsAtStart: number,
  passes: boolean,
): ServiceDepthOutcome {
  const state: Record<string, string> = {};
  const labels = conversations.length > 0 ? learnOperatorLabels(stored[OPERATOR_LABELS_KEY], conversations) : null;
  if (labels !== null) state[OPERATOR_LABELS_KEY] = labels;
  if (!passes) {
    const pending = recomputePending(calendar, stored[BUSINESS_RECOMPUTE_KEY]) || backfillPending(stored[BACKFILL_KEY]);
    return { changed: 0, complete: !pending, message: '', state };
  }
  const recompute = recomputeBusinessColumns(sheets, clock, calendar, stored[BUSINESS_RECOMPUTE_KEY], deadline);
  if (recompute.state !== null) state[BUSINESS_RECOMPUTE_KEY] = recompute.state;
  const backfill = backfillServiceDepth(sheets, clock, calendar, stored[BACKFILL_KEY], conversationRowsAtStart, deadline);
  if (backfill.state !== null) state[BACKFILL_KEY] = backfill.state;
  let message = recompute.complete
    ? ''
    : ` Horário de atendimento alterado: faltam ${recompute.remaining} conversas a recalcular; a próxima execução continua.`;
  if (!backfill.complete)
    message += ` Completando operadores e horário de atendimento das conversas já gravadas: faltam ${backfill.remaining} linhas; a próxima execução continua.`;
  return {
    changed: recompute.changed + backfill.changed,
    complete: recompute.complete && backfill.complete,
    message,
    state,
  };
}
