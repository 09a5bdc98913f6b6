// The demo's sidebar picture (scripts/painel.ts): the built page in Chromium written as a PNG of the sidebar's width.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSidebarPicture } from '../../scripts/painel';
import { serviceDepthDashboard } from './fixtures/service-depth';
import { stubRuntime } from './harness';

const dir = mkdtempSync(path.join(os.tmpdir(), 'painel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('writeSidebarPicture', () => {
  it('writes the whole sidebar, 300 px wide, from the DashboardData the page asked for', async () => {
    const asked: unknown[] = [];
    const runtime = stubRuntime({
      getDashboard: (filters) => {
        asked.push(filters);
        return serviceDepthDashboard();
      },
    });
    const out = path.join(dir, 'painel.png');
    expect(await writeSidebarPicture({ runtime, out, now: '2026-03-15T12:00:00Z' })).toBe(out);
    const { width, height } = pngSize(readFileSync(out));
    expect(width).toBe(300);
    // Full page: taller than the 900 px viewport once the service-depth sections are there.
    expect(height).toBeGreaterThan(1200);
    // The page's own default period (30 days up to 2026-03-15 in São Paulo), as in Sheets.
    expect(asked).toEqual([{ from: '2026-02-14', to: '2026-03-15' }]);
  });

  it('fails loudly when the page cannot load its data, rather than writing a picture of an error', async () => {
    const runtime = stubRuntime({
      getDashboard: () => {
        throw new Error('A aba "Conversas" não foi encontrada.');
      },
    });
    await expect(writeSidebarPicture({ runtime, out: path.join(dir, 'erro.png'), now: '2026-03-15T12:00:00Z' })).rejects.toThrow(
      'painel: Não foi possível atualizar o painel: A aba "Conversas" não foi encontrada.',
    );
  });
});
