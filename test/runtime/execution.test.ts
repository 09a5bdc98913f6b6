// Executions of the local runtime: missing globals, virtual clock, isolation, faults, time limits, authorization, stats.
import { describe, expect, it } from 'vitest';
import { runtimeWithScript, valueOf } from './fixture';
import {
  CACHE_GET_MS,
  CACHE_PUT_MS,
  DEFAULT_CALL_MS,
  FLUSH_IDLE_MS,
  FLUSH_WITH_WRITES_MS,
  GET_VALUES_BASE_MS,
  GET_VALUES_PER_CELL_MS,
  PROPERTIES_CALL_MS,
  SET_VALUES_BASE_MS,
  SET_VALUES_PER_CELL_MS,
  SPREADSHEET_CALL_MS,
  TEXT_PER_KB_MS,
} from './latency';

const CODE = `
var counter = 0;
function missingGlobals() {
  return ['setTimeout', 'setInterval', 'fetch', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'atob', 'btoa',
    'structuredClone', 'require', 'process', 'Buffer', 'module', 'global', 'SharedArrayBuffer', 'Atomics']
    .filter(function (name) { return typeof globalThis[name] !== 'undefined'; });
}
function useSetTimeout() { setTimeout(function () {}, 0); }
function now() { return [Date.now(), new Date().toISOString(), new Date(0) instanceof Date]; }
function dates() {
  class Stamp extends Date {}
  const s = new Stamp(0);
  return [new Date(2026, 0, 2, 3, 4, 5, 6).getMilliseconds(), new Date('2026-01-01T00:00:00Z').getTime(), s instanceof Date,
    s instanceof Stamp, typeof Date(), new Date().constructor === Date, Date.UTC(2026, 0, 1)];
}
function localHours() { return [new Date('2026-03-15T12:00:00Z').getHours(), Intl.DateTimeFormat().resolvedOptions().timeZone]; }
function private_() { return 'reached'; }
function bump() { counter += 1; return counter; }
function echo(x) { return { got: x, isArray: Array.isArray(x.list), when: new Date(Date.UTC(2026, 0, 1)) }; }
function writeAndRead() {
  const s = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
  s.getRange(1, 1, 10, 10).setValues(Array.from({ length: 10 }, function () { return Array(10).fill(1); }));
  return s.getRange(1, 1, 10, 10).getValues().length;
}
function flushIdle() { SpreadsheetApp.flush(); }
function flushAfterWrite() { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(1, 1).setValue(1); SpreadsheetApp.flush(); }
function cacheCalls() { const c = CacheService.getScriptCache(); c.put('a', '1', 60); c.get('a'); }
function threeProps() {
  const p = PropertiesService.getScriptProperties();
  p.setProperty('a', '1'); p.setProperty('b', '2'); p.getProperty('a');
}
function catchAll() {
  const p = PropertiesService.getScriptProperties();
  for (let i = 0; i < 5; i += 1) { try { p.setProperty('k' + i, 'v'); } catch (e) { } }
  return 'survived';
}
function sleepLoop() { for (let i = 0; i < 10; i += 1) Utilities.sleep(60000); return 'done'; }
function ui() { SpreadsheetApp.getUi().createMenu('M').addItem('x', 'bump').addToUi(); return 'menu'; }
function props() { return PropertiesService.getUserProperties().getProperty('x'); }
function fetchIt() { return UrlFetchApp.fetch('http://127.0.0.1:1/').getResponseCode(); }
function logs() { console.log('a %d', 1); Logger.log('b %s', 'x'); }
function serviceError() { try { SpreadsheetApp.getActiveSpreadsheet().insertSheet('Página1'); } catch (e) { return [e instanceof Error, e.message]; } }
function toast() { SpreadsheetApp.getActiveSpreadsheet().toast('oi', 'T'); return 1; }
`;

describe('the script context', () => {
  it('lacks the Node and browser globals Apps Script lacks', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'missingGlobals')).toEqual([]);
    const result = rt.run('useSetTimeout');
    expect(result).toMatchObject({ ok: false, error: { name: 'ReferenceError', message: 'setTimeout is not defined' } });
  });
  it('reads the virtual clock in Date.now() and new Date()', () => {
    const rt = runtimeWithScript(CODE, { now: '2026-03-15T12:00:00.000Z' });
    expect(valueOf(rt, 'now')).toEqual([Date.parse('2026-03-15T12:00:00.000Z'), '2026-03-15T12:00:00.000Z', true]);
    rt.clock.set('2027-01-01T00:00:00.000Z');
    expect(valueOf<[number]>(rt, 'now')[0]).toBe(Date.parse('2027-01-01T00:00:00.000Z'));
  });
  it('keeps Date constructors, subclasses and statics intact', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'dates')).toEqual([6, 1767225600000, true, true, 'string', true, 1767225600000]);
  });
  it('runs JavaScript in the script time zone, then restores the process one', () => {
    const before = process.env.TZ;
    // 12:00Z is 09:00 in São Paulo (UTC-3) and 21:00 in Tokyo (UTC+9).
    expect(valueOf(runtimeWithScript(CODE), 'localHours')).toEqual([9, 'America/Sao_Paulo']);
    expect(valueOf(runtimeWithScript(CODE, { scriptTimeZone: 'Asia/Tokyo' }), 'localHours')).toEqual([21, 'Asia/Tokyo']);
    expect(process.env.TZ).toBe(before);
  });
  it('starts every execution with fresh globals', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'bump')).toBe(1);
    expect(valueOf(rt, 'bump')).toBe(1);
  });
  it('JSON-clones arguments and results like google.script.run', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'echo', { list: [1, 2], skip: undefined })).toEqual({
      got: { list: [1, 2] },
      isArray: true,
      when: '2026-01-01T00:00:00.000Z',
    });
  });
  it('throws service errors as Errors of the script realm', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'serviceError')).toEqual([true, 'A sheet with the name "Página1" already exists. Please enter another name.']);
  });
  it('captures console.log and Logger.log', () => {
    const rt = runtimeWithScript(CODE);
    expect(rt.run('logs').logs).toEqual(['a 1', 'b x']);
  });
  it('fails with Apps Script message for an unknown function', () => {
    const rt = runtimeWithScript(CODE);
    expect(rt.run('nothing')).toMatchObject({ ok: false, error: { message: 'Script function not found: nothing' } });
  });
  it('refuses to call private functions (names ending in _)', () => {
    const rt = runtimeWithScript(CODE);
    expect(rt.run('private_')).toMatchObject({ ok: false, error: { message: 'Script function not found: private_' } });
  });
});

describe('call counting and modelled time', () => {
  it('counts each service call by class and method and charges the latency model', () => {
    const rt = runtimeWithScript(CODE);
    const result = rt.run('threeProps');
    expect(result.stats.callsByMethod).toEqual({
      'PropertiesService.getScriptProperties': 1,
      'Properties.setProperty': 2,
      'Properties.getProperty': 1,
    });
    expect(result.stats.calls).toBe(4);
    expect(result.stats.modelledMs).toBeGreaterThanOrEqual(3 * PROPERTIES_CALL_MS);
  });
  it('charges a flush more when writes are pending', () => {
    const rt = runtimeWithScript(CODE);
    expect(rt.run('flushIdle').stats.modelledMs).toBe(FLUSH_IDLE_MS);
    // getActiveSpreadsheet, getSheets, getRange: Sheets calls; setValue: a write of one cell; then the flush.
    expect(rt.run('flushAfterWrite').stats.modelledMs).toBeCloseTo(
      // One number written: 8 bytes of payload.
      3 * SPREADSHEET_CALL_MS + SET_VALUES_BASE_MS + SET_VALUES_PER_CELL_MS + (8 / 1024) * TEXT_PER_KB_MS + FLUSH_WITH_WRITES_MS,
      6,
    );
  });
  it('charges cache reads far less than cache writes', () => {
    const rt = runtimeWithScript(CODE);
    // Payload: key 'a' and value '1' written, '1' read.
    expect(rt.run('cacheCalls').stats.modelledMs).toBeCloseTo(DEFAULT_CALL_MS + CACHE_PUT_MS + CACHE_GET_MS + (3 / 1024) * TEXT_PER_KB_MS, 9);
  });
  it('charges block reads and writes a base cost plus a per-cell cost, and moves the clock by it', () => {
    const rt = runtimeWithScript(CODE);
    const before = rt.clock.now().getTime();
    const result = rt.run('writeAndRead');
    expect(result.stats.callsByMethod['Range.setValues']).toBe(1);
    expect(result.stats.callsByMethod['Range.getValues']).toBe(1);
    expect(result.stats.modelledMs).toBeGreaterThan(GET_VALUES_BASE_MS + SET_VALUES_BASE_MS);
    // 100 numbers written and read back: 2 × 800 bytes of payload on top of the call and cell costs.
    expect(result.stats.modelledMs).toBeCloseTo(
      GET_VALUES_BASE_MS + SET_VALUES_BASE_MS + 100 * (GET_VALUES_PER_CELL_MS + SET_VALUES_PER_CELL_MS) + (1600 / 1024) * TEXT_PER_KB_MS + 4 * SPREADSHEET_CALL_MS,
      6,
    );
    // The virtual clock has millisecond resolution.
    expect(Math.abs(rt.clock.now().getTime() - before - result.stats.modelledMs)).toBeLessThan(1);
    expect(rt.totals().callsByMethod['Range.setValues']).toBe(1);
  });
});

describe('faults and limits', () => {
  it('abortAtCall kills the execution at the N-th service call, even if the script catches it', () => {
    const rt = runtimeWithScript(CODE);
    const result = rt.run('catchAll', [], { abortAtCall: 3 });
    expect(result.ok).toBe(false);
    // Call 1 is getScriptProperties, calls 2 and 3 are setProperty: only k0 was written.
    expect([...rt.properties.script.keys()]).toEqual(['k0']);
    expect(result.stats.calls).toBe(3);
  });
  it('ends an execution whose modelled time passes 6 minutes', () => {
    const rt = runtimeWithScript(CODE);
    const result = rt.run('sleepLoop');
    expect(result).toMatchObject({ ok: false, error: { message: 'Exceeded maximum execution time' } });
    // The 7th minute of sleep crosses the limit.
    expect(result.stats.callsByMethod['Utilities.sleep']).toBe(7);
  });
  it('refuses time-driven executions once they used the daily trigger time', () => {
    const rt = runtimeWithScript(CODE, { triggerDailyMs: 5 * 60_000 });
    // Each sleepLoop run is killed after 6 min of modelled time: the first one already passes the 5 min budget.
    expect(rt.run('sleepLoop', [], { trigger: 'time' })).toMatchObject({ ok: false, error: { message: 'Exceeded maximum execution time' } });
    expect(rt.run('bump', [], { trigger: 'time' })).toMatchObject({ ok: false, error: { message: 'Service using too much computer time for one day' } });
    expect(rt.run('bump').ok).toBe(true);
    rt.clock.advance(24 * 3600 * 1000);
    expect(rt.run('bump', [], { trigger: 'time' }).ok).toBe(true);
  });
  it('limits simple triggers to 30 seconds', () => {
    const rt = runtimeWithScript(CODE);
    expect(rt.run('sleepLoop', [], { trigger: 'simple' })).toMatchObject({ ok: false, error: { message: 'Exceeded maximum execution time' } });
  });
});

describe('authorization and trigger context', () => {
  it('AuthMode.NONE allows building a menu but nothing else', () => {
    const rt = runtimeWithScript(CODE);
    expect(rt.run('ui', [], { authMode: 'NONE' })).toMatchObject({ ok: true, value: 'menu' });
    expect(rt.run('props', [], { authMode: 'NONE' })).toMatchObject({
      ok: false,
      error: { message: 'You do not have permission to call PropertiesService.getUserProperties' },
    });
  });
  it('AuthMode.LIMITED refuses services that need the user authorization', () => {
    const rt = runtimeWithScript(CODE);
    expect(rt.run('fetchIt', [], { authMode: 'LIMITED' })).toMatchObject({
      ok: false,
      error: { message: 'You do not have permission to call UrlFetchApp.fetch' },
    });
    expect(rt.run('props', [], { authMode: 'LIMITED' })).toMatchObject({ ok: true, value: null });
  });
  it('getUi throws in a time-driven trigger and toasts are dropped there', () => {
    const rt = runtimeWithScript(CODE);
    expect(rt.run('ui', [], { trigger: 'time' })).toMatchObject({
      ok: false,
      error: { message: 'Cannot call SpreadsheetApp.getUi() from this context.' },
    });
    valueOf(rt, 'toast');
    rt.run('toast', [], { trigger: 'time' });
    expect(rt.ui.toasts).toEqual([{ message: 'oi', title: 'T' }]);
  });
});
