// The service-depth backfill through the built bundle: a spreadsheet the previous version wrote gets the columns a fresh sync writes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBook, type BookFixture } from '../../fixtures/previous-version/book';
import { FAKE, MAKE_ROW, quotedTexts } from '../../fixtures/previous-version/scenario';
import type { CellValue, LocalRuntime } from '../../runtime/index';
import { createRuntime } from '../../runtime/index';
import { NOW, rowsOf, run, sheetsCalls, syncUntilComplete, world, type SyncWorld } from '../../sync/harness';

const FIXTURE = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/previous-version/book.json'), 'utf8'),
) as BookFixture;
const DEPTH = [
  'first_response_business_time', 'first_human_response_business_time', 'resolution_business_time', 'created_in_business_hours',
  'first_operator_id', 'operator_ids', 'operator_handling_time', 'first_customer_message_at',
];
const OFFICE = { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']], wed: [['08:00', '18:00']], thu: [['08:00', '18:00']],
  fri: [['08:00', '18:00']], sat: [], sun: [] };
const BACKFILL_KEY = 'serviceDepth.backfill.v1';
const LATER = new Date(Date.parse(NOW) + 3_600_000).toISOString();

let w: SyncWorld;
/** The 8 columns per conversation as a fresh full sync of the same organisation writes them (the oracle). */
let fresh: Map<string, CellValue[]>;
let freshIdle: Record<string, number>;

function depthBy(rt: LocalRuntime): Map<string, CellValue[]> {
  return new Map(rowsOf(rt, 'Conversas').map((row) => [String(row.conversation_id), DEPTH.map((name) => normal(row[name]))]));
}
/** Dates compared as instants. */
function normal(cell: CellValue | undefined): CellValue {
  return cell instanceof Date ? cell.toISOString() : (cell ?? '');
}
function saveHours(rt: LocalRuntime) {
  const saved = rt.run('saveSettings', [{ businessHours: OFFICE }]);
  if (!saved.ok) throw new Error(saved.error.message);
}
/** A runtime holding the previous version's spreadsheet (no service-depth column, no backfill state), pointed at `w`'s fake. */
function upgraded(mutate?: (rt: LocalRuntime) => void): LocalRuntime {
  const rt = createRuntime({ now: NOW });
  const saved = rt.run('saveSettings', [{ apiKey: w.fake.apiKey, baseUrl: w.fake.baseUrl }]);
  if (!saved.ok) throw new Error(saved.error.message);
  loadBook(rt, FIXTURE);
  saveHours(rt);
  rt.clock.set(LATER);
  mutate?.(rt);
  return rt;
}

beforeAll(async () => {
  w = await world({ ...FAKE });
  // The organisation as the fixture saw it (test/sync/sync-heal.test.ts): its last conversation's texts quoted.
  const organisation = await w.fake.snapshot();
  await w.fake.mutate(quotedTexts(organisation.conversations[organisation.conversations.length - 1]?.id ?? ''));
  saveHours(w.rt);
  syncUntilComplete(w.rt);
  // A first import marks the backfill done without reading anything: every row comes from this version.
  expect(w.rt.properties.document.get(BACKFILL_KEY)).toBe('{"done":true}');
  fresh = depthBy(w.rt);
  w.rt.clock.set(LATER);
  freshIdle = sheetsCalls(run(w.rt).stats.callsByMethod);
});
afterAll(async () => {
  await w.close();
});

describe('service-depth backfill of a spreadsheet the previous version wrote', () => {
  it('is an honest previous-version sheet: none of the eight columns, no backfill state', () => {
    const header = (FIXTURE.sheets.Conversas?.values[0] ?? []).map((cell) => String(cell).replace(/^'/, ''));
    for (const name of DEPTH) expect(header).not.toContain(name);
    expect(header).toContain('synced_at');
    expect(Object.keys(FIXTURE.documentProperties)).not.toContain(BACKFILL_KEY);
  });

  it('fills every add-on row with what a fresh full sync writes, leaves the Make row alone, and bumps the data version', () => {
    const rt = upgraded();
    const version = Number(rt.properties.document.get('sync.dataVersion') ?? 0);
    const reports = syncUntilComplete(rt);
    expect(reports[0]?.conversationsWritten).toBe(0);
    const after = depthBy(rt);
    expect(fresh.size).toBe(FAKE.conversations);
    let operators = 0;
    let customers = 0;
    for (const [id, expected] of fresh) {
      expect(after.get(id), id).toEqual(expected);
      if (expected[4] !== '') operators++;
      if (expected[7] !== '') customers++;
    }
    // The comparison is not vacuous: most rows have a first customer message, several have operators.
    expect(customers).toBeGreaterThan(FAKE.conversations / 2);
    expect(operators).toBeGreaterThan(3);
    // A Make row has no messages of the add-on's: its operator columns stay blank (the business ones are the recompute's).
    expect(after.get(MAKE_ROW.conversation_id)?.slice(4)).toEqual(['', '', '', '']);
    expect(rt.properties.document.get(BACKFILL_KEY)).toBe('{"done":true}');
    expect(Number(rt.properties.document.get('sync.dataVersion'))).toBeGreaterThan(version);
    rt.dispose();
  });

  it('leaves blank a row whose messages left "Mensagens" (wholly or in part), fills the others', () => {
    const byConversation = new Map<string, number>();
    for (const row of FIXTURE.sheets.Mensagens?.values.slice(1) ?? []) {
      const id = String(row[1]).replace(/^'/, '');
      byConversation.set(id, (byConversation.get(id) ?? 0) + 1);
    }
    const withOperator = [...fresh].filter(([, v]) => v[4] !== '').map(([id]) => id);
    const [whole, part] = withOperator;
    if (!whole || !part || (byConversation.get(part) ?? 0) < 2) throw new Error('fixture lacks conversations with operators');
    const rt = upgraded((r) => {
      const [header = [], ...rows] = r.book.values('Mensagens');
      let droppedPart = false;
      const kept = rows.filter((row) => {
        const id = String(row[1]).replace(/^'/, '');
        if (id === whole) return false;
        if (id === part && !droppedPart) return !(droppedPart = true);
        return true;
      });
      r.book.seed('Mensagens', [header, ...kept]);
    });
    syncUntilComplete(rt);
    const after = depthBy(rt);
    for (const id of [whole, part]) expect(after.get(id)?.slice(4), id).toEqual(['', '', '', '']);
    for (const [id, expected] of fresh) if (id !== whole && id !== part) expect(after.get(id), id).toEqual(expected);
    rt.dispose();
  });

  it('converges to the same columns after a crash at any call of the run that backfills', () => {
    const probe = upgraded();
    const calls = run(probe).stats.calls;
    probe.dispose();
    expect(calls).toBeGreaterThan(10);
    for (let k = 1; k <= calls; k += 2) {
      const rt = upgraded();
      const crashed = rt.run('syncNow', [], { abortAtCall: k });
      expect(crashed.ok, `crash at call ${k}`).toBe(false);
      rt.clock.advance(60_000);
      syncUntilComplete(rt);
      const after = depthBy(rt);
      for (const [id, expected] of fresh) expect(after.get(id), `crash at call ${k}: ${id}`).toEqual(expected);
      expect(rowsOf(rt, 'Conversas').length, `crash at call ${k}`).toBe(FAKE.conversations + 1);
      expect(rt.properties.document.get(BACKFILL_KEY), `crash at call ${k}`).toBe('{"done":true}');
      rt.dispose();
    }
  }, 240_000);

  it('costs an idle sync nothing once done: no cell read or write, the same calls as on a fresh install', () => {
    const rt = upgraded();
    syncUntilComplete(rt);
    rt.clock.advance(60_000);
    const idle = run(rt);
    expect(idle.report.complete).toBe(true);
    expect(idle.stats.callsByMethod['Range.getValues']).toBeUndefined();
    expect(idle.stats.callsByMethod['Range.setValues']).toBeUndefined();
    expect(sheetsCalls(idle.stats.callsByMethod)).toEqual(freshIdle);
    rt.dispose();
  });
});
