// Writes docs/sidebar.png: a seeded fake Chatvolt organisation synced by the built bundle, shown in the sidebar.
// Run after `npm run build`: node --import tsx test/browser/sidebar-screenshot.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyncReport } from '../../src/shared/dto';
import { startFakeChatvolt } from '../fake-chatvolt/index';
import { createRuntime } from '../runtime/index';
import { closeBrowser, DIST_DIR, openPage, pausedClock } from './harness';

const NOW = '2026-03-15T12:00:00.000Z';
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'sidebar.png');

async function main(): Promise<void> {
  const fake = await startFakeChatvolt({ seed: 2026, conversations: 600, days: 60, now: NOW });
  const runtime = createRuntime({ now: NOW, distDir: DIST_DIR });
  try {
    runtime.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    // One run may stop at its time budget (complete: false); the next resumes, as the trigger would.
    for (let run = 0; run < 20; run++) {
      const report = runtime.call<SyncReport>('syncNow');
      if (!report.ok) throw new Error(`syncNow: ${report.message}`);
      if (report.complete) break;
    }
    const opened = await openPage(runtime, 'sidebar', { height: 900, beforeLoad: pausedClock(NOW) });
    await opened.page.waitForSelector('.kpi, .error:not([hidden])');
    const failure = await opened.page.locator('.error:not([hidden])').count();
    if (failure > 0) throw new Error(`sidebar: ${await opened.page.locator('.error').textContent()}`);
    // Let the "atualizado há N s" label show a few seconds, as a user would see it.
    await opened.page.clock.fastForward(4_000);
    await opened.page.screenshot({ path: OUT, fullPage: true });
    if (opened.pageErrors.length > 0 || opened.blockedRequests.length > 0) {
      throw new Error(`page errors: ${opened.pageErrors.join('; ')}; blocked: ${opened.blockedRequests.join(', ')}`);
    }
    await opened.close();
    console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
  } finally {
    await closeBrowser();
    runtime.dispose();
    await fake.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
