// Seeded random fault mixes for the sync invariant (property test and `npm run bench`): faulty runs, then a healthy API.
import type { FakeChatvolt, FaultRule } from '../fake-chatvolt/index';
import { Rng } from '../fake-chatvolt/random';
import { createRuntime, type CellValue, type ExecutionStats, type LocalRuntime } from '../runtime/index';
import type { SyncReport } from '../../src/shared/dto';
import { NOW, valuesWithout } from './harness';

/** Apps Script's execution limit: a run past it is killed ("Exceeded maximum execution time"). */
export const PLATFORM_LIMIT_MS = 360000;

/** What one seed does to the API. */
export interface FaultMix {
  seed: number;
  /** Runs with a revoked key first (0 = none). */
  rejectedKeyRuns: number;
  /** Runs where every request answers a 502 page (0 = none). */
  outageRuns: number;
  /** Then runs under `rules`, `latencyMs` and `ignoreEndDate`. */
  flakyRuns: number;
  rules: FaultRule[];
  latencyMs: number;
  ignoreEndDate: boolean;
}

const ENDPOINTS = ['^/conversation\\?', '^/conversation/[^/?]+$', '/messages/'];

/** A random mix of every fault the issue names, fixed by `seed`. */
export function randomFaultMix(seed: number): FaultMix {
  const rng = new Rng(seed * 7919 + 17);
  const rules: FaultRule[] = [];
  for (const path of ENDPOINTS) {
    if (!rng.chance(0.6)) continue;
    const kind = rng.pick(['500', '502', '503', '429', 'malformed', 'network'] as const);
    const base: FaultRule = { path, permanent: true, chance: 0.05 + rng.next() * 0.25, seed: rng.int(1, 1e6) };
    if (kind === 'malformed') rules.push({ ...base, malformed: true });
    else if (kind === 'network') rules.push({ ...base, network: true });
    else if (kind === '429') rules.push({ ...base, status: 429, retryAfter: rng.int(1, 3) });
    else rules.push({ ...base, status: Number(kind) });
  }
  if (rng.chance(0.3)) rules.push({ every: rng.int(3, 9), status: 500, permanent: true });
  return {
    seed,
    rejectedKeyRuns: rng.chance(0.25) ? rng.int(1, 2) : 0,
    outageRuns: rng.chance(0.2) ? 1 : 0,
    flakyRuns: rng.int(1, 3),
    rules,
    latencyMs: rng.pick([0, 0, 0, 1500, 20000, 45000]),
    ignoreEndDate: rng.chance(0.3),
  };
}

/** The sheets a fault-free sync leaves (synced_at left out: it records when a run happened). */
export interface Reference {
  conversas: CellValue[][];
  mensagens: CellValue[][];
}

/** One run's figures. */
export interface RunRecord {
  report: SyncReport;
  stats: ExecutionStats;
}

/** What a seed did: every run (faulty, then healthy) and the runs it took to converge. */
export interface ScenarioResult {
  mix: FaultMix;
  faulty: RunRecord[];
  healthy: RunRecord[];
}

/** Where two tables first differ ("row 3, column status: …"), or null when they are equal. */
function firstDifference(got: CellValue[][], want: CellValue[][]): string | null {
  if (got.length !== want.length) return `row count ${got.length} instead of ${want.length}`;
  for (let r = 0; r < got.length; r++) {
    const a = got[r] ?? [];
    const b = want[r] ?? [];
    for (let c = 0; c < Math.max(a.length, b.length); c++) {
      if (JSON.stringify(a[c]) !== JSON.stringify(b[c])) return `row ${r + 1}, column ${String(want[0]?.[c] ?? c)}: ${JSON.stringify(a[c])} instead of ${JSON.stringify(b[c])}`;
    }
  }
  return null;
}

function newRuntime(fake: FakeChatvolt): LocalRuntime {
  const distDir = process.env.CHATVOLT_DIST_DIR;
  const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
  rt.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
  return rt;
}

function ids(rt: LocalRuntime, sheet: string, column: string): string[] {
  const [header = [], ...rows] = rt.book.values(sheet);
  const at = header.indexOf(column);
  return at < 0 ? [] : rows.map((row) => String(row[at] ?? ''));
}

/**
 * One run checked against the invariant: it returns a SyncReport (never killed, well before the platform's limit),
 * its message is plain Portuguese (no HTML, no stack), and no row of either sheet was lost or duplicated.
 */
function checkedRun(rt: LocalRuntime, index: number, label: string): RunRecord {
  const before = { conversas: ids(rt, 'Conversas', 'conversation_id'), mensagens: ids(rt, 'Mensagens', 'message_id') };
  const scheduled = index % 2 === 0;
  const result = scheduled ? rt.run<SyncReport>('runScheduledSync', [{}], { trigger: 'time' }) : rt.run<SyncReport>('syncNow', []);
  if (!result.ok) throw new Error(`${label}: the run did not return a report (${result.error.message})`);
  const { value: report, stats } = result;
  if (stats.modelledMs >= PLATFORM_LIMIT_MS) throw new Error(`${label}: ${stats.modelledMs} ms modelled, past the platform's limit`);
  if (typeof report.message !== 'string' || /[<>]|\n\s+at /.test(report.message)) throw new Error(`${label}: raw message ${report.message}`);
  const after = { conversas: ids(rt, 'Conversas', 'conversation_id'), mensagens: ids(rt, 'Mensagens', 'message_id') };
  for (const sheet of ['conversas', 'mensagens'] as const) {
    if (new Set(after[sheet]).size !== after[sheet].length) throw new Error(`${label}: duplicated rows in ${sheet}`);
    const now = new Set(after[sheet]);
    const lost = before[sheet].filter((id) => !now.has(id));
    if (lost.length > 0) throw new Error(`${label}: ${lost.length} rows of ${sheet} lost`);
  }
  // The next trigger fires a minute later.
  rt.clock.advance(60000);
  return { report, stats };
}

/**
 * Runs one seed against `fake` (shared; its faults and behaviour are reset here) on a fresh spreadsheet: the mix's
 * faulty runs, then a healthy API until a run reports complete (at most `maxHealthyRuns`). Throws on any breach of
 * the invariant, including final sheets that differ from `reference`.
 */
export async function runFaultScenario(
  fake: FakeChatvolt,
  reference: Reference,
  mix: FaultMix,
  listCap: number | null,
  maxHealthyRuns = 12,
): Promise<ScenarioResult> {
  const rt = newRuntime(fake);
  const label = (phase: string, i: number) => `seed ${mix.seed} (${JSON.stringify(mix)}), ${phase} run ${i + 1}`;
  const faulty: RunRecord[] = [];
  const healthy: RunRecord[] = [];
  try {
    await fake.clearFaults();
    if (mix.rejectedKeyRuns > 0) {
      await fake.configure({ apiKey: 'revoked-key' });
      for (let i = 0; i < mix.rejectedKeyRuns; i++) faulty.push(checkedRun(rt, faulty.length, label('rejected-key', i)));
      await fake.configure({ apiKey: fake.apiKey });
    }
    if (mix.outageRuns > 0) {
      await fake.fault({ status: 502, permanent: true });
      for (let i = 0; i < mix.outageRuns; i++) faulty.push(checkedRun(rt, faulty.length, label('outage', i)));
      await fake.clearFaults();
    }
    // A deployment that ignores endDate is an older one, without the silent cap: with both, every window would answer
    // only the newest conversations and nothing could reach the others (ARCHITECTURE.md, known limits).
    await fake.configure({ latencyMs: mix.latencyMs, ignoreEndDate: mix.ignoreEndDate, ...(mix.ignoreEndDate ? { listCap: null } : {}) });
    for (const rule of mix.rules) await fake.fault(rule);
    for (let i = 0; i < mix.flakyRuns; i++) faulty.push(checkedRun(rt, faulty.length, label('flaky', i)));

    await fake.clearFaults();
    await fake.configure({ latencyMs: 0, ignoreEndDate: false, listCap });
    for (let i = 0; i < maxHealthyRuns; i++) {
      const run = checkedRun(rt, faulty.length + i, label('healthy', i));
      healthy.push(run);
      if (!run.report.ok) throw new Error(`${label('healthy', i)}: failed with a healthy API: ${run.report.message}`);
      if (run.report.complete) break;
    }
    if (!healthy[healthy.length - 1]?.report.complete) throw new Error(`seed ${mix.seed}: not complete after ${maxHealthyRuns} healthy runs`);
    const conversas = valuesWithout(rt, 'Conversas');
    const mensagens = valuesWithout(rt, 'Mensagens');
    for (const [sheet, got, want] of [['Conversas', conversas, reference.conversas], ['Mensagens', mensagens, reference.mensagens]] as const) {
      const difference = firstDifference(got, want);
      if (difference !== null) throw new Error(`seed ${mix.seed}: '${sheet}' differs from a fault-free sync at ${difference}`);
    }
    return { mix, faulty, healthy };
  } finally {
    rt.dispose();
    await fake.clearFaults();
    await fake.configure({ apiKey: fake.apiKey, latencyMs: 0, ignoreEndDate: false, listCap });
  }
}

/** The fault-free sheets for `fake`'s organisation: one clean runtime synced until complete. */
export function referenceSheets(fake: FakeChatvolt): Reference {
  const rt = newRuntime(fake);
  try {
    for (let i = 0; i < 10; i++) {
      const result = rt.run<SyncReport>('syncNow', []);
      if (!result.ok || !result.value.ok) throw new Error('the fault-free sync failed');
      if (result.value.complete) return { conversas: valuesWithout(rt, 'Conversas'), mensagens: valuesWithout(rt, 'Mensagens') };
    }
    throw new Error('the fault-free sync did not complete');
  } finally {
    rt.dispose();
  }
}
