// The sync invariant over seeded random fault mixes, through the built bundle: whatever the API does, every run
// returns a report before the platform's limit, no row is lost or duplicated, and once the API behaves the sheets
// equal those of a fault-free sync. More seeds: `npm run bench faults`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeChatvolt, type FakeChatvolt } from '../fake-chatvolt/index';
import { NOW } from './harness';
import { randomFaultMix, referenceSheets, runFaultScenario, type Reference } from './fault-mix';

/** Seeds run in CI (each a fresh spreadsheet); kept to about a minute of real time. */
const SEEDS = Number(process.env.FAULT_SEEDS ?? 24);
/** A silent cap below the organisation's size, so that windows get split. */
const LIST_CAP = 20;

describe('sync invariant under random fault mixes', () => {
  let fake: FakeChatvolt;
  let reference: Reference;
  beforeAll(async () => {
    fake = await startFakeChatvolt({ seed: 41, conversations: 30, days: 5, listCap: LIST_CAP, now: NOW });
    reference = referenceSheets(fake);
  });
  afterAll(async () => fake.close());

  it(`holds for ${SEEDS} seeds`, { timeout: 300_000 }, async () => {
    expect(reference.conversas).toHaveLength(31);
    const kinds = new Set<string>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const mix = randomFaultMix(seed);
      const result = await runFaultScenario(fake, reference, mix, LIST_CAP);
      if (mix.rejectedKeyRuns > 0) kinds.add('rejected key');
      if (mix.outageRuns > 0) kinds.add('outage');
      if (mix.latencyMs >= 45000) kinds.add('45-s answers');
      if (mix.ignoreEndDate) kinds.add('endDate ignored');
      for (const rule of mix.rules) kinds.add(rule.malformed ? 'malformed' : rule.network ? 'network' : `HTTP ${rule.status ?? ''}`);
      // A rejected key costs one request per run and writes nothing.
      for (const run of result.faulty.slice(0, mix.rejectedKeyRuns)) {
        expect(run.report, `seed ${seed}`).toMatchObject({ ok: false, apiCalls: 1 });
        expect(run.report.message).toMatch(/^Chave de API inválida/);
      }
    }
    // The seeds cover every fault the issue names.
    expect([...kinds].sort()).toEqual(
      ['45-s answers', 'HTTP 429', 'HTTP 500', 'HTTP 502', 'HTTP 503', 'endDate ignored', 'malformed', 'network', 'outage', 'rejected key'].sort(),
    );
  });
});
