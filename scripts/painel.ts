// The sidebar as a picture: the built dist/sidebar.html in headless Chromium, its server calls answered by a runtime.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM_PATH, closeBrowser, openPage, pausedClock, type PageRuntime } from '../test/browser/harness';

/** How to get the browser when it is missing (playwright-core ships none, and `npx playwright install` cannot fetch here). */
export const CHROMIUM_HINT = `Chromium não encontrado em ${CHROMIUM_PATH}: instale com "sudo apt-get install -y chromium" (Debian/Ubuntu) e rode de novo.`;

/** Options of writeSidebarPicture. */
export interface SidebarPictureOptions {
  /** Answers the page's google.script.run calls (getDashboard, …): the local runtime on the built bundle, or a stub. */
  runtime: PageRuntime;
  /** The PNG to write. */
  out: string;
  /** The instant the page's clock shows (ISO), so the period and "atualizado há" match the data. */
  now: string;
  /** Directory holding the built pages; default dist/. */
  distDir?: string;
}

/**
 * Opens the built sidebar at 300 px (Sheets' sidebar width), waits for the KPI cards, and writes a full-page PNG.
 * Returns the path written, or null when Chromium is absent (the caller prints CHROMIUM_HINT). Throws when the
 * page shows an error, throws in its scripts or tries to reach the network.
 */
export async function writeSidebarPicture(options: SidebarPictureOptions): Promise<string | null> {
  if (!existsSync(CHROMIUM_PATH)) return null;
  mkdirSync(path.dirname(options.out), { recursive: true });
  try {
    const opened = await openPage(options.runtime, 'sidebar', { height: 900, beforeLoad: pausedClock(options.now), distDir: options.distDir });
    await opened.page.waitForSelector('.kpi, .error:not([hidden])');
    if ((await opened.page.locator('.error:not([hidden])').count()) > 0) {
      throw new Error(`painel: ${(await opened.page.locator('.error').textContent()) ?? ''}`);
    }
    // A few seconds on the "atualizado há N s" label, as a user would see it.
    await opened.page.clock.fastForward(4_000);
    await opened.page.screenshot({ path: options.out, fullPage: true });
    if (opened.pageErrors.length > 0 || opened.blockedRequests.length > 0) {
      throw new Error(`painel: erros na página: ${opened.pageErrors.join('; ')}; rede bloqueada: ${opened.blockedRequests.join(', ')}`);
    }
    await opened.close();
    return options.out;
  } finally {
    await closeBrowser();
  }
}
