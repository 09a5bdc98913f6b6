// Properties, cache and lock behaviour of the local runtime: per-user stores, size limits, TTL on the virtual clock, contention.
import { describe, expect, it } from 'vitest';
import { errorOf, runtimeWithScript, valueOf } from './fixture';

const CODE = `
function setUser(k, v) { PropertiesService.getUserProperties().setProperty(k, v); }
function getUser(k) { return PropertiesService.getUserProperties().getProperty(k); }
function setDoc(k, v) { PropertiesService.getDocumentProperties().setProperty(k, v); }
function setDocMany(obj, replace) { PropertiesService.getDocumentProperties().setProperties(obj, replace); return PropertiesService.getDocumentProperties().getKeys().sort(); }
function put(k, v, ttl) { CacheService.getDocumentCache().put(k, v, ttl); }
function get(k) { return CacheService.getDocumentCache().get(k); }
function getAll(keys) { return CacheService.getDocumentCache().getAll(keys); }
function putAll(obj, ttl) { CacheService.getDocumentCache().putAll(obj, ttl); }
function tryLock(ms) { const l = LockService.getDocumentLock(); const ok = l.tryLock(ms); return [ok, l.hasLock()]; }
function waitLock(ms) { LockService.getDocumentLock().waitLock(ms); }
function lockAndForget() { return LockService.getScriptLock().tryLock(0); }
`;

describe('PropertiesService', () => {
  it('keeps user properties per user and document properties shared', () => {
    const rt = runtimeWithScript(CODE);
    rt.run('setUser', ['apiKey', 'secret-a'], { user: 'a@example.com' });
    expect(rt.run('getUser', ['apiKey'], { user: 'b@example.com' })).toMatchObject({ ok: true, value: null });
    expect(rt.run('getUser', ['apiKey'], { user: 'a@example.com' })).toMatchObject({ ok: true, value: 'secret-a' });
    expect(rt.properties.user('a@example.com').get('apiKey')).toBe('secret-a');
    valueOf(rt, 'setDoc', 'cursor', '42');
    expect(rt.properties.document.get('cursor')).toBe('42');
  });
  it('rejects a value over 9 KB and accepts exactly 9 KB', () => {
    const rt = runtimeWithScript(CODE);
    expect(errorOf(rt, 'setDoc', 'big', 'x'.repeat(9 * 1024 + 1))).toBe('Argument too large: value');
    valueOf(rt, 'setDoc', 'big', 'x'.repeat(9 * 1024));
    expect(rt.properties.document.get('big')?.length).toBe(9216);
  });
  it('rejects writes that take a store past 500 KB, leaving it unchanged', () => {
    const rt = runtimeWithScript(CODE);
    // 500 KB = 512,000 bytes. 56 entries of 3-byte key + 9,000-byte value = 504,168 fit; a 57th makes 513,171.
    const values: Record<string, string> = {};
    for (let i = 0; i < 56; i += 1) values[`k${String(i).padStart(2, '0')}`] = 'x'.repeat(9000);
    expect(valueOf<string[]>(rt, 'setDocMany', values, false)).toHaveLength(56);
    expect(errorOf(rt, 'setDoc', 'k56', 'x'.repeat(9000))).toBe(
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    );
    expect(rt.properties.document.size).toBe(56);
  });
  it('setProperties with deleteAllOthers replaces the store', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'setDoc', 'old', '1');
    expect(valueOf(rt, 'setDocMany', { a: '1', b: '2' }, true)).toEqual(['a', 'b']);
  });
});

describe('CacheService', () => {
  it('honours the TTL on the virtual clock', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'put', 'k', 'v', 60);
    rt.clock.advance(59_000);
    expect(valueOf(rt, 'get', 'k')).toBe('v');
    rt.clock.advance(2_000);
    expect(valueOf(rt, 'get', 'k')).toBe(null);
  });
  it('caps a TTL above 6 hours at 21,600 seconds', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'put', 'k', 'v', 100_000);
    rt.clock.advance(21_599_000);
    expect(valueOf(rt, 'get', 'k')).toBe('v');
    rt.clock.advance(2_000);
    expect(valueOf(rt, 'get', 'k')).toBe(null);
  });
  it('rejects keys over 250 characters and values over 100 KB', () => {
    const rt = runtimeWithScript(CODE);
    expect(errorOf(rt, 'put', 'k'.repeat(251), 'v', 60)).toBe('Argument too large: key');
    expect(errorOf(rt, 'putAll', { a: 'x', b: 'x'.repeat(100 * 1024 + 1) }, 60)).toBe('Argument too large: value');
    // putAll is all or nothing.
    expect(valueOf(rt, 'getAll', ['a', 'b'])).toEqual({});
    valueOf(rt, 'put', 'k'.repeat(250), 'x'.repeat(100 * 1024), 60);
    expect(rt.cache.size()).toBe(1);
  });
  it('loses everything on evictAll, as a real cache may', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'putAll', { a: '1', b: '2' }, 600);
    expect(valueOf(rt, 'getAll', ['a', 'b', 'c'])).toEqual({ a: '1', b: '2' });
    rt.cache.evictAll();
    expect(valueOf(rt, 'getAll', ['a', 'b'])).toEqual({});
  });
});

describe('LockService', () => {
  it('tryLock fails while another execution holds the lock and charges the wait', () => {
    const rt = runtimeWithScript(CODE);
    const release = rt.holdDocumentLock();
    const busy = rt.run('tryLock', [10_000]);
    expect(busy).toMatchObject({ ok: true, value: [false, false] });
    expect(busy.stats.modelledMs).toBeGreaterThanOrEqual(10_000);
    release();
    const free = rt.run('tryLock', [10_000]);
    expect(free).toMatchObject({ ok: true, value: [true, true] });
    expect(free.stats.modelledMs).toBeLessThan(10_000);
  });
  it('waitLock throws Apps Script message on timeout', () => {
    const rt = runtimeWithScript(CODE);
    rt.holdDocumentLock();
    expect(errorOf(rt, 'waitLock', 1000)).toBe('Lock timeout: another process was holding the lock for too long.');
  });
  it('releases a lock when its execution ends', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'lockAndForget')).toBe(true);
    expect(valueOf(rt, 'lockAndForget')).toBe(true);
    expect(valueOf(rt, 'tryLock', 0)).toEqual([true, true]);
    expect(valueOf(rt, 'tryLock', 0)).toEqual([true, true]);
  });
});
