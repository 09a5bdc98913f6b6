// Unit tests of the sync planning: start date, incremental and reconcile ranges, resume, windows, cap heuristic, cursor JSON.
import { describe, expect, it } from 'vitest';
import {
  advanceCursor,
  fnv1a,
  mergeBins,
  looksCapped,
  nextWindows,
  parseCursor,
  plannedWindowMs,
  planRun,
  recutWindows,
  splitWindow,
  zonedMidnight,
  type PlanInput,
  type SyncCursor,
} from '../../src/server/domain/sync-plan';

const DAY = 86400000;
const NOW = Date.UTC(2026, 2, 15, 12); // 2026-03-15 09:00 in São Paulo (UTC-3)
const input: PlanInput = {
  now: NOW,
  timeZone: 'America/Sao_Paulo',
  syncStart: null,
  reconcileDays: 7,
  agentIds: [],
  forceReconcile: false,
};

function cursor(fields: Partial<SyncCursor>): SyncCursor {
  return { v: 1, start: 0, listedUntil: null, capGuess: 0, density: 0, reconciledAt: null, bins: null, agents: '', pass: null, ...fields };
}

describe('zonedMidnight', () => {
  it('gives midnight of the date in the spreadsheet time zone', () => {
    expect(zonedMidnight('2026-03-01', 'America/Sao_Paulo')).toBe(Date.UTC(2026, 2, 1, 3));
    expect(zonedMidnight('2026-07-01', 'Europe/Lisbon')).toBe(Date.UTC(2026, 5, 30, 23));
    expect(zonedMidnight('2026-02-30', 'UTC')).toBeNull();
  });
});

describe('planRun', () => {
  it('starts the first sync 90 days before today, at local midnight, and lists up to now', () => {
    const plan = planRun(null, input);
    // 2026-03-15 minus 90 days = 2025-12-15, midnight in São Paulo = 03:00 UTC.
    const start = Date.UTC(2025, 11, 15, 3);
    expect(plan.start).toBe(start);
    expect(plan.pass).toEqual({ from: start, to: NOW, doneUntil: start, full: true });
  });

  it('starts from the chosen syncStart', () => {
    expect(planRun(null, { ...input, syncStart: '2026-03-10' }).pass?.from).toBe(Date.UTC(2026, 2, 10, 3));
  });

  it('re-lists the trailing reconcileDays when the last full re-list is older than ten minutes', () => {
    const stored = cursor({ start: NOW - 100 * DAY, listedUntil: NOW - 60000, reconciledAt: NOW - 11 * 60000 });
    expect(planRun(stored, input).pass).toEqual({ from: NOW - 7 * DAY, to: NOW, doneUntil: NOW - 7 * DAY, full: true });
  });

  it('re-lists only the last day when a full re-list ran minutes ago, unless forced', () => {
    const stored = cursor({ start: NOW - 100 * DAY, listedUntil: NOW - 60000, reconciledAt: NOW - 2 * 60000 });
    expect(planRun(stored, input).pass).toEqual({ from: NOW - DAY, to: NOW, doneUntil: NOW - DAY, full: false });
    expect(planRun(stored, { ...input, forceReconcile: true }).pass?.from).toBe(NOW - 7 * DAY);
  });

  it('lists from the cursor when the last listing is older than the trailing window', () => {
    const stored = cursor({ start: NOW - 100 * DAY, listedUntil: NOW - 20 * DAY, reconciledAt: NOW - 20 * DAY });
    expect(planRun(stored, input).pass?.from).toBe(NOW - 20 * DAY);
  });

  it('resumes an unfinished pass where it stopped', () => {
    const pass = { from: NOW - 50 * DAY, to: NOW - DAY, doneUntil: NOW - 30 * DAY, full: true };
    const stored = cursor({ start: NOW - 50 * DAY, pass });
    expect(planRun(stored, input).pass).toEqual(pass);
  });

  it("starts a new pass at the last bin edge before its start, so the last listing's bins stay whole", () => {
    const bins = { edges: [[NOW - 8 * DAY, 30], [NOW - 2 * DAY, 30], [NOW - DAY - 5000, 30], [NOW - DAY + 5000, 30]] as Array<[number, number]>, end: NOW - 60000 };
    const hot = cursor({ start: NOW - 100 * DAY, listedUntil: NOW - 60000, reconciledAt: NOW - 2 * 60000, bins });
    expect(planRun(hot, input).pass).toEqual({ from: NOW - DAY - 5000, to: NOW, doneUntil: NOW - DAY - 5000, full: false });
    expect(planRun(hot, { ...input, forceReconcile: true }).pass?.from).toBe(NOW - 8 * DAY);
    // Never before the import's start, and unchanged where no bin holds the start.
    expect(planRun({ ...hot, start: NOW - 7 * DAY }, { ...input, forceReconcile: true }).pass?.from).toBe(NOW - 7 * DAY);
    expect(planRun({ ...hot, bins: { edges: [[NOW - 3600000, 5]], end: NOW - 60000 } }, input).pass?.from).toBe(NOW - DAY);
  });

  it('lists everything again when the agent filter changes', () => {
    const stored = cursor({ start: NOW - 50 * DAY, listedUntil: NOW - 60000, reconciledAt: NOW - 60000, agents: 'a1' });
    const plan = planRun(stored, { ...input, agentIds: ['a2'] });
    expect(plan.pass?.from).toBe(NOW - 50 * DAY);
    expect(plan.agents).toBe('a2');
  });
});

describe('advanceCursor', () => {
  const pass = { from: 100, to: 1000, doneUntil: 100, full: true };
  it('keeps the pass open with its progress when it stopped early', () => {
    const next = advanceCursor(cursor({ pass }), 400, { capGuess: 20, density: 3, bins: null });
    expect(next.pass).toEqual({ ...pass, doneUntil: 400 });
    expect(next.listedUntil).toBeNull();
    expect(next.capGuess).toBe(20);
  });

  it('closes a finished pass: listed until its end, reconciled when it was a full re-list', () => {
    expect(advanceCursor(cursor({ pass }), 1000, { capGuess: 0, density: 0, bins: null })).toMatchObject({ pass: null, listedUntil: 1000, reconciledAt: 1000 });
    const hot = advanceCursor(cursor({ pass: { ...pass, full: false }, reconciledAt: 5 }), 1000, { capGuess: 0, density: 0, bins: null });
    expect(hot.reconciledAt).toBe(5);
  });
});

describe('windows and caps', () => {
  it('cuts consecutive windows up to the end of the pass', () => {
    expect(nextWindows(0, 25, 10, 5)).toEqual([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
    expect(nextWindows(0, 100, 10, 2)).toEqual([
      [0, 10],
      [10, 20],
    ]);
  });

  it('packs whole bins below the largest answer, and estimated stretches at 4/3 of their estimate, cut in proportion', () => {
    const bins = { edges: [[0, 40], [10, 30], [20, 30], [30, 5]] as Array<[number, number]>, end: 40 };
    // Limit 99. Bins: 40 + 30 (+ 30 would be 100) | 30 + 5, then [40, 50) estimated at 50 counts 66.67: cut at
    // 40 + floor((99 - 35) / 66.67 × 10) = 49 | the 6.67 left + [50, 60) = 73.33, cut in [60, 70) at
    // 60 + floor(25.67 / 66.67 × 10) = 63 | the rest.
    expect(nextWindows(0, 70, 10, 10, { bins, capGuess: 100, perWindow: 50 })).toEqual([
      [0, 20],
      [20, 49],
      [49, 63],
      [63, 70],
    ]);
    // Starting inside a bin counts the whole bin.
    expect(nextWindows(15, 40, 10, 10, { bins, capGuess: 100, perWindow: 50 })).toEqual([[15, 40]]);
    expect(nextWindows(0, 70, 10, 2, { bins, capGuess: 100, perWindow: 50 })).toEqual([
      [0, 20],
      [20, 49],
    ]);
    // A short stretch after the bins is estimated in proportion (50 × 1/10 / 0.75 = 6.67) and joins 90 + 6.67 < 99.
    expect(nextWindows(0, 11, 10, 10, { bins: { edges: [[0, 90]], end: 10 }, capGuess: 100, perWindow: 50 })).toEqual([[0, 11]]);
    // A bin over the limit is a window of its own (the client splits it); an unknown stretch too.
    expect(nextWindows(0, 30, 10, 10, { bins: { edges: [[0, 10], [10, 150]], end: 20 }, capGuess: 100, perWindow: Infinity })).toEqual([
      [0, 10],
      [10, 20],
      [20, 30],
    ]);
  });

  it('re-cuts listed windows between conversations into bins of at most the grain, counting unplaced items at a start', () => {
    const windows = [
      { start: 0, end: 10, count: 5 },
      { start: 10, end: 20, count: 4 },
      { start: 20, end: 30, count: 4 },
      { start: 30, end: 50, count: 4 },
    ];
    // 1 | 2,2 → 3 | 3 starts [3, …): 3, 7, 11 → 3 | 12 starts [12, …): 12, 15, 18 → 3 | the window [20, 30) counted
    // 4 but placed only 25: 3 at 20 start [20, …) | 25 starts [25, …) | four at 40 cannot be split: [40, 50) holds 4.
    const times = [18, 1, 2, 2, 3, 7, 11, 12, 15, 25, 40, 40, 40, 40].map((time) => ({ time }));
    expect(recutWindows(windows, times, 3)).toEqual([
      { start: 0, end: 3, count: 3 },
      { start: 3, end: 12, count: 3 },
      { start: 12, end: 20, count: 3 },
      { start: 20, end: 25, count: 3 },
      { start: 25, end: 40, count: 1 },
      { start: 40, end: 50, count: 4 },
    ]);
    expect(recutWindows([], [{ time: 1 }], 3)).toEqual([]);
  });

  it('hashes the fingerprints of a bin in time order, and only when every item of the bin has one', () => {
    const windows = [{ start: 0, end: 10, count: 3 }];
    const items = [
      { time: 5, fingerprint: 'b' },
      { time: 2, fingerprint: 'a' },
      { time: 8, fingerprint: 'c' },
    ];
    // Grain 2: [0, 8) holds a, b; [8, 10) holds c. FNV-1a 32-bit of "s\na\nb" and "s\nc", in base 36.
    expect(fnv1a('')).toBe((0x811c9dc5).toString(36));
    expect(fnv1a('a')).toBe((0xe40c292c).toString(36));
    expect(recutWindows(windows, items, 2, 's')).toEqual([
      { start: 0, end: 8, count: 2, hash: fnv1a('s\na\nb') },
      { start: 8, end: 10, count: 1, hash: fnv1a('s\nc') },
    ]);
    // A changed updatedAt changes the fingerprint and the hash; an item without one, or an unplaced item, none.
    expect(recutWindows(windows, [items[0], items[1], { time: 8, fingerprint: 'c2' }].flatMap((i) => (i ? [i] : [])), 2, 's')[1]?.hash).not.toBe(
      fnv1a('s\nc'),
    );
    expect(recutWindows(windows, [{ time: 2 }, { time: 5, fingerprint: 'b' }], 3, 's')).toEqual([{ start: 0, end: 10, count: 3 }]);
  });

  it("keeps earlier bins before a run's windows and drops those older than the trailing range", () => {
    const previous = { edges: [[0, 1], [10, 2], [20, 3]] as Array<[number, number]>, end: 30 };
    const windows = [
      { start: 25, end: 35, count: 7 },
      { start: 35, end: 50, count: 8 },
    ];
    // The bin [20, 30) holding 3 is cut at 25: it keeps its whole count, an upper bound of what lies before 25.
    expect(mergeBins(previous, windows, 0)).toEqual({ edges: [[0, 1], [10, 2], [20, 3], [25, 7], [35, 8]], end: 50 });
    expect(mergeBins(previous, windows, 21)).toEqual({ edges: [[20, 3], [25, 7], [35, 8]], end: 50 });
    // A gap between the earlier bins and the run: only the run's windows are kept.
    expect(mergeBins({ edges: [[0, 1]], end: 5 }, windows, 0)).toEqual({ edges: [[25, 7], [35, 8]], end: 50 });
  });

  it('suspects a cap only for answers of 20 or more that reach the largest answer seen', () => {
    expect(looksCapped(19, 0)).toBe(false);
    expect(looksCapped(20, 0)).toBe(true);
    expect(looksCapped(40, 100)).toBe(false);
    expect(looksCapped(100, 100)).toBe(true);
    expect(looksCapped(5, 100, 5)).toBe(true);
  });

  it('splits a window in halves down to one second', () => {
    expect(splitWindow(0, 4000)).toEqual([
      [0, 2000],
      [2000, 4000],
    ]);
    expect(splitWindow(0, 1999)).toBeNull();
  });

  it('sizes windows at 70% of the largest answer at the observed density, within an hour and a week', () => {
    expect(plannedWindowMs(0, 100)).toBe(DAY);
    expect(plannedWindowMs(140, 100)).toBe(DAY / 2); // 70 conversations at 140 a day
    expect(plannedWindowMs(0.001, 100)).toBe(7 * DAY);
    expect(plannedWindowMs(100000, 100)).toBe(3600000);
  });
});

describe('parseCursor', () => {
  it('reads back what was stored and rejects anything else', () => {
    const c = cursor({ start: 5, listedUntil: 9, pass: { from: 1, to: 2, doneUntil: 1, full: false } });
    expect(parseCursor(JSON.stringify(c))).toEqual(c);
    const refetch = cursor({ messageRows: 120, pass: { from: 1, to: 2, doneUntil: 1, full: true, refetch: true } });
    expect(parseCursor(JSON.stringify(refetch))).toEqual(refetch);
    expect(parseCursor('{"v":2}')).toBeNull();
    expect(parseCursor('not json')).toBeNull();
    expect(parseCursor(null)).toBeNull();
  });
});
