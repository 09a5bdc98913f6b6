// Entry points for sync (placeholder until its issue lands).
export function syncNow(..._args: unknown[]): never {
  throw new Error('syncNow: ainda não implementado.');
}
export function runScheduledSync(..._args: unknown[]): never {
  throw new Error('runScheduledSync: ainda não implementado.');
}
