// Pure planning of a sync: the stored cursor, the range a run lists, its time windows and the list-cap heuristic.
import { parseIsoDate, zoneClock, DAY_MS } from './metrics/time-zone';
import { parseStoredObject } from './stored-json';

/** Days imported before the first sync when the user chose no `syncStart` (contract.md). */
export const DEFAULT_HISTORY_DAYS = 90;

/** A silent list cap is "any number from 20 up" (chatvolt-api.md): smaller answers are never suspicious. */
export const MIN_SUSPICIOUS_CAP = 20;

/** Windows are not split below this length: a full answer for one second is accepted as it is. */
export const MIN_WINDOW_MS = 1000;

/** The length of the windows a pass lists before any split, while the organisation's density is unknown. */
export const BASE_WINDOW_MS = DAY_MS;

/** Windows are at least an hour and at most a week long before splits. */
export const MIN_PLANNED_WINDOW_MS = 60 * 60 * 1000;
export const MAX_PLANNED_WINDOW_MS = 7 * DAY_MS;

/**
 * Trigger and sidebar runs re-list the whole trailing `reconcileDays` at most this often; in between they
 * re-list only the last `HOT_WINDOW_MS` (where nearly all changes happen). Every extra list request costs
 * about 170 ms of a run and one UrlFetch call of a 20,000-a-day quota, which a 1-minute trigger cannot spend
 * on re-reading a week every minute.
 */
export const RECONCILE_INTERVAL_MS = 10 * 60 * 1000;
export const HOT_WINDOW_MS = DAY_MS;

/**
 * One listing pass: every conversation created in `[from, to)` is listed, compared with the sheet and, when
 * new or changed, written. `doneUntil` is the progress: conversations created before it are written.
 */
export interface SyncPass {
  from: number;
  to: number;
  doneUntil: number;
  /** Whether this pass re-lists the whole trailing `reconcileDays` (it then sets `reconciledAt`). */
  full: boolean;
  /** Whether every listed conversation's history is fetched again ("Mensagens" was cleared), changed or not. */
  refetch?: boolean;
}

/**
 * How many conversations each stretch of the last listing held: consecutive bins, each `[start, count]`, the
 * last one ending at `end`. Bins are cut between listed conversations (see `recutWindows`), so a count is
 * exact (or an upper bound) rather than a guess; creation times never change, so the next re-list can pack
 * whole bins right up to a silent cap and list the trailing range in one round of uncapped answers.
 */
export interface ListingBins {
  /** `[start, count]`, or `[start, count, hash]` when the run verified the bin's conversations (see `ListedWindow`). */
  edges: Array<[number, number] | [number, number, string]>;
  end: number;
}

/**
 * Stretches whose size is only estimated (from the density, past the bins) are counted as holding 1/PACKING_FILL
 * of the estimate: conversations bunch in business hours, and a window that reaches the cap costs a split round.
 */
export const PACKING_FILL = 0.75;

/**
 * Bins hold at most this share of the largest uncapped answer: three whole bins fill a window, and a run that
 * starts at a bin edge (see `planRun`) re-lists at most one bin more than it must.
 */
export const BINS_PER_WINDOW = 3;

/** At most this many bins are kept (at most about 32 characters each with a hash, in the ≤ 9 KB cursor). */
export const MAX_BINS = 200;

/** A listed window and the size of its (uncapped) answer. */
export interface ListedWindow {
  start: number;
  end: number;
  count: number;
  /**
   * Hash of the listed conversations' fingerprints (id, updatedAt, variables), set by `recutWindows` when they
   * all have one. Stored only for bins the run compared with the sheet, so a later run listing the same hash
   * knows that stretch unchanged without reading the sheet.
   */
  hash?: string;
}

/** A listed conversation's creation time and, for bin hashes, its fingerprint. */
export interface ListedItem {
  time: number;
  fingerprint?: string;
}

/** 32-bit FNV-1a of a string, base 36: a cheap change detector (not a security hash). */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** The sync's resumable state, stored as JSON in Document Properties (far below the 9 KB a value). */
export interface SyncCursor {
  v: 1;
  /** Oldest creation time imported (epoch ms), fixed by the first sync or the `syncStart` setting. */
  start: number;
  /** Every conversation created before this instant was listed by a completed pass; null before the first. */
  listedUntil: number | null;
  /** The largest list answer seen: an answer at least this long (and >= 20) may have been capped. */
  capGuess: number;
  /** Conversations per day seen by the last listing (0 = unknown): sizes the windows. */
  density: number;
  /** When the last full trailing re-list finished (its pass's `to`), or null. */
  reconciledAt: number | null;
  /** Answer sizes of the last listing by window, to re-list the same range with few requests; null if none. */
  bins: ListingBins | null;
  /** The agent filter the listing used (sorted ids joined by ','); a change starts a full re-list. */
  agents: string;
  /** The pass in progress, or null between passes. */
  pass: SyncPass | null;
  /** Data rows of "Mensagens" after the last run (absent in older cursors): a far lower count means it was cleared. */
  messageRows?: number;
  /** Data rows of "Conversas" after the last run: bin hashes are trusted only while the sheet still has as many. */
  conversationRows?: number;
}

/** What planning needs from the settings and the clock. */
export interface PlanInput {
  now: number;
  timeZone: string;
  /** `YYYY-MM-DD` or null (then 90 days before the first sync). */
  syncStart: string | null;
  reconcileDays: number;
  agentIds: readonly string[];
  /** Re-list the whole trailing `reconcileDays` even if it was done less than RECONCILE_INTERVAL_MS ago. */
  forceReconcile: boolean;
}

/**
 * Midnight of a calendar date (`YYYY-MM-DD`) in `timeZone`, as epoch ms; null when the text is no real date.
 * @example zonedMidnight('2026-03-01', 'America/Sao_Paulo') // Date.UTC(2026, 2, 1, 3)
 */
export function zonedMidnight(date: string, timeZone: string): number | null {
  const day = parseIsoDate(date);
  return day === null ? null : zoneClock(timeZone).fromLocalMs(day * DAY_MS);
}

/** Midnight `days` calendar days before the local date of `now` in `timeZone`. */
export function midnightDaysBefore(now: number, days: number, timeZone: string): number {
  const clock = zoneClock(timeZone);
  const today = Math.floor(clock.toLocalMs(now) / DAY_MS);
  return clock.fromLocalMs((today - days) * DAY_MS);
}

function agentsKey(agentIds: readonly string[]): string {
  return [...agentIds].sort().join(',');
}

/**
 * The cursor a run starts from: the stored one with its pass resumed, or a new pass. A first sync lists from
 * `syncStart` (default 90 days back); later passes list from the older of the last listed instant and the
 * trailing `reconcileDays` (to catch changed conversations; only the last day when a full re-list ran less
 * than RECONCILE_INTERVAL_MS ago and none is forced), up to `now`. Moving `syncStart` earlier or changing the
 * agent filter makes the next pass list the whole range again (unchanged rows cost no message requests).
 */
export function planRun(stored: SyncCursor | null, input: PlanInput): SyncCursor {
  const chosen = input.syncStart === null ? null : zonedMidnight(input.syncStart, input.timeZone);
  const start = chosen ?? stored?.start ?? midnightDaysBefore(input.now, DEFAULT_HISTORY_DAYS, input.timeZone);
  const agents = agentsKey(input.agentIds);
  const relist = stored === null || stored.agents !== agents || start < stored.start;
  const base = {
    v: 1 as const,
    start,
    listedUntil: relist ? null : stored.listedUntil,
    capGuess: stored?.capGuess ?? 0,
    density: stored?.density ?? 0,
    reconciledAt: relist ? null : stored.reconciledAt,
    bins: stored?.bins ?? null,
    agents,
  };
  if (!relist && stored.pass !== null && stored.pass.doneUntil < stored.pass.to) {
    const from = Math.max(stored.pass.from, start);
    return { ...base, pass: { ...stored.pass, from, doneUntil: Math.max(stored.pass.doneUntil, from) } };
  }
  const due = input.forceReconcile || base.reconciledAt === null || input.now - base.reconciledAt >= RECONCILE_INTERVAL_MS;
  const lower = input.now - (due ? input.reconcileDays * DAY_MS : HOT_WINDOW_MS);
  const from = binEdgeAtOrBefore(base.bins, Math.max(start, base.listedUntil === null ? start : Math.min(base.listedUntil, lower)), start);
  const to = Math.max(from, Math.floor(input.now));
  return { ...base, pass: { from, to, doneUntil: from, full: due || base.listedUntil === null } };
}

/**
 * The last bin edge at or before `at` (not before `floor`), or `at` when no bin holds it. Starting a pass at an
 * edge keeps every bin whole: a bin cut by a run's first window could only keep an upper bound of its count,
 * and the hot re-list, starting a minute later each run, would pile up such over-counted slivers.
 */
function binEdgeAtOrBefore(bins: ListingBins | null, at: number, floor: number): number {
  if (bins === null || at >= bins.end) return at;
  let edge = at;
  for (const [start] of bins.edges) {
    if (start > at) break;
    edge = start;
  }
  return edge >= floor ? edge : at;
}

/** The cursor after its pass has been written up to `doneUntil` (the pass closes when it reaches `to`). */
export function advanceCursor(
  cursor: SyncCursor,
  doneUntil: number,
  learned: { capGuess: number; density: number; bins: ListingBins | null },
): SyncCursor {
  const pass = cursor.pass;
  const next = { ...cursor, capGuess: learned.capGuess, density: learned.density, bins: learned.bins };
  if (pass === null) return next;
  if (doneUntil >= pass.to) {
    return { ...next, listedUntil: pass.to, reconciledAt: pass.full ? pass.to : cursor.reconciledAt, pass: null };
  }
  return { ...next, pass: { ...pass, doneUntil: Math.max(pass.doneUntil, doneUntil) } };
}

/**
 * How long the next windows should be: about 70% of the largest answer seen (at least 20) at the observed
 * density, so that most answers stay under a silent cap while few requests are sent; a day while unknown.
 */
export function plannedWindowMs(density: number, capGuess: number): number {
  if (!(density > 0)) return BASE_WINDOW_MS;
  const target = 0.7 * Math.max(MIN_SUSPICIOUS_CAP, capGuess);
  const ms = (target / density) * DAY_MS;
  return Math.min(MAX_PLANNED_WINDOW_MS, Math.max(MIN_PLANNED_WINDOW_MS, Math.round(ms)));
}

/**
 * Up to `count` consecutive windows from `from`, none past `to`. Where the last listing's bins cover the range,
 * whole bins are packed while their counts stay below the largest answer seen (at least 20), so that no answer
 * looks capped and a re-list takes as few requests as the cap allows; a bin is never cut (its count is only
 * known whole). Elsewhere segments are `windowMs` long, estimated at `perWindow` conversations (in proportion
 * for a shorter one), counted at 1/PACKING_FILL of that and cut in proportion; unknown sizes get a window each.
 * A window that still turns out capped is split by the client, which costs one more round but loses nothing.
 */
export function nextWindows(
  from: number,
  to: number,
  windowMs: number,
  count: number,
  packing: { bins: ListingBins | null; capGuess: number; perWindow: number } = { bins: null, capGuess: 0, perWindow: Infinity },
): Array<[number, number]> {
  // [start, end, weight, whole]: `whole` segments are bins, packed but never cut.
  const segments: Array<[number, number, number, boolean]> = [];
  let at = from;
  const bins = packing.bins;
  const first = bins?.edges[0];
  if (bins && first && from >= first[0] && from < bins.end) {
    bins.edges.forEach(([, size], i) => {
      const end = bins.edges[i + 1]?.[0] ?? bins.end;
      if (end <= at || at >= to) return;
      segments.push([at, Math.min(end, to), size, true]);
      at = Math.min(end, to);
    });
  }
  for (; at < to; at += windowMs) {
    const end = Math.min(to, at + windowMs);
    segments.push([at, end, (packing.perWindow * (end - at)) / windowMs / PACKING_FILL, false]);
  }

  const limit = Math.max(MIN_SUSPICIOUS_CAP, packing.capGuess) - 1;
  const out: Array<[number, number]> = [];
  // The window being filled: [start, end, weight].
  let open: [number, number, number] | null = null;
  const close = (window: [number, number, number]): boolean => {
    if (window[1] > window[0]) out.push([window[0], window[1]]);
    return out.length >= count;
  };
  for (const [segmentStart, end, weight, whole] of segments) {
    let start = segmentStart;
    let size = weight;
    if (!Number.isFinite(size)) {
      // Unknown size: a window of its own.
      if ((open && close(open)) || close([start, end, 0])) return out;
      open = null;
      continue;
    }
    if (whole && open && open[2] + size > limit && open[1] > open[0]) {
      if (close(open)) return out;
      open = null;
    }
    if (!open) open = [start, start, 0];
    while (!whole && open[2] + size > limit && size > 0) {
      // Fill the open window with the part of this estimate that fits, assuming an even spread inside it.
      const cut = start + Math.floor(((limit - open[2]) / size) * (end - start));
      if (cut <= start && open[1] > open[0]) {
        if (close(open)) return out;
        open = [start, start, 0];
        continue;
      }
      if (cut <= start || cut >= end) break;
      open[1] = cut;
      if (close(open)) return out;
      size -= ((cut - start) / (end - start)) * size;
      start = cut;
      open = [start, start, 0];
    }
    open[1] = end;
    open[2] += size;
  }
  if (open) close(open);
  return out;
}

/**
 * Re-cuts a run's listed windows (consecutive, oldest first, with their answer sizes) into bins of at most
 * `grain` conversations, cutting only between the creation times of the `items` listed (any order), so each
 * bin's count is exact: answer items a window counted but no item placed in it (unreadable, outside the
 * window, repeated) are counted at its start, which keeps every count an upper bound. Conversations created
 * at the same instant stay in one bin (which may then exceed `grain`). A bin whose items all have a
 * fingerprint (and no unplaced item) gets the hash of its fingerprints in order, seeded with `seed`.
 */
export function recutWindows(windows: readonly ListedWindow[], items: readonly ListedItem[], grain: number, seed = ''): ListedWindow[] {
  const sorted = [...items].sort((a, b) => a.time - b.time || ((a.fingerprint ?? '') < (b.fingerprint ?? '') ? -1 : 1));
  const out: ListedWindow[] = [];
  let bin: ListedWindow | null = null;
  let prints: string[] | null = [];
  let next = 0;
  const closeAt = (time: number) => {
    if (bin === null) return;
    bin.end = time;
    if (prints !== null) bin.hash = fnv1a([seed, ...prints].join('\n'));
    out.push(bin);
    bin = { start: time, end: time, count: 0 };
    prints = [];
  };
  const add = (time: number, group: readonly ListedItem[] | number) => {
    if (bin === null) return;
    const weight = typeof group === 'number' ? group : group.length;
    if (bin.count > 0 && bin.count + weight > Math.max(1, grain) && time > bin.start) closeAt(time);
    bin.count += weight;
    if (typeof group === 'number' || group.some((item) => item.fingerprint === undefined)) prints = null;
    else if (prints !== null) for (const item of group) prints.push(item.fingerprint ?? '');
  };
  for (const w of windows) {
    // Listed windows tile the run's range; a bin simply goes on across window edges.
    if (bin === null) bin = { start: w.start, end: w.end, count: 0 };
    while (next < sorted.length && (sorted[next]?.time ?? 0) < w.start) next++;
    const inside: ListedItem[] = [];
    while (next < sorted.length && (sorted[next]?.time ?? 0) < w.end) inside.push(sorted[next++] as ListedItem);
    if (w.count > inside.length) add(w.start, w.count - inside.length);
    for (let i = 0; i < inside.length; ) {
      const first = inside[i++] as ListedItem;
      const same: ListedItem[] = [first];
      while (i < inside.length && inside[i]?.time === first.time) same.push(inside[i++] as ListedItem);
      add(first.time, same);
    }
    (bin as ListedWindow).end = w.end;
  }
  if (bin !== null) closeAt((bin as ListedWindow).end);
  return out;
}

/**
 * The bins to keep after a run listed `windows` (consecutive, oldest first, usually from `recutWindows`): the
 * earlier bins before the run's first window (one cut by it keeps its whole count, an upper bound), then the
 * run's windows; only those ending after `keepFrom` (the trailing range a re-list covers), coarsened by
 * merging neighbours while more than MAX_BINS remain.
 */
export function mergeBins(previous: ListingBins | null, windows: readonly ListedWindow[], keepFrom: number): ListingBins | null {
  const firstWindow = windows[0];
  const lastWindow = windows[windows.length - 1];
  if (!firstWindow || !lastWindow) return previous;
  const edges: ListingBins['edges'] = [];
  const head = previous?.edges[0];
  if (previous && head && head[0] <= firstWindow.start && previous.end >= firstWindow.start) {
    for (const edge of previous.edges) if (edge[0] < firstWindow.start) edges.push(edge);
  }
  for (const w of windows) edges.push(w.hash === undefined ? [w.start, w.count] : [w.start, w.count, w.hash]);
  while (edges.length > 1 && (edges[1]?.[0] ?? Infinity) <= keepFrom) edges.shift();
  while (edges.length > MAX_BINS) {
    // Merged neighbours lose their hashes (a later run re-lists them as changed once).
    const merged: ListingBins['edges'] = [];
    for (let i = 0; i < edges.length; i += 2) {
      const a = edges[i] as [number, number];
      merged.push([a[0], a[1] + (edges[i + 1]?.[1] ?? 0)]);
    }
    edges.splice(0, edges.length, ...merged);
  }
  return { edges, end: lastWindow.end };
}

/**
 * Whether a list answer of `count` items may have been cut by a silent cap: it is at least 20 long and at
 * least as long as any answer seen (a capped answer is as long as the cap), or reaches a configured page limit.
 * A false positive only costs one more split; a false negative would lose conversations.
 */
export function looksCapped(count: number, capGuess: number, pageLimit: number | null = null): boolean {
  if (pageLimit !== null && count >= pageLimit) return true;
  return count >= MIN_SUSPICIOUS_CAP && count >= capGuess;
}

/** Splits `[start, end)` in two halves, or returns null when it is already as small as a window may be. */
export function splitWindow(start: number, end: number): [[number, number], [number, number]] | null {
  if (end - start < 2 * MIN_WINDOW_MS) return null;
  const middle = start + Math.floor((end - start) / 2);
  return [
    [start, middle],
    [middle, end],
  ];
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Parses the stored cursor JSON; anything unreadable is null (the next run starts over, which is safe). */
export function parseCursor(json: string | null): SyncCursor | null {
  const c = parseStoredObject(json);
  if (c === null) return null;
  if (c.v !== 1 || !isFiniteNumber(c.start) || !isFiniteNumber(c.capGuess) || !isFiniteNumber(c.density)) return null;
  if (typeof c.agents !== 'string') return null;
  if (c.listedUntil !== null && !isFiniteNumber(c.listedUntil)) return null;
  if (c.reconciledAt !== null && !isFiniteNumber(c.reconciledAt)) return null;
  let pass: SyncPass | null = null;
  if (c.pass !== null) {
    const p = c.pass as Record<string, unknown> | undefined;
    if (!p || !isFiniteNumber(p.from) || !isFiniteNumber(p.to) || !isFiniteNumber(p.doneUntil)) return null;
    pass = { from: p.from, to: p.to, doneUntil: p.doneUntil, full: p.full === true, ...(p.refetch === true ? { refetch: true } : {}) };
  }
  let bins: ListingBins | null = null;
  if (c.bins !== null && c.bins !== undefined) {
    const b = c.bins as Record<string, unknown>;
    const edges = b.edges;
    if (!isFiniteNumber(b.end) || !Array.isArray(edges)) return null;
    const valid = (e: unknown): e is [number, number] | [number, number, string] =>
      Array.isArray(e) && isFiniteNumber(e[0]) && isFiniteNumber(e[1]) && (e.length === 2 || (e.length === 3 && typeof e[2] === 'string'));
    if (!edges.every(valid)) return null;
    bins = { edges, end: b.end };
  }
  return {
    v: 1,
    start: c.start,
    listedUntil: c.listedUntil,
    capGuess: c.capGuess,
    density: c.density,
    reconciledAt: c.reconciledAt,
    bins,
    agents: c.agents,
    pass,
    ...(isFiniteNumber(c.messageRows) ? { messageRows: c.messageRows } : {}),
    ...(isFiniteNumber(c.conversationRows) ? { conversationRows: c.conversationRows } : {}),
  };
}
