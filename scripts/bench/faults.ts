// Fault benchmark: the sync invariant over many seeded random fault mixes (the CI property test runs a few dozen).
import { startFakeChatvolt } from '../../test/fake-chatvolt/index';
import { NOW } from '../../test/sync/harness';
import { PLATFORM_LIMIT_MS, randomFaultMix, referenceSheets, runFaultScenario } from '../../test/sync/fault-mix';

const SEEDS = Number(process.env.FAULT_SEEDS ?? 200);
const LIST_CAP = 20;

/** Prints how many seeds held the invariant, the longest run, and the runs and requests faults cost. */
export default async function benchFaults(): Promise<void> {
  const fake = await startFakeChatvolt({ seed: 41, conversations: 30, days: 5, listCap: LIST_CAP, now: NOW });
  try {
    const reference = referenceSheets(fake);
    let longest = 0;
    let runs = 0;
    let healthyRuns = 0;
    let requests = 0;
    let failedReports = 0;
    const started = performance.now();
    for (let seed = 1; seed <= SEEDS; seed++) {
      // Throws, naming the seed and the breach, when the invariant does not hold.
      const result = await runFaultScenario(fake, reference, randomFaultMix(seed), LIST_CAP);
      for (const run of [...result.faulty, ...result.healthy]) {
        longest = Math.max(longest, run.stats.modelledMs);
        requests += run.report.apiCalls;
        if (!run.report.ok) failedReports++;
      }
      runs += result.faulty.length + result.healthy.length;
      healthyRuns += result.healthy.length;
    }
    console.log(
      `${SEEDS} seeds held the invariant (never killed, no row lost or duplicated, sheets equal to a fault-free sync once the API behaves) in ${((performance.now() - started) / 1000).toFixed(0)} s real time`,
    );
    console.log(
      `${runs} runs (${failedReports} reported ok: false), longest ${(longest / 1000).toFixed(1)} s modelled of the ${PLATFORM_LIMIT_MS / 1000} s limit; ${requests} API requests; ${(healthyRuns / SEEDS).toFixed(2)} healthy runs per seed to converge`,
    );
  } finally {
    await fake.close();
  }
}
