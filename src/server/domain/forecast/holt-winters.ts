// Additive Holt-Winters with a weekly season and the seasonal-naive baseline: fitting, one-step errors, forecasts.

/** Days in the season of a daily series (one week). */
export const SEASON = 7;

/** Smoothing parameters of the additive Holt-Winters model (level, trend, season). */
export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
}

/** A fitted model: the final state and the one-step-ahead errors over the fitted span. */
export interface HoltWintersFit {
  params: HoltWintersParams;
  level: number;
  trend: number;
  /** The last `SEASON` seasonal terms; `season[i]` belongs to the day `series.length - SEASON + i`. */
  season: number[];
  /** One-step-ahead errors (actual − forecast) from day `SEASON * 2` on. */
  errors: number[];
  /** Sum of squared one-step errors: the grid search's criterion. */
  sse: number;
}

/**
 * The parameter grid searched by `fitHoltWinters`. Small on purpose (6 × 4 × 5 = 120 fits of a few hundred
 * days each, well under a second on Apps Script); beta stays low because a strong trend extrapolated over 14
 * days on noisy daily counts overshoots.
 */
export const HW_GRID = {
  alpha: [0.05, 0.1, 0.2, 0.3, 0.5, 0.7],
  beta: [0, 0.01, 0.05, 0.1],
  gamma: [0.05, 0.1, 0.2, 0.3, 0.5],
} as const;

function seasonalMean(series: readonly number[], from: number): number {
  let sum = 0;
  for (let i = from; i < from + SEASON; i++) sum += series[i] ?? 0;
  return sum / SEASON;
}

/**
 * Runs the additive Holt-Winters recursions (Hyndman & Athanasopoulos, FPP3 §8.3) with fixed parameters.
 * Initial state from the first two weeks: level = mean of week 1, trend = (mean week 2 − mean week 1) / 7,
 * season = week 1 minus that detrended line. Errors are collected from day 14 on (the first two weeks built the start state).
 * Needs at least 2 × SEASON values.
 */
export function runHoltWinters(series: readonly number[], params: HoltWintersParams): HoltWintersFit {
  const { alpha, beta, gamma } = params;
  const first = seasonalMean(series, 0);
  let level = first;
  let trend = (seasonalMean(series, SEASON) - first) / SEASON;
  const middle = (SEASON - 1) / 2;
  const season: number[] = [];
  for (let i = 0; i < SEASON; i++) season.push((series[i] ?? 0) - (first + trend * (i - middle)));
  // Level and trend at the end of week 1 are projected, so day 7 is the first one-step forecast.
  level = first + trend * middle;
  const errors: number[] = [];
  let sse = 0;
  for (let t = SEASON; t < series.length; t++) {
    const y = series[t] ?? 0;
    const s = season[t % SEASON] ?? 0;
    const predicted = level + trend + s;
    if (t >= SEASON * 2) {
      const error = y - predicted;
      errors.push(error);
      sse += error * error;
    }
    const previousLevel = level;
    const previousTrend = trend;
    level = alpha * (y - s) + (1 - alpha) * (previousLevel + previousTrend);
    trend = beta * (level - previousLevel) + (1 - beta) * previousTrend;
    season[t % SEASON] = gamma * (y - previousLevel - previousTrend) + (1 - gamma) * s;
  }
  // Reorder so season[i] is the term of day n − SEASON + i.
  const n = series.length;
  const ordered: number[] = [];
  for (let i = 0; i < SEASON; i++) ordered.push(season[(n - SEASON + i) % SEASON] ?? 0);
  return { params, level, trend, season: ordered, errors, sse };
}

/** The grid point with the least sum of squared one-step errors (ties: the first in grid order). */
export function fitHoltWinters(series: readonly number[]): HoltWintersFit {
  let best: HoltWintersFit | null = null;
  for (const alpha of HW_GRID.alpha) {
    for (const beta of HW_GRID.beta) {
      for (const gamma of HW_GRID.gamma) {
        const fit = runHoltWinters(series, { alpha, beta, gamma });
        if (best === null || fit.sse < best.sse) best = fit;
      }
    }
  }
  // The grid is never empty, so `best` is set.
  return best as HoltWintersFit;
}

/** Point forecasts for the next `horizon` days after the fitted series (h = 1 is the day after the last). */
export function forecastHoltWinters(fit: HoltWintersFit, horizon: number): number[] {
  const out: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    out.push(fit.level + h * fit.trend + (fit.season[(h - 1) % SEASON] ?? 0));
  }
  return out;
}

/**
 * How much wider the h-step-ahead forecast error of additive Holt-Winters is than the one-step error (ratio of standard
 * deviations): √(1 + Σ_{j=1}^{h−1} c_j²) with c_j = α + αβ·j + γ·[j a multiple of the season] (Hyndman et al. 2008,
 * ETS(A,A,A); its trend smoothing is α·β of this component form). Not √h: that is the random walk's growth (α = 1),
 * far too wide for the small α the grid search picks on daily counts.
 * @example holtWintersSpreadFactor({ alpha: 0.2, beta: 0, gamma: 0.1 }, 8) // √(1 + 6·0.2² + 0.3²) ≈ 1.1533
 */
export function holtWintersSpreadFactor(params: HoltWintersParams, h: number): number {
  let variance = 1;
  for (let j = 1; j < h; j++) {
    const c = params.alpha + params.alpha * params.beta * j + (j % SEASON === 0 ? params.gamma : 0);
    variance += c * c;
  }
  return Math.sqrt(variance);
}

/** Seasonal-naive forecasts: each future day repeats the same weekday of the last observed week. */
export function forecastSeasonalNaive(series: readonly number[], horizon: number): number[] {
  const n = series.length;
  const out: number[] = [];
  for (let h = 1; h <= horizon; h++) out.push(series[n - SEASON + ((h - 1) % SEASON)] ?? 0);
  return out;
}

/** In-sample one-step errors of the seasonal-naive model (y_t − y_{t−7}), from day 7 on. */
export function seasonalNaiveErrors(series: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = SEASON; t < series.length; t++) out.push((series[t] ?? 0) - (series[t - SEASON] ?? 0));
  return out;
}
