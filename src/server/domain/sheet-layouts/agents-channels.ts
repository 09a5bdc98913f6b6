// "Agentes e Canais": per-agent and per-channel breakdowns side by side, with comparison charts.
import type { Breakdown, DashboardData, OperatorRow } from '../../../shared/dto';
import { FORMATS, minutes, num, seconds, table, text, type PlacedTable } from './format';
import { FIRST_TABLE_ROW, chartOver, finishLayout, heading } from './sheet';
import type { SheetLayout } from './types';

const BREAKDOWN_HEADER = [
  'Volume',
  'Taxa de resolução',
  'Taxa de escalonamento',
  'Mediana 1ª resposta',
  'Mediana resolução',
  'Satisfação média',
  'Frustração média',
];

function breakdownTable(title: string, keyLabel: string, rows: Breakdown[], column: number): PlacedTable {
  return table({
    row: FIRST_TABLE_ROW,
    column,
    title,
    header: [keyLabel, ...BREAKDOWN_HEADER],
    rows: rows.map((b) => [
      text(b.key),
      num(b.volume, FORMATS.integer),
      num(b.resolutionRate, FORMATS.percent),
      num(b.escalationRate, FORMATS.percent),
      seconds(b.firstResponseMedian),
      minutes(b.resolutionMedian),
      num(b.satisfactionMean, FORMATS.decimal),
      num(b.frustrationMean, FORMATS.decimal),
    ]),
  });
}

/** Human operators (metrics.md §7): label = e-mail, else name, else the userId. */
function operatorsTable(rows: readonly OperatorRow[], row: number): PlacedTable {
  return table({
    row,
    column: 1,
    title: 'Operadores humanos',
    header: ['Operador', 'Conversas', 'Taxa de resolução', 'Satisfação média', 'Mediana 1ª resposta humana', 'Mediana tempo de atendimento'],
    rows: rows.map((o) => [
      text(o.label),
      num(o.conversations, FORMATS.integer),
      num(o.resolutionRate, FORMATS.percent),
      num(o.satisfactionMean, FORMATS.decimal),
      seconds(o.firstHumanResponseMedian),
      minutes(o.handlingMedian),
    ]),
  });
}

/** The "Agentes e Canais" sheet from one DashboardData. */
export function agentsChannelsLayout(data: DashboardData): SheetLayout {
  const title = heading('Chatvolt Analytics — Agentes e Canais');
  const agents = breakdownTable('Por agente', 'Agente', data.agents, 1);
  const channels = breakdownTable('Por canal', 'Canal', data.channels, 10);
  const operators = operatorsTable(data.operators, Math.max(agents.endRow, channels.endRow) + 1);
  const chartColumn = 19;
  return finishLayout({
    name: 'Agentes e Canais',
    tables: [title, agents, channels, operators],
    charts: [
      chartOver(agents, [1, 3, 4], {
        key: 'agents',
        kind: 'BAR',
        title: 'Agentes — taxas de resolução e de escalonamento',
        row: FIRST_TABLE_ROW,
        column: chartColumn,
        options: { 'legend.position': 'bottom', 'hAxis.format': 'percent' },
      }),
      chartOver(channels, [1, 2], {
        key: 'channels',
        kind: 'COLUMN',
        title: 'Volume por canal',
        row: FIRST_TABLE_ROW + 20,
        column: chartColumn,
        options: { 'legend.position': 'none' },
      }),
      chartOver(operators, [1, 2], {
        key: 'operators',
        kind: 'BAR',
        title: 'Conversas por operador',
        row: FIRST_TABLE_ROW + 40,
        column: chartColumn,
        options: { 'legend.position': 'none' },
      }),
    ],
    // One width per metric column: fewer width runs, fewer calls.
    columnWidths: [180, ...Array.from({ length: 7 }, () => 130), 24, 150, ...Array.from({ length: 7 }, () => 130), 24, ...Array.from({ length: 6 }, () => 100)],
  });
}
