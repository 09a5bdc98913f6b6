// The generated sheets as pure layouts: one DashboardData (plus the filtered rows) in, six SheetLayouts out.
import type { DashboardData } from '../../../shared/dto';
import { agentsChannelsLayout } from './agents-channels';
import { detailColumnRange, detailedDataLayout, type DetailRows } from './detailed-data';
import { frustrationLayout } from './frustration';
import { overviewLayout } from './overview';
import { responseTimesLayout } from './response-times';
import { temporalLayout } from './temporal';
import type { SheetLayout } from './types';

export type { DetailRows } from './detailed-data';
export { MAX_DETAIL_ROWS, newestDetailRows } from './detailed-data';
export { DASHBOARD_SHEETS } from './types';
export type { ChartKind, ChartSpec, DashboardSheetName, GradientRule, LayoutCell, SheetLayout, TableBlock } from './types';
export { EMPTY_TEXT, FORMATS, NULL_TEXT } from './format';
export { CHART_COLUMNS, CHART_ROWS } from './sheet';

/**
 * Every generated sheet, in DASHBOARD_SHEETS order, from one DashboardData — never a second computation.
 * @example buildDashboardLayouts(data, { header, rows }).map((l) => l.name) // ['Visão Geral', …, 'Dados Detalhados']
 */
export function buildDashboardLayouts(data: DashboardData, detail: DetailRows): SheetLayout[] {
  return [
    overviewLayout(data),
    responseTimesLayout(data, detailColumnRange(detail, 'resolution_time')),
    temporalLayout(data),
    frustrationLayout(data),
    agentsChannelsLayout(data),
    detailedDataLayout(detail),
  ];
}
