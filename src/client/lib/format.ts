// Number, percentage, duration and relative-time formatting for the pages, in Brazilian Portuguese.

/** The placeholder for a value that does not exist (metrics.md: a rate over zero rows is null, never 0). */
export const MISSING = '—';

/**
 * Groups thousands with "." as pt-BR does, e.g. 1234567 -> "1.234.567"; decimals use ",".
 * Hand-rolled rather than Intl so the text is the same in every browser and in Node.
 */
export function formatNumber(value: number, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}

/** A rate 0–1 as a percentage with one decimal, e.g. 0.1234 -> "12,3%"; null -> "—". */
export function formatPercent(rate: number | null, decimals = 1): string {
  return rate === null ? MISSING : `${formatNumber(rate * 100, decimals)}%`;
}

/**
 * A duration in seconds as words, e.g. 45 -> "45 s", 90 -> "1 min 30 s", 3660 -> "1 h 1 min",
 * 90000 -> "1 d 1 h"; the two largest units only; null -> "—".
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return MISSING;
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && total > 0 ? '-' : '';
  const units: Array<[number, string]> = [
    [Math.floor(total / 86400), 'd'],
    [Math.floor((total % 86400) / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'min'],
    [total % 60, 's'],
  ];
  const first = units.findIndex(([amount]) => amount > 0);
  if (first === -1) return '0 s';
  const parts = units.slice(first, first + 2).filter(([amount]) => amount > 0);
  return sign + parts.map(([amount, unit]) => `${amount} ${unit}`).join(' ');
}

/** A duration in minutes (metrics.md: resolution times are minutes) as words; null -> "—". */
export function formatMinutes(minutes: number | null): string {
  return minutes === null ? MISSING : formatDuration(minutes * 60);
}

/** How long ago, from elapsed seconds: "há 5 s", "há 3 min", "há 2 h", "há 1 dia" / "há 4 dias". */
export function formatAgo(elapsedSeconds: number): string {
  const s = Math.max(0, Math.floor(elapsedSeconds));
  if (s < 60) return `há ${s} s`;
  if (s < 3600) return `há ${Math.floor(s / 60)} min`;
  if (s < 86400) return `há ${Math.floor(s / 3600)} h`;
  const days = Math.floor(s / 86400);
  return `há ${days} ${days === 1 ? 'dia' : 'dias'}`;
}

/** A 1–5 score with one decimal, e.g. 4.25 -> "4,3"; null -> "—". */
export function formatScore(score: number | null): string {
  return score === null ? MISSING : formatNumber(score, 1);
}

/**
 * An ISO instant as "dd/MM HH:mm" in the given time zone (the spreadsheet's), e.g. for the last sync.
 * Returns "—" for an unreadable instant.
 */
export function formatDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return MISSING;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')} ${part('hour')}:${part('minute')}`;
}

/** A calendar date 'YYYY-MM-DD' as "dd/MM" for chart axes. */
export function formatShortDate(date: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[2]}/${match[1]}` : date;
}
