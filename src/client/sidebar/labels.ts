// Portuguese labels for the Chatvolt codes the sidebar shows; unknown codes are shown as they came.

const STATUS_LABELS: Record<string, string> = {
  RESOLVED: 'Resolvida',
  UNRESOLVED: 'Em aberto',
  HUMAN_REQUESTED: 'Humano solicitado',
};

const PRIORITY_LABELS: Record<string, string> = {
  LOW: 'Baixa',
  MEDIUM: 'Média',
  HIGH: 'Alta',
};

/** `table[code]` only for the table's own keys: codes come from the sheet, and `constructor` or `toString` would find Object.prototype's functions. */
function lookup(table: Record<string, string>, code: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;
}

/** The label of a status code (RESOLVED -> "Resolvida"); other values, "(vazio)" included, unchanged. */
export function statusLabel(code: string): string {
  return lookup(STATUS_LABELS, code) ?? code;
}

/** The label of a priority code (HIGH -> "Alta"); other values unchanged. */
export function priorityLabel(code: string): string {
  return lookup(PRIORITY_LABELS, code) ?? code;
}

/** Fixed colours per status, so a status keeps its colour when the list changes. */
export function statusColor(code: string, index: number): string {
  const fixed: Record<string, string> = { RESOLVED: '#188038', UNRESOLVED: '#f9ab00', HUMAN_REQUESTED: '#d93025' };
  const palette = ['#1a73e8', '#9334e6', '#12b5cb', '#e8710a', '#80868b'];
  return lookup(fixed, code) ?? palette[index % palette.length] ?? '#80868b';
}

/** Weekday labels of the heat map rows ([0] = Monday, as in DashboardData.heatmap). */
export const WEEKDAYS = ['Seg', 'Ter', 'Qua', 'Qui', 'Sex', 'Sáb', 'Dom'] as const;
