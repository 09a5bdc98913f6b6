// "Análise Temporal": the 7×24 heat map (gradient), the weekday profile, and the daily, weekly and monthly series.
import type { DashboardData, SeriesPoint } from '../../../shared/dto';
import { FORMATS, a1, day, num, seconds, table, text, type FormattedCell } from './format';
import { FIRST_TABLE_ROW, CHART_ROWS, chartOver, finishLayout, heading } from './sheet';
import type { SheetLayout } from './types';

/** Weekday names, index 0 = Monday (metrics.md: weeks start on Monday). */
export const WEEKDAYS = ['Segunda', 'Terça', 'Quarta', 'Quinta', 'Sexta', 'Sábado', 'Domingo'] as const;

const SERIES_HEADER = ['Criadas', 'Resolvidas', 'Escalonadas', 'Mediana 1ª resposta'];

function seriesCells(point: SeriesPoint): FormattedCell[] {
  return [
    num(point.created, FORMATS.integer),
    num(point.resolved, FORMATS.integer),
    num(point.escalated, FORMATS.integer),
    seconds(point.firstResponseMedian),
  ];
}

/** The "Análise Temporal" sheet from one DashboardData. */
export function temporalLayout(data: DashboardData): SheetLayout {
  const empty = data.kpis.volume === 0;
  const title = heading('Chatvolt Analytics — Análise Temporal');
  const hours = Array.from({ length: 24 }, (_, h) => `${h}h`);
  const heat = table({
    row: FIRST_TABLE_ROW,
    column: 1,
    title: 'Mapa de calor — conversas por dia da semana e hora',
    header: ['Dia', ...hours],
    rows: empty
      ? []
      : WEEKDAYS.map((name, d) => [
          text(name),
          ...hours.map((_, h) => num(data.heatmap[d]?.[h] ?? 0, FORMATS.integer)),
        ]),
  });
  const profile = table({
    row: heat.endRow + 1,
    column: 1,
    title: 'Perfil por dia da semana',
    header: ['Dia da semana', 'Conversas'],
    rows: empty
      ? []
      : WEEKDAYS.map((name, d) => [
          text(name),
          num((data.heatmap[d] ?? []).reduce((sum, count) => sum + count, 0), FORMATS.integer),
        ]),
  });
  const seriesRow = profile.block.row + CHART_ROWS + 1;
  const daily = table({
    row: seriesRow,
    column: 1,
    title: 'Série diária',
    header: ['Data', ...SERIES_HEADER],
    rows: empty ? [] : data.daily.map((p) => [day(p.date, data.timeZone), ...seriesCells(p)]),
  });
  const weekly = table({
    row: seriesRow,
    column: 7,
    title: 'Série semanal',
    header: ['Semana', ...SERIES_HEADER],
    rows: empty ? [] : data.weekly.map((p) => [text(p.week), ...seriesCells(p)]),
  });
  const monthly = table({
    row: seriesRow,
    column: 13,
    title: 'Série mensal',
    header: ['Mês', ...SERIES_HEADER],
    rows: empty ? [] : data.monthly.map((p) => [text(p.month), ...seriesCells(p)]),
  });
  const gradients =
    heat.dataRows === 0
      ? []
      : [
          {
            range: a1(heat.firstDataRow, 2, heat.dataRows, 24),
            minColor: '#ffffff',
            midColor: '#fbbc04',
            maxColor: '#d93025',
            midPercentile: 50,
          },
        ];
  return finishLayout({
    name: 'Análise Temporal',
    tables: [title, heat, profile, daily, weekly, monthly],
    charts: [
      chartOver(profile, [1, 2], {
        key: 'weekday',
        kind: 'COLUMN',
        title: 'Conversas por dia da semana',
        row: profile.block.row,
        column: 4,
        options: { 'legend.position': 'none' },
      }),
      chartOver(daily, [1, 2, 3, 4], {
        key: 'daily',
        kind: 'LINE',
        title: 'Conversas por dia — criadas, resolvidas e escalonadas',
        row: profile.block.row,
        column: 14,
        options: { 'legend.position': 'bottom' },
      }),
    ],
    gradients,
    // A: labels; B–Y: the 24 hours (narrow), which the series tables below reuse.
    columnWidths: [110, ...Array.from({ length: 24 }, () => 80)],
  });
}
