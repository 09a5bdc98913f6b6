// The by-id pass over owed conversations: bounded per run, in batches, resumable, 404s and filtered agents forgotten.
import { describe, expect, it } from 'vitest';
import { openCapacityRun } from '../../../src/server/app/capacity';
import type { ChatvoltClient } from '../../../src/server/app/chatvolt-client';
import { fetchOwed, OWED_PER_RUN } from '../../../src/server/app/owed-refetch';
import type { SpreadsheetPort } from '../../../src/server/app/ports';
import type { ChatvoltConversation, ChatvoltMessage } from '../../../src/server/domain/chatvolt';
import { measuredState, serializeCapacityState } from '../../../src/server/domain/capacity';
import { packOwed, parseOwed } from '../../../src/server/domain/owed-conversations';

const NOW = Date.UTC(2026, 2, 15, 12);
const clock = { now: () => NOW, sleep: () => undefined };

function sheets(cells: number): SpreadsheetPort {
  return {
    timeZone: () => 'UTC',
    readSheet: () => null,
    readBlock: () => [],
    ensureSheet: () => false,
    writeBlock: () => undefined,
    flush: () => undefined,
    grids: () => [{ name: 'Equipe', rows: cells, columns: 1 }],
  };
}

/** A capacity run whose sheet holds `cells` (measured now) and owes `owed`. */
function capacityWith(owed: string[], cells: number) {
  const state = serializeCapacityState(measuredState(null, [{ name: 'Equipe', rows: cells, columns: 1 }], NOW));
  return openCapacityRun({ sheets: sheets(cells), clock }, { messageRetentionDays: 0 }, { state, settings: null, owed: packOwed(owed).values });
}

/** A client answering details and histories from memory; records the batches it was asked. */
function client(options: { deleted?: string[]; agentOf?: (id: string) => string | null; fit?: number } = {}) {
  const batches: string[][] = [];
  const conversation = (id: string) => ({ id, agentId: options.agentOf ? options.agentOf(id) : 'a1' }) as ChatvoltConversation;
  const fake = {
    conversationsThatFit: () => options.fit ?? Infinity,
    details(ids: readonly string[]) {
      batches.push([...ids]);
      return new Map(ids.map((id) => [id, options.deleted?.includes(id) ? null : conversation(id)]));
    },
    messages(ids: readonly string[]) {
      return new Map(ids.map((id) => [id, [{ id: `${id}-m1` } as ChatvoltMessage]]));
    },
  } as unknown as ChatvoltClient;
  return { fake, batches };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${String(i).padStart(4, '0')}`);

describe('fetchOwed', () => {
  it('fetches at most OWED_PER_RUN a run, oldest first, in batches, and the rest on later runs', () => {
    const owed = ids(OWED_PER_RUN + 100);
    const capacity = capacityWith(owed, 1000);
    const { fake, batches } = client();
    const taken: string[] = [];
    const more = fetchOwed(fake, capacity, { exclude: new Set(['c0001']), batchSize: 50, agentIds: [], overBudget: () => false, take: (c) => taken.push(c.id), gone: () => undefined });
    const expected = owed.filter((id) => id !== 'c0001').slice(0, OWED_PER_RUN);
    expect(taken).toEqual(expected);
    expect(batches.map((b) => b.length)).toEqual(Array.from({ length: OWED_PER_RUN / 50 }, () => 50));
    expect(more).toBe(owed.length - 1 - OWED_PER_RUN);
  });

  it('stops when the budget runs out or no round fits the deadline, counting what waits', () => {
    const capacity = capacityWith(ids(120), 1000);
    const { fake, batches } = client();
    let checks = 0;
    const more = fetchOwed(fake, capacity, { exclude: new Set(), batchSize: 50, agentIds: [], overBudget: () => ++checks > 1, take: () => undefined, gone: () => undefined });
    expect(batches.map((b) => b.length)).toEqual([50, 50]);
    expect(more).toBe(20);
    const none = client({ fit: 0 });
    expect(fetchOwed(none.fake, capacityWith(ids(5), 1000), { exclude: new Set(), batchSize: 50, agentIds: [], overBudget: () => false, take: () => undefined, gone: () => undefined })).toBe(5);
    expect(none.batches).toEqual([]);
  });

  it('asks nothing while the sheet is full', () => {
    const { fake, batches } = client();
    const more = fetchOwed(fake, capacityWith(ids(5), 9_500_000), { exclude: new Set(), batchSize: 50, agentIds: [], overBudget: () => false, take: () => undefined, gone: () => undefined });
    expect(more).toBe(0);
    expect(batches).toEqual([]);
  });

  it('forgets a conversation Chatvolt no longer has (named) and one of an agent the filter leaves out (not written)', () => {
    const capacity = capacityWith(['c1', 'c2', 'c3', 'c4'], 1000);
    const { fake } = client({ deleted: ['c2'], agentOf: (id) => (id === 'c3' ? 'other' : id === 'c4' ? null : 'a1') });
    const taken: string[] = [];
    const gone: string[] = [];
    fetchOwed(fake, capacity, { exclude: new Set(), batchSize: 50, agentIds: ['a1', 'null'], overBudget: () => false, take: (c) => taken.push(c.id), gone: (id) => gone.push(id) });
    expect(taken).toEqual(['c1', 'c4']);
    expect(gone).toEqual(['c2']);
    const end = capacity.finish({ trigger: 'manual', timeZone: 'UTC', deleteOldMessages: false, commitMessageRows: () => undefined });
    // c1 and c4 stay owed until their rows and messages are written (fitWrites settles them).
    expect(parseOwed(end.stored)).toEqual(['c1', 'c4']);
  });
});
