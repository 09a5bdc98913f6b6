// The owed-conversation store: several property keys under Apps Script's 9 KB, oldest dropped (and counted) past them.
import { describe, expect, it } from 'vitest';
import { OWED_CHARS_PER_KEY, OWED_STATE_KEYS, packOwed, parseOwed } from '../../../src/server/domain/owed-conversations';

/** A Chatvolt-like id (cuid: 25 characters). */
const cuid = (i: number) => `cl${String(i).padStart(8, '0')}abcdefghijklmno`;

describe('owed conversation store', () => {
  it('round-trips far more than the 150 ids the capacity state held, each key under 9 KB', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => cuid(i));
    const packed = packOwed(ids);
    expect(packed.dropped).toBe(0);
    expect(packed.kept).toEqual(ids);
    for (const key of OWED_STATE_KEYS) expect(Buffer.byteLength(key + (packed.values[key] ?? ''))).toBeLessThan(9 * 1024);
    expect(parseOwed(packed.values)).toEqual(ids);
  });

  it('drops the oldest ids past what the keys hold, and says how many', () => {
    const perKey = Math.floor(OWED_CHARS_PER_KEY / 26);
    const capacity = perKey * OWED_STATE_KEYS.length;
    const ids = Array.from({ length: capacity + 37 }, (_, i) => cuid(i));
    const packed = packOwed(ids);
    expect(packed.dropped).toBe(37);
    expect(packed.kept).toEqual(ids.slice(37));
    expect(parseOwed(packed.values)).toEqual(ids.slice(37));
  });

  it('stores nothing for no ids, and ignores blank lines and repeats', () => {
    const packed = packOwed([]);
    expect(Object.values(packed.values).every((v) => v === '')).toBe(true);
    expect(parseOwed({ [OWED_STATE_KEYS[0] as string]: 'a\n\n b \na', [OWED_STATE_KEYS[1] as string]: 'c' })).toEqual(['a', 'b', 'c']);
    expect(parseOwed({})).toEqual([]);
  });
});
