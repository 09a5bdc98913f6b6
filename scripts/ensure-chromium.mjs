// `npm test` runs this first: the browser tests drive Debian's Chromium, which a fresh machine may lack.
// As root with apt-get it installs it (npx playwright install cannot download browsers here); otherwise it says how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where test/browser/harness.ts launches it. */
const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium).`);
    process.exit(1);
  }
  console.log('Installing Debian chromium for the browser tests (once)…');
  execSync('apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core', {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
