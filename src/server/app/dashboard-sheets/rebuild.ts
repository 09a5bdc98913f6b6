// Use case: (re)write the generated dashboard sheets and their native charts for one set of filters.
import type { Capacity, DashboardData, Filters, SyncReport } from '../../../shared/dto';
import {
  CHART_COLUMNS,
  CHART_ROWS,
  DASHBOARD_SHEETS,
  buildDashboardLayouts,
  type ChartSpec,
  type SheetLayout,
} from '../../domain/sheet-layouts';
import type { DashboardDeps } from '../dashboard';
import { rebuildInputs } from './rebuild-inputs';
import type { KeyValueStore } from '../ports';
import { CELL_LIMIT } from '../../domain/capacity';
import type { ChartPlacement, SheetRenderPort } from './render-port';

/** The dashboard's ports plus the drawing port. */
export interface RebuildDeps extends DashboardDeps {
  render: SheetRenderPort;
}

/** What `rebuildDashboards` returns (contract.md). */
export interface RebuildResult {
  sheets: string[];
  message: string;
}

/**
 * Document Properties key of the charts the add-on made: `{ [sheet]: { [chartKey]: chartId } }`. Charts are
 * found by id, so a user may retitle, move or restyle them; the title only matters when the map is lost.
 * A chart neither listed here nor carrying one of the add-on's titles is never touched.
 */
export const CHART_MAP_KEY = 'sheets.charts.v1';

type ChartMap = Record<string, Record<string, string>>;

const NOT_MEASURED: Capacity = { cellsUsed: 0, cellLimit: CELL_LIMIT, percent: 0, projectedFullDate: null, suggestedRetentionDays: null };

function parseChartMap(raw: string | null): ChartMap {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: ChartMap = {};
    for (const [sheet, charts] of Object.entries(parsed as Record<string, unknown>)) {
      if (!charts || typeof charts !== 'object' || Array.isArray(charts)) continue;
      const entries = Object.entries(charts as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      );
      out[sheet] = Object.fromEntries(entries);
    }
    return out;
  } catch {
    return {};
  }
}

/**
 * The layout grown to keep every chart already on the sheet inside the grid: a chart the user moved below
 * or beside the tables keeps its anchor cell when a narrower filter shrinks the tables.
 */
export function fitToCharts(layout: SheetLayout, charts: ChartPlacement[]): SheetLayout {
  const rows = Math.max(layout.rows, ...charts.map((c) => c.anchorRow + CHART_ROWS - 1));
  const columns = Math.max(layout.columns, ...charts.map((c) => c.anchorColumn + CHART_COLUMNS - 1));
  const columnWidths = [...layout.columnWidths];
  while (columnWidths.length < columns) columnWidths.push(100);
  return { ...layout, rows, columns, columnWidths };
}

/** Tables, formats and rules of one (existing) sheet: rewritten in place, same calls whatever the row count. */
function drawSheet(render: SheetRenderPort, layout: SheetLayout): void {
  // Freeze before shrinking: Sheets refuses to delete rows when only frozen rows would remain.
  render.setFrozenRows(layout.name, layout.frozenRows);
  render.resetSheet(layout.name, layout.rows, layout.columns);
  for (const block of layout.blocks) render.writeBlock(layout.name, block);
  render.setColumnWidths(layout.name, layout.columnWidths);
  render.setGradients(layout.name, layout.gradients);
}

/**
 * Updates the charts this add-on made on the sheet (found by stored id), inserts the missing ones and removes
 * its own charts the layout no longer has (an empty result shows "sem dados para o filtro" instead).
 * When a stored id is gone (Document Properties lost, e.g. a copied spreadsheet), a chart with the same title
 * that the map does not list is adopted rather than stacking a second one.
 * Returns the sheet's new key → id map.
 */
function syncCharts(
  render: SheetRenderPort,
  sheet: string,
  specs: ChartSpec[],
  known: Record<string, string>,
  present: string[],
): Record<string, string> {
  const live = new Set(present);
  const missing = specs.filter((spec) => !live.has(known[spec.key] ?? ''));
  const adoptable = new Map<string, string[]>();
  if (missing.length > 0) {
    const owned = new Set(Object.values(known));
    const others = present.filter((id) => !owned.has(id));
    // Only read titles when something is missing and unlisted charts exist: the usual rebuild skips these calls.
    if (others.length > 0) {
      for (const [id, title] of Object.entries(render.chartTitles(sheet, others))) {
        adoptable.set(title, [...(adoptable.get(title) ?? []), id]);
      }
    }
  }
  const next: Record<string, string> = {};
  for (const spec of specs) {
    const stored = known[spec.key];
    const id = stored !== undefined && live.has(stored) ? stored : adoptable.get(spec.title)?.shift();
    if (id !== undefined) {
      render.updateChart(sheet, id, spec);
      next[spec.key] = id;
    } else {
      next[spec.key] = render.insertChart(sheet, spec);
    }
  }
  const kept = new Set(Object.values(next));
  for (const id of Object.values(known)) {
    if (!kept.has(id) && live.has(id)) render.removeChart(sheet, id);
  }
  return next;
}

/**
 * Rewrites the six generated sheets from one `DashboardData` (and the filtered "Conversas" rows for
 * "Dados Detalhados"). Idempotent: tables are rewritten in place and the add-on's charts updated, never
 * stacked. Filters are validated by the dashboard use cases (Portuguese errors, nothing written).
 */
export function rebuildDashboardSheets(deps: RebuildDeps, filters: Filters): RebuildResult {
  // The figures from the snapshot and only the rows "Dados Detalhados" shows, or one read for both (rebuild-inputs.ts).
  const nowMs = deps.clock.now();
  const { figures, detail } = rebuildInputs(deps, filters, nowMs);
  // The generated sheets never show the capacity: they skip measuring every tab, and the layouts get a blank one.
  const data: DashboardData = { ...figures, capacity: NOT_MEASURED };
  const layouts = buildDashboardLayouts(data, detail);
  const stored = parseChartMap(deps.documentStore.get(CHART_MAP_KEY));
  const next: ChartMap = {};
  const placements = layouts.map((layout) => {
    deps.render.ensureSheet(layout.name);
    return deps.render.listCharts(layout.name);
  });
  // Tables first, charts second: a chart may read another generated sheet (the resolution histogram reads
  // "Dados Detalhados"), which must exist and hold this rebuild's rows.
  layouts.forEach((layout, i) => drawSheet(deps.render, fitToCharts(layout, placements[i] ?? [])));
  layouts.forEach((layout) => {
    // Listed again after the reset: a chart is updated only if it is still there, so the rebuild is right whether
    // Sheet.clear() keeps embedded charts (as assumed) or deletes them (then they are inserted again).
    const present = deps.render.listChartIds(layout.name);
    next[layout.name] = syncCharts(deps.render, layout.name, layout.charts, stored[layout.name] ?? {}, present);
  });
  deps.documentStore.setMany({ [CHART_MAP_KEY]: JSON.stringify(next) });
  const volume = data.kpis.volume;
  const message =
    volume === 0
      ? 'Painéis gerados: sem dados para o filtro.'
      : `Painéis gerados com ${volume} ${volume === 1 ? 'conversa' : 'conversas'}.`;
  return { sheets: [...DASHBOARD_SHEETS], message };
}

/**
 * Whether the post-sync step should rebuild: the setting is on, the sync succeeded, and either it wrote
 * rows or the sheets were never built. A sync that changed nothing would redraw the same tables, and with
 * a trigger every few minutes that redraw would eat the daily trigger-time quota.
 */
export function rebuildAfterSyncNeeded(report: SyncReport, enabled: boolean, documentStore: KeyValueStore): boolean {
  if (!enabled || !report.ok) return false;
  return report.conversationsWritten > 0 || documentStore.get(CHART_MAP_KEY) === null;
}
