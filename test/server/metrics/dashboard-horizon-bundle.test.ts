// The cached dashboard's horizons through the built bundle: an entry is not served at the instant its figures move.
import { afterEach, describe, expect, it } from 'vitest';
import { syncUntilComplete, world, type SyncWorld } from '../../sync/harness';
import { OPERATOR_LABELS_KEY } from '../../../src/server/domain/operator-labels';
import type { DashboardData } from '../../../src/shared/dto';
import { dashboard, fullRead } from './full-read';

let w: SyncWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const DURABLE_WINDOW_MS = 7 * 86_400_000;

describe('the cached dashboard', () => {
  it('is not served at the very instant an AI resolution stops being pending', async () => {
    w = await world({ seed: 41, conversations: 40, days: 20, listCap: 40 });
    const { rt } = w;
    syncUntilComplete(rt);
    // A person types an AI resolution (resolved, not escalated, with a customer) of tomorrow morning.
    const values = rt.book.values('Conversas');
    const header = (values[0] ?? []).map(String);
    const typed: Record<string, string> = {
      conversation_id: 'manual-1',
      created_at: '2026-03-16 09:00:00',
      updated_at: '2026-03-16 10:00:00',
      status: 'RESOLVED',
      resolved: 'TRUE',
      escalated_to_human: 'FALSE',
      contact_email: 'cliente@exemplo.com',
    };
    const row = values.length + 1;
    expect(rt.editAsUser('Conversas', row, 1, [header.map((name) => typed[name] ?? '')])?.ok).toBe(true);
    const updated = rt.book.values('Conversas')[row - 1]?.[header.indexOf('updated_at')];
    expect(updated).toBeInstanceOf(Date);
    const matures = (updated as Date).getTime() + DURABLE_WINDOW_MS;
    /** A full read at the clock's instant (a cached entry keeps the `generatedAt` it was computed at). */
    const expectCurrent = (data: DashboardData) => {
      const now = { ...data, generatedAt: rt.clock.now().toISOString() };
      const expected = fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, now, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null);
      expect({ ...data, generatedAt: null }).toEqual({ ...expected, generatedAt: null });
    };
    // Half a minute before it matures: pending. The entry is cached (for a minute at most).
    rt.clock.set(new Date(matures - 30_000).toISOString());
    const before = dashboard(rt, 'getDashboard', {});
    expectCurrent(before.data);
    const pendingBefore = before.data.durableAi?.pending ?? 0;
    expect(pendingBefore).toBeGreaterThan(0);
    // At the instant it matures it is pending no more (metrics.md §8: younger than 7 days is pending).
    rt.clock.set(new Date(matures).toISOString());
    const at = dashboard(rt, 'getDashboard', {});
    expectCurrent(at.data);
    expect(at.data.durableAi?.pending).toBe(pendingBefore - 1);
  }, 60_000);

  it("does not serve tomorrow's forecast of yesterday past local midnight in a zone half an hour off UTC", async () => {
    // Kolkata is UTC+5:30: its midnight falls at half past a UTC hour.
    w = await world({ seed: 43, conversations: 300, days: 60, listCap: 100, timeZone: 'Asia/Kolkata' }, { timeZone: 'Asia/Kolkata' });
    const { rt } = w;
    syncUntilComplete(rt);
    const midnight = Date.parse('2026-03-16T18:30:00Z');
    const expectCurrent = (data: DashboardData) => {
      const now = { ...data, generatedAt: rt.clock.now().toISOString() };
      const expected = fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, now, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null);
      expect(data.forecastTomorrow).toEqual(expected.forecastTomorrow);
    };
    rt.clock.set(new Date(midnight - 20_000).toISOString());
    const before = dashboard(rt, 'getDashboard', {});
    expectCurrent(before.data);
    expect(before.data.forecastTomorrow).not.toBeNull();
    rt.clock.set(new Date(midnight + 20_000).toISOString());
    const after = dashboard(rt, 'getDashboard', {});
    expectCurrent(after.data);
    expect(after.data.forecastTomorrow).not.toEqual(before.data.forecastTomorrow);
  }, 60_000);
});
