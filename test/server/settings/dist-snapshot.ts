// A private copy of dist/ for one test file, so a teammate's concurrent `npm run build` cannot pull it away mid-test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist');

/** Copies dist/ (waiting up to `timeoutMs` for a build in progress to finish) and returns the copy's path. */
export function snapshotDist(files: readonly string[] = ['Code.js', 'settings.html'], timeoutMs = 120_000): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-dist-'));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      for (const file of files) fs.copyFileSync(path.join(DIST, file), path.join(target, file));
      return target;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`dist/ incomplete: run "npm run build" first (${String(error)})`);
      // Busy-wait briefly: a rebuild empties dist/ for a few seconds.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

/** Removes a snapshot made by snapshotDist. */
export function removeSnapshot(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The text of dist/Code.js, read from a private copy (see snapshotDist). */
export function bundleText(): string {
  const copy = snapshotDist(['Code.js']);
  try {
    return fs.readFileSync(path.join(copy, 'Code.js'), 'utf8');
  } finally {
    removeSnapshot(copy);
  }
}
