// The spreadsheet's capacity as the pages word it: "Capacidade da planilha: 38 % — cheia em ~4 meses neste ritmo".
import type { Capacity } from '../../shared/dto';
import { formatNumber } from './format';

/** From this share of Sheets' 10-million-cell limit on, the pages warn and propose a message retention. */
export const CAPACITY_WARN_PERCENT = 70;

/** Days from `today` to `date`, both 'YYYY-MM-DD' (calendar arithmetic, no time zone involved). */
export function daysBetween(today: string, date: string): number | null {
  const parse = (text: string): number | null => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
  };
  const a = parse(today);
  const b = parse(date);
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000);
}

/**
 * How long until the projected full date, roughly, e.g. 3 -> "~3 dias", 20 -> "~3 semanas", 122 -> "~4 meses",
 * 800 -> "~2 anos"; 0 or less -> null (already there).
 */
export function roughDuration(days: number): string | null {
  if (days <= 0) return null;
  const plural = (n: number, one: string, many: string): string => `~${n} ${n === 1 ? one : many}`;
  if (days < 14) return plural(days, 'dia', 'dias');
  if (days < 60) return plural(Math.round(days / 7), 'semana', 'semanas');
  if (days < 730) return plural(Math.round(days / 30.44), 'mês', 'meses');
  return plural(Math.round(days / 365.25), 'ano', 'anos');
}

/** The share of the limit as a whole percentage, e.g. 38.4 -> "38 %", 0.2 -> "< 1 %", 99.7 -> "99 %" (never rounds up to full). */
export function formatCapacityPercent(percent: number): string {
  if (percent > 0 && percent < 1) return '< 1 %';
  if (percent < 100 && percent > 99) return '99 %';
  return `${formatNumber(Math.round(percent))} %`;
}

/**
 * The one-line capacity statement, e.g. "Capacidade da planilha: 38 % — cheia em ~4 meses neste ritmo";
 * "— sem previsão de ficar cheia neste ritmo" when the projection is null (no growth); "— cheia" at the wall.
 * `today` is the spreadsheet's calendar date.
 */
export function capacityText(capacity: Capacity, today: string): string {
  const head = `Capacidade da planilha: ${formatCapacityPercent(capacity.percent)}`;
  if (capacity.percent >= 100) return `${head} — cheia`;
  if (capacity.projectedFullDate === null) return `${head} — sem previsão de ficar cheia neste ritmo`;
  const days = daysBetween(today, capacity.projectedFullDate);
  const rough = days === null ? null : roughDuration(days);
  return rough === null ? `${head} — cheia a qualquer momento neste ritmo` : `${head} — cheia em ${rough} neste ritmo`;
}

/** A retention of N days in words: 90 -> "90 dias", 1 -> "1 dia", 1200 -> "1.200 dias". */
export function retentionDaysText(days: number): string {
  return `${formatNumber(days)} ${days === 1 ? 'dia' : 'dias'}`;
}
