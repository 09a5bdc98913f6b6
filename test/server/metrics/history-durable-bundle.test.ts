// The history state and durable AI resolution across its cutoff: a history row's return among the recent rows changes, the refresh follows.
import { afterEach, describe, expect, it } from 'vitest';
import { syncUntilComplete, world, type SyncWorld } from '../../sync/harness';
import { OPERATOR_LABELS_KEY } from '../../../src/server/domain/operator-labels';
import type { CellValue } from '../../runtime/index';
import type { DashboardData } from '../../../src/shared/dto';
import { dashboard, fullRead, isBaseChunk } from './full-read';

let w: SyncWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** `YYYY-MM-DD HH:mm:ss` as a person types it (the zone's wall clock is near enough: only the day range matters). */
const typedAt = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('the history state and durable AI resolution', () => {
  it('follows a return of a history AI resolution that a person moves, re-assigns, or that Make appends', async () => {
    w = await world({ seed: 44, conversations: 120, days: 40, listCap: 60 });
    const { rt } = w;
    syncUntilComplete(rt);
    const now = rt.clock.now().getTime();
    const values = rt.book.values('Conversas');
    const header = (values[0] ?? []).map(String);
    const col = (name: string): number => header.indexOf(name);
    const rowOf = (id: string, fields: Record<string, CellValue>): CellValue[] => {
      const line = [...(values[1] ?? [])];
      line[col('conversation_id')] = id;
      for (const [name, value] of Object.entries(fields)) line[col(name)] = value;
      return line;
    };
    const customer = { contact_email: 'ana@exemplo.com', visitor_id: '' };
    // An AI resolution eleven days old (a history row), and the same customer back six days ago (a recent row, within
    // its seven days: the resolution is not durable).
    const resolution = rowOf('make-resolution', {
      ...customer,
      created_at: new Date(now - 12 * DAY),
      updated_at: new Date(now - 11 * DAY),
      status: 'RESOLVED',
      resolved: true,
      escalated_to_human: false,
      awaiting_reply: false,
    });
    const back = rowOf('make-back', { ...customer, created_at: new Date(now - 6 * DAY), updated_at: new Date(now - 6 * DAY + HOUR), status: 'UNRESOLVED', resolved: false, awaiting_reply: false });
    rt.book.seed('Conversas', [...values, resolution, back]);
    const backRow = values.length + 2;
    rt.clock.advance(5_000);
    const current = (why: string): DashboardData => {
      rt.cache.evictWhere(isBaseChunk);
      const { data } = dashboard(rt, 'getDashboard', {});
      expect(data, why).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));
      return data;
    };
    const durable = (data: DashboardData): number => data.durableAi?.durable ?? NaN;
    const first = current('cut');
    // The state stands (a refresh without the base and without the cached dashboard reads no cell).
    rt.clock.advance(5_000);
    rt.cache.evictWhere((key) => isBaseChunk(key) || key.startsWith('dash:'));
    const served = dashboard(rt, 'getDashboard', {});
    expect(served.stats.callsByMethod['Range.getValues'] ?? 0).toBe(0);
    expect(durable(served.data)).toBe(durable(first));
    // The customer of the return changes: the resolution held.
    expect(rt.editAsUser('Conversas', backRow, col('contact_email') + 1, [['bia@exemplo.com']])?.ok).toBe(true);
    rt.clock.advance(61_000);
    const reassigned = current('return re-assigned');
    expect(durable(reassigned)).toBe(durable(first) + 1);
    expect(rt.editAsUser('Conversas', backRow, col('contact_email') + 1, [['ana@exemplo.com']])?.ok).toBe(true);
    rt.clock.advance(61_000);
    expect(durable(current('return back'))).toBe(durable(first));
    // The return moves past the seven days (two days ago): the resolution held.
    expect(rt.editAsUser('Conversas', backRow, col('created_at') + 1, [[typedAt(now - 2 * DAY)]])?.ok).toBe(true);
    rt.clock.advance(61_000);
    const moved = current('return moved');
    expect(durable(moved)).toBe(durable(first) + 1);
    // Make appends another return, five days ago: not durable again.
    rt.book.seed('Conversas', [...rt.book.values('Conversas'), rowOf('make-again', { ...customer, created_at: new Date(now - 5 * DAY), updated_at: new Date(now - 5 * DAY), status: 'UNRESOLVED', resolved: false })]);
    rt.clock.advance(61_000);
    expect(durable(current('Make appends a return'))).toBe(durable(first));
  }, 120_000);
});
