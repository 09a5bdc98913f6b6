// The "Previsão" sheet as a pure layout: summary and backtest, the daily forecast with bands, hourly staffing, a chart.
import { FORMATS, num, table, text, day, type FormattedCell, type PlacedTable } from '../sheet-layouts/format';
import { CHART_ROWS, FIRST_TABLE_ROW, chartOver, heading } from '../sheet-layouts/sheet';
import type { ChartSpec, TableBlock } from '../sheet-layouts/types';
import type { ForecastResult } from './forecast';

/** The generated forecast sheet's name. */
export const FORECAST_SHEET = 'Previsão';

/** What the sheet shows: blocks (one setValues each), its line chart, and its exact size. */
export interface ForecastSheetLayout {
  name: typeof FORECAST_SHEET;
  rows: number;
  columns: number;
  frozenRows: number;
  columnWidths: number[];
  blocks: TableBlock[];
  charts: ChartSpec[];
}

const WIDTHS = [150, 110, 110, 110, 320, 40, 100, 100];
const ONE_DECIMAL = '#,##0.0';

/** `YYYY-MM-DD` as the sheet's other dates show (dd/mm/yyyy). */
function brDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function summaryRows(result: ForecastResult & { status: 'ok' }): FormattedCell[][] {
  const test = result.backtest;
  const p = result.params;
  const rows: FormattedCell[][] = [
    [text('Modelo em uso'), text(result.modelLabel)],
    [text('Motivo'), text(result.reason)],
    [text('Histórico'), text(`${brDate(result.historyStart)} a ${brDate(result.historyEnd)} (${result.historyDays} dias)`)],
    [text('Hoje até agora'), num(result.today.volume, FORMATS.integer)],
    [text('Parâmetros Holt-Winters'), text(`α=${p.alpha} β=${p.beta} γ=${p.gamma}`)],
  ];
  if (test) {
    rows.push(
      [text('Backtest (origens × dias)'), text(`${test.origins} × ${test.horizon} (${test.points} dias avaliados)`)],
      [text('MAE Holt-Winters'), num(test.holtWintersMae, FORMATS.decimal)],
      [text('MAE sazonal ingênuo'), num(test.naiveMae, FORMATS.decimal)],
      [text('MASE Holt-Winters'), num(test.holtWintersMase, FORMATS.decimal)],
      [text('MASE sazonal ingênuo'), num(test.naiveMase, FORMATS.decimal)],
    );
  } else {
    rows.push([text('Backtest'), text('histórico curto demais')]);
  }
  const s = result.staffing;
  rows.push(
    [
      text('Tempo de atendimento (Erlang C)'),
      text(
        s.handlingSource === 'measured'
          ? `${(s.handlingSeconds / 60).toFixed(1)} min: mediana do tempo de atendimento dos operadores (da 1ª à última mensagem humana) em ${s.handlingSamples} conversa(s)`
          : `${(s.handlingSeconds / 60).toFixed(1)} min: padrão (nenhuma conversa com atendimento humano para medir)`,
      ),
    ],
    [
      text('Conversas que chegam a um humano'),
      text(`${(s.escalationShare * 100).toFixed(1).replace('.', ',')} % do volume previsto (histórico de escalonamento); o restante fica com a IA`),
    ],
    [text('Meta de atendimento'), text(`${Math.round(s.targetShare * 100)} % respondidas em até ${s.slaSeconds} s`)],
    [
      text('Observação'),
      text('Erlang C supõe uma conversa por operador por vez: com conversas simultâneas, divida pelo número que cada operador atende junto.'),
    ],
  );
  return rows;
}

/**
 * The "Previsão" sheet from a forecast result. Insufficient history gives the heading and the "Dados insuficientes"
 * message only. Every number is written as a number with a format; the chart draws expected, low and high per day.
 */
export function forecastSheetLayout(result: ForecastResult, timeZone: string): ForecastSheetLayout {
  const title = heading('Chatvolt Analytics — Previsão de demanda');
  if (result.status !== 'ok') {
    const note = table({ row: FIRST_TABLE_ROW, column: 1, header: [result.message], rows: [[text(`Hoje até agora: ${result.today.volume} conversa(s).`)]] });
    return finish([title, note], [], 5);
  }
  const summary = table({ row: FIRST_TABLE_ROW, column: 1, title: 'Resumo', header: ['Item', 'Valor'], rows: summaryRows(result) });
  const daily = table({
    row: summary.endRow + 1,
    column: 1,
    title: 'Próximos 14 dias (faixa de 80 %)',
    header: ['Data', 'Esperado', 'Mínimo', 'Máximo', 'Modelo'],
    rows: result.days.map((d) => [
      day(d.date, timeZone),
      num(d.expected, ONE_DECIMAL),
      num(d.low, ONE_DECIMAL),
      num(d.high, ONE_DECIMAL),
      text(result.modelLabel),
    ]),
  });
  const chart = chartOver(daily, [1, 2, 3, 4], {
    key: 'forecast',
    kind: 'LINE',
    title: 'Previsão de conversas por dia',
    row: daily.block.row,
    column: 7,
  });
  const hourlyRow = Math.max(daily.endRow, daily.block.row + CHART_ROWS) + 1;
  const hourly = table({
    row: hourlyRow,
    column: 1,
    title: 'Próximos 7 dias por hora e operadores necessários (Erlang C)',
    header: ['Data', 'Hora', 'Esperado', 'Operadores'],
    rows: result.hourly.map((h) => [
      day(h.date, timeZone),
      num(h.hour, FORMATS.integer),
      num(h.expected, '0.00'),
      num(h.operators, FORMATS.integer),
    ]),
  });
  return finish([title, summary, daily, hourly], chart ? [chart] : [], WIDTHS.length);
}

function finish(tables: PlacedTable[], charts: ChartSpec[], columns: number): ForecastSheetLayout {
  const tableRows = Math.max(...tables.map((t) => t.endRow - 1));
  const chartRows = Math.max(0, ...charts.map((c) => c.position.row + CHART_ROWS - 1));
  const widestTable = Math.max(...tables.map((t) => t.block.column + (t.block.values[0]?.length ?? 1) - 1));
  const width = Math.max(columns, widestTable, charts.length > 0 ? WIDTHS.length : 0);
  const columnWidths = WIDTHS.slice(0, width);
  while (columnWidths.length < width) columnWidths.push(100);
  return {
    name: FORECAST_SHEET,
    rows: Math.max(tableRows, chartRows, 2),
    columns: width,
    frozenRows: 1,
    columnWidths,
    blocks: tables.map((t) => t.block),
    charts,
  };
}
