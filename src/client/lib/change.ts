// The change of a KPI against the previous period: arrow, text and whether it is better or worse.
import { formatDuration, formatMinutes, formatNumber, MISSING } from './format';

/** How a KPI's value is shown, which decides how its change is written. */
export type KpiUnit = 'rate' | 'count' | 'seconds' | 'minutes' | 'score';

/** Which direction is good news: up (resolution rate), down (first response time) or neither (volume). */
export type KpiPolarity = 'higherIsBetter' | 'lowerIsBetter' | 'neutral';

/** A rendered change: arrow ('' when unknown), text, and its tone for colour. */
export interface KpiChange {
  arrow: '↑' | '↓' | '→' | '';
  text: string;
  tone: 'better' | 'worse' | 'neutral' | 'unknown';
}

/**
 * The change `current − previous` (contract.md: computed where it is shown), e.g. rates 0.8 vs 0.75 ->
 * "↑ 5,0 p.p." (better when higher is better); null on either side -> "—".
 */
export function kpiChange(
  current: number | null,
  previous: number | null,
  unit: KpiUnit,
  polarity: KpiPolarity,
): KpiChange {
  if (current === null || previous === null) return { arrow: '', text: MISSING, tone: 'unknown' };
  const delta = current - previous;
  const magnitude = formatMagnitude(Math.abs(delta), unit);
  // A difference that rounds to zero in its unit is no change (e.g. 0.00001 of a rate).
  if (isZeroWhenShown(Math.abs(delta), unit)) return { arrow: '→', text: `${magnitude}`, tone: 'neutral' };
  const up = delta > 0;
  const tone = polarity === 'neutral' ? 'neutral' : up === (polarity === 'higherIsBetter') ? 'better' : 'worse';
  return { arrow: up ? '↑' : '↓', text: magnitude, tone };
}

function formatMagnitude(value: number, unit: KpiUnit): string {
  switch (unit) {
    case 'rate':
      return `${formatNumber(value * 100, 1)} p.p.`;
    case 'count':
      return formatNumber(value, 0);
    case 'seconds':
      return formatDuration(value);
    case 'minutes':
      return formatMinutes(value);
    case 'score':
      return formatNumber(value, 1);
  }
}

function isZeroWhenShown(value: number, unit: KpiUnit): boolean {
  switch (unit) {
    case 'rate':
      return Math.round(value * 1000) === 0;
    case 'count':
    case 'seconds':
      return Math.round(value) === 0;
    case 'minutes':
      return Math.round(value * 60) === 0;
    case 'score':
      return Math.round(value * 10) === 0;
  }
}
