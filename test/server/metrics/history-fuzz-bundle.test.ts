// The history state under random syncs, edits, typed and appended rows, settings and clock jumps: every refresh equals a full read.
import { afterEach, describe, expect, it } from 'vitest';
import { run, syncUntilComplete, world, type SyncWorld } from '../../sync/harness';
import { OPERATOR_LABELS_KEY } from '../../../src/server/domain/operator-labels';
import type { CellValue } from '../../runtime/index';
import type { DashboardData, Filters } from '../../../src/shared/dto';
import { dashboard, fullRead, isBaseChunk } from './full-read';
import { random } from '../../../scripts/bench/metrics';

let w: SyncWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Reads of a snapshot rebuild on the add-on's own layout (the header, then the snapshot's columns in four stretches). */
const REBUILD_READS = 5;
/** The cached DashboardData entries (evicted too, so a repeat refresh is not served from them). */
const isDashboardEntry = (key: string): boolean => key.startsWith('dash:');

/** `YYYY-MM-DD` of an instant in UTC (the filters' dates only need to be stable, not local). */
const OFFICE_HOURS = { ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '18:00']]])), sat: [], sun: [] };
const NO_HOURS = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, []]));

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** `YYYY-MM-DD HH:mm:ss` as a person types it. */
const typedAt = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('the history state, fuzzed', () => {
  it.each([
    ['São Paulo', 31, 'America/Sao_Paulo'],
    ['New York (a DST change inside the history)', 37, 'America/New_York'],
  ])('equals a full read after every random change, and serves most refreshes without reading the sheet (%s)', async (_, seed, timeZone) => {
    w = await world({ seed, conversations: 260, days: 70, listCap: 100, timeZone }, { timeZone });
    const { rt, fake } = w;
    syncUntilComplete(rt);
    rt.clock.advance(5_000);
    const next = random(seed * 101);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const settings = { slaSeconds: 300, abandonMinutes: 60 };
    let businessHoursOn = false;
    const start = rt.clock.now().getTime();
    const org = await fake.snapshot();
    const agents = [...new Set(org.conversations.map((c) => c.agentId).filter((id): id is string => typeof id === 'string' && id !== ''))];
    // Fixed filters (their parts are reused across steps) and some that move with the clock.
    const fixed: Filters[] = [
      {},
      { from: isoDay(start - 20 * DAY), to: isoDay(start + 5 * DAY) },
      { from: isoDay(start - 65 * DAY), to: isoDay(start - 30 * DAY) },
      { channels: ['whatsapp', 'website'] },
      { statuses: ['RESOLVED', 'HUMAN_REQUESTED'] },
      { agentIds: agents.slice(0, 1) },
      { from: isoDay(start - 3 * DAY) },
      { to: isoDay(start - 9 * DAY), channels: ['whatsapp'] },
    ];
    const moving = (): Filters => {
      const now = rt.clock.now().getTime();
      return pick<Filters>([{ from: isoDay(now - 7 * DAY), to: isoDay(now) }, { from: isoDay(now - 1 * DAY) }, { to: isoDay(now - 8 * DAY) }]);
    };
    const actions: string[] = [];
    let refreshes = 0;
    /** Measured refreshes (no base, no cached dashboard, getDashboard) and those the state served: right after a change, and later. */
    const afterChange = { measured: 0, fast: 0 };
    const later = { measured: 0, fast: 0 };
    let typed = 0;
    let appended = 0;

    const refresh = (filters: Filters, why: string, tally: { measured: number; fast: number } | null): void => {
      if (tally) rt.cache.evictWhere((key) => isBaseChunk(key) || isDashboardEntry(key));
      // Only getDashboard never syncs (refreshDashboard may run a quick sync, which reads the id column).
      const fn = tally || next() < 0.7 ? 'getDashboard' : 'refreshDashboard';
      const { data, stats } = dashboard(rt, fn, filters);
      const expected: DashboardData = fullRead(
        rt.book.values('Conversas'),
        rt.book.timeZone,
        filters,
        data,
        rt.properties.document.get(OPERATOR_LABELS_KEY) ?? null,
        businessHoursOn,
        settings,
      );
      expect(data, `${why}; ${fn}(${JSON.stringify(filters)})`).toEqual(expected);
      refreshes++;
      if (tally) {
        tally.measured++;
        // Served by the state: no base was rebuilt (a computation from every row, the base gone, rebuilds and stores
        // it), and at most the header and the changed rows read (a catch-up), never the table.
        let rebuilt = false;
        rt.cache.evictWhere((key) => {
          if (isBaseChunk(key)) rebuilt = true;
          return false;
        });
        const reads = stats.callsByMethod['Range.getValues'] ?? 0;
        if (!rebuilt && reads < REBUILD_READS) tally.fast++;
      }
    };

    /** Sheet rows (2-based) whose conversation was created within `days` of now, or before it (`old`). */
    const rowsBy = (values: CellValue[][], created: number, old: boolean, days: number): number[] => {
      const now = rt.clock.now().getTime();
      const out: number[] = [];
      values.forEach((line, i) => {
        if (i === 0) return;
        const cell = line[created];
        const ms = cell instanceof Date ? cell.getTime() : typeof cell === 'string' ? Date.parse(cell.replace(' ', 'T') + 'Z') : NaN;
        if (Number.isNaN(ms)) return;
        if (old ? ms < now - days * DAY : ms >= now - days * DAY) out.push(i + 1);
      });
      return out;
    };

    // Every filter cut once: their parts exist from here on.
    for (const filters of fixed) refresh(filters, 'first cut', null);

    for (let step = 0; step < 60; step++) {
      const values = rt.book.values('Conversas');
      const header = (values[0] ?? []).map(String);
      const col = (name: string): number => header.indexOf(name);
      const recentRows = rowsBy(values, col('created_at'), false, 6);
      const oldRows = rowsBy(values, col('created_at'), true, 12);
      const roll = next();
      const now = rt.clock.now().getTime();
      if (roll < 0.3) {
        // A sync: messages on recent conversations, sometimes on an old one; a resolution; new conversations.
        const snapshot = await fake.snapshot();
        const live = snapshot.conversations;
        const recentIds = live.filter((c) => Date.parse(c.createdAt) > now - 6 * DAY).map((c) => c.id);
        const oldIds = live.filter((c) => Date.parse(c.createdAt) < now - 20 * DAY).map((c) => c.id);
        const touchOld = next() < 0.3 && oldIds.length > 0;
        actions.push(touchOld ? 'sync (a message on an old conversation too)' : 'sync');
        const messages = recentIds.length > 0 ? [0, 1, 2].map(() => ({ conversationId: pick(recentIds), customer: 1, ai: next() < 0.6 ? 1 : 0 })) : [];
        if (touchOld) messages.push({ conversationId: pick(oldIds), customer: 1, ai: 1 });
        await fake.mutate({
          now: rt.clock.now().toISOString(),
          addConversations: Math.floor(next() * 4),
          addMessages: messages,
          ...(recentIds.length > 0 && next() < 0.5 ? { setStatus: [{ conversationId: pick(recentIds), status: 'RESOLVED' as const }] } : {}),
        });
        rt.clock.advance(61_000);
        expect(run(rt, 'runScheduledSync', { trigger: 'time' }).report.ok).toBe(true);
      } else if (roll < 0.52 && recentRows.length > 0) {
        // A person edits a recent row (the history state must take it in), now and then an old one (it must fall back).
        const [column, choices] = pick<[string, string[]]>([
          ['created_at', [typedAt(now - 2 * HOUR), typedAt(now - 3 * DAY), typedAt(now - 9 * DAY), typedAt(now - 40 * DAY), '']],
          ['channel', ['Email', 'whatsapp', 'Balcão']],
          ['status', ['RESOLVED', 'UNRESOLVED', 'HUMAN_REQUESTED']],
          ['satisfaction_score', ['5', '1', '3,5', '4,25', '']],
          ['frustration_level', ['1', '4', '5', '']],
          ['first_response_time', ['0', '59', '300', '4,5', '7200', '']],
          ['resolution_time', ['0,01', '12,34', '1000', '']],
          ['agent_id', ['agente-manual', pick(agents.length > 0 ? agents : ['a'])]],
          ['resolved', ['TRUE', 'FALSE']],
          ['contact_email', ['Cliente@Exemplo.com', '']],
        ]);
        const old = next() < 0.15 && oldRows.length > 0;
        actions.push(`edit ${old ? 'old' : 'recent'} ${column}`);
        const row = pick(old ? oldRows : recentRows);
        expect(rt.editAsUser('Conversas', row, col(column) + 1, [[pick(choices)]])?.ok).toBe(true);
      } else if (roll < 0.62) {
        // A person types a row: usually of today, sometimes of long ago.
        const created = pick([now - HOUR, now - 2 * DAY, now - 30 * DAY, now - 8 * DAY - HOUR]);
        actions.push(`typed row ${Math.round((now - created) / DAY)} days old`);
        const cells = header.map((name) =>
          name === 'conversation_id'
            ? `manual-${++typed}`
            : name === 'created_at'
              ? typedAt(created)
              : name === 'updated_at'
                ? typedAt(created + HOUR)
                : name === 'channel'
                  ? 'Balcão'
                  : name === 'status'
                    ? 'RESOLVED'
                    : name === 'resolved'
                      ? 'TRUE'
                      : name === 'escalated_to_human'
                        ? 'FALSE'
                        : name === 'first_response_time'
                          ? String(Math.floor(next() * 900))
                          : name === 'satisfaction_score'
                            ? '4,5'
                            : name === 'contact_email'
                              ? 'balcao@exemplo.com'
                              : '',
        );
        rt.editAsUser('Conversas', values.length + 1, 1, [cells]);
      } else if (roll < 0.72) {
        // Make appends a copy of a row (no trigger fires): as new, or keeping an old row's dates and customer.
        const source = values[pick(next() < 0.5 && oldRows.length > 0 ? oldRows : recentRows.length > 0 ? recentRows : [2]) - 1] ?? [];
        const copy = [...source];
        copy[col('conversation_id')] = `make-${++appended}`;
        const fresh = next() < 0.6;
        if (fresh) {
          copy[col('created_at')] = new Date(now - 10 * 60_000);
          copy[col('updated_at')] = new Date(now - 5 * 60_000);
        }
        actions.push(`Make append (${fresh ? 'new' : 'copy of a row'})`);
        rt.book.seed('Conversas', [...values, copy]);
      } else if (roll < 0.8) {
        const jump = pick([2 * HOUR, 5 * HOUR, DAY, 10 * DAY, 45 * 60_000]);
        actions.push(`clock +${jump / HOUR} h`);
        rt.clock.advance(jump);
      } else if (roll < 0.83) {
        // Business hours on or off: SLA and bands on business seconds, the business-time KPIs (rows recomputed by the
        // next sync).
        businessHoursOn = !businessHoursOn;
        actions.push(`settings business hours ${businessHoursOn ? 'on' : 'off'}`);
        expect(rt.run('saveSettings', [{ businessHours: businessHoursOn ? OFFICE_HOURS : NO_HOURS }]).ok).toBe(true);
      } else if (roll < 0.88) {
        settings.slaSeconds = pick([60, 300, 900]);
        settings.abandonMinutes = pick([15, 60, 240]);
        actions.push(`settings SLA ${settings.slaSeconds} s, abandonment ${settings.abandonMinutes} min`);
        expect(rt.run('saveSettings', [{ slaSeconds: settings.slaSeconds, abandonMinutes: settings.abandonMinutes }]).ok).toBe(true);
      } else if (roll < 0.91) {
        actions.push('deleted row');
        const row = 1 + Math.floor(next() * (values.length - 1));
        rt.book.seed('Conversas', values.filter((_, i) => i !== row));
      } else {
        actions.push('nothing');
      }
      rt.clock.advance(5_000);
      const why = `seed ${seed} step ${step} after ${actions.slice(-6).join(', ')}`;
      // Right after the change, without the base: served by the state when the change left it standing.
      refresh(pick(fixed), why, afterChange);
      // Every filter once (a part cut again where the change ended the state), then without the base again.
      for (const filters of fixed) refresh(filters, why, null);
      refresh(pick(fixed), why, later);
      if (next() < 0.3) refresh(moving(), why, null);
    }
    // The scenario exercised the changes it is about.
    for (const kind of ['sync', 'edit recent', 'edit old', 'typed row', 'Make append', 'clock', 'settings SLA', 'settings business hours', 'deleted row']) expect(actions.some((a) => a.startsWith(kind)), `${kind} in ${actions.join(', ')}`).toBe(true);
    // The history state served a meaningful share of the refreshes without the base.
    const summary = `seed ${seed}: ${refreshes} refreshes; without the base, ${afterChange.fast} of ${afterChange.measured} right after a change and ${later.fast} of ${later.measured} later were served by the history state`;
    expect(afterChange.fast / afterChange.measured, summary).toBeGreaterThan(0.3);
    expect(later.fast / later.measured, summary).toBeGreaterThan(0.9);
  }, 180_000);
});
