// The sidebar's service-depth sections: business-time KPIs (metrics.md §6) and the human operators table (§7).
import type { DashboardData, OperatorRow } from '../../shared/dto';
import { h } from '../lib/dom';
import { formatDuration, formatMinutes, formatNumber, formatPercent, formatScore } from '../lib/format';
import { plainCard } from './kpi-cards';

/** Operators listed in the sidebar; the rest are counted in a line under the table (all are in the sheets). */
export const MAX_OPERATORS = 10;

/**
 * Business-time KPIs next to their wall-clock twins: first response, first human response, resolution (each
 * median with p90 and n) and the share created outside hours. Null while business hours are off.
 */
export function renderBusinessHours(data: DashboardData): HTMLElement | null {
  const business = data.businessHours;
  if (!business) return null;
  const cards = [
    plainCard({
      id: 'bh-first-response',
      title: '1ª resposta',
      hint: 'Tempo até a primeira resposta contando só o horário comercial',
      value: formatDuration(business.firstResponse.median),
      details: [`mediana · p90 ${formatDuration(business.firstResponse.p90)}`, `relógio: ${formatDuration(data.kpis.firstResponse.median)}`],
      n: business.firstResponse.n,
    }),
    plainCard({
      id: 'bh-first-human',
      title: '1ª resposta humana',
      hint: 'Tempo até a primeira mensagem de um operador humano, contando só o horário comercial',
      value: formatDuration(business.firstHumanResponse.median),
      details: [`mediana · p90 ${formatDuration(business.firstHumanResponse.p90)}`],
      n: business.firstHumanResponse.n,
    }),
    plainCard({
      id: 'bh-resolution',
      title: 'Resolução',
      hint: 'Da criação à resolução contando só o horário comercial, conversas resolvidas',
      value: formatMinutes(business.resolution.median),
      details: [`mediana · p90 ${formatMinutes(business.resolution.p90)}`, `relógio: ${formatMinutes(data.kpis.resolution.median)}`],
      n: business.resolution.n,
    }),
    plainCard({
      id: 'bh-outside',
      title: 'Fora do horário',
      hint: 'Conversas criadas fora do horário comercial (ou em feriado) ÷ volume',
      value: formatPercent(business.outsideHoursRate),
      details: ['das conversas criadas'],
      n: data.kpis.volume,
    }),
  ];
  return h(
    'section',
    { class: 'block', 'data-section': 'business-hours' },
    h('h3', {}, 'Em horário comercial'),
    h('div', { class: 'kpis' }, ...cards),
  );
}

interface OperatorColumn {
  head: string;
  title: string;
  cell(row: OperatorRow): string;
}

const OPERATOR_COLUMNS: readonly OperatorColumn[] = [
  { head: 'Conv.', title: 'Conversas em que o operador escreveu', cell: (r) => formatNumber(r.conversations) },
  { head: 'Resol.', title: 'Taxa de resolução dessas conversas', cell: (r) => formatPercent(r.resolutionRate, 0) },
  { head: 'Satisf.', title: 'Satisfação média (1 a 5)', cell: (r) => formatScore(r.satisfactionMean) },
  { head: '1ª resp.', title: '1ª resposta humana mediana, nas conversas em que ele respondeu primeiro', cell: (r) => formatDuration(r.firstHumanResponseMedian) },
  { head: 'Atend.', title: 'Tempo de atendimento mediano (da 1ª à última mensagem dele)', cell: (r) => formatMinutes(r.handlingMedian) },
];

/**
 * The human operators of the period: label (e-mail or name as the server resolved it, never a raw id when a name
 * is known), conversations, resolution rate, satisfaction, first human response median, handling time median.
 */
export function renderOperators(data: DashboardData): HTMLElement | null {
  const operators = data.operators;
  if (!operators) return null;
  const shown = operators.slice(0, MAX_OPERATORS);
  // Two rows per operator, the label across the table and the figures under it: six columns side by side do not
  // fit the 300 px sidebar without cutting e-mails and durations.
  const table =
    shown.length === 0
      ? h('p', { class: 'empty' }, 'Nenhum operador humano escreveu no período.')
      : h(
          'table',
          { class: 'operators' },
          h('thead', {}, h('tr', {}, ...OPERATOR_COLUMNS.map((c) => h('th', { scope: 'col', title: c.title }, c.head)))),
          ...shown.map((row) =>
            h(
              'tbody',
              { 'data-operator': row.key },
              h('tr', {}, h('th', { scope: 'rowgroup', colspan: OPERATOR_COLUMNS.length, class: 'op-label', title: row.label }, row.label)),
              h('tr', { class: 'op-figures' }, ...OPERATOR_COLUMNS.map((c) => h('td', {}, c.cell(row)))),
            ),
          ),
        );
  const rest = operators.length - shown.length;
  return h(
    'section',
    { class: 'block', 'data-section': 'operators' },
    h('h3', {}, 'Operadores'),
    table,
    rest > 0 ? h('p', { class: 'more' }, `e mais ${formatNumber(rest)} ${rest === 1 ? 'operador' : 'operadores'} (todos nas abas de "Gerar painéis na planilha")`) : null,
  );
}
