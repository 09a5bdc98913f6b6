// computeDashboard on 3,000 generated rows against a naive reference (full sorts, plain loops) written in the test.
import { describe, expect, it } from 'vitest';
import { generateRows } from '../../../scripts/bench/metrics';
import { CONVERSATION_HEADERS } from '../../../src/server/domain/columns';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import { computeDashboard } from '../../../src/server/domain/metrics/dashboard';

const values = generateRows(3000, 7);
const column = (name: string) => CONVERSATION_HEADERS.indexOf(name as (typeof CONVERSATION_HEADERS)[number]);
const cells = (name: string) => values.slice(1).map((row) => row[column(name)]);

/** PERCENTILE.INC by a full sort, as a spreadsheet would do it. */
function referencePercentile(numbers: number[], p: number): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return (sorted[lower] as number) + ((sorted[upper] as number) - (sorted[lower] as number)) * (position - lower);
}

describe('computeDashboard on generated rows', () => {
  const data = computeDashboard(readConversationTable(values, 'America/Sao_Paulo'), {}, {
    timeZone: 'America/Sao_Paulo',
    now: new Date('2026-03-15T12:00:00Z'),
    slaSeconds: 300,
    abandonMinutes: 60,
    lastSync: null,
  });

  it('matches full-sort medians and p90 of first response and resolution times', () => {
    const frt = cells('first_response_time').filter((v): v is number => typeof v === 'number');
    const res = cells('resolution_time').filter((v): v is number => typeof v === 'number');
    expect(data.kpis.firstResponse.n).toBe(frt.length);
    expect(data.kpis.firstResponse.median).toBeCloseTo(referencePercentile(frt, 0.5), 9);
    expect(data.kpis.firstResponse.p90).toBeCloseTo(referencePercentile(frt, 0.9), 9);
    expect(data.kpis.resolution.median).toBeCloseTo(referencePercentile(res, 0.5), 9);
    expect(data.kpis.resolution.p90).toBeCloseTo(referencePercentile(res, 0.9), 9);
  });

  it('matches plain counts for volume, rates, SLA, bands and the heat map total', () => {
    const resolved = cells('resolved').filter((v) => v === true).length;
    const customers = cells('customer_messages');
    const frt = cells('first_response_time');
    let withCustomer = 0;
    let within = 0;
    customers.forEach((count, i) => {
      if (typeof count === 'number' && count > 0) {
        withCustomer++;
        const t = frt[i];
        if (typeof t === 'number' && t <= 300) within++;
      }
    });
    expect(data.kpis.volume).toBe(3000);
    expect(data.kpis.resolutionRate).toBeCloseTo(resolved / 3000, 12);
    expect(data.kpis.slaRate).toBeCloseTo(within / withCustomer, 12);
    expect(data.firstResponseBands.reduce((sum, band) => sum + band.count, 0)).toBe(withCustomer);
    expect(data.heatmap.flat().reduce((sum, n) => sum + n, 0)).toBe(3000);
    expect(data.daily.reduce((sum, day) => sum + day.created, 0)).toBe(3000);
    expect(data.weekly.reduce((sum, week) => sum + week.created, 0)).toBe(3000);
    expect(data.agents.reduce((sum, agent) => sum + agent.volume, 0)).toBe(3000);
  });
});
