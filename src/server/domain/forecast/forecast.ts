// Demand forecast from the "Conversas" records: daily series, model choice by backtest, bands, hourly split, staffing.
import type { ConversationRecord } from '../columns';
import { dayOf, hourOf, isoDate, weekdayOf, zoneClock } from '../metrics/time-zone';
import { operatorsNeeded, TARGET_SERVICE_LEVEL } from './erlang-c';
import {
  fitHoltWinters,
  forecastHoltWinters,
  forecastSeasonalNaive,
  holtWintersSpreadFactor,
  seasonalNaiveErrors,
  SEASON,
  type HoltWintersParams,
} from './holt-winters';

/** Complete days of history below which no forecast is made (three weeks: two to start the model, one to fit). */
export const MIN_HISTORY_DAYS = 21;
/** Days forecast from today on (today is day 1: its count so far is partial and not history). */
export const FORECAST_DAYS = 14;
/** Days split into hours (and staffed) from today on. */
export const HOURLY_DAYS = 7;
/** History used, at most (26 weeks): plenty for a weekly season, and bounds the grid search (~0.5 s in V8). */
export const MAX_HISTORY_DAYS = 182;
/** Rolling-origin backtest: horizon of each origin and the most origins, one week apart, ending at the last day. */
export const BACKTEST_HORIZON = 7;
export const BACKTEST_MAX_ORIGINS = 6;
/** z of the 80 % two-sided normal interval (10 % each side). */
const Z_80 = 1.2816;
/** Handling time assumed when no conversation has operator work to measure (10 min). */
export const DEFAULT_HANDLING_SECONDS = 600;

/** The model a forecast uses. */
export type ForecastModel = 'holt-winters' | 'seasonal-naive';

/** Labels shown in the sheet and the sidebar. */
export const MODEL_LABELS: Readonly<Record<ForecastModel, string>> = {
  'holt-winters': 'Holt-Winters aditivo (sazonalidade semanal)',
  'seasonal-naive': 'Sazonal ingênuo (mesmo dia da semana anterior)',
};

/** The fields of a row the forecast reads. */
export type ForecastRecord = Pick<ConversationRecord, 'created_at' | 'escalated_to_human' | 'operator_handling_time'>;

/** What the forecast depends on besides the records. */
export interface ForecastInput {
  records: readonly ForecastRecord[];
  /** The spreadsheet's time zone: days and hours are taken in it. */
  timeZone: string;
  /** "Now" (ms since the epoch): today is the local day holding it. */
  nowMs: number;
  /** SLA target of the first response, seconds (settings `slaSeconds`): the Erlang C wait target. */
  slaSeconds: number;
}

/** One forecast day: expected conversations and the 80 % prediction band. */
export interface ForecastDay {
  date: string;
  expected: number;
  low: number;
  high: number;
}

/** One forecast hour with the operators Erlang C asks for. */
export interface HourlyForecast {
  date: string;
  hour: number;
  expected: number;
  operators: number;
}

/** Rolling-origin backtest of both models on the sheet's own history. */
export interface Backtest {
  origins: number;
  horizon: number;
  /** Held-out days scored (over all origins). */
  points: number;
  holtWintersMae: number;
  naiveMae: number;
  /** MAE ÷ the in-sample MAE of the one-week seasonal naive over the whole history; null when that is 0. */
  holtWintersMase: number | null;
  naiveMase: number | null;
}

/** How the operators were staffed. */
export interface StaffingBasis {
  /** Mean handling time used, seconds. */
  handlingSeconds: number;
  /** `measured`: median operator handling time (metrics.md §7); `default`: none to measure. */
  handlingSource: 'measured' | 'default';
  /** Conversations the handling time was measured on. */
  handlingSamples: number;
  /**
   * Share of conversations that reach a human (`escalated_to_human` over the rows where it is known): operators
   * handle only those, the AI answers the rest. 1 when no row says.
   */
  escalationShare: number;
  slaSeconds: number;
  targetShare: number;
}

/** A forecast that could be made. */
export interface Forecast {
  status: 'ok';
  model: ForecastModel;
  modelLabel: string;
  /** Why this model is in use, in Portuguese. */
  reason: string;
  /** The fitted Holt-Winters parameters (also when the baseline is in use). */
  params: HoltWintersParams;
  historyStart: string;
  historyEnd: string;
  historyDays: number;
  /** Today's conversations so far (not part of the history). */
  today: { date: string; volume: number };
  /** `FORECAST_DAYS` days from today on. */
  days: ForecastDay[];
  /** `HOURLY_DAYS` × 24 hours from today's midnight on. */
  hourly: HourlyForecast[];
  backtest: Backtest | null;
  staffing: StaffingBasis;
}

/** Too little history: the sheet shows `message` instead of numbers. */
export interface InsufficientForecast {
  status: 'insufficient';
  /** Portuguese, starts with "Dados insuficientes". */
  message: string;
  historyDays: number;
  today: { date: string; volume: number };
}

export type ForecastResult = Forecast | InsufficientForecast;

/** The daily counts of complete days and the weekday × hour counts behind the hourly split. */
export interface DailyHistory {
  /** Local day number of `counts[0]`; NaN when no record has a usable `created_at` before today. */
  startDay: number;
  /** Zero-filled conversations created per local day, from the first day with one through yesterday. */
  counts: number[];
  /** Local day number of today. */
  today: number;
  todayVolume: number;
  /** 7 × 24 counts over the history days; [0] = Monday. */
  profile: number[][];
}

/**
 * Counts conversations per local day of `created_at` (zero-filled) from the first day with one through yesterday,
 * keeping at most the last `MAX_HISTORY_DAYS`; today's partial count is kept apart. Future-dated rows are ignored.
 */
export function dailyHistory(records: readonly Pick<ConversationRecord, 'created_at'>[], timeZone: string, nowMs: number): DailyHistory {
  const clock = zoneClock(timeZone);
  const days = new Float64Array(records.length).fill(NaN);
  const hours = new Float64Array(records.length);
  records.forEach((record, i) => {
    const created = record.created_at === null ? NaN : record.created_at.getTime();
    if (Number.isNaN(created)) return;
    const local = clock.toLocalMs(created);
    days[i] = dayOf(local);
    hours[i] = hourOf(local);
  });
  return dailyHistoryOfDays(days, hours, dayOf(clock.toLocalMs(nowMs)));
}

/**
 * `dailyHistory` from each row's local creation day and hour (NaN day = no row or no `created_at`), e.g. those the
 * dashboard already derived: no time-zone work, which at 200,000 rows is most of this pass's cost.
 */
export function dailyHistoryOfDays(days: ArrayLike<number>, hours: ArrayLike<number>, today: number): DailyHistory {
  const earliest = today - MAX_HISTORY_DAYS;
  // Counts by day since `earliest` in a typed array (one slot a day), the weekday × hour profile counted as it goes:
  // this runs over every row of the sheet after each change, so nothing is allocated per row.
  const byDay = new Int32Array(Math.max(0, today - earliest));
  const profile = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  let first = Infinity;
  let todayVolume = 0;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as number;
    if (Number.isNaN(day)) continue;
    if (day === today) todayVolume++;
    if (day >= today || day < earliest) continue;
    byDay[day - earliest] = (byDay[day - earliest] as number) + 1;
    (profile[weekdayOf(day)] as number[])[hours[i] as number]! += 1;
    if (day < first) first = day;
  }
  if (first === Infinity) return { startDay: NaN, counts: [], today, todayVolume, profile };
  const counts = Array.from(byDay.subarray(first - earliest));
  return { startDay: first, counts, today, todayVolume, profile };
}

/**
 * Hour shares of one weekday: its own profile when it has data, else the profile of all weekdays, else flat.
 * The shares sum to 1, so an hourly split keeps the daily total.
 */
export function hourShares(profile: readonly (readonly number[])[], weekday: number): number[] {
  const own = profile[weekday] ?? [];
  const ownTotal = own.reduce((a, b) => a + b, 0);
  if (ownTotal > 0) return own.map((count) => count / ownTotal);
  const all = new Array<number>(24).fill(0);
  for (const row of profile) row.forEach((count, hour) => (all[hour] = (all[hour] ?? 0) + count));
  const total = all.reduce((a, b) => a + b, 0);
  return total > 0 ? all.map((count) => count / total) : new Array<number>(24).fill(1 / 24);
}

function meanAbs(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += Math.abs(v);
  return sum / values.length;
}

function rootMeanSquare(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.sqrt(sum / values.length);
}

/**
 * Rolling-origin backtest: at origins one week apart ending `BACKTEST_HORIZON` days before the end (at most
 * `BACKTEST_MAX_ORIGINS`, each with at least `MIN_HISTORY_DAYS` of training), both models are fitted on the days
 * before the origin and scored on the next `BACKTEST_HORIZON` days. Null when no origin fits.
 */
export function backtest(series: readonly number[]): Backtest | null {
  const hwErrors: number[] = [];
  const naiveErrors: number[] = [];
  let origins = 0;
  for (let origin = series.length - BACKTEST_HORIZON; origin >= MIN_HISTORY_DAYS && origins < BACKTEST_MAX_ORIGINS; origin -= SEASON) {
    const training = series.slice(0, origin);
    const actual = series.slice(origin, origin + BACKTEST_HORIZON);
    const hw = forecastHoltWinters(fitHoltWinters(training), actual.length);
    const naive = forecastSeasonalNaive(training, actual.length);
    actual.forEach((y, i) => {
      hwErrors.push(y - Math.max(0, hw[i] ?? 0));
      naiveErrors.push(y - (naive[i] ?? 0));
    });
    origins++;
  }
  if (origins === 0) return null;
  const scale = meanAbs(seasonalNaiveErrors(series));
  const holtWintersMae = meanAbs(hwErrors);
  const naiveMae = meanAbs(naiveErrors);
  return {
    origins,
    horizon: BACKTEST_HORIZON,
    points: hwErrors.length,
    holtWintersMae,
    naiveMae,
    holtWintersMase: scale > 0 ? holtWintersMae / scale : null,
    naiveMase: scale > 0 ? naiveMae / scale : null,
  };
}

/** Share of the rows with a known `escalated_to_human` that were escalated (1 when none is known). */
export function observedEscalationShare(records: readonly ForecastRecord[]): number {
  let known = 0;
  let escalated = 0;
  for (const r of records) {
    if (r.escalated_to_human === null) continue;
    known++;
    if (r.escalated_to_human) escalated++;
  }
  return known === 0 ? 1 : escalated / known;
}

/**
 * The handling time for Erlang C: the median `operator_handling_time` (metrics.md §7, minutes → seconds), the time
 * from a conversation's first to its last operator message — the stretch a person actually worked on it, instead of
 * creation → resolution, which also counts the AI's part and the time a conversation sat resolved-pending. Rows with
 * 0 (a single operator message: the span cannot measure the reply's own work) are left out; the median keeps a few
 * conversations handled over days from dominating. `DEFAULT_HANDLING_SECONDS` when there is none.
 */
export function observedHandling(records: readonly ForecastRecord[]): Pick<StaffingBasis, 'handlingSeconds' | 'handlingSource' | 'handlingSamples'> {
  const minutes: number[] = [];
  for (const r of records) {
    if (r.operator_handling_time !== null && r.operator_handling_time > 0) minutes.push(r.operator_handling_time);
  }
  if (minutes.length === 0) return { handlingSeconds: DEFAULT_HANDLING_SECONDS, handlingSource: 'default', handlingSamples: 0 };
  minutes.sort((a, b) => a - b);
  const mid = minutes.length >> 1;
  const median = minutes.length % 2 === 1 ? (minutes[mid] as number) : ((minutes[mid - 1] as number) + (minutes[mid] as number)) / 2;
  return { handlingSeconds: median * 60, handlingSource: 'measured', handlingSamples: minutes.length };
}

/**
 * The demand forecast (issue 6): daily volume series from `created_at` in the spreadsheet's zone; additive
 * Holt-Winters (weekly season, grid-searched on one-step errors) against the seasonal-naive baseline in a
 * rolling-origin backtest; Holt-Winters is used only when its backtest MAE beats the baseline's. 80 % bands from
 * the chosen model's in-sample one-step errors: ±1.28·σ·`holtWintersSpreadFactor` (Holt-Winters) or
 * ±1.28·σ·√(⌊(h−1)/7⌋+1) (seasonal naive, which repeats the same week). Fewer than `MIN_HISTORY_DAYS` complete days, or none with a conversation,
 * gives "Dados insuficientes".
 */
export function buildForecast(input: ForecastInput): ForecastResult {
  const history = dailyHistory(input.records, input.timeZone, input.nowMs);
  const today = { date: isoDate(history.today), volume: history.todayVolume };
  const series = history.counts;
  const total = series.reduce((a, b) => a + b, 0);
  if (series.length < MIN_HISTORY_DAYS || total === 0) {
    const message =
      total === 0
        ? 'Dados insuficientes para a previsão: nenhuma conversa em dias completos no histórico.'
        : `Dados insuficientes para a previsão: ${series.length} dia(s) completo(s) de histórico; são necessários ao menos ${MIN_HISTORY_DAYS} (3 semanas).`;
    return { status: 'insufficient', message, historyDays: series.length, today };
  }
  const fit = fitHoltWinters(series);
  const test = backtest(series);
  const useHoltWinters = test !== null && test.holtWintersMae < test.naiveMae;
  const model: ForecastModel = useHoltWinters ? 'holt-winters' : 'seasonal-naive';
  const reason =
    test === null
      ? `Histórico curto demais para o backtest (menos de ${MIN_HISTORY_DAYS + BACKTEST_HORIZON} dias): usa o sazonal ingênuo.`
      : useHoltWinters
        ? 'Holt-Winters teve erro (MAE) menor que o sazonal ingênuo no backtest.'
        : 'Holt-Winters não superou o sazonal ingênuo no backtest: usa o sazonal ingênuo.';
  const points = useHoltWinters ? forecastHoltWinters(fit, FORECAST_DAYS) : forecastSeasonalNaive(series, FORECAST_DAYS);
  const sigma = rootMeanSquare(useHoltWinters ? fit.errors : seasonalNaiveErrors(series));
  const days: ForecastDay[] = points.map((point, i) => {
    const h = i + 1;
    const spread = Z_80 * sigma * (useHoltWinters ? holtWintersSpreadFactor(fit.params, h) : Math.sqrt(Math.floor((h - 1) / SEASON) + 1));
    const expected = Math.max(0, point);
    return {
      date: isoDate(history.today + i),
      expected,
      low: Math.max(0, point - spread),
      high: Math.max(0, point + spread),
    };
  });
  const staffing: StaffingBasis = {
    ...observedHandling(input.records),
    escalationShare: observedEscalationShare(input.records),
    slaSeconds: input.slaSeconds,
    targetShare: TARGET_SERVICE_LEVEL,
  };
  const hourly: HourlyForecast[] = [];
  for (let i = 0; i < HOURLY_DAYS; i++) {
    const day = days[i] as ForecastDay;
    const shares = hourShares(history.profile, weekdayOf(history.today + i));
    shares.forEach((share, hour) => {
      const expected = day.expected * share;
      hourly.push({
        date: day.date,
        hour,
        expected,
        // Only escalated conversations queue for an operator; the AI answers the others.
        operators: operatorsNeeded(expected * staffing.escalationShare, staffing.handlingSeconds, staffing.slaSeconds, staffing.targetShare),
      });
    });
  }
  return {
    status: 'ok',
    model,
    modelLabel: MODEL_LABELS[model],
    reason,
    params: fit.params,
    historyStart: isoDate(history.startDay),
    historyEnd: isoDate(history.today - 1),
    historyDays: series.length,
    today,
    days,
    hourly,
    backtest: test,
    staffing,
  };
}

/** Tomorrow's row of a forecast, for `DashboardData.forecastTomorrow`; null when there is no forecast. */
export function tomorrowOf(result: ForecastResult): { expected: number; low: number; high: number; model: string } | null {
  if (result.status !== 'ok') return null;
  const day = result.days[1];
  if (!day) return null;
  const round = (v: number): number => Math.round(v * 10) / 10;
  return { expected: round(day.expected), low: round(day.low), high: round(day.high), model: result.modelLabel };
}
