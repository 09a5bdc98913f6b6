// Shared by the capacity bundle tests: the 10M-cell limit, the team's own tab, and worlds opened and closed per test.
import { afterEach } from 'vitest';
import type { LocalRuntime } from '../runtime/index';
import { world, type SyncWorld } from './harness';

export const LIMIT = 10_000_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The team's own tab: an empty grid, counted by Sheets like any other. */
export const TEAM = 'Equipe';
const ORG = { seed: 111, conversations: 40, days: 30 };

/** Opens worlds of the capacity organisation, each closed after its test (registers the afterEach). */
export function capacityWorlds(): () => Promise<SyncWorld> {
  const worlds: SyncWorld[] = [];
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
  });
  return async () => {
    const w = await world(ORG);
    worlds.push(w);
    return w;
  };
}

/** Gives the team's tab the grid that brings the whole workbook to `cells` (it must be the only thing that changes). */
export function fillTo(rt: LocalRuntime, cells: number): void {
  const own = rt.book.grid(TEAM);
  const others = rt.book.totalCells() - (own ? own.rows * own.columns : 0);
  const columns = 100;
  rt.book.setGrid(TEAM, Math.ceil((cells - others) / columns), columns);
}
