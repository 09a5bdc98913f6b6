// The scheduled report: which period is due (daily/weekly) and its escaped Portuguese HTML summary e-mail.
import type { Breakdown, DashboardData, Kpis, ReportSettings } from '../../../shared/dto';
import { dayOf, hourOf, isoDate, isoWeek, weekdayOf, zoneClock } from '../metrics/time-zone';
import { emailFrame, escapeHtml, formatNumber, formatPercent, formatSeconds, htmlTable } from './html';

/** The period a report covers and the key that marks it sent. */
export interface ReportPeriod {
  /** `d:YYYY-MM-DD` (the day it is sent) or `w:YYYY-Www` (the week it is sent): at most one report per key. */
  key: string;
  /** Portuguese label, e.g. "dia 14/03/2026" or "semana de 09/03/2026 a 15/03/2026". */
  label: string;
  /** Inclusive `YYYY-MM-DD` bounds (the dashboard filters). */
  from: string;
  to: string;
}

function brDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The period due at `nowMs`, or null. Daily: yesterday, once per local day at or after `hour`. Weekly: the previous
 * Monday–Sunday week, once per ISO week from Monday at `hour` on (a Monday without a sync sends on the next run).
 */
export function duePeriod(settings: ReportSettings, nowMs: number, timeZone: string, lastKey: string | null): ReportPeriod | null {
  if (settings.frequency === 'off') return null;
  const local = zoneClock(timeZone).toLocalMs(nowMs);
  const today = dayOf(local);
  const hour = hourOf(local);
  if (settings.frequency === 'daily') {
    const key = `d:${isoDate(today)}`;
    if (hour < settings.hour || key === lastKey) return null;
    const day = isoDate(today - 1);
    return { key, label: `dia ${brDate(day)}`, from: day, to: day };
  }
  const weekday = weekdayOf(today);
  const key = `w:${isoWeek(today)}`;
  if ((weekday === 0 && hour < settings.hour) || key === lastKey) return null;
  const monday = today - weekday - 7;
  const from = isoDate(monday);
  const to = isoDate(monday + 6);
  return { key, label: `semana de ${brDate(from)} a ${brDate(to)}`, from, to };
}

type Kind = 'count' | 'rate' | 'seconds' | 'minutes' | 'score';

function show(value: number | null, kind: Kind): string {
  if (value === null) return '—';
  switch (kind) {
    case 'count':
      return formatNumber(value);
    case 'rate':
      return formatPercent(value);
    case 'seconds':
      return formatSeconds(value);
    case 'minutes':
      return formatSeconds(value * 60);
    case 'score':
      return formatNumber(value, 2);
  }
}

/** Current minus previous, signed: counts in units and %, rates in percentage points, times as durations. */
function change(current: number | null, previous: number | null, kind: Kind): string {
  if (current === null || previous === null) return '—';
  const delta = current - previous;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '';
  const size = Math.abs(delta);
  switch (kind) {
    case 'count':
      return previous === 0 ? `${sign}${formatNumber(size)}` : `${sign}${formatNumber(size)} (${sign}${formatNumber((size / previous) * 100, 1)} %)`;
    case 'rate':
      return `${sign}${formatNumber(size * 100, 1)} p.p.`;
    case 'seconds':
      return `${sign}${formatSeconds(size)}`;
    case 'minutes':
      return `${sign}${formatSeconds(size * 60)}`;
    case 'score':
      return `${sign}${formatNumber(size, 2)}`;
  }
}

const CONTAINMENT = 'Contenção pela IA';

const KPI_ROWS: Array<[label: string, pick: (k: Kpis) => number | null, kind: Kind]> = [
  ['Conversas', (k) => k.volume, 'count'],
  ['Taxa de resolução', (k) => k.resolutionRate, 'rate'],
  ['Taxa de escalonamento', (k) => k.escalationRate, 'rate'],
  [CONTAINMENT, (k) => k.containmentRate, 'rate'],
  ['Taxa de SLA', (k) => k.slaRate, 'rate'],
  ['1ª resposta (mediana)', (k) => k.firstResponse.median, 'seconds'],
  ['Resolução (mediana)', (k) => k.resolution.median, 'minutes'],
  ['Satisfação (média 1–5)', (k) => k.satisfaction.mean, 'score'],
  ['Frustração (média 1–5)', (k) => k.frustration.mean, 'score'],
];

function topRows(groups: readonly Breakdown[], limit: number): string[][] {
  return groups.slice(0, limit).map((g) => [g.key, formatNumber(g.volume), formatPercent(g.resolutionRate)]);
}

/** The busiest hours over the period (heat map summed over weekdays), top `limit`, busiest first (ties: earlier hour). */
export function peakHours(heatmap: readonly (readonly number[])[], limit = 3): Array<{ hour: number; count: number }> {
  const totals = Array.from({ length: 24 }, (_, hour) => ({ hour, count: heatmap.reduce((s, row) => s + (row[hour] ?? 0), 0) }));
  return totals
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.hour - b.hour)
    .slice(0, limit);
}

/**
 * Durable AI resolution (metrics.md §8) in words: the rate with its counts and the pending ones, e.g.
 * "75,0 % (6 de 8 sem retorno em 7 dias; 4 pendentes)".
 */
export function durableAiLine(durable: DashboardData['durableAi']): string {
  const mature = durable.aiResolved - durable.pending;
  const pending = `${formatNumber(durable.pending)} ${durable.pending === 1 ? 'pendente' : 'pendentes'}`;
  if (durable.rate === null) return `— (${pending})`;
  return `${formatPercent(durable.rate)} (${formatNumber(durable.durable)} de ${formatNumber(mature)} sem retorno em 7 dias; ${pending})`;
}

/** A rendered e-mail. */
export interface ReportEmail {
  subject: string;
  htmlBody: string;
  body: string;
}

/**
 * The summary e-mail of a period: KPIs with the previous period and the change, top 5 agents and channels, the peak
 * hours. `data` must be computed with `from`/`to` = the period (so `previous` is the period before). Agent ids,
 * channel names and the spreadsheet name come from the sheet and are escaped. `note` (e.g. why the PDF is missing)
 * is shown above the footer.
 */
export function renderReportEmail(
  data: Omit<DashboardData, 'capacity'>,
  period: ReportPeriod,
  spreadsheetName: string,
  note: string | null,
  spreadsheetUrl: string | null = null,
): ReportEmail {
  const kpiTable: string[][] = [['Indicador', 'Período', 'Anterior', 'Variação']];
  const lines: string[] = [];
  for (const [label, pick, kind] of KPI_ROWS) {
    const now = pick(data.kpis);
    const before = data.previous ? pick(data.previous) : null;
    kpiTable.push([label, show(now, kind), show(before, kind), change(now, before, kind)]);
    lines.push(`${label}: ${show(now, kind)} (anterior ${show(before, kind)}; ${change(now, before, kind)})`);
    if (label === CONTAINMENT) {
      // metrics.md §8, beside the containment rate it refines (no previous period: it needs 7 days to mature).
      const durable = durableAiLine(data.durableAi);
      kpiTable.push(['Resolução duradoura pela IA', durable, '', '']);
      lines.push(`Resolução duradoura pela IA: ${durable}`);
    }
  }
  const peaks = peakHours(data.heatmap);
  const peakText = peaks.length > 0 ? peaks.map((p) => `${p.hour}h (${formatNumber(p.count)})`).join(', ') : 'sem conversas no período';
  const agents = topRows(data.agents, 5);
  const channels = topRows(data.channels, 5);
  const section = (title: string, content: string) => `<h3 style="font-size:15px">${escapeHtml(title)}</h3>${content}`;
  const none = '<p>Sem conversas no período.</p>';
  const inner =
    `<p>Resumo da planilha <b>${escapeHtml(spreadsheetName)}</b> — ${escapeHtml(period.label)}, comparado ao período anterior de mesma duração.</p>` +
    section('Indicadores', htmlTable(kpiTable)) +
    section('Principais agentes', agents.length > 0 ? htmlTable([['Agente', 'Conversas', 'Resolução'], ...agents]) : none) +
    section('Principais canais', channels.length > 0 ? htmlTable([['Canal', 'Conversas', 'Resolução'], ...channels]) : none) +
    section('Horários de pico', `<p>${escapeHtml(peakText)}</p>`) +
    (note ? `<p style="color:#b06000">${escapeHtml(note)}</p>` : '');
  const body = [
    `Resumo da planilha ${spreadsheetName} — ${period.label}.`,
    '',
    ...lines,
    '',
    `Principais agentes: ${agents.map((a) => `${a[0]} (${a[1]})`).join(', ') || '—'}`,
    `Principais canais: ${channels.map((c) => `${c[0]} (${c[1]})`).join(', ') || '—'}`,
    `Horários de pico: ${peakText}`,
    ...(note ? ['', note] : []),
  ].join('\n');
  return {
    subject: `Chatvolt Analytics: resumo — ${period.label}`,
    htmlBody: emailFrame(`Resumo — ${period.label}`, inner, spreadsheetUrl),
    body,
  };
}
