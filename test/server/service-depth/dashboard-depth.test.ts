// computeDashboard's service depth by hand (metrics.md §6–8): business-time KPIs, SLA and bands, operators, durable AI.
import { describe, expect, it } from 'vitest';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import { computeDashboard, type DashboardContext } from '../../../src/server/domain/metrics/dashboard';
import { at, sheetValues, type RowInput } from '../metrics/sheet-rows';

const NOW = at('2026-04-20T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);
const base: DashboardContext = { timeZone: 'UTC', now: NOW, slaSeconds: 300, abandonMinutes: 60, lastSync: null };

describe('business-time KPIs, SLA and bands (§6)', () => {
  const rows: RowInput[] = [
    // Answered in 400 s wall-clock, 100 s of business time: an SLA hit only on business time.
    { conversation_id: 'A', created_at: at('2026-04-01T10:00:00Z'), customer_messages: 1, first_response_time: 400,
      first_response_business_time: 100, first_human_response_business_time: 900, resolution_business_time: 30, created_in_business_hours: true },
    // 50 s both ways.
    { conversation_id: 'B', created_at: at('2026-04-01T11:00:00Z'), customer_messages: 1, first_response_time: 50,
      first_response_business_time: 50, resolution_business_time: 10, created_in_business_hours: false },
    // 4,000 s wall-clock, 600 s business: a miss either way.
    { conversation_id: 'C', created_at: at('2026-04-01T12:00:00Z'), customer_messages: 2, first_response_time: 4000,
      first_response_business_time: 600, first_human_response_business_time: 300, created_in_business_hours: false },
    // Never answered: a miss, "sem resposta".
    { conversation_id: 'D', created_at: at('2026-04-01T13:00:00Z'), customer_messages: 1, created_in_business_hours: true },
    // A Make row without business values: 200 s wall-clock is a hit on business time too (business ≤ wall-clock)…
    { conversation_id: 'E', created_at: at('2026-04-01T14:00:00Z'), first_response_time: 200 },
    // …while 900 s wall-clock is unknown on business time: left out of the SLA rate and the bands.
    { conversation_id: 'F', created_at: at('2026-04-01T15:00:00Z'), first_response_time: 900 },
  ];
  const table = readConversationTable(sheetValues(rows), 'UTC');

  it('is null while business hours are off, and the SLA and bands use wall-clock seconds', () => {
    const data = computeDashboard(table, {}, base);
    expect(data.businessHours).toBeNull();
    // Hits: B (50), E (200) of A, B, C, D, E, F (six rows with a customer message) = 2/6.
    expect(data.kpis.slaRate).toBeCloseTo(2 / 6, 12);
    expect(data.firstResponseBands.map((b) => b.count)).toEqual([1, 1, 1, 1, 1, 0, 1]);
  });

  it('computes mean, median, p90 and n over business seconds, and the share created outside hours', () => {
    const data = computeDashboard(table, {}, { ...base, businessHoursOn: true });
    expect(data.businessHours).toEqual({
      // 100, 50, 600: mean 250, median 100, p90 at position 1.8 → 100 + 0.8 × 500 = 500.
      firstResponse: { mean: 250, median: 100, p90: 500, n: 3 },
      // 900, 300: mean 600, median 600, p90 at 0.9 → 300 + 0.9 × 600 = 840.
      firstHumanResponse: { mean: 600, median: 600, p90: 840, n: 2 },
      // 30, 10: sorted 10, 30 → p90 = 10 + 0.9 × 20 = 28.
      resolution: { mean: 20, median: 20, p90: 28, n: 2 },
      // Known for A, B, C, D; outside for B and C.
      outsideHoursRate: 0.5,
    });
    // Hits: A (100), B (50), E (200 wall-clock); misses: C (600), D (never); F unknown → 3/5.
    expect(data.kpis.slaRate).toBeCloseTo(3 / 5, 12);
    // Bands over business seconds: B < 1 min; A 1–5 min; C 5–15 min; D sem resposta; E and F left out.
    expect(data.firstResponseBands.map((b) => b.count)).toEqual([1, 1, 1, 0, 0, 0, 1]);
    // The wall-clock statistics do not change.
    expect(data.kpis.firstResponse.n).toBe(5);
  });
});

describe('human operators (§7)', () => {
  const rows: RowInput[] = [
    { conversation_id: 'A', created_at: at('2026-04-01T10:00:00Z'), channel: 'whatsapp', resolved: true, satisfaction_score: 5,
      first_operator_id: 'u1', operator_ids: 'u1, u2', first_human_response_time: 120, operator_handling_time: 10 },
    { conversation_id: 'B', created_at: at('2026-04-01T11:00:00Z'), channel: 'whatsapp', resolved: false, satisfaction_score: 3,
      first_operator_id: 'u2', operator_ids: 'u2', first_human_response_time: 60, operator_handling_time: 4 },
    { conversation_id: 'C', created_at: at('2026-04-01T12:00:00Z'), channel: 'web', resolved: true,
      first_operator_id: 'u1', operator_ids: 'u1', first_human_response_time: 300, operator_handling_time: 20 },
    { conversation_id: 'D', created_at: at('2026-04-01T13:00:00Z'), channel: 'web', resolved: true, operator_ids: 'u3' },
    { conversation_id: 'E', created_at: at('2026-04-01T14:00:00Z'), channel: 'web', resolved: true },
  ];
  const table = readConversationTable(sheetValues(rows), 'UTC');
  const labels = { u1: 'ana@empresa.com', u2: 'Bruno' };

  it('gives one row per operator, labelled by e-mail or name (else the id), ordered by conversations then key', () => {
    const data = computeDashboard(table, {}, { ...base, operatorLabels: labels });
    expect(data.operators).toEqual([
      // A and C; both resolved; satisfaction 5 (C has none); first operator of A and C: medians of 120/300 and 10/20.
      { key: 'u1', label: 'ana@empresa.com', conversations: 2, resolutionRate: 1, satisfactionMean: 5, firstHumanResponseMedian: 210, handlingMedian: 15 },
      // A and B; A resolved; satisfaction (5 + 3) / 2; first operator of B only.
      { key: 'u2', label: 'Bruno', conversations: 2, resolutionRate: 0.5, satisfactionMean: 4, firstHumanResponseMedian: 60, handlingMedian: 4 },
      { key: 'u3', label: 'u3', conversations: 1, resolutionRate: 1, satisfactionMean: null, firstHumanResponseMedian: null, handlingMedian: null },
    ]);
  });

  it('follows the filters', () => {
    const data = computeDashboard(table, { channels: ['whatsapp'] }, { ...base, operatorLabels: labels });
    expect(data.operators.map((o) => [o.key, o.conversations, o.firstHumanResponseMedian])).toEqual([
      ['u2', 2, 60],
      ['u1', 1, 120],
    ]);
  });
});

describe('durable AI resolution (§8)', () => {
  const aiResolved = { status: 'RESOLVED', resolved: true, escalated_to_human: false };
  const rows: RowInput[] = [
    // Durable: maria resolved by the AI 20 days ago, her next conversation came 10 days later.
    { conversation_id: 'A', created_at: daysAgo(20.1), updated_at: daysAgo(20), channel: 'whatsapp', contact_email: ' Maria@Ex.com ', ...aiResolved },
    { conversation_id: 'A2', created_at: daysAgo(10), updated_at: daysAgo(9), channel: 'web', contact_email: 'maria@ex.com', status: 'UNRESOLVED', resolved: false },
    // Returned: joão came back 3 days later on another channel (filtered out below), so not durable.
    { conversation_id: 'B', created_at: daysAgo(15.1), updated_at: daysAgo(15), channel: 'whatsapp', contact_email: 'joao@ex.com', ...aiResolved },
    { conversation_id: 'B2', created_at: daysAgo(12), updated_at: daysAgo(12), channel: 'web', contact_email: 'JOAO@ex.com', status: 'HUMAN_REQUESTED' },
    // A visitor without e-mail, exactly 7 days and 1 minute later: outside the window, so durable.
    { conversation_id: 'C', created_at: daysAgo(30.1), updated_at: daysAgo(30), channel: 'whatsapp', visitor_id: 'v-9', ...aiResolved },
    { conversation_id: 'C2', created_at: new Date(daysAgo(23).getTime() + 60_000), channel: 'web', visitor_id: 'v-9' },
    // Pending: resolved 2 days ago (its own later conversation does not matter yet).
    { conversation_id: 'D', created_at: daysAgo(2.1), updated_at: daysAgo(2), channel: 'whatsapp', contact_email: 'lu@ex.com', ...aiResolved },
    // No identity: left out.
    { conversation_id: 'E', created_at: daysAgo(40.1), updated_at: daysAgo(40), channel: 'whatsapp', ...aiResolved },
    // Escalated: not AI-resolved.
    { conversation_id: 'F', created_at: daysAgo(40.1), updated_at: daysAgo(40), channel: 'whatsapp', contact_email: 'zé@ex.com',
      status: 'RESOLVED', resolved: true, escalated_to_human: true },
  ];
  const table = readConversationTable(sheetValues(rows), 'UTC');

  it('counts durable, pending and returning identities (e-mail case-insensitive, else visitor id)', () => {
    expect(computeDashboard(table, {}, base).durableAi).toEqual({ aiResolved: 4, durable: 2, pending: 1, rate: 2 / 3 });
  });

  it('sees a return whatever the filter: the whatsapp filter hides B2 yet B still is not durable', () => {
    expect(computeDashboard(table, { channels: ['whatsapp'] }, base).durableAi).toEqual({ aiResolved: 4, durable: 2, pending: 1, rate: 2 / 3 });
    // A date filter keeping only B (15 days ago) likewise.
    const day = new Date(daysAgo(15.1)).toISOString().slice(0, 10);
    expect(computeDashboard(table, { from: day, to: day }, base).durableAi).toEqual({ aiResolved: 1, durable: 0, pending: 0, rate: 0 });
  });

  it('is null while every AI resolution is pending', () => {
    const young = readConversationTable(sheetValues([rows[6] as RowInput]), 'UTC');
    expect(computeDashboard(young, {}, base).durableAi).toEqual({ aiResolved: 1, durable: 0, pending: 1, rate: null });
  });
});
