import { afterAll, it } from 'vitest';
import type { LocalRuntime } from '../runtime/index';
import { createRuntime as fakeCreate } from '../../../../tmp/scratch/fake-runtime';
import { closeBrowser, openPage, type PageRuntime } from './harness';
afterAll(closeBrowser);
it('shot', async () => {
  const rt = fakeCreate({}) as unknown as LocalRuntime;
  rt.call('saveSettings', { apiKey: 'k', agentIds: ['clagent01'] });
  const o = await openPage(rt as PageRuntime, 'settings');
  await o.page.locator('#save:not([disabled])').waitFor();
  await o.page.fill('#reconcileDays', '0');
  await o.page.click('#save');
  await o.page.locator('[data-error-for="reconcileDays"]').waitFor({ state: 'visible' });
  await o.page.screenshot({ path: '/tmp/scratch/settings.png', fullPage: true });
  await o.page.click('#alertsSection summary');
  await o.page.click('#reportSection summary');
  await o.page.screenshot({ path: '/tmp/scratch/settings2.png', fullPage: true });
  await o.close();
});
