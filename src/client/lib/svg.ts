// Geometry of the sidebar's inline SVG charts (donut, line, heat map, bars): pure functions returning numbers and path data.

/** Rounds to two decimals so the path text stays short and stable. */
function r2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A point on a circle; angle 0 is 12 o'clock, growing clockwise (SVG's y axis points down). */
function polar(cx: number, cy: number, radius: number, angle: number): [number, number] {
  return [r2(cx + radius * Math.sin(angle)), r2(cy - radius * Math.cos(angle))];
}

function ringSegment(cx: number, cy: number, outer: number, inner: number, start: number, end: number): string {
  const large = end - start > Math.PI ? 1 : 0;
  const [x0, y0] = polar(cx, cy, outer, start);
  const [x1, y1] = polar(cx, cy, outer, end);
  const [x2, y2] = polar(cx, cy, inner, end);
  const [x3, y3] = polar(cx, cy, inner, start);
  return `M${x0} ${y0}A${outer} ${outer} 0 ${large} 1 ${x1} ${y1}L${x2} ${y2}A${inner} ${inner} 0 ${large} 0 ${x3} ${y3}Z`;
}

/**
 * Path data of each donut slice, clockwise from 12 o'clock, one per value in order; '' for a zero (or
 * negative) value. A slice that is the whole ring is drawn as two halves, because an SVG arc whose start
 * and end points coincide draws nothing.
 */
export function donutSlices(values: readonly number[], cx: number, cy: number, outer: number, inner: number): string[] {
  const total = values.reduce((sum, v) => sum + Math.max(0, v), 0);
  let angle = 0;
  return values.map((value) => {
    if (total <= 0 || value <= 0) return '';
    const sweep = (value / total) * 2 * Math.PI;
    const start = angle;
    angle += sweep;
    if (value === total) {
      return (
        ringSegment(cx, cy, outer, inner, 0, Math.PI) + ringSegment(cx, cy, outer, inner, Math.PI, 2 * Math.PI)
      );
    }
    return ringSegment(cx, cy, outer, inner, start, angle);
  });
}

/** The drawing box of a chart: size and inner padding, in SVG user units. */
export interface ChartBox {
  width: number;
  height: number;
  pad: number;
}

/**
 * A polyline through the values, scaled so the largest touches the top padding and 0 the bottom; x spread
 * evenly (a single value sits in the middle). All zeros lie on the bottom line.
 */
export function linePath(values: readonly number[], box: ChartBox): { d: string; points: Array<[number, number]> } {
  const max = Math.max(0, ...values);
  const innerW = box.width - 2 * box.pad;
  const innerH = box.height - 2 * box.pad;
  const points = values.map((value, i): [number, number] => {
    const x = values.length === 1 ? box.width / 2 : box.pad + (i * innerW) / (values.length - 1);
    const y = box.height - box.pad - (max > 0 ? (Math.max(0, value) / max) * innerH : 0);
    return [r2(x), r2(y)];
  });
  const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join('');
  return { d, points };
}

/** Intensity 0–1 of a heat map cell relative to the busiest cell (0 when every cell is 0). */
export function heatLevel(count: number, max: number): number {
  return max > 0 ? r2(Math.max(0, count) / max) : 0;
}

/** Bar lengths proportional to the counts, the largest filling `maxLength` (all 0 when every count is 0). */
export function barLengths(counts: readonly number[], maxLength: number): number[] {
  const max = Math.max(0, ...counts);
  return counts.map((count) => (max > 0 ? r2((Math.max(0, count) / max) * maxLength) : 0));
}
