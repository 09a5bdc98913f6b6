// The sidebar's small charts, drawn as inline SVG by the page itself (no library, no CDN: it works offline).
import type { DashboardData } from '../../shared/dto';
import { h, s } from '../lib/dom';
import { formatNumber, formatPercent, formatShortDate } from '../lib/format';
import { barLengths, donutSlices, heatLevel, linePath } from '../lib/svg';
import { statusColor, statusLabel, WEEKDAYS } from './labels';

const WIDTH = 268;

function section(id: string, title: string, ...content: Array<Node | null>): HTMLElement {
  return h('section', { class: 'chart', 'data-chart': id }, h('h3', {}, title), ...content);
}

function empty(): HTMLElement {
  return h('p', { class: 'empty' }, 'Sem dados no período.');
}

/** Status donut with a legend (label, count, share). */
export function statusDonut(data: DashboardData): HTMLElement {
  const total = data.byStatus.reduce((sum, item) => sum + item.count, 0);
  if (total === 0) return section('status', 'Status', empty());
  const paths = donutSlices(
    data.byStatus.map((item) => item.count),
    50,
    50,
    46,
    28,
  );
  const svg = s(
    'svg',
    { viewBox: '0 0 100 100', width: 100, height: 100, role: 'img', 'aria-label': 'Conversas por status' },
    ...data.byStatus.map((item, i) =>
      paths[i] ? s('path', { d: paths[i], fill: statusColor(item.key, i) }, s('title', {}, `${statusLabel(item.key)}: ${item.count}`)) : null,
    ),
    s('text', { x: 50, y: 54, 'text-anchor': 'middle', class: 'donut-total' }, formatNumber(total)),
  );
  const legend = h(
    'ul',
    { class: 'legend' },
    ...data.byStatus.map((item, i) =>
      h(
        'li',
        {},
        h('span', { class: 'swatch', style: `background:${statusColor(item.key, i)}` }),
        h('span', { class: 'legend-label' }, statusLabel(item.key)),
        h('span', { class: 'legend-value' }, `${formatNumber(item.count)} · ${formatPercent(item.count / total, 0)}`),
      ),
    ),
  );
  return section('status', 'Status', h('div', { class: 'donut' }, svg, legend));
}

/** Daily created conversations as a line, with the first/last dates and the peak. */
export function dailyVolume(data: DashboardData): HTMLElement {
  const days = data.daily;
  if (days.every((day) => day.created === 0)) return section('daily', 'Volume diário', empty());
  const box = { width: WIDTH, height: 80, pad: 6 };
  const counts = days.map((d) => d.created);
  const { d, points } = linePath(counts, box);
  const peak = Math.max(...counts);
  const first = days[0];
  const last = days[days.length - 1];
  const svg = s(
    'svg',
    { viewBox: `0 0 ${box.width} ${box.height + 14}`, width: box.width, height: box.height + 14, role: 'img', 'aria-label': 'Volume diário' },
    s('line', { x1: box.pad, y1: box.height - box.pad, x2: box.width - box.pad, y2: box.height - box.pad, class: 'axis' }),
    s('path', { d, class: 'line' }),
    ...points.map(([x, y], i) =>
      s('circle', { cx: x, cy: y, r: days.length > 31 ? 1.2 : 2, class: 'dot' }, s('title', {}, `${formatShortDate(days[i]?.date ?? '')}: ${counts[i] ?? 0}`)),
    ),
    s('text', { x: box.pad, y: box.height + 12, class: 'tick' }, formatShortDate(first?.date ?? '')),
    s('text', { x: box.width - box.pad, y: box.height + 12, class: 'tick', 'text-anchor': 'end' }, formatShortDate(last?.date ?? '')),
    s('text', { x: box.pad + 2, y: box.pad + 8, class: 'tick' }, `máx. ${formatNumber(peak)}`),
  );
  return section('daily', 'Volume diário', svg);
}

/** 7 x 24 heat map of created conversations (rows Monday..Sunday, columns 0h..23h). */
export function heatMap(data: DashboardData): HTMLElement {
  const max = Math.max(0, ...data.heatmap.flat());
  const left = 26;
  const cell = (WIDTH - left) / 24;
  const rowH = 11;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${7 * rowH + 14}`, width: WIDTH, height: 7 * rowH + 14, role: 'img', 'aria-label': 'Mapa de calor por dia e hora' },
    ...WEEKDAYS.map((day, row) => s('text', { x: 0, y: row * rowH + 9, class: 'tick' }, day)),
    ...WEEKDAYS.flatMap((day, row) =>
      Array.from({ length: 24 }, (_, hour) => {
        const count = data.heatmap[row]?.[hour] ?? 0;
        const level = heatLevel(count, max);
        return s(
          'rect',
          {
            x: Math.round((left + hour * cell) * 100) / 100,
            y: row * rowH,
            width: Math.round((cell - 1) * 100) / 100,
            height: rowH - 1,
            class: level > 0 ? 'heat' : 'heat zero',
            'fill-opacity': level > 0 ? Math.max(0.12, level) : 1,
          },
          s('title', {}, `${day} ${hour}h: ${count}`),
        );
      }),
    ),
    ...[0, 6, 12, 18].map((hour) => s('text', { x: left + hour * cell, y: 7 * rowH + 11, class: 'tick' }, `${hour}h`)),
  );
  return section('heatmap', 'Dia e hora', max === 0 ? empty() : svg);
}

/** First-response bands (SLA bands) as horizontal bars with their counts. */
export function responseBands(data: DashboardData): HTMLElement {
  const bands = data.firstResponseBands;
  const total = bands.reduce((sum, band) => sum + band.count, 0);
  // With business hours on, the bands count business seconds (metrics.md §6): the title says so.
  const title = data.businessHours ? '1ª resposta (h. comercial)' : '1ª resposta';
  if (total === 0) return section('bands', title, empty());
  const labelW = 74;
  const countW = 52;
  const rowH = 16;
  const lengths = barLengths(
    bands.map((b) => b.count),
    WIDTH - labelW - countW,
  );
  const svg = s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${bands.length * rowH}`, width: WIDTH, height: bands.length * rowH, role: 'img', 'aria-label': 'Faixas de 1ª resposta' },
    ...bands.flatMap((band, i) => [
      s('text', { x: 0, y: i * rowH + 11, class: 'tick' }, band.label),
      s('rect', { x: labelW, y: i * rowH + 3, width: lengths[i] ?? 0, height: rowH - 6, class: band.label === 'sem resposta' ? 'bar miss' : 'bar' }),
      s(
        'text',
        { x: WIDTH, y: i * rowH + 11, class: 'tick', 'text-anchor': 'end' },
        `${formatNumber(band.count)} · ${formatPercent(band.count / total, 0)}`,
      ),
    ]),
  );
  return section('bands', title, svg);
}

/** Every chart of the sidebar, in display order. */
export function renderCharts(data: DashboardData): HTMLElement {
  return h('div', { class: 'charts' }, statusDonut(data), dailyVolume(data), heatMap(data), responseBands(data));
}
