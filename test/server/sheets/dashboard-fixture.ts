// A hand-made DashboardData (not produced by the metrics code) for the pure layout tests.
import type { DashboardData, Kpis } from '../../../src/shared/dto';

const kpis: Kpis = {
  volume: 40,
  resolutionRate: 0.5,
  escalationRate: 0.25,
  containmentRate: 0.4,
  slaRate: 0.75,
  unanswered: 3,
  abandoned: 1,
  firstResponse: { mean: 120, median: 90, p90: 300, n: 36 },
  resolution: { mean: 45, median: 30, p90: 120, n: 20 },
  satisfaction: { mean: 4.2, top2Rate: 0.8, n: 10 },
  frustration: { mean: 3, highRate: 0, n: 4 },
};

const previous: Kpis = {
  ...kpis,
  volume: 32,
  resolutionRate: 0.25,
  firstResponse: { mean: 180, median: 60, p90: 600, n: 30 },
  satisfaction: { mean: null, top2Rate: null, n: 0 },
};

/** 7×24 grid with a few hand-placed counts: Monday 9h = 5, Monday 10h = 3, Wednesday 14h = 2, Sunday 23h = 1. */
function heatmap(): number[][] {
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  (grid[0] as number[])[9] = 5;
  (grid[0] as number[])[10] = 3;
  (grid[2] as number[])[14] = 2;
  (grid[6] as number[])[23] = 1;
  return grid;
}

/** Filters with both bounds (previous period present), one channel and two statuses. */
export const FIXTURE: DashboardData = {
  generatedAt: '2026-03-15T12:00:00.000Z',
  timeZone: 'America/Sao_Paulo',
  capacity: { cellsUsed: 412_000, cellLimit: 10_000_000, percent: 4.1, projectedFullDate: null, suggestedRetentionDays: null },
  filters: { from: '2026-03-01', to: '2026-03-03', channels: ['whatsapp'], statuses: ['RESOLVED', 'UNRESOLVED'] },
  lastSync: {
    ok: true,
    complete: true,
    conversationsListed: 40,
    conversationsWritten: 2,
    messagesFetched: 10,
    apiCalls: 3,
    durationMs: 1500,
    startedAt: '2026-03-15T11:58:00.000Z',
    finishedAt: '2026-03-15T11:59:30.000Z',
    message: 'ok',
    capacity: { cellsUsed: 0, cellLimit: 10_000_000, percent: 0, projectedFullDate: null },
  },
  kpis,
  previous,
  byStatus: [
    { key: 'RESOLVED', count: 20 },
    { key: 'UNRESOLVED', count: 15 },
    { key: 'HUMAN_REQUESTED', count: 5 },
  ],
  byChannel: [{ key: 'whatsapp', count: 40 }],
  byPriority: [
    { key: 'MEDIUM', count: 30 },
    { key: '(vazio)', count: 10 },
  ],
  agents: [
    { key: 'agent-a', volume: 25, resolutionRate: 0.6, escalationRate: 0.2, firstResponseMedian: 60, resolutionMedian: 30, satisfactionMean: 4.5, frustrationMean: null },
    { key: 'agent-b', volume: 15, resolutionRate: 0.2, escalationRate: null, firstResponseMedian: null, resolutionMedian: 90, satisfactionMean: null, frustrationMean: 3 },
  ],
  channels: [
    { key: 'whatsapp', volume: 40, resolutionRate: 0.5, escalationRate: 0.25, firstResponseMedian: 90, resolutionMedian: 30, satisfactionMean: 4.2, frustrationMean: 2.5 },
  ],
  daily: [
    { date: '2026-03-01', created: 10, resolved: 5, escalated: 2, firstResponseMedian: 60 },
    { date: '2026-03-02', created: 20, resolved: 10, escalated: 5, firstResponseMedian: null },
    { date: '2026-03-03', created: 10, resolved: 5, escalated: 3, firstResponseMedian: 120 },
  ],
  weekly: [
    { week: '2026-W09', created: 10, resolved: 5, escalated: 2, firstResponseMedian: 60 },
    { week: '2026-W10', created: 30, resolved: 15, escalated: 8, firstResponseMedian: 90 },
  ],
  monthly: [{ month: '2026-03', created: 40, resolved: 20, escalated: 10, firstResponseMedian: 90 }],
  heatmap: heatmap(),
  firstResponseBands: [
    { label: '< 1 min', count: 10 },
    { label: '1–5 min', count: 17 },
    { label: '5–15 min', count: 5 },
    { label: '15–60 min', count: 3 },
    { label: '1–4 h', count: 1 },
    { label: '≥ 4 h', count: 0 },
    { label: 'sem resposta', count: 4 },
  ],
  frustrationLevels: [1, 2, 3, 4, 5].map((level) => ({
    level,
    count: level === 3 ? 4 : 0,
    escalationRate: level === 3 ? 0.5 : null,
    resolutionRate: level === 3 ? 0.25 : null,
    firstResponseMean: level === 3 ? 240 : null,
  })),
  frustrationCorrelations: { firstResponse: 0.42, resolution: null, satisfaction: -0.3 },
  businessHours: {
    firstResponse: { mean: 50, median: 40, p90: 120, n: 30 },
    firstHumanResponse: { mean: 600, median: 480, p90: 1500, n: 8 },
    resolution: { mean: 20, median: 12.5, p90: 45, n: 18 },
    outsideHoursRate: 0.25,
  },
  operators: [
    { key: 'u1', label: 'ana@empresa.com', conversations: 6, resolutionRate: 0.5, satisfactionMean: 4, firstHumanResponseMedian: 300, handlingMedian: 12.5 },
    { key: 'u2', label: 'u2', conversations: 2, resolutionRate: null, satisfactionMean: null, firstHumanResponseMedian: null, handlingMedian: null },
  ],
  durableAi: { aiResolved: 12, durable: 6, pending: 4, rate: 0.75 },
};

/** Filters that select nothing: zero volume, every list empty, every statistic null. */
export const EMPTY: DashboardData = {
  ...FIXTURE,
  filters: { channels: ['telegram'] },
  previous: null,
  businessHours: {
    firstResponse: { mean: null, median: null, p90: null, n: 0 },
    firstHumanResponse: { mean: null, median: null, p90: null, n: 0 },
    resolution: { mean: null, median: null, p90: null, n: 0 },
    outsideHoursRate: null,
  },
  operators: [],
  durableAi: { aiResolved: 0, durable: 0, pending: 0, rate: null },
  kpis: {
    volume: 0,
    resolutionRate: null,
    escalationRate: null,
    containmentRate: null,
    slaRate: null,
    unanswered: 0,
    abandoned: 0,
    firstResponse: { mean: null, median: null, p90: null, n: 0 },
    resolution: { mean: null, median: null, p90: null, n: 0 },
    satisfaction: { mean: null, top2Rate: null, n: 0 },
    frustration: { mean: null, highRate: null, n: 0 },
  },
  byStatus: [],
  byChannel: [],
  byPriority: [],
  agents: [],
  channels: [],
  daily: [],
  weekly: [],
  monthly: [],
  heatmap: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0)),
  firstResponseBands: FIXTURE.firstResponseBands.map((b) => ({ ...b, count: 0 })),
  frustrationLevels: FIXTURE.frustrationLevels.map((l) => ({ ...l, count: 0, escalationRate: null, resolutionRate: null, firstResponseMean: null })),
  frustrationCorrelations: { firstResponse: null, resolution: null, satisfaction: null },
};
