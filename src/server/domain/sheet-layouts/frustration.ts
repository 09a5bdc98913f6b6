// "Frustração": levels 1–5 with escalation and resolution rates, the summary, and the correlations.
import type { DashboardData } from '../../../shared/dto';
import { FORMATS, num, seconds, table, text } from './format';
import { FIRST_TABLE_ROW, chartOver, finishLayout, heading } from './sheet';
import type { SheetLayout } from './types';

const CHART_COLUMN = 7;

/** Label of a frustration level: text, so a chart takes the column as categories, not as a series. */
export function levelLabel(level: number): string {
  return `Nível ${level}`;
}

/** The "Frustração" sheet from one DashboardData. */
export function frustrationLayout(data: DashboardData): SheetLayout {
  const empty = data.kpis.volume === 0;
  const title = heading('Chatvolt Analytics — Frustração');
  const levels = table({
    row: FIRST_TABLE_ROW,
    column: 1,
    title: 'Níveis de frustração',
    header: ['Nível', 'Conversas', 'Taxa de escalonamento', 'Taxa de resolução', '1ª resposta média'],
    rows: empty
      ? []
      : data.frustrationLevels.map((l) => [
          text(levelLabel(l.level)),
          num(l.count, FORMATS.integer),
          num(l.escalationRate, FORMATS.percent),
          num(l.resolutionRate, FORMATS.percent),
          seconds(l.firstResponseMean),
        ]),
  });
  const summary = table({
    row: levels.endRow + 1,
    column: 1,
    title: 'Resumo',
    header: ['Indicador', 'Valor', 'n'],
    rows: empty
      ? []
      : [
          [text('Nível médio (1–5)'), num(data.kpis.frustration.mean, FORMATS.decimal), num(data.kpis.frustration.n, FORMATS.integer)],
          [text('Níveis 4 e 5'), num(data.kpis.frustration.highRate, FORMATS.percent), num(data.kpis.frustration.n, FORMATS.integer)],
        ],
  });
  const c = data.frustrationCorrelations;
  const correlations = table({
    row: summary.endRow + 1,
    column: 1,
    title: 'Correlação (Pearson) com o nível de frustração',
    header: ['Variável', 'r'],
    rows: empty
      ? []
      : [
          [text('Tempo de 1ª resposta'), num(c.firstResponse, FORMATS.correlation)],
          [text('Tempo de resolução'), num(c.resolution, FORMATS.correlation)],
          [text('Satisfação'), num(c.satisfaction, FORMATS.correlation)],
        ],
  });
  // The count chart stays even when no row has a level (five zero bars say "no frustration data", and every
  // dashboard sheet keeps a native chart); the rates chart over no levels says nothing and is skipped.
  const levelRates = data.kpis.frustration.n === 0 ? { ...levels, dataRows: 0 } : levels;
  return finishLayout({
    name: 'Frustração',
    tables: [title, levels, summary, correlations],
    charts: [
      chartOver(levels, [1, 2], {
        key: 'levels',
        kind: 'COLUMN',
        title: 'Conversas por nível de frustração',
        row: FIRST_TABLE_ROW,
        column: CHART_COLUMN,
        options: { 'legend.position': 'none' },
      }),
      chartOver(levelRates, [1, 3, 4], {
        key: 'level-rates',
        kind: 'COLUMN',
        title: 'Escalonamento e resolução por nível',
        row: FIRST_TABLE_ROW + 20,
        column: CHART_COLUMN,
        options: { 'legend.position': 'bottom', 'vAxis.format': 'percent' },
      }),
    ],
    columnWidths: [260, 110, 170, 150, 150, 24, 100, 100, 100, 100, 100, 100],
  });
}
