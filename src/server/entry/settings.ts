// Entry points for settings (placeholder until its issue lands).
export function getSettings(..._args: unknown[]): never {
  throw new Error('getSettings: ainda não implementado.');
}
export function saveSettings(..._args: unknown[]): never {
  throw new Error('saveSettings: ainda não implementado.');
}
