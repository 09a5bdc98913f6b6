// Forecast domain: Holt-Winters vs seasonal naive on synthetic weekly series, bands, hourly split, short histories.
import { describe, expect, it } from 'vitest';
import {
  backtest,
  buildForecast,
  dailyHistory,
  fitHoltWinters,
  forecastHoltWinters,
  forecastSeasonalNaive,
  holtWintersSpreadFactor,
  observedEscalationShare,
  operatorsNeeded,
  runHoltWinters,
  tomorrowOf,
  type Forecast,
} from '../../../src/server/domain/forecast';
import { record, recordsFor, syntheticCounts } from './synthetic';

const DAY = 86_400_000;
/** 2026-01-05 is a Monday. */
const START = Date.UTC(2026, 0, 5);

describe('Holt-Winters and seasonal naive', () => {
  it('follows a pure linear trend exactly from the two-week start state', () => {
    // y = 10 + 2t: week 1 mean 16, week 2 mean 30, so trend 2 and zero seasonal terms; the last value is 50.
    const series = Array.from({ length: 21 }, (_, t) => 10 + 2 * t);
    const fit = runHoltWinters(series, { alpha: 0.3, beta: 0.1, gamma: 0.2 });
    const next = forecastHoltWinters(fit, 3);
    expect(next[0]).toBeCloseTo(52, 9);
    expect(next[1]).toBeCloseTo(54, 9);
    expect(next[2]).toBeCloseTo(56, 9);
  });

  it('updates level and season after a one-off surprise as the recursions say (worked by hand)', () => {
    // Two identical weeks (mean 100/7, no trend), then day 14 reads 16 instead of 10.
    // α = 0.5, γ = 0.5: error 6; level = 0.5·(16 − (10 − 100/7)) + 0.5·100/7 = 3 + 100/7;
    // season of that weekday = 0.5·(16 − 100/7) + 0.5·(10 − 100/7) = 13 − 100/7.
    const week = [10, 20, 10, 20, 10, 20, 10];
    const fit = runHoltWinters([...week, ...week, 16], { alpha: 0.5, beta: 0, gamma: 0.5 });
    expect(fit.errors).toHaveLength(1);
    expect(fit.errors[0]).toBeCloseTo(6, 9);
    expect(fit.level).toBeCloseTo(3 + 100 / 7, 9);
    const next = forecastHoltWinters(fit, 7);
    expect(next[0]).toBeCloseTo(23, 9); // day 15: level + (20 − 100/7)
    expect(next[6]).toBeCloseTo(16, 9); // day 21, the surprised weekday: level + 13 − 100/7
  });

  it('repeats the same weekday of the last week in the seasonal-naive forecast', () => {
    const series = [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 16, 17];
    expect(forecastSeasonalNaive(series, 9)).toEqual([11, 12, 13, 14, 15, 16, 17, 11, 12]);
  });

  it('beats seasonal naive on MASE in a rolling-origin backtest of a trending weekly series with noise', () => {
    const series = syntheticCounts(16 * 7, { trend: 0.6, noise: 6, seed: 42 });
    const result = backtest(series);
    expect(result).not.toBeNull();
    expect(result!.origins).toBe(6);
    expect(result!.points).toBe(42);
    expect(result!.holtWintersMase!).toBeLessThan(result!.naiveMase!);
    expect(result!.holtWintersMae).toBeLessThan(result!.naiveMae);
  });

  it('beats seasonal naive on a noisy weekly series without trend too (it averages the noise out)', () => {
    const series = syntheticCounts(16 * 7, { trend: 0, noise: 10, seed: 7 });
    const result = backtest(series)!;
    expect(result.holtWintersMase!).toBeLessThan(result.naiveMase!);
  });

  it('widens the Holt-Winters band by the ETS(A,A,A) variance sum, not by √h', () => {
    expect(holtWintersSpreadFactor({ alpha: 0.2, beta: 0, gamma: 0.1 }, 1)).toBe(1);
    // j = 1…6: c = 0.2; j = 7 (a week): c = 0.2 + 0.1.
    expect(holtWintersSpreadFactor({ alpha: 0.2, beta: 0, gamma: 0.1 }, 8)).toBeCloseTo(Math.sqrt(1 + 6 * 0.04 + 0.09), 12);
    // c_j = α + αβ·j: 0.55 and 0.6.
    expect(holtWintersSpreadFactor({ alpha: 0.5, beta: 0.1, gamma: 0.3 }, 3)).toBeCloseTo(Math.sqrt(1 + 0.3025 + 0.36), 12);
  });

  it('picks the parameters with the least squared one-step error from the grid', () => {
    const series = syntheticCounts(10 * 7, { trend: 0.5, noise: 5, seed: 3 });
    const best = fitHoltWinters(series);
    for (const params of [
      { alpha: 0.7, beta: 0.1, gamma: 0.5 },
      { alpha: 0.05, beta: 0, gamma: 0.05 },
    ]) {
      expect(best.sse).toBeLessThanOrEqual(runHoltWinters(series, params).sse);
    }
  });
});

describe('buildForecast', () => {
  const counts = syntheticCounts(14 * 7, { trend: 0.4, noise: 6, seed: 11 });
  const historyWeeks = 12;
  const now = START + historyWeeks * 7 * DAY + 8 * 3_600_000;
  const history = recordsFor(counts.slice(0, historyWeeks * 7), START);
  const result = buildForecast({ records: history, timeZone: 'UTC', nowMs: now, slaSeconds: 300 }) as Forecast;

  it('uses Holt-Winters on a series where it wins the backtest and says so', () => {
    expect(result.status).toBe('ok');
    expect(result.model).toBe('holt-winters');
    expect(result.modelLabel).toContain('Holt-Winters');
    expect(result.historyDays).toBe(84);
    expect(result.historyStart).toBe('2026-01-05');
    expect(result.historyEnd).toBe('2026-03-29');
    expect(result.days.map((d) => d.date).slice(0, 2)).toEqual(['2026-03-30', '2026-03-31']);
  });

  it('holds most held-out days inside the 80 % band', () => {
    const heldOut = counts.slice(historyWeeks * 7);
    const inside = result.days.filter((d, i) => (heldOut[i] as number) >= d.low && (heldOut[i] as number) <= d.high).length;
    expect(result.days).toHaveLength(14);
    expect(inside).toBeGreaterThanOrEqual(11);
    for (const d of result.days) expect(d.low).toBeLessThanOrEqual(d.expected);
  });

  it('holds about 80 % of the held-out days of many series inside the 80 % band', () => {
    let inside = 0;
    let scored = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const series = syntheticCounts(14 * 7, { trend: 0.2, noise: 8, seed });
      const out = buildForecast({ records: recordsFor(series.slice(0, 84), START), timeZone: 'UTC', nowMs: START + 84 * DAY + 1, slaSeconds: 300 });
      if (out.status !== 'ok') throw new Error(out.message);
      out.days.forEach((d, i) => {
        const y = series[84 + i] as number;
        if (y >= d.low && y <= d.high) inside++;
        scored++;
      });
    }
    // 168 days; a band that held nearly all of them (as √h-wide bands do) would be an 80 % band in name only.
    expect(inside / scored).toBeGreaterThan(0.65);
    expect(inside / scored).toBeLessThan(0.92);
  });

  it('splits each of the next 7 days into 24 hours that sum to the daily expected volume', () => {
    expect(result.hourly).toHaveLength(7 * 24);
    for (let i = 0; i < 7; i++) {
      const dayRows = result.hourly.slice(i * 24, (i + 1) * 24);
      const sum = dayRows.reduce((s, h) => s + h.expected, 0);
      expect(sum).toBeCloseTo(result.days[i]!.expected, 9);
      // All history sits at 9, 10, 14 and 20 h: the other hours get nothing and need no operator.
      expect(dayRows.filter((h) => h.expected > 0).map((h) => h.hour)).toEqual([9, 10, 14, 20]);
      expect(dayRows.find((h) => h.hour === 3)!.operators).toBe(0);
      expect(dayRows.find((h) => h.hour === 9)!.operators).toBeGreaterThan(0);
    }
  });

  it('counts today apart from the history and gives tomorrow for the sidebar', () => {
    const withToday = [...history, record({ conversation_id: 'today', created_at: new Date(now - 3_600_000) })];
    const again = buildForecast({ records: withToday, timeZone: 'UTC', nowMs: now, slaSeconds: 300 }) as Forecast;
    expect(again.today).toEqual({ date: '2026-03-30', volume: 1 });
    expect(again.historyDays).toBe(84);
    const tomorrow = tomorrowOf(again)!;
    expect(tomorrow.expected).toBeCloseTo(again.days[1]!.expected, 1);
    expect(tomorrow.model).toBe(again.modelLabel);
  });

  it('keeps the seasonal-naive baseline when Holt-Winters does not beat it (a perfectly repeating week)', () => {
    const repeating = Array.from({ length: 6 * 7 }, (_, t) => [30, 40, 35, 33, 31, 10, 5][t % 7] as number);
    const nowMs = START + 6 * 7 * DAY + 3_600_000;
    const out = buildForecast({ records: recordsFor(repeating, START), timeZone: 'UTC', nowMs, slaSeconds: 300 }) as Forecast;
    expect(out.model).toBe('seasonal-naive');
    expect(out.days.slice(0, 7).map((d) => d.expected)).toEqual([30, 40, 35, 33, 31, 10, 5]);
    // No in-sample error: the band collapses onto the forecast.
    expect(out.days[0]!.high).toBe(30);
  });
});

describe('staffing', () => {
  it('queues only the escalated share of the volume for operators (unknown rows left out of the share)', () => {
    const rows = recordsFor(syntheticCounts(8 * 7, { trend: 0, noise: 0, seed: 3 }), Date.UTC(2026, 0, 5)).map((r, i) =>
      // 1 in 4 escalated, 1 in 8 unknown: known = 7/8 of the rows, escalated = 2/8 → share 2/7.
      ({ ...r, escalated_to_human: i % 8 === 7 ? null : i % 4 === 0 }),
    );
    expect(observedEscalationShare(rows)).toBeCloseTo(2 / 7, 12);
    expect(observedEscalationShare([record({ conversation_id: 'x' })])).toBe(1);
    const out = buildForecast({ records: rows, timeZone: 'UTC', nowMs: Date.UTC(2026, 0, 5) + 56 * 86_400_000 + 1, slaSeconds: 300 }) as Forecast;
    expect(out.staffing.escalationShare).toBeCloseTo(2 / 7, 12);
    const busiest = out.hourly.reduce((a, b) => (b.expected > a.expected ? b : a));
    const { handlingSeconds } = out.staffing;
    expect(busiest.operators).toBe(operatorsNeeded((busiest.expected * 2) / 7, handlingSeconds, 300));
    expect(busiest.operators).toBeLessThan(operatorsNeeded(busiest.expected, handlingSeconds, 300));
  });
});

describe('short and empty histories', () => {
  it('says "dados insuficientes" with fewer than 21 complete days', () => {
    const counts = syntheticCounts(20, { trend: 0, noise: 2, seed: 1 });
    const out = buildForecast({ records: recordsFor(counts, START), timeZone: 'UTC', nowMs: START + 20 * DAY + 1, slaSeconds: 300 });
    expect(out.status).toBe('insufficient');
    if (out.status !== 'insufficient') return;
    expect(out.message).toMatch(/^Dados insuficientes/);
    expect(out.historyDays).toBe(20);
    expect(tomorrowOf(out)).toBeNull();
  });

  it('says "dados insuficientes" for an empty sheet and for rows without a creation date', () => {
    for (const records of [[], [record({ conversation_id: 'x' })]]) {
      const out = buildForecast({ records, timeZone: 'UTC', nowMs: START, slaSeconds: 300 });
      expect(out.status).toBe('insufficient');
      if (out.status === 'insufficient') expect(out.message).toMatch(/^Dados insuficientes/);
    }
  });

  it('says "dados insuficientes" for 30 days of zeros around a single old row', () => {
    const out = buildForecast({
      records: [record({ conversation_id: 'old', created_at: new Date(START - 400 * DAY) })],
      timeZone: 'UTC',
      nowMs: START,
      slaSeconds: 300,
    });
    expect(out.status).toBe('insufficient');
  });
});

describe('dailyHistory', () => {
  it('buckets days in the spreadsheet time zone and zero-fills the gaps', () => {
    const records = [
      // 01:30 UTC on 10 March is 22:30 on 9 March in São Paulo (UTC−3).
      record({ created_at: new Date(Date.UTC(2026, 2, 10, 1, 30)) }),
      record({ created_at: new Date(Date.UTC(2026, 2, 12, 15, 0)) }),
    ];
    const h = dailyHistory(records, 'America/Sao_Paulo', Date.UTC(2026, 2, 14, 12));
    expect(h.counts).toEqual([1, 0, 0, 1, 0]);
    // 9 March 2026 is a Monday; 22 h local.
    expect(h.profile[0]![22]).toBe(1);
    expect(h.todayVolume).toBe(0);
  });
});
