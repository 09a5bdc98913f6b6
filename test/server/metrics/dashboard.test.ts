// computeDashboard on a small hand-computed table: every KPI, distributions, breakdowns, bands, frustration, series.
import { describe, expect, it } from 'vitest';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import { computeDashboard, type DashboardContext } from '../../../src/server/domain/metrics/dashboard';
import { at, sheetValues, type RowInput } from './sheet-rows';

const NOW = at('2026-04-02T12:00:00Z');
const context: DashboardContext = { timeZone: 'UTC', now: NOW, slaSeconds: 300, abandonMinutes: 60, lastSync: null };
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

// Seven rows chosen so that each definition has a case on both sides of its rule.
const ROWS: RowInput[] = [
  { conversation_id: 'A', created_at: at('2026-03-02T10:00:00Z'), status: 'RESOLVED', priority: 'HIGH', channel: 'whatsapp', agent_id: 'a1',
    resolved: true, escalated_to_human: false, first_response_time: 30, resolution_time: 10, satisfaction_score: 5,
    frustration_level: 1, customer_messages: 2, awaiting_reply: false },
  { conversation_id: 'B', created_at: at('2026-03-02T23:59:59Z'), status: 'RESOLVED', channel: 'web', agent_id: 'a2',
    resolved: true, escalated_to_human: true, first_response_time: 400, resolution_time: 50, satisfaction_score: 3,
    frustration_level: 4, customer_messages: 1, awaiting_reply: false },
  { conversation_id: 'C', created_at: at('2026-03-03T00:00:00Z'), status: 'UNRESOLVED', priority: 'LOW', channel: 'WhatsApp', agent_id: 'a1',
    resolved: false, escalated_to_human: false, customer_messages: 3, awaiting_reply: true, last_customer_message_at: minutesAgo(61) },
  { conversation_id: 'D', created_at: at('2026-03-08T15:30:00Z'), status: 'HUMAN_REQUESTED',
    resolved: false, escalated_to_human: true, first_response_time: 100, satisfaction_score: 4, frustration_level: 5,
    customer_messages: 1, awaiting_reply: true, last_customer_message_at: minutesAgo(59) },
  // Make-style row: blank booleans and counters.
  { conversation_id: 'E', created_at: at('2026-03-31T12:00:00Z'), channel: 'web', agent_id: 'a2', first_response_time: '300', frustration_level: 2 },
  { conversation_id: 'F', created_at: at('2026-04-01T08:00:00Z'), status: 'UNRESOLVED', channel: 'web', agent_id: 'a1',
    resolved: false, escalated_to_human: false, customer_messages: 0, awaiting_reply: false },
  // Typed by a person: nothing but an id.
  { conversation_id: 'G' },
];

const table = readConversationTable(sheetValues(ROWS), 'UTC');
const data = computeDashboard(table, {}, context);

describe('computeDashboard KPIs', () => {
  it('computes rates over the volume, counting blank resolved/escalated as false', () => {
    expect(data.kpis.volume).toBe(7);
    expect(data.kpis.resolutionRate).toBeCloseTo(2 / 7, 12);
    expect(data.kpis.escalationRate).toBeCloseTo(2 / 7, 12);
    expect(data.kpis.containmentRate).toBeCloseTo(1 / 7, 12);
  });

  it('describes first response and resolution times over rows where present', () => {
    // 30, 100, 300, 400: median (100 + 300) / 2, p90 at position 2.7 = 300 + 0.7 × 100
    expect(data.kpis.firstResponse).toEqual({ mean: 207.5, median: 200, p90: expect.closeTo(370, 9) as number, n: 4 });
    // 10, 50: p90 at position 0.9 = 10 + 0.9 × 40
    expect(data.kpis.resolution).toEqual({ mean: 30, median: 30, p90: expect.closeTo(46, 9) as number, n: 2 });
  });

  it('counts the SLA over rows with a customer message, falling back to first_response_time when customer_messages is blank', () => {
    // with a customer message: A, B, C, D, E (blank counter, response present); within 300 s: A, D, E (exactly 300)
    expect(data.kpis.slaRate).toBeCloseTo(3 / 5, 12);
  });

  it('separates unanswered from abandoned at the given now', () => {
    expect(data.kpis.unanswered).toBe(2);
    // C waited 61 min (> 60), D 59 min
    expect(data.kpis.abandoned).toBe(1);
  });

  it('computes satisfaction and frustration means and top rates over present values', () => {
    expect(data.kpis.satisfaction).toEqual({ mean: 4, top2Rate: expect.closeTo(2 / 3, 12) as number, n: 3 });
    expect(data.kpis.frustration).toEqual({ mean: 3, highRate: 0.5, n: 4 });
  });

  it('has no previous period without both dates', () => {
    expect(data.previous).toBeNull();
    expect(computeDashboard(table, { from: '2026-03-01' }, context).previous).toBeNull();
  });
});

describe('computeDashboard breakdowns', () => {
  it('orders distributions by count descending then key, with (vazio) for blanks and channels lower-cased', () => {
    expect(data.byStatus).toEqual([
      { key: '(vazio)', count: 2 },
      { key: 'RESOLVED', count: 2 },
      { key: 'UNRESOLVED', count: 2 },
      { key: 'HUMAN_REQUESTED', count: 1 },
    ]);
    expect(data.byChannel).toEqual([
      { key: 'web', count: 3 },
      { key: '(vazio)', count: 2 },
      { key: 'whatsapp', count: 2 },
    ]);
    expect(data.byPriority).toEqual([
      { key: '(vazio)', count: 5 },
      { key: 'HIGH', count: 1 },
      { key: 'LOW', count: 1 },
    ]);
  });

  it('breaks down per agent with medians and means over present values', () => {
    expect(data.agents).toEqual([
      { key: 'a1', volume: 3, resolutionRate: expect.closeTo(1 / 3, 12) as number, escalationRate: 0,
        firstResponseMedian: 30, resolutionMedian: 10, satisfactionMean: 5, frustrationMean: 1 },
      { key: '(vazio)', volume: 2, resolutionRate: 0, escalationRate: 0.5,
        firstResponseMedian: 100, resolutionMedian: null, satisfactionMean: 4, frustrationMean: 5 },
      { key: 'a2', volume: 2, resolutionRate: 0.5, escalationRate: 0.5,
        firstResponseMedian: 350, resolutionMedian: 50, satisfactionMean: 3, frustrationMean: 3 },
    ]);
    expect(data.channels.map((c) => [c.key, c.volume])).toEqual([['web', 3], ['(vazio)', 2], ['whatsapp', 2]]);
  });

  it('counts first-response bands with the exact labels, half-open bounds and sem resposta', () => {
    expect(data.firstResponseBands).toEqual([
      { label: '< 1 min', count: 1 },
      { label: '1–5 min', count: 1 },
      { label: '5–15 min', count: 2 },
      { label: '15–60 min', count: 0 },
      { label: '1–4 h', count: 0 },
      { label: '≥ 4 h', count: 0 },
      { label: 'sem resposta', count: 1 },
    ]);
  });

  it('reports the five frustration levels and the correlation null rules', () => {
    expect(data.frustrationLevels).toEqual([
      { level: 1, count: 1, escalationRate: 0, resolutionRate: 1, firstResponseMean: 30 },
      { level: 2, count: 1, escalationRate: 0, resolutionRate: 0, firstResponseMean: 300 },
      { level: 3, count: 0, escalationRate: null, resolutionRate: null, firstResponseMean: null },
      { level: 4, count: 1, escalationRate: 1, resolutionRate: 1, firstResponseMean: 400 },
      { level: 5, count: 1, escalationRate: 1, resolutionRate: 0, firstResponseMean: 100 },
    ]);
    // pairs (1,30) (4,400) (5,100) (2,300): cov 240, Σdx² 10, Σdy² 88,675
    expect(data.frustrationCorrelations.firstResponse).toBeCloseTo(240 / Math.sqrt(10 * 88675), 12);
    // only two pairs with a resolution time
    expect(data.frustrationCorrelations.resolution).toBeNull();
    // pairs (1,5) (4,3) (5,4): cov −3, Σdx² 78/9, Σdy² 2
    expect(data.frustrationCorrelations.satisfaction).toBeCloseTo(-9 / Math.sqrt(156), 12);
  });

  it('fills the 7 × 24 heat map by weekday from Monday and hour, leaving rows without created_at out', () => {
    const expected = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    const mark = (weekday: number, hour: number) => ((expected[weekday] as number[])[hour] = 1);
    mark(0, 10); // A Monday 10:00
    mark(0, 23); // B Monday 23:59:59
    mark(1, 0); // C Tuesday 00:00
    mark(6, 15); // D Sunday
    mark(1, 12); // E Tuesday
    mark(2, 8); // F Wednesday
    expect(data.heatmap).toEqual(expected);
  });

  it('lists filter options from the whole table, sorted, whatever the filters', () => {
    const filtered = computeDashboard(table, { agentIds: ['a2'] }, context);
    expect(filtered.options).toEqual({
      channels: ['(vazio)', 'web', 'whatsapp'],
      statuses: ['(vazio)', 'HUMAN_REQUESTED', 'RESOLVED', 'UNRESOLVED'],
      priorities: ['(vazio)', 'HIGH', 'LOW'],
      agentIds: ['(vazio)', 'a1', 'a2'],
    });
    expect(filtered.kpis.volume).toBe(2);
  });
});

describe('computeDashboard series', () => {
  it('zero-fills days between the first and last created day when bounds are open, splitting at midnight', () => {
    expect(data.daily).toHaveLength(31);
    expect(data.daily[0]).toEqual({ date: '2026-03-02', created: 2, resolved: 2, escalated: 1, firstResponseMedian: 215 });
    expect(data.daily[1]).toEqual({ date: '2026-03-03', created: 1, resolved: 0, escalated: 0, firstResponseMedian: null });
    expect(data.daily[2]).toEqual({ date: '2026-03-04', created: 0, resolved: 0, escalated: 0, firstResponseMedian: null });
    expect(data.daily[30]).toEqual({ date: '2026-04-01', created: 1, resolved: 0, escalated: 0, firstResponseMedian: null });
  });

  it('zero-fills ISO weeks and months across a month boundary', () => {
    expect(data.weekly.map((w) => [w.week, w.created])).toEqual([
      ['2026-W10', 4], ['2026-W11', 0], ['2026-W12', 0], ['2026-W13', 0], ['2026-W14', 2],
    ]);
    expect(data.weekly[0]).toMatchObject({ resolved: 2, escalated: 2, firstResponseMedian: 100 });
    expect(data.monthly).toEqual([
      { month: '2026-03', created: 5, resolved: 2, escalated: 2, firstResponseMedian: 200 },
      { month: '2026-04', created: 1, resolved: 0, escalated: 0, firstResponseMedian: null },
    ]);
  });
});

describe('computeDashboard on empty and blank input', () => {
  it('returns zero counts and nulls, never 0, for an empty table', () => {
    const empty = computeDashboard(readConversationTable([]), {}, context);
    expect(empty.kpis).toEqual({
      volume: 0, resolutionRate: null, escalationRate: null, containmentRate: null, slaRate: null, unanswered: 0, abandoned: 0,
      firstResponse: { mean: null, median: null, p90: null, n: 0 },
      resolution: { mean: null, median: null, p90: null, n: 0 },
      satisfaction: { mean: null, top2Rate: null, n: 0 },
      frustration: { mean: null, highRate: null, n: 0 },
    });
    expect(empty.daily).toEqual([]);
    expect(empty.weekly).toEqual([]);
    expect(empty.byStatus).toEqual([]);
    expect(empty.frustrationCorrelations).toEqual({ firstResponse: null, resolution: null, satisfaction: null });
    expect(empty.firstResponseBands.every((b) => b.count === 0)).toBe(true);
  });

  it('treats all-blank metric columns as unknown: volume counts, every statistic is null', () => {
    const blank = computeDashboard(
      readConversationTable(sheetValues([{ conversation_id: 'x1' }, { conversation_id: 'x2' }]), 'UTC'),
      {},
      context,
    );
    expect(blank.kpis.volume).toBe(2);
    expect(blank.kpis.resolutionRate).toBe(0);
    expect(blank.kpis.slaRate).toBeNull();
    expect(blank.kpis.firstResponse.n).toBe(0);
    expect(blank.kpis.satisfaction.mean).toBeNull();
    expect(blank.agents).toEqual([
      { key: '(vazio)', volume: 2, resolutionRate: 0, escalationRate: 0, firstResponseMedian: null, resolutionMedian: null,
        satisfactionMean: null, frustrationMean: null },
    ]);
    expect(blank.daily).toEqual([]);
  });
});
