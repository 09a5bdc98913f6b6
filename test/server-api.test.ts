// Checks that ServerApi (what the pages call) matches the top-level functions of src/server/main.ts and the bundle.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Main from '../src/server/main';
import type { ServerApi } from '../src/shared/server-api';

type ServerMain = typeof Main;

/**
 * true when the page's arguments are accepted by the server function and its result is what the page expects.
 * `Main[K]` fails to compile when main.ts does not export K; the check itself is done by
 * `npx tsc -p test/tsconfig.json` (npm run typecheck in CI).
 */
type Matches<K extends keyof ServerApi> = Parameters<ServerApi[K]> extends Parameters<ServerMain[K]>
  ? ReturnType<ServerMain[K]> extends ReturnType<ServerApi[K]>
    ? true
    : false
  : false;

/** One entry per ServerApi function; a missing or extra key, or a `false`, is a compile error. */
const MATCHES: { [K in keyof ServerApi]: Matches<K> } = {
  getSettings: true,
  saveSettings: true,
  syncNow: true,
  getDashboard: true,
  refreshDashboard: true,
  rebuildDashboards: true,
  exportCsv: true,
  showSettings: true,
  showSidebar: true,
};

const distDir = process.env.DIST_DIR ?? path.join(__dirname, '..', 'dist');

describe('ServerApi', () => {
  it('names only functions that main.ts exports', async () => {
    const main: Record<string, unknown> = await import('../src/server/main');
    for (const name of Object.keys(MATCHES)) expect(typeof main[name], name).toBe('function');
  });

  it('names only top-level functions of the built bundle (what google.script.run can reach)', () => {
    const code = readFileSync(path.join(distDir, 'Code.js'), 'utf8');
    for (const name of Object.keys(MATCHES)) expect(code, name).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
  });
});
