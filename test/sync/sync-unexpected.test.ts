// A sync that meets an error of its own (not Chatvolt's) still ends in an ok: false report, stored and counted.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../src/shared/dto';
import { startFakeChatvolt, type FakeChatvolt } from '../fake-chatvolt/index';
import { runtimeWithScript } from '../runtime/fixture';
import type { LocalRuntime } from '../runtime/index';
import { removeSnapshot, snapshotDist } from '../server/settings/dist-snapshot';
import { NOW } from './harness';

// Fills the spreadsheet to just under Sheets' 10,000,000 cells: the sync's own new sheets then cross the limit.
const USER_ACTIONS = `
function testFillBook() { SpreadsheetApp.getActive().insertSheet('Grande').insertRowsAfter(1000, 382000); }
`;

let bundle = '';
beforeAll(() => {
  const copy = snapshotDist(['Code.js']);
  bundle = `${fs.readFileSync(path.join(copy, 'Code.js'), 'utf8')}\n${USER_ACTIONS}`;
  removeSnapshot(copy);
});

let fake: FakeChatvolt | null = null;
let rt: LocalRuntime | null = null;
afterEach(async () => {
  rt?.dispose();
  rt = null;
  await fake?.close();
  fake = null;
});

describe('an unexpected error inside the sync', () => {
  it('returns and stores an ok: false report in Portuguese, moves no cursor, and counts as a failed scheduled sync', async () => {
    fake = await startFakeChatvolt({ now: NOW, seed: 91, conversations: 30, days: 10 });
    rt = runtimeWithScript(bundle, { now: NOW });
    rt.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl, alerts: { enabled: true, recipients: ['gestor@example.com'], syncFailures: 2 } });
    rt.call('testFillBook');

    const first = rt.run<SyncReport>('runScheduledSync', [{}], { trigger: 'time' });
    expect(first.ok).toBe(true);
    const report = first.ok ? first.value : null;
    expect(report).toMatchObject({ ok: false, complete: false, conversationsWritten: 0 });
    expect(report?.message).toMatch(/^A sincronização falhou com um erro inesperado \(.*10000000.*\)\. Nada foi perdido/);
    expect(JSON.parse(rt.properties.document.get('sync.lastReport') ?? 'null')).toMatchObject({ ok: false, message: report?.message });
    expect(rt.properties.document.has('sync.cursor')).toBe(false);
    expect(rt.book.values('Conversas').length).toBeLessThanOrEqual(1);

    // The menu path shows the message instead of throwing.
    const manual = rt.run<SyncReport>('syncNow', []);
    expect(manual.ok && manual.value.ok).toBe(false);
    expect(rt.ui.toasts.at(-1)?.message).toBe(manual.ok ? manual.value.message : '');

    // Two failed scheduled syncs in a row: the alert rule "sync failing K times" fires.
    rt.run('runScheduledSync', [{}], { trigger: 'time' });
    expect(rt.mail.some((m) => m.to.includes('gestor@example.com'))).toBe(true);
  });
});
