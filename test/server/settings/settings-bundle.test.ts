// getSettings/saveSettings through the built dist/Code.js in the local Apps Script runtime (bound and add-on).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type LocalRuntime } from '../../runtime/index';
import { removeSnapshot, snapshotDist } from './dist-snapshot';

const KEY = 'cv-test-key-5f1e9c';
let runtimes: LocalRuntime[] = [];
let distDir = '';

beforeAll(() => {
  distDir = snapshotDist(['Code.js']);
});
afterAll(() => removeSnapshot(distDir));

function runtime(installation: 'bound' | 'addon' = 'bound'): LocalRuntime {
  const created = createRuntime({ installation, distDir });
  runtimes.push(created);
  return created;
}

afterEach(() => {
  for (const r of runtimes) r.dispose();
  runtimes = [];
});

/** The failure message of a call that must fail. */
function failure(rt: LocalRuntime, name: string, ...args: unknown[]): string {
  const result = rt.run(name, args);
  if (result.ok) throw new Error(`${name} succeeded: ${JSON.stringify(result.value)}`);
  return result.error.message;
}

const syncTriggers = (rt: LocalRuntime) => rt.triggers.filter((t) => t.handler === 'runScheduledSync');

/** Everything the runtime stores, to prove a failed save changed nothing. */
function snapshot(rt: LocalRuntime) {
  return {
    user: [...rt.properties.user()],
    document: [...rt.properties.document],
    script: [...rt.properties.script],
    triggers: rt.triggers.map((t) => ({ ...t })),
  };
}

describe('settings through the built bundle', () => {
  it('answers the defaults of a fresh spreadsheet with its time zone and the bound intervals', () => {
    const rt = runtime();
    const view = rt.call<Record<string, unknown>>('getSettings');
    expect(view).toMatchObject({
      apiKeySet: false,
      baseUrl: 'https://api.chatvolt.ai',
      reconcileDays: 7,
      syncIntervalMinutes: 0,
      slaSeconds: 300,
      abandonMinutes: 60,
      deployment: 'bound',
      allowedIntervals: [0, 1, 5, 10, 15, 30, 60],
      timeZone: 'America/Sao_Paulo',
    });
    expect(view).not.toHaveProperty('apiKey');
  });

  it('keeps the key in user properties only: never in the answer, document/script properties, sheets or logs', () => {
    const rt = runtime();
    const saved = rt.run<Record<string, unknown>>('saveSettings', [{ apiKey: KEY, reconcileDays: 12 }]);
    const read = rt.run<Record<string, unknown>>('getSettings');
    expect(saved.ok && read.ok).toBe(true);
    expect(rt.properties.user().get('chatvolt.apiKey')).toBe(KEY);
    const everywhereElse = JSON.stringify([
      saved.ok ? saved.value : null,
      read.ok ? read.value : null,
      saved.logs,
      read.logs,
      [...rt.properties.document],
      [...rt.properties.script],
      rt.book.sheetNames().map((name) => rt.book.values(name)),
    ]);
    expect(everywhereElse).not.toContain(KEY);
    expect(read.ok && read.value.apiKeySet).toBe(true);
    expect(read.ok && read.value.reconcileDays).toBe(12);
  });

  it('keeps the key per user: another user of the spreadsheet has none', () => {
    const rt = runtime();
    rt.call('saveSettings', { apiKey: KEY });
    const other = rt.run<{ apiKeySet: boolean }>('getSettings', [], { user: 'colega@example.com' });
    expect(other.ok && other.value.apiKeySet).toBe(false);
    expect(rt.properties.user('colega@example.com').size).toBe(0);
  });

  it('removes the key when saved as an empty string', () => {
    const rt = runtime();
    rt.call('saveSettings', { apiKey: KEY });
    expect(rt.call<{ apiKeySet: boolean }>('saveSettings', { apiKey: '' }).apiKeySet).toBe(false);
    expect(rt.properties.user().has('chatvolt.apiKey')).toBe(false);
  });

  it('installs, keeps, replaces and removes the runScheduledSync trigger to match the interval', () => {
    const rt = runtime();
    rt.call('saveSettings', { syncIntervalMinutes: 15 });
    rt.call('saveSettings', { syncIntervalMinutes: 15 });
    expect(syncTriggers(rt)).toHaveLength(1);
    expect(syncTriggers(rt)[0]?.everyMinutes).toBe(15);
    const firstId = syncTriggers(rt)[0]?.id;

    rt.call('saveSettings', { slaSeconds: 120 });
    expect(syncTriggers(rt).map((t) => t.id)).toEqual([firstId]);

    rt.call('saveSettings', { syncIntervalMinutes: 30 });
    expect(syncTriggers(rt)).toHaveLength(1);
    expect(syncTriggers(rt)[0]?.everyMinutes).toBe(30);

    rt.call('saveSettings', { syncIntervalMinutes: 60 });
    expect(syncTriggers(rt)).toHaveLength(1);
    expect(syncTriggers(rt)[0]?.everyHours).toBe(1);

    rt.call('saveSettings', { syncIntervalMinutes: 0 });
    expect(syncTriggers(rt)).toHaveLength(0);
  });

  it('spends one trigger listing and no trigger change on a save that keeps the interval', () => {
    const rt = runtime();
    const first = rt.run('saveSettings', [{ syncIntervalMinutes: 10 }]);
    expect(first.ok && first.stats.callsByMethod['ScriptApp.newTrigger']).toBe(1);
    const again = rt.run('saveSettings', [{ syncIntervalMinutes: 10, reconcileDays: 8 }]);
    expect(again.ok).toBe(true);
    const calls = again.stats.callsByMethod;
    expect(calls['ScriptApp.getProjectTriggers']).toBe(1);
    expect(calls['ScriptApp.getUserTriggers'] ?? 0).toBe(0);
    expect(calls['ScriptApp.newTrigger'] ?? 0).toBe(0);
    expect(calls['ScriptApp.deleteTrigger'] ?? 0).toBe(0);
    expect(calls['Properties.setProperties']).toBe(1);
  });

  it('gives no trigger to a colleague who edits another field, and one when the colleague sets the interval', () => {
    const rt = runtime();
    rt.call('saveSettings', { syncIntervalMinutes: 15 });
    const colleague = { user: 'colega@example.com' };
    const edited = rt.run<{ syncTriggerActive: boolean }>('saveSettings', [{ slaSeconds: 100 }], colleague);
    expect(edited.ok && edited.value.syncTriggerActive).toBe(false);
    expect(syncTriggers(rt).map((t) => t.user)).toEqual(['analista@example.com']);

    const adopted = rt.run<{ syncTriggerActive: boolean }>('saveSettings', [{ syncIntervalMinutes: 15 }], colleague);
    expect(adopted.ok && adopted.value.syncTriggerActive).toBe(true);
    expect(syncTriggers(rt).map((t) => t.user).sort()).toEqual(['analista@example.com', 'colega@example.com']);
  });

  it('in an Editor add-on offers 0/60, refuses 15 naming the field, and installs one hourly trigger', () => {
    const rt = runtime('addon');
    const view = rt.call<{ deployment: string; allowedIntervals: number[] }>('getSettings');
    expect(view.deployment).toBe('addon');
    expect(view.allowedIntervals).toEqual([0, 60]);

    const before = snapshot(rt);
    expect(failure(rt, 'saveSettings', { syncIntervalMinutes: 15 })).toMatch(/\(syncIntervalMinutes\)/);
    expect(snapshot(rt)).toEqual(before);

    rt.call('saveSettings', { syncIntervalMinutes: 60 });
    const again = rt.run('saveSettings', [{ syncIntervalMinutes: 60 }]);
    expect(syncTriggers(rt)).toHaveLength(1);
    expect(syncTriggers(rt)[0]?.everyHours).toBe(1);
    // An add-on lists only this spreadsheet's triggers: its project spans every document it is installed in.
    expect(again.ok && again.stats.callsByMethod['ScriptApp.getUserTriggers']).toBe(1);
    expect(again.ok && (again.stats.callsByMethod['ScriptApp.getProjectTriggers'] ?? 0)).toBe(0);
  });

  it('stores nothing and touches no trigger when one field of the patch is bad', () => {
    const rt = runtime();
    rt.call('saveSettings', { reconcileDays: 5 });
    const before = snapshot(rt);
    const message = failure(rt, 'saveSettings', {
      apiKey: KEY,
      syncIntervalMinutes: 15,
      reconcileDays: 30,
      csatVariables: ['nota', '   '],
    });
    expect(message).toMatch(/\(csatVariables\)/);
    expect(snapshot(rt)).toEqual(before);
    expect(rt.call<{ reconcileDays: number }>('getSettings').reconcileDays).toBe(5);
  });

  it.each([
    [{ syncStart: '2026-02-30' }, 'syncStart'],
    [{ abandonMinutes: 20_000 }, 'abandonMinutes'],
    [{ baseUrl: 'api.chatvolt.ai' }, 'baseUrl'],
    [{ agentIds: 'clagent01' }, 'agentIds'],
    [{ alerts: { recipients: ['nope'] } }, 'alerts.recipients'],
    [{ report: { frequency: 'hourly' } }, 'report.frequency'],
    [{ theme: 'dark' }, 'theme'],
  ])('refuses %j with a message naming %s', (patch, field) => {
    const rt = runtime();
    const before = snapshot(rt);
    expect(failure(rt, 'saveSettings', patch)).toContain(`(${field})`);
    expect(snapshot(rt)).toEqual(before);
  });

  it.each([[null], ['{"reconcileDays":5}'], [[1, 2]]])('refuses a patch that is not an object (%j)', (patch) => {
    const rt = runtime();
    expect(failure(rt, 'saveSettings', patch)).toMatch(/objeto/);
    expect(rt.properties.document.size).toBe(0);
  });
});

describe("an add-on where getUserTriggers does not list time-driven triggers (the other reading)", () => {
  it('still finds, keeps, replaces and removes its one hourly trigger', () => {
    const rt = createRuntime({ installation: 'addon', distDir, readings: { userTriggersOmitClock: true } });
    runtimes.push(rt);
    const clock = () => rt.triggers.filter((t) => t.handler === 'runScheduledSync');
    expect(rt.call<{ syncTriggerActive: boolean }>('saveSettings', { syncIntervalMinutes: 60 }).syncTriggerActive).toBe(true);
    expect(clock()).toHaveLength(1);
    const id = clock()[0]?.id;
    expect(rt.call<{ syncTriggerActive: boolean }>('getSettings').syncTriggerActive).toBe(true);
    // An unchanged save keeps the same trigger; another field's save too.
    rt.call('saveSettings', { syncIntervalMinutes: 60 });
    rt.call('saveSettings', { slaSeconds: 120 });
    expect(clock().map((t) => t.id)).toEqual([id]);
    rt.call('saveSettings', { syncIntervalMinutes: 0 });
    expect(clock()).toHaveLength(0);
    expect(rt.call<{ syncTriggerActive: boolean }>('getSettings').syncTriggerActive).toBe(false);
    rt.call('saveSettings', { syncIntervalMinutes: 60 });
    expect(clock()).toHaveLength(1);
  });
});
