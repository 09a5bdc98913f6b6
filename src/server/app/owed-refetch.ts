// Owed conversations fetched again by id once the sheet has room, whatever their age (the listing reaches only recent ones).
import type { ChatvoltConversation, ChatvoltMessage } from '../domain/chatvolt';
import type { ChatvoltClient } from './chatvolt-client';
import type { CapacityRun } from './capacity';

/**
 * Owed conversations fetched by id per run at most (two requests each, in `fetchAll` rounds of 20): about 25 rounds,
 * well inside a trigger run's budget at Chatvolt's usual latency; the budget and the request deadline stop it sooner
 * when the API is slow. The rest waits for the next run (the ids stay owed until their messages are written).
 */
export const OWED_PER_RUN = 250;

/**
 * Fetches the owed conversations the run has not fetched yet (`exclude`), oldest first, in batches of `batchSize`
 * (shrunk to what the request deadline still allows), while `overBudget` is false: `GET /conversation/{id}` then
 * `GET /conversation/{id}/messages/{count}`. Each complete conversation goes to `take` as it arrives, so a Chatvolt
 * failure thrown mid-way (a `ChatvoltError`, handled by the sync like any other) keeps what was fetched; an id Chatvolt
 * answers 404 for is forgotten and goes to `gone` (its row is kept as it is). A conversation of an agent the filter
 * leaves out is forgotten, not written. Nothing is asked while the sheet is full. Returns how many owed conversations
 * still wait after this run's share (0 when none is due now).
 */
export function fetchOwed(
  client: ChatvoltClient,
  capacity: CapacityRun,
  options: {
    exclude: ReadonlySet<string>;
    batchSize: number;
    agentIds: readonly string[];
    overBudget: () => boolean;
    take: (conversation: ChatvoltConversation, messages: ChatvoltMessage[]) => void;
    gone: (id: string) => void;
  },
): number {
  const due = capacity.owedToFetch(options.exclude, OWED_PER_RUN);
  const wanted = new Set(options.agentIds);
  let done = 0;
  while (done < due.ids.length) {
    const size = Math.min(options.batchSize, client.conversationsThatFit());
    if (size <= 0 || (done > 0 && options.overBudget())) break;
    const batch = due.ids.slice(done, done + size);
    const details = client.details(batch);
    const present = batch.filter((id) => {
      const detail = details.get(id);
      // `agentId=null` lists conversations without an agent (chatvolt-api.md), so 'null' in the filter admits them.
      return detail !== null && detail !== undefined && (wanted.size === 0 || wanted.has(detail.agentId ?? 'null'));
    });
    const histories = present.length > 0 ? client.messages(present) : new Map<string, ChatvoltMessage[] | null>();
    const forgotten: string[] = [];
    for (const id of batch) {
      const detail = details.get(id);
      const history = histories.get(id);
      if (detail === null || history === null) options.gone(id);
      if (detail && history) options.take(detail, history);
      else forgotten.push(id);
    }
    capacity.forgetOwed(forgotten);
    done += batch.length;
  }
  return due.more + (due.ids.length - done);
}

/** The report's sentence while owed conversations still wait to be fetched by id ('' when none waits). */
export function owedNote(waiting: number): string {
  return waiting > 0 ? 'Ainda há conversas deixadas de fora no limite de células para buscar: a próxima execução continua.' : '';
}
