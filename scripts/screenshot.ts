// `npm run screenshot`: writes docs/sidebar.png, the sidebar over the demo organisation synced by the built bundle
// (the same picture as `npm run demo`'s out/painel.png).
// `npm run screenshot -- --fixture` draws it from the hand-written service-depth fixture instead (no sync).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DashboardData, SyncReport } from '../src/shared/dto';
import { startFakeChatvolt } from '../test/fake-chatvolt/index';
import { serviceDepthDashboard } from '../test/browser/fixtures/service-depth';
import { stubRuntime } from '../test/browser/harness';
import { createRuntime } from '../test/runtime/index';
import { DEMO_BUSINESS_HOURS, DEMO_NOW, DEMO_ORG } from './demo-org';
import { CHROMIUM_HINT, writeSidebarPicture } from './painel';

const NOW = DEMO_NOW;
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'sidebar.png');

/** The sections the picture is meant to show (README); a server without them would make a misleading picture. */
function missingSections(data: DashboardData): string[] {
  const missing: string[] = [];
  if (!data.businessHours) missing.push('businessHours');
  if (!data.operators || data.operators.length === 0) missing.push('operators');
  if (!data.durableAi) missing.push('durableAi');
  return missing;
}

async function fromFixture(): Promise<string | null> {
  const fixture = serviceDepthDashboard();
  // The fixture's third operator is named like HTML for the XSS tests; the README picture shows a person instead.
  const operators = (fixture.operators ?? []).map((row, i) => (i === 2 ? { ...row, label: 'Carla Dias' } : row));
  const data: DashboardData = { ...fixture, operators };
  return writeSidebarPicture({ runtime: stubRuntime({ getDashboard: () => data, refreshDashboard: () => data }), out: OUT, now: NOW });
}

async function fromDemoOrganisation(): Promise<string | null> {
  const fake = await startFakeChatvolt(DEMO_ORG);
  const runtime = createRuntime({ now: NOW });
  try {
    runtime.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    runtime.call('saveSettings', { businessHours: DEMO_BUSINESS_HOURS });
    // One run may stop at its time budget (complete: false); the next resumes, as the trigger would.
    for (let run = 0; run < 20; run++) {
      const report = runtime.call<SyncReport>('syncNow');
      if (!report.ok) throw new Error(`syncNow: ${report.message}`);
      if (report.complete) break;
    }
    const missing = missingSections(runtime.call<DashboardData>('getDashboard', { from: '2026-02-14', to: '2026-03-15' }));
    if (missing.length > 0) throw new Error(`o painel não trouxe ${missing.join(', ')}; use --fixture`);
    return await writeSidebarPicture({ runtime, out: OUT, now: NOW });
  } finally {
    runtime.dispose();
    await fake.close();
  }
}

async function main(): Promise<void> {
  const written = process.argv.includes('--fixture') ? await fromFixture() : await fromDemoOrganisation();
  if (!written) throw new Error(CHROMIUM_HINT);
  console.log(`wrote ${path.relative(process.cwd(), written)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
