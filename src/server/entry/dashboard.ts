// Entry points for dashboard (placeholder until its issue lands).
export function getDashboard(..._args: unknown[]): never {
  throw new Error('getDashboard: ainda não implementado.');
}
export function refreshDashboard(..._args: unknown[]): never {
  throw new Error('refreshDashboard: ainda não implementado.');
}
export function exportCsv(..._args: unknown[]): never {
  throw new Error('exportCsv: ainda não implementado.');
}
