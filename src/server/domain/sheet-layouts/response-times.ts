// "Tempo de Atendimento": first-response and resolution statistics, the first-response (SLA) bands, the SLA rate.
import type { DashboardData } from '../../../shared/dto';
import { FORMATS, minutes, num, seconds, table, text } from './format';
import { FIRST_TABLE_ROW, chartOver, finishLayout, heading } from './sheet';
import type { SheetLayout } from './types';

const CHART_COLUMN = 5;

/**
 * The "Tempo de Atendimento" sheet from one DashboardData. `resolutionColumn` is the sheet-qualified range of
 * `resolution_time` in "Dados Detalhados" (same filters): a native histogram bins those raw minutes, so the
 * distribution needs no second computation; null when there is no such column or no row.
 */
export function responseTimesLayout(data: DashboardData, resolutionColumn: string | null): SheetLayout {
  const empty = data.kpis.volume === 0;
  const fr = data.kpis.firstResponse;
  const res = data.kpis.resolution;
  const title = heading('Chatvolt Analytics — Tempo de Atendimento');
  const stats = table({
    row: FIRST_TABLE_ROW,
    column: 1,
    title: 'Primeira resposta e resolução',
    header: ['Estatística', '1ª resposta', 'Resolução'],
    rows: empty
      ? []
      : [
          [text('Média'), seconds(fr.mean), minutes(res.mean)],
          [text('Mediana'), seconds(fr.median), minutes(res.median)],
          [text('P90'), seconds(fr.p90), minutes(res.p90)],
          [text('n'), num(fr.n, FORMATS.integer), num(res.n, FORMATS.integer)],
        ],
  });
  const total = data.firstResponseBands.reduce((sum, b) => sum + b.count, 0);
  const bands = table({
    row: stats.endRow + 1,
    column: 1,
    title: 'Faixas de primeira resposta',
    header: ['Faixa', 'Conversas', '% das conversas'],
    rows: empty
      ? []
      : data.firstResponseBands.map((b) => [
          text(b.label),
          num(b.count, FORMATS.integer),
          num(total === 0 ? null : b.count / total, FORMATS.percent),
        ]),
  });
  const business = data.businessHours;
  const sla = table({
    row: bands.endRow + 1,
    column: 1,
    title: business ? 'SLA de primeira resposta (em horário de atendimento)' : 'SLA de primeira resposta',
    header: ['Indicador', 'Valor'],
    rows: empty ? [] : [[text('Taxa de SLA'), num(data.kpis.slaRate, FORMATS.percent)]],
  });
  // metrics.md §6: only while business hours are on (the bands and the SLA above then use business seconds too).
  const businessStats = business
    ? table({
        row: sla.endRow + 1,
        column: 1,
        title: 'Em horário de atendimento',
        header: ['Estatística', '1ª resposta', '1ª resposta humana', 'Resolução'],
        rows: empty
          ? []
          : [
              [text('Média'), seconds(business.firstResponse.mean), seconds(business.firstHumanResponse.mean), minutes(business.resolution.mean)],
              [text('Mediana'), seconds(business.firstResponse.median), seconds(business.firstHumanResponse.median), minutes(business.resolution.median)],
              [text('P90'), seconds(business.firstResponse.p90), seconds(business.firstHumanResponse.p90), minutes(business.resolution.p90)],
              [
                text('n'),
                num(business.firstResponse.n, FORMATS.integer),
                num(business.firstHumanResponse.n, FORMATS.integer),
                num(business.resolution.n, FORMATS.integer),
              ],
              [text('Criadas fora do horário'), num(business.outsideHoursRate, FORMATS.percent), text(''), text('')],
            ],
      })
    : null;
  return finishLayout({
    name: 'Tempo de Atendimento',
    tables: businessStats ? [title, stats, bands, sla, businessStats] : [title, stats, bands, sla],
    charts: [
      chartOver(bands, [1, 2], {
        key: 'first-response-bands',
        kind: 'COLUMN',
        title: business ? 'Primeira resposta por faixa (SLA, em horário de atendimento)' : 'Primeira resposta por faixa (SLA)',
        row: FIRST_TABLE_ROW,
        column: CHART_COLUMN,
        options: { 'legend.position': 'none' },
      }),
      resolutionColumn === null || res.n === 0
        ? null
        : {
            key: 'resolution-histogram',
            kind: 'HISTOGRAM',
            title: 'Distribuição do tempo de resolução (minutos)',
            ranges: [resolutionColumn],
            position: { row: FIRST_TABLE_ROW + 20, column: CHART_COLUMN, offsetX: 0, offsetY: 0 },
            options: { 'legend.position': 'none' },
          },
    ],
    columnWidths: [200, 120, 130, 24, 100, 100, 100, 100, 100, 100],
  });
}
