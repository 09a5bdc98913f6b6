// Helpers for sync tests through the built bundle: a fake Chatvolt plus a local runtime, settings, runs, sheet views.
import { startFakeChatvolt, type FakeChatvolt, type FakeOptions } from '../fake-chatvolt/index';
import { createRuntime, type CellValue, type LocalRuntime, type RunOptions, type RuntimeOptions } from '../runtime/index';
import type { SyncReport } from '../../src/shared/dto';

export interface SyncWorld {
  fake: FakeChatvolt;
  rt: LocalRuntime;
  close(): Promise<void>;
}

/** The runtime's clock and the fake organisation's "now" start together. */
export const NOW = '2026-03-15T12:00:00.000Z';

/** Starts a fake organisation and a runtime whose settings point at it (key and base URL saved through the bundle). */
export async function world(fakeOptions: FakeOptions, runtimeOptions: RuntimeOptions = {}): Promise<SyncWorld> {
  const fake = await startFakeChatvolt({ now: NOW, ...fakeOptions });
  // CHATVOLT_DIST_DIR lets a developer test a private copy of dist/ while others rebuild the shared one.
  const distDir = process.env.CHATVOLT_DIST_DIR;
  const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}), ...runtimeOptions });
  const saved = rt.run('saveSettings', [{ apiKey: fake.apiKey, baseUrl: fake.baseUrl }]);
  if (!saved.ok) throw new Error(`saveSettings failed: ${saved.error.message}`);
  return {
    fake,
    rt,
    close: async () => {
      rt.dispose();
      await fake.close();
    },
  };
}

/** One run of `fn` that must not throw; returns its report and stats. */
export function run(rt: LocalRuntime, fn = 'syncNow', options: RunOptions = {}) {
  const result = rt.run<SyncReport>(fn, fn === 'runScheduledSync' ? [{}] : [], options);
  if (!result.ok) throw new Error(`${fn} threw: ${result.error.message}`);
  return { report: result.value, stats: result.stats };
}

/** Runs until a report says complete (at most `max` runs); returns every report. */
export function syncUntilComplete(rt: LocalRuntime, fn = 'syncNow', max = 30): SyncReport[] {
  const reports: SyncReport[] = [];
  for (let i = 0; i < max; i++) {
    const { report } = run(rt, fn);
    reports.push(report);
    if (!report.ok) throw new Error(`sync failed: ${report.message}`);
    if (report.complete) return reports;
  }
  throw new Error(`sync not complete after ${max} runs`);
}

/** A sheet's values with the named columns left out (e.g. synced_at, which records when a run happened). */
export function valuesWithout(rt: LocalRuntime, sheet: string, drop: readonly string[] = ['synced_at']): CellValue[][] {
  const values = rt.book.values(sheet);
  const header = values[0] ?? [];
  const keep = header.map((name, i) => (drop.includes(String(name)) ? -1 : i)).filter((i) => i >= 0);
  return values.map((row) => keep.map((i) => row[i] ?? ''));
}

/** Rows of a sheet as objects keyed by header name. */
export function rowsOf(rt: LocalRuntime, sheet: string): Array<Record<string, CellValue>> {
  const [header = [], ...rows] = rt.book.values(sheet);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [String(name), row[i] ?? ''])));
}

/** The Sheets part of an execution's calls (Range, Sheet, Spreadsheet, SpreadsheetApp), for constant-count checks. */
export function sheetsCalls(callsByMethod: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(callsByMethod).filter(([key]) => /^(Range|Sheet|Spreadsheet|SpreadsheetApp)\./.test(key) && !key.endsWith('.toast') && !key.endsWith('.getUi')),
  );
}
