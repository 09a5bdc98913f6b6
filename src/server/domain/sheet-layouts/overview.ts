// "Visão Geral": filters and last sync, the KPI block against the previous period, and the three distributions.
import type { DashboardData, Filters, KeyCount, Kpis } from '../../../shared/dto';
import {
  FORMATS,
  NULL_TEXT,
  change,
  instant,
  minutes,
  num,
  seconds,
  table,
  text,
  type FormattedCell,
  type PlacedTable,
} from './format';
import { FIRST_TABLE_ROW, chartOver, finishLayout, heading, listOrAll } from './sheet';
import type { SheetLayout } from './types';

const CHART_COLUMN = 7;

/** `YYYY-MM-DD` as `dd/mm/yyyy` for the filter summary. */
function brDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/** The period filter in words: both bounds, one open bound, or the whole history. */
export function periodText(filters: Filters): string {
  if (filters.from && filters.to) return `${brDate(filters.from)} a ${brDate(filters.to)}`;
  if (filters.from) return `a partir de ${brDate(filters.from)}`;
  if (filters.to) return `até ${brDate(filters.to)}`;
  return 'todo o período';
}

function filtersTable(data: DashboardData, row: number): PlacedTable {
  const f = data.filters;
  return table({
    row,
    column: 1,
    title: 'Filtros e atualização',
    header: ['Item', 'Valor'],
    rows: [
      [text('Período'), text(periodText(f))],
      [text('Canais'), text(listOrAll(f.channels))],
      [text('Status'), text(listOrAll(f.statuses))],
      [text('Prioridades'), text(listOrAll(f.priorities))],
      [text('Agentes'), text(listOrAll(f.agentIds))],
      [text('Última sincronização'), instant(data.lastSync?.finishedAt)],
      [text('Gerado em'), instant(data.generatedAt)],
      [text('Fuso horário'), text(data.timeZone)],
    ],
  });
}

/** One KPI line: label, value, n, previous value, change — every cell in the KPI's own format. */
type KpiLine = [label: string, pick: (k: Kpis) => number | null, n: (k: Kpis) => number | null, kind: 'count' | 'rate' | 'seconds' | 'minutes' | 'score'];

const KPI_LINES: KpiLine[] = [
  ['Volume', (k) => k.volume, () => null, 'count'],
  ['Taxa de resolução', (k) => k.resolutionRate, (k) => k.volume, 'rate'],
  ['Taxa de escalonamento', (k) => k.escalationRate, (k) => k.volume, 'rate'],
  ['Contenção pela IA', (k) => k.containmentRate, (k) => k.volume, 'rate'],
  ['Taxa de SLA', (k) => k.slaRate, () => null, 'rate'],
  ['Sem resposta', (k) => k.unanswered, () => null, 'count'],
  ['Abandonadas', (k) => k.abandoned, () => null, 'count'],
  ['1ª resposta — média', (k) => k.firstResponse.mean, (k) => k.firstResponse.n, 'seconds'],
  ['1ª resposta — mediana', (k) => k.firstResponse.median, (k) => k.firstResponse.n, 'seconds'],
  ['1ª resposta — p90', (k) => k.firstResponse.p90, (k) => k.firstResponse.n, 'seconds'],
  ['Resolução — média', (k) => k.resolution.mean, (k) => k.resolution.n, 'minutes'],
  ['Resolução — mediana', (k) => k.resolution.median, (k) => k.resolution.n, 'minutes'],
  ['Resolução — p90', (k) => k.resolution.p90, (k) => k.resolution.n, 'minutes'],
  ['Satisfação — média (1–5)', (k) => k.satisfaction.mean, (k) => k.satisfaction.n, 'score'],
  ['Satisfação — notas 4 e 5', (k) => k.satisfaction.top2Rate, (k) => k.satisfaction.n, 'rate'],
  ['Frustração — nível médio (1–5)', (k) => k.frustration.mean, (k) => k.frustration.n, 'score'],
  ['Frustração — níveis 4 e 5', (k) => k.frustration.highRate, (k) => k.frustration.n, 'rate'],
];

function valueCell(value: number | null, kind: KpiLine[3], asChange: boolean): FormattedCell {
  switch (kind) {
    case 'count':
      return num(value, asChange ? FORMATS.integerChange : FORMATS.integer);
    case 'rate':
      return num(value, asChange ? FORMATS.percentChange : FORMATS.percent);
    case 'seconds':
      return seconds(value, asChange ? FORMATS.durationChange : FORMATS.duration);
    case 'minutes':
      return minutes(value, asChange ? FORMATS.durationChange : FORMATS.duration);
    case 'score':
      return num(value, asChange ? FORMATS.decimalChange : FORMATS.decimal);
  }
}

function kpiTable(data: DashboardData, row: number): PlacedTable {
  const previous = data.previous;
  return table({
    row,
    column: 1,
    title: 'Indicadores',
    header: ['Indicador', 'Valor', 'n', 'Período anterior', 'Variação'],
    rows: KPI_LINES.map(([label, pick, n, kind]) => {
      const current = pick(data.kpis);
      const before = previous ? pick(previous) : null;
      const count = n(data.kpis);
      return [
        text(label),
        valueCell(current, kind, false),
        count === null ? text('') : num(count, FORMATS.integer),
        previous ? valueCell(before, kind, false) : text(NULL_TEXT),
        valueCell(change(current, before), kind, true),
      ];
    }),
  });
}

function distribution(title: string, keyLabel: string, counts: KeyCount[], row: number): PlacedTable {
  return table({
    row,
    column: 1,
    title,
    header: [keyLabel, 'Conversas'],
    rows: counts.map((c) => [text(c.key), num(c.count, FORMATS.integer)]),
  });
}

/**
 * Durable AI resolution (metrics.md §8) beside the containment rate it refines: AI resolutions with no return of
 * the same customer within 7 days, over those at least 7 days old; the younger ones are pending.
 */
function durableTable(data: DashboardData, row: number): PlacedTable {
  const d = data.durableAi;
  return table({
    row,
    column: 1,
    title: 'Resolução pela IA que se mantém (7 dias)',
    header: ['Indicador', 'Valor'],
    rows: [
      [text('Contenção pela IA'), num(data.kpis.containmentRate, FORMATS.percent)],
      [text('Resolução duradoura pela IA'), num(d.rate, FORMATS.percent)],
      [text('Duradouras (sem retorno em 7 dias)'), num(d.durable, FORMATS.integer)],
      [text('Resolvidas pela IA com 7 dias ou mais'), num(d.aiResolved - d.pending, FORMATS.integer)],
      [text('Pendentes (menos de 7 dias)'), num(d.pending, FORMATS.integer)],
    ],
  });
}

/** The "Visão Geral" sheet from one DashboardData. */
export function overviewLayout(data: DashboardData): SheetLayout {
  const title = heading('Chatvolt Analytics — Visão Geral');
  const filters = filtersTable(data, FIRST_TABLE_ROW);
  const kpis = kpiTable(data, filters.endRow + 1);
  const durable = durableTable(data, kpis.endRow + 1);
  const status = distribution('Distribuição por status', 'Status', data.byStatus, durable.endRow + 1);
  const channel = distribution('Volume por canal', 'Canal', data.byChannel, status.endRow + 1);
  const priority = distribution('Distribuição por prioridade', 'Prioridade', data.byPriority, channel.endRow + 1);
  return finishLayout({
    name: 'Visão Geral',
    tables: [title, filters, kpis, durable, status, channel, priority],
    charts: [
      chartOver(status, [1, 2], {
        key: 'status',
        kind: 'PIE',
        title: 'Conversas por status',
        row: FIRST_TABLE_ROW,
        column: CHART_COLUMN,
        options: { pieHole: 0.4, 'legend.position': 'right' },
      }),
      chartOver(channel, [1, 2], {
        key: 'channel',
        kind: 'COLUMN',
        title: 'Volume por canal',
        row: FIRST_TABLE_ROW + 20,
        column: CHART_COLUMN,
        options: { 'legend.position': 'none' },
      }),
      chartOver(priority, [1, 2], {
        key: 'priority',
        kind: 'BAR',
        title: 'Conversas por prioridade',
        row: FIRST_TABLE_ROW + 40,
        column: CHART_COLUMN,
        options: { 'legend.position': 'none' },
      }),
    ],
    columnWidths: [230, 150, 70, 130, 110, 24, 100, 100, 100, 100, 100, 100],
  });
}
