// The history state's part, packed with value windows and merged with changed recent rows: exactly a full computation, or unmergeable.
import { describe, expect, it } from 'vitest';
import { columnsOfRows, customerKey, pickColumns, type MetricRow } from '../../../src/server/domain/metrics/column-table';
import { accumulatePart, mergeParts } from '../../../src/server/domain/metrics/dashboard-part';
import { UnmergeablePart } from '../../../src/server/domain/metrics/order-statistics';
import { computeDashboard, finishDashboard, partContextOf, selectionOf, type DashboardContext } from '../../../src/server/domain/metrics/dashboard';
import { dayRangeOf, prepareColumns } from '../../../src/server/domain/metrics/filters';
import { HISTORY_MARGIN_MS, isHistoryRow, keptDays, packPart, sealPart, unpackPart, waitingRowsSettle } from '../../../src/server/domain/metrics/history-state';
import { DURABLE_WINDOW_MS } from '../../../src/server/domain/metrics/service-depth';
import { dayOf, zoneClock } from '../../../src/server/domain/metrics/time-zone';
import type { Filters } from '../../../src/shared/dto';
import { random } from '../../../scripts/bench/metrics';

const DAY = 86_400_000;
const TIME_ZONE = 'America/Sao_Paulo';
const CUT_AT = Date.parse('2026-03-15T12:00:00Z');

type Next = () => number;

/** A value of a duration column: ties, hundredths, thirds, negatives, huge numbers, or blank. */
function value(next: Next, kind: 'ties' | 'any'): number | null {
  const roll = next();
  if (roll < 0.1) return null;
  if (kind === 'ties' || roll < 0.55) return Math.floor(next() * 40);
  if (roll < 0.7) return Math.round(next() * 100_000) / 100;
  if (roll < 0.8) return Math.floor(next() * 9) / 3;
  if (roll < 0.88) return -Math.floor(next() * 500) / 7;
  if (roll < 0.94) return 2 ** 41 + Math.floor(next() * 1000);
  return next() * 1e-3;
}

function row(next: Next, createdAt: number, updatedAt: number, kind: 'ties' | 'any'): MetricRow {
  const resolved = next() < 0.6;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return {
    created_at: createdAt,
    updated_at: updatedAt,
    last_customer_message_at: createdAt,
    frustration_level: next() < 0.4 ? null : 1 + Math.floor(next() * 5),
    first_response_time: value(next, kind),
    resolution_time: resolved ? value(next, kind) : null,
    satisfaction_score: next() < 0.5 ? null : pick([1, 2, 3, 3.5, 4, 4.25, 5]),
    first_human_response_time: next() < 0.5 ? null : value(next, kind),
    customer_messages: next() < 0.1 ? null : Math.floor(next() * 4),
    first_response_business_time: value(next, kind),
    first_human_response_business_time: value(next, kind),
    resolution_business_time: value(next, kind),
    operator_handling_time: next() < 0.5 ? null : value(next, kind),
    resolved,
    escalated_to_human: next() < 0.3,
    // As the add-on writes it: never on a resolved row (so no AI resolution is both old and recent).
    awaiting_reply: !resolved && next() < 0.05,
    created_in_business_hours: next() < 0.1 ? null : next() < 0.6,
    // Most rows on one agent and one channel: their lists are long enough to be kept as windows.
    status: resolved ? 'RESOLVED' : pick(['UNRESOLVED', 'HUMAN_REQUESTED']),
    priority: pick(['LOW', 'HIGH', null]),
    channel: next() < 0.85 ? 'whatsapp' : pick(['website', 'Email']),
    agent_id: next() < 0.85 ? 'agent-a' : pick(['agent-b', null]),
    first_operator_id: next() < 0.5 ? pick(['op-1', 'op-2']) : null,
    operator_ids: next() < 0.5 ? pick(['op-1', 'op-1, op-2', 'op-2']) : null,
    customer: next() < 0.1 ? null : customerKey(`c${Math.floor(next() * 400)}@x.com`, null),
  };
}

function context(nowMs: number, businessHoursOn: boolean): DashboardContext {
  return { timeZone: TIME_ZONE, now: new Date(nowMs), slaSeconds: 300, abandonMinutes: 60, lastSync: null, businessHoursOn };
}

/**
 * What history-store.ts does: cut at CUT_AT, pack the history rows' part (sized by the recent rows then), later merge
 * it with the recent rows now. The figures, or 'unmergeable'; and whether the packed part kept windows.
 */
function throughHistory(atCut: MetricRow[], now: Array<MetricRow | null>, filters: Filters, nowMs: number, businessHoursOn: boolean) {
  const cutColumns = columnsOfRows(atCut);
  const table = prepareColumns(cutColumns, TIME_ZONE);
  const cutoff = CUT_AT - HISTORY_MARGIN_MS;
  const recentSlots: number[] = [];
  const isHistory = new Uint8Array(atCut.length);
  for (let i = 0; i < atCut.length; i++) {
    if (isHistoryRow(cutColumns, i, cutoff, waitingRowsSettle(context(CUT_AT, businessHoursOn).abandonMinutes))) isHistory[i] = 1;
    else recentSlots.push(i);
  }
  const historyOf = (slots: Int32Array): Int32Array => slots.filter((i) => isHistory[i] === 1);
  const { selected, previous } = selectionOf(table, filters, dayRangeOf(filters));
  const cutContext = context(CUT_AT, businessHoursOn);
  const part = accumulatePart(table, historyOf(selected), previous ? historyOf(previous) : null, { options: historyOf(table.all), returns: table.all }, partContextOf(cutContext));
  const recentPart = (columns: ReturnType<typeof columnsOfRows>, at: DashboardContext) => {
    const recentTable = prepareColumns(columns, TIME_ZONE);
    const chosen = selectionOf(recentTable, filters, dayRangeOf(filters));
    return accumulatePart(recentTable, chosen.selected, chosen.previous, { options: recentTable.all, returns: recentTable.all }, partContextOf(at));
  };
  const recentDays = recentSlots.map((i) => table.day[i] as number).filter((day) => !Number.isNaN(day));
  const cutoffDay = dayOf(zoneClock(TIME_ZONE).toLocalMs(cutoff));
  const text = packPart(sealPart(part, keptDays(cutoffDay, recentDays)), recentPart(pickColumns(cutColumns, recentSlots), cutContext));
  const nowColumns = columnsOfRows(now);
  const nowSlots = [...recentSlots, ...Array.from({ length: now.length - atCut.length }, (_, k) => atCut.length + k)];
  const history = unpackPart(text);
  if (!history) throw new Error('the packed part did not unpack');
  const nowContext = context(nowMs, businessHoursOn);
  try {
    return { data: finishDashboard(mergeParts(history, recentPart(pickColumns(nowColumns, nowSlots), nowContext)), filters, nowContext), windows: text.includes('"s":[') };
  } catch (error) {
    if (error instanceof UnmergeablePart) return { data: 'unmergeable' as const, windows: text.includes('"s":[') };
    throw error;
  }
}

describe('the history state (domain)', () => {
  it('gives exactly the full computation after the recent rows change and grow, or refuses', () => {
    let merged = 0;
    let windowed = 0;
    let refused = 0;
    let movedRows = 0;
    /** Merges with recent rows moved to old days kept whole. */
    let mergedMoved = 0;
    for (let round = 0; round < 24; round++) {
      const next = random(9000 + round);
      const kind = round % 2 === 0 ? 'ties' : 'any';
      // 6,000 history rows over 90 days, then recent ones over the last eight days.
      const rows: MetricRow[] = [];
      for (let k = 0; k < 6000; k++) {
        const created = CUT_AT - 9 * DAY - Math.floor(next() * 90 * DAY);
        const old = row(next, created, created + Math.floor(next() * DAY / 2), kind);
        // Rarely still waiting (a recent row of an old day: its week and month keep their days).
        rows.push(next() < 0.0005 ? old : { ...old, awaiting_reply: false });
      }
      for (let k = 0; k < 40 + Math.floor(next() * 400); k++) {
        const created = CUT_AT - Math.floor(next() * 8 * DAY);
        const recent = row(next, created, created + Math.floor(next() * 3_600_000), kind);
        rows.push(next() < 0.3 ? { ...recent, customer: null } : recent);
      }
      // Later: recent rows change (not their creation, day or customer), and new ones arrive, a few to many.
      const now: Array<MetricRow | null> = rows.map((r) => r);
      const cutoff = CUT_AT - HISTORY_MARGIN_MS;
      const move = round % 3 === 0 ? 'none' : round % 2 === 1 ? 'kept' : 'sealed';
      const movedBefore = movedRows;
      rows.forEach((r, i) => {
        if (isHistoryRow(columnsOfRows([r]), 0, cutoff, waitingRowsSettle(60)) || next() < 0.5) return;
        // A row without a customer (no return, no candidate) may also move to an old day: into a sealed period (refused)
        // or a kept one (merged).
        const moved = move !== 'none' && r.customer === null && (move === 'kept' ? next() < 0.4 : movedRows === movedBefore);
        let created = r.created_at as number;
        if (moved) {
          movedRows++;
          // Into the cutoff's month before the cutoff (its days are all kept), or two months back (sealed).
          created = move === 'sealed' ? CUT_AT - 60 * DAY : cutoff - Math.floor(next() * 6 * DAY);
        }
        const changed = row(next, created, Math.max(r.updated_at as number, CUT_AT), kind);
        now[i] = { ...changed, customer: r.customer, awaiting_reply: r.awaiting_reply };
      });
      const added = Math.floor(next() * 1400);
      const nowMs = CUT_AT + Math.floor(next() * 5 * 3_600_000);
      // Every third round the new rows' durations all lie above (or below) the history's: the order statistics move
      // as far as they can, past the windows when enough rows arrive.
      const skew = round % 3 === 2 ? (next() < 0.5 ? 1e7 : -1e7) : 0;
      for (let k = 0; k < added; k++) {
        const created = cutoff + DURABLE_WINDOW_MS + Math.floor(next() * (nowMs - cutoff - DURABLE_WINDOW_MS));
        const fresh = row(next, created, Math.max(created, CUT_AT), kind);
        if (skew !== 0) {
          for (const field of ['first_response_time', 'resolution_time', 'first_human_response_time', 'operator_handling_time', 'first_response_business_time', 'resolution_business_time'] as const) {
            fresh[field] = skew + k;
          }
        }
        now.push(fresh);
      }
      const filterChoices: Filters[] = [{}, { from: '2026-02-01', to: '2026-03-20' }, { channels: ['whatsapp'] }, { agentIds: ['agent-a'], from: '2026-01-01' }];
      for (const filters of filterChoices) {
        const businessHoursOn = next() < 0.5;
        const { data, windows } = throughHistory(rows, now, filters, nowMs, businessHoursOn);
        if (windows) windowed++;
        if (data === 'unmergeable') {
          refused++;
          continue;
        }
        merged++;
        if (move === 'kept') mergedMoved++;
        const expected = computeDashboard(columnsOfRows(now), filters, context(nowMs, businessHoursOn));
        expect(data, `round ${round}, ${added} rows added, ${JSON.stringify(filters)}`).toEqual(expected);
      }
    }
    // The windows were exercised, and most merges succeeded.
    expect(windowed).toBeGreaterThan(40);
    expect(merged).toBeGreaterThan(refused);
    // Pushed past their windows or into sealed periods, some refused (the caller then computes from every row).
    expect(refused).toBeGreaterThan(0);
    expect(movedRows).toBeGreaterThan(15);
    expect(mergedMoved).toBeGreaterThan(10);
  });
});
