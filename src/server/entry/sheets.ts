// Entry points for sheets (placeholder until its issue lands).
export function rebuildDashboards(..._args: unknown[]): never {
  throw new Error('rebuildDashboards: ainda não implementado.');
}
