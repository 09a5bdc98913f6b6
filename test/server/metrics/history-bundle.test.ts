// The history state through the built bundle: a refresh after a sync reads the recent rows only, and gives exactly a full read's DashboardData.
import { afterEach, describe, expect, it } from 'vitest';
import { run, syncUntilComplete, world, type SyncWorld } from '../../sync/harness';
import { OPERATOR_LABELS_KEY } from '../../../src/server/domain/operator-labels';
import type { DashboardData, Filters } from '../../../src/shared/dto';
import { dashboard, fullRead, isBaseChunk } from './full-read';
import { random } from '../../../scripts/bench/metrics';

let w: SyncWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const DAY = 86_400_000;


const OFFICE_HOURS = { ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '18:00']]])), sat: [], sun: [] };

describe('the history state', () => {
  it.each([
    ['without business hours', false],
    ['with business hours (business-time KPIs, SLA and bands)', true],
  ])('serves refreshes after syncs of recent conversations without the snapshot base, equal to a full read, %s', async (_, businessHours) => {
    // 60 days of conversations: most are history (created and updated over eight days ago).
    w = await world({ seed: businessHours ? 23 : 21, conversations: 400, days: 60, listCap: 60 });
    const { rt, fake } = w;
    if (businessHours) expect(rt.run('saveSettings', [{ businessHours: OFFICE_HOURS }]).ok).toBe(true);
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    const filterChoices: Filters[] = [{}, { channels: ['whatsapp'] }, { from: '2026-02-01', to: '2026-03-15' }, { statuses: ['RESOLVED'], from: '2026-01-20' }];
    const expectFull = (data: DashboardData, filters: Filters, why: string) =>
      expect(data, why).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, filters, data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null, businessHours));
    // The first refresh of each filter computes from every row and stores its part.
    for (const filters of filterChoices) expectFull(dashboard(rt, 'refreshDashboard', filters).data, filters, `first ${JSON.stringify(filters)}`);
    // Conversations waiting for a reply since before the cutoff are history rows (abandoned for good): some exist.
    const waitingSince = (values: unknown[][]): number => {
      const header = (values[0] ?? []).map(String);
      const [awaiting, last] = [header.indexOf('awaiting_reply'), header.indexOf('last_customer_message_at')];
      return values.slice(1).filter((row) => row[awaiting] === true && row[last] instanceof Date && (row[last] as Date).getTime() < rt.clock.now().getTime() - 9 * DAY).length;
    };
    expect(waitingSince(rt.book.values('Conversas'))).toBeGreaterThan(0);
    const org = await fake.snapshot();
    const now = rt.clock.now().getTime();
    const recent = org.conversations.filter((c) => Date.parse(c.createdAt) > now - 3 * DAY).map((c) => c.id);
    expect(recent.length).toBeGreaterThan(5);
    const next = random(2121);
    let served = 0;
    for (let round = 0; round < 6; round++) {
      await fake.mutate({
        now: rt.clock.now().toISOString(),
        addConversations: Math.floor(next() * 3),
        addMessages: [0, 1, 2, 3].map(() => ({ conversationId: recent[Math.floor(next() * recent.length)] as string, customer: 1, ai: next() < 0.6 ? 1 : 0 })),
      });
      rt.clock.advance(61_000);
      expect(run(rt, 'runScheduledSync', { trigger: 'time' }).report.ok).toBe(true);
      rt.clock.advance(5_000);
      for (const filters of filterChoices) {
        // The base is gone: a refresh that needed it would rebuild the snapshot from the sheet.
        rt.cache.evictWhere(isBaseChunk);
        const { data, stats } = dashboard(rt, 'refreshDashboard', filters);
        expectFull(data, filters, `round ${round}, ${JSON.stringify(filters)}`);
        if ((stats.callsByMethod['Range.getValues'] ?? 0) === 0) served++;
      }
    }
    // Every refresh was served by the history state (no sheet read, although the base was evicted each round).
    expect(served).toBe(6 * filterChoices.length);
  }, 240_000);

  it('falls back to every row when a person edits a history row, and is cut again after it', async () => {
    w = await world({ seed: 22, conversations: 200, days: 40, listCap: 60 });
    const { rt } = w;
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    const expectFull = (data: DashboardData) =>
      expect(data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, {}, data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));
    expectFull(dashboard(rt, 'refreshDashboard', {}).data);
    // Row 2 is the oldest conversation: a history row. A person changes its satisfaction.
    const header = (rt.book.values('Conversas')[0] ?? []).map(String);
    expect(rt.editAsUser('Conversas', 2, header.indexOf('satisfaction_score') + 1, [['1']])?.ok).toBe(true);
    rt.clock.advance(61_000);
    rt.cache.evictWhere(isBaseChunk);
    const edited = dashboard(rt, 'refreshDashboard', {});
    expectFull(edited.data);
    // It had to read the sheet: the history state no longer held, and the base was gone.
    expect(edited.stats.callsByMethod['Range.getValues'] ?? 0).toBeGreaterThan(0);
    // That refresh cut a new state (the edited row, in the delta now, is pinned as it is): the next one needs no base.
    rt.clock.advance(61_000);
    rt.cache.evictWhere((key) => isBaseChunk(key) || key.startsWith('dash:'));
    const after = dashboard(rt, 'refreshDashboard', {});
    expectFull(after.data);
    expect(after.stats.callsByMethod['Range.getValues'] ?? 0).toBe(0);
  }, 120_000);

  it('is cut anew by the scheduled run that renews the snapshot, for the filters the sidebar used', async () => {
    w = await world({ seed: 24, conversations: 200, days: 40, listCap: 60 });
    const { rt, fake } = w;
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    const used: Filters[] = [{ channels: ['whatsapp'] }, {}];
    for (const filters of used) dashboard(rt, 'getDashboard', filters);
    // Five hours and a bit later (the sidebar polled meanwhile): the scheduled run renews the snapshot — a new base,
    // which ends the history state cut from the old one.
    rt.clock.advance(5 * 3_600_000);
    for (const filters of used) dashboard(rt, 'getDashboard', filters);
    rt.clock.advance(10 * 60_000);
    expect(run(rt, 'runScheduledSync', { trigger: 'time' }).report.ok).toBe(true);
    // A change, the next scheduled run, then the sidebar's polls with the base evicted: served by the state the
    // renewal cut (a poll that had to cut it would need the base, and read the sheet to rebuild it).
    const org = await fake.snapshot();
    const newest = [...org.conversations].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0]?.id as string;
    await fake.mutate({ now: rt.clock.now().toISOString(), addMessages: [{ conversationId: newest, customer: 1, ai: 1 }] });
    rt.clock.advance(61_000);
    expect(run(rt, 'runScheduledSync', { trigger: 'time' }).report.ok).toBe(true);
    rt.clock.advance(5_000);
    for (const filters of used) {
      rt.cache.evictWhere(isBaseChunk);
      const { data, stats } = dashboard(rt, 'refreshDashboard', filters);
      expect(stats.callsByMethod['Range.getValues'] ?? 0, JSON.stringify(filters)).toBe(0);
      expect(data).toEqual(fullRead(rt.book.values('Conversas'), rt.book.timeZone, filters, data, rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null));
    }
  }, 120_000);
});
