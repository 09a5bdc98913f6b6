// The edit log's loose entries, pending edits and folding (app/edit-log.ts), over an in-memory property store.
import { describe, expect, it } from 'vitest';
import {
  absorbedChanged,
  absorbedOf,
  EDIT_LOG_KEY,
  editLogVersion,
  editStamp,
  foldEditsLocked,
  FOLD_MAX,
  LOOSE_EDIT_PREFIX,
  LOOSE_TRACK_MAX,
  logEdit,
  pendingEdits,
  readEditLog,
} from '../../../src/server/app/edit-log';
import { MemoryStore } from '../alerts/memory-ports';

/** A store that records every call, in order, and can refuse writes. */
class RecordingStore extends MemoryStore {
  readonly calls: string[] = [];
  refuseWrites = false;
  override setMany(values: Record<string, string>): void {
    this.calls.push(`set ${Object.keys(values).join(',')}`);
    if (this.refuseWrites) throw new Error('You have exceeded the property storage quota.');
    super.setMany(values);
  }
  override delete(key: string): void {
    this.calls.push(`delete ${key}`);
    super.delete(key);
  }
  override get(key: string): string | null {
    this.calls.push(`get ${key}`);
    return super.get(key);
  }
  override getAll(): Record<string, string> {
    this.calls.push('getAll');
    return super.getAll();
  }
}

describe('the edit log', () => {
  it('logs an edit as one write of a key of its own, no read', () => {
    const store = new RecordingStore();
    logEdit(store, 10, 12, editStamp(1_767_225_600_000, 0.25));
    expect(store.calls).toEqual([`set ${LOOSE_EDIT_PREFIX}0mjuohs00.90000`]);
    expect(store.map.get(`${LOOSE_EDIT_PREFIX}0mjuohs00.90000`)).toBe('10,12');
  });

  it('makes stamps that sort by time and differ within one millisecond', () => {
    const stamps = [editStamp(1_000, 0.9), editStamp(36 ** 3, 0.1), editStamp(1_767_225_600_000, 0), editStamp(1_767_225_600_000, 0.5)];
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(4);
  });

  it('counts a loose entry whatever order the entries arrived in', () => {
    const store = new MemoryStore();
    // The later stamp arrived first and was absorbed; the earlier one landed after (a slow execution).
    logEdit(store, 30, 30, editStamp(2_000, 0));
    const absorbed = absorbedOf(readEditLog(store.getAll()));
    logEdit(store, 20, 21, editStamp(1_000, 0));
    expect(pendingEdits(readEditLog(store.getAll()), absorbed)).toEqual([[20, 21]]);
    expect(absorbedChanged(absorbed, readEditLog(store.getAll()))).toBe(true);
  });

  it('reads a main log of the previous format, and a gap as "rebuild"', () => {
    const old = { [EDIT_LOG_KEY]: JSON.stringify({ n: 3, log: [[2, 5, 5], [3, 9, 10]] }) };
    expect(pendingEdits(readEditLog(old), { n: 1 })).toEqual([[5, 5], [9, 10]]);
    expect(pendingEdits(readEditLog(old), { n: 0 })).toBeNull();
    // A damaged entry: the log counts as empty, so a consumer that had absorbed entries rebuilds.
    expect(pendingEdits(readEditLog({ [EDIT_LOG_KEY]: '{"n":3,"log":[[3,"x",1]]}' }), { n: 3 })).toBeNull();
  });

  it('reads a damaged loose entry as every row, the header included', () => {
    expect(pendingEdits(readEditLog({ [`${LOOSE_EDIT_PREFIX}a`]: 'oops' }), { n: 0 })).toEqual([[1, 2_147_483_647]]);
  });

  it('folds by writing the main log before deleting, so a reader in between sees the edit (twice), never not at all', () => {
    const store = new RecordingStore();
    logEdit(store, 7, 7, 'b');
    logEdit(store, 4, 4, 'a');
    const reader = absorbedOf(readEditLog({}));
    const seenBetween: Array<Array<[number, number]> | null> = [];
    const original = store.delete.bind(store);
    store.delete = (key: string) => {
      seenBetween.push(pendingEdits(readEditLog(Object.fromEntries(store.map)), reader));
      original(key);
    };
    store.calls.length = 0;
    const log = foldEditsLocked(store, store.getAll());
    expect(store.calls).toEqual(['getAll', `set ${EDIT_LOG_KEY}`, `delete ${LOOSE_EDIT_PREFIX}a`, `delete ${LOOSE_EDIT_PREFIX}b`]);
    // Oldest stamp first; loose entries already in the main log are not counted twice.
    expect(seenBetween[0]).toEqual([[4, 4], [7, 7]]);
    expect(log).toEqual({ n: 2, log: [[1, 4, 4, 'a'], [2, 7, 7, 'b']], loose: [] });
    expect(readEditLog(Object.fromEntries(store.map))).toEqual(log);
    // A consumer that absorbed both as loose entries reads neither again once folded.
    expect(pendingEdits(log, { n: 0, loose: ['a', 'b'] })).toEqual([]);
    expect(editLogVersion(log)).not.toBe(editLogVersion(readEditLog({})));
  });

  it('folds at most FOLD_MAX entries a run and leaves the rest loose', () => {
    const store = new MemoryStore();
    for (let i = 0; i < FOLD_MAX + 7; i++) logEdit(store, 2 + i, 2 + i, editStamp(1_000 + i, 0));
    const log = foldEditsLocked(store, store.getAll());
    expect(log.n).toBe(FOLD_MAX);
    expect(log.loose).toHaveLength(7);
    expect([...store.map.keys()].filter((key) => key.startsWith(LOOSE_EDIT_PREFIX))).toHaveLength(7);
  });

  it('after a fold stopped before its deletes, deletes the leftovers without appending them again', () => {
    const store = new MemoryStore();
    logEdit(store, 5, 5, 'a');
    store.map.set(EDIT_LOG_KEY, JSON.stringify({ n: 1, log: [[1, 5, 5, 'a']] }));
    const log = foldEditsLocked(store, store.getAll());
    expect(log).toEqual({ n: 1, log: [[1, 5, 5, 'a']], loose: [] });
    expect(store.map.has(`${LOOSE_EDIT_PREFIX}a`)).toBe(false);
  });

  it('keeps the log as read, every loose key included, when the main log cannot be written', () => {
    const store = new RecordingStore();
    logEdit(store, 5, 6, 'a');
    store.refuseWrites = true;
    const log = foldEditsLocked(store, store.getAll());
    expect(log.loose).toEqual([{ stamp: 'a', from: 5, to: 6 }]);
    expect(store.map.has(`${LOOSE_EDIT_PREFIX}a`)).toBe(true);
    expect(store.calls.filter((call) => call.startsWith('delete'))).toEqual([]);
  });
});

describe('a consumer of many loose entries', () => {
  it('records at most LOOSE_TRACK_MAX stamps and reads the others again, never losing one', () => {
    const store = new MemoryStore();
    for (let i = 0; i < LOOSE_TRACK_MAX + 3; i++) logEdit(store, 2 + i, 2 + i, editStamp(1_000 + i, 0));
    const log = readEditLog(store.getAll());
    const absorbed = absorbedOf(log);
    expect(absorbed.loose).toHaveLength(LOOSE_TRACK_MAX);
    expect(pendingEdits(log, absorbed)).toEqual([0, 1, 2].map((k) => [2 + LOOSE_TRACK_MAX + k, 2 + LOOSE_TRACK_MAX + k]));
  });
});
