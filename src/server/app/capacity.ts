// Capacity during a sync: the writes fitted under the 10M-cell wall, the figure carried forward, measured hourly, retention.
import type { Capacity } from '../../shared/dto';
import {
  AUTO_RETENTION_PERCENT,
  CELL_LIMIT,
  MIN_RETENTION_DAYS,
  capacityNotice,
  countCreated,
  growthPerDay,
  growthTo,
  measuredState,
  needsMeasure,
  parseCapacityState,
  serializeCapacityState,
  toCapacity,
  type CapacityState,
} from '../domain/capacity';
import { CONVERSATION_COLUMNS, CONVERSATIONS_SHEET, MESSAGE_COLUMNS, MESSAGES_SHEET } from '../domain/columns';
import { parseDateCell } from '../domain/metrics/conversation-table';
import { DAY_MS, zoneClock } from '../domain/metrics/time-zone';
import { explicitSettingKeys, type Settings } from '../domain/settings';
import { findColumn, type SheetView } from '../domain/table-merge';
import { OWED_STATE_KEYS, packOwed, parseOwed } from '../domain/owed-conversations';
import type { CachePort, Clock, KeyValueStore, SpreadsheetPort } from './ports';
import { parseStoredObject } from '../domain/stored-json';
import { removeOldMessages } from './message-retention';
import { openKeyedSheet } from './sync-sheets';

/** Document Properties key of the capacity state (domain/capacity.ts `CapacityState`, a few hundred characters). */
export const CAPACITY_STATE_KEY = 'capacity.v1';

/**
 * A write planned this close to the wall (in cells: past 90 %) is checked against a fresh measure of every tab rather
 * than the figure carried forward, since a user may have added a tab since the last hourly measure. Only runs that
 * write new rows measure, so the cost (one call per tab and dimension) never reaches the idle sync.
 */
const WALL_MARGIN_CELLS = 1_000_000;
/** See `CapacityRun.nearWall`: past 80 % of the limit. */
const NEAR_WALL_CELLS = 2_000_000;

/** Rows a retention pass deletes at most per run, in this many deleteRows calls (the rest goes on next run). */
export const RETENTION_CALLS: Readonly<Record<'manual' | 'scheduled' | 'refresh', number>> = { manual: 100, scheduled: 100, refresh: 10 };

/** The retention in force: the user's own choice, else the one the 90 % rule applied, else 0 (keep all). */
export function effectiveRetention(settings: Pick<Settings, 'messageRetentionDays'>, chosen: boolean, state: CapacityState | null): number {
  return chosen ? settings.messageRetentionDays : (state?.autoRetentionDays ?? 0);
}

/** Whether the user set `messageRetentionDays` themselves (stored explicitly in the settings JSON). */
export function retentionChosen(storedSettingsJson: string | null): boolean {
  return explicitSettingKeys(storedSettingsJson).includes('messageRetentionDays');
}

/** `Capacity` from a state (no service call). */
export function capacityOf(state: CapacityState, nowMs: number, retentionDays: number, timeZone: string): Capacity {
  const conversationColumns = state.grids[CONVERSATIONS_SHEET]?.[1] ?? CONVERSATION_COLUMNS.length;
  const messageGrid = state.grids[MESSAGES_SHEET];
  const messageColumns = messageGrid?.[1] ?? MESSAGE_COLUMNS.length;
  return toCapacity(
    {
      cellsUsed: state.cellsUsed,
      messageCells: messageGrid ? messageGrid[0] * messageGrid[1] : 0,
      growth: growthPerDay(state, conversationColumns, messageColumns, nowMs),
      retentionDays,
    },
    nowMs,
    zoneClock(timeZone).offsetMs(nowMs),
  );
}

/** CacheService key of a measure taken by a reader (the dashboard), shared by the readers until the sync's is fresher. */
export const READER_MEASURE_KEY = 'capacity.readerMeasure';

/**
 * The capacity as of now for readers without the lock (dashboard, failed or skipped runs): the stored figure when
 * less than an hour old, else a fresh measure of every tab (not stored: the sync owns the state). With `readerMeasure`
 * (the dashboard: its cache, and the entry its one getAll fetched under READER_MEASURE_KEY), a reader's measure is
 * kept there for the hour, so the sidebar's 30-s polls between the stored figure turning an hour old and the next
 * scheduled sync do not each measure every tab again.
 */
export function currentCapacity(
  deps: { sheets: SpreadsheetPort; documentStore: KeyValueStore; clock: Clock; readerMeasure?: { cache: CachePort; raw: string | undefined } },
  stored: { state: string | null; settings: string | null; retentionDays: number },
): Capacity {
  const nowMs = deps.clock.now();
  let state = parseCapacityState(stored.state);
  if (needsMeasure(state, nowMs) && deps.readerMeasure) {
    const cached = parseReaderMeasure(deps.readerMeasure.raw);
    const candidate = cached && { ...measuredState(state, [], cached.measuredAt), cellsUsed: cached.cellsUsed, grids: cached.grids };
    if (candidate && !needsMeasure(candidate, nowMs)) state = candidate;
  }
  if (needsMeasure(state, nowMs) && deps.sheets.grids) {
    state = measuredState(state, deps.sheets.grids(), nowMs);
    deps.readerMeasure?.cache.putAll(
      { [READER_MEASURE_KEY]: JSON.stringify({ measuredAt: state.measuredAt, cellsUsed: state.cellsUsed, grids: state.grids }) },
      3600,
    );
  }
  const timeZone = deps.sheets.timeZone();
  if (state === null) return toCapacity({ cellsUsed: 0, messageCells: 0, growth: { conversationCells: 0, messageCells: 0 }, retentionDays: 0 }, nowMs);
  const chosen = retentionChosen(stored.settings);
  return capacityOf(state, nowMs, chosen ? stored.retentionDays : state.autoRetentionDays, timeZone);
}

/** A reader's cached measure, or null when absent or unreadable. */
function parseReaderMeasure(raw: string | undefined): Pick<CapacityState, 'measuredAt' | 'cellsUsed' | 'grids'> | null {
  const o = parseStoredObject(raw ?? null);
  if (!o || typeof o.measuredAt !== 'number' || typeof o.cellsUsed !== 'number' || !o.grids || typeof o.grids !== 'object') return null;
  return { measuredAt: o.measuredAt, cellsUsed: o.cellsUsed, grids: o.grids as CapacityState['grids'] };
}

/**
 * The retention fields of the settings view: the retention in force (the user's, else the automatic one), whether the
 * user chose it, and the capacity as of the last measure (null before the first sync).
 */
export function retentionView(
  storedSettings: string | null,
  storedState: string | null,
  messageRetentionDays: number,
  timeZone: string,
): { messageRetentionDays: number; messageRetentionChosen: boolean; capacity: Capacity | null } {
  const state = parseCapacityState(storedState);
  const chosen = retentionChosen(storedSettings);
  const days = chosen ? messageRetentionDays : (state?.autoRetentionDays ?? 0);
  return {
    messageRetentionDays: days,
    messageRetentionChosen: chosen,
    capacity: state === null ? null : capacityOf(state, state.measuredAt, days, timeZone),
  };
}

/** One keyed sheet about to be merged: what the growth of its insertions depends on. */
export interface PlannedWrite<R> {
  name: string;
  /** The sheet as opened (header, rows by key); null when it does not exist. */
  view: SheetView | null;
  /** The add-on's column names for the sheet (missing ones are appended to the header). */
  columns: readonly string[];
  key: keyof R & string;
  records: R[];
}

/** What `fitWrites` kept and left out. */
export interface FitResult<C, M> {
  conversations: C[];
  messages: M[];
  leftOutConversations: number;
  leftOutMessages: number;
}

/** Tracks the capacity of the spreadsheet through one sync run (under the lock). */
export interface CapacityRun {
  /** False when the carried-forward figure says a new "Conversas" row no longer fits: new conversations wait. */
  admitsNewConversations(): boolean;
  /**
   * Keeps the items `known` says are already in "Conversas"; the others wait for room (counted for the message) and are
   * owed, so they are fetched by id once there is room even if the re-listed days no longer reach them.
   */
  admitted<T>(items: T[], known: (item: T) => boolean, idOf: (item: T) => string): T[];
  /**
   * Whether new conversations or messages were left out (at the wall, waiting for room, or still owed from an earlier
   * run): the listing no longer matches the sheet, so no listing bin is taken as verified.
   */
  leftConversationsOut(): boolean;
  /**
   * Whether `id` is owed to the sheet (its row was written at the wall without all its new messages, or it was left out
   * for want of room) and there is room now to fetch it.
   */
  owesMessages(id: string): boolean;
  /**
   * With room to fetch them, the owed conversations (oldest first, at most `limit`, not in `exclude`) to fetch again by
   * id — those the listing no longer reaches — and how many more wait for a later run; none while the sheet is full.
   */
  owedToFetch(exclude: ReadonlySet<string>, limit: number): { ids: string[]; more: number };
  /** Forgets owed conversations Chatvolt no longer has (404) or the agent filter leaves out. */
  forgetOwed(ids: readonly string[]): void;
  /**
   * After Sheets refused a write with its cell-limit error (the team grew its own tabs since the last measure):
   * undoes what `fitWrites` recorded and measures every tab, so `fitWrites` can fit the same writes again.
   */
  refitAfterCellLimit(): void;
  /**
   * Whether the carried figure is within `NEAR_WALL_CELLS` of the wall: close enough that a team's own tabs, grown since
   * the last measure, could make Sheets refuse this run's writes.
   */
  nearWall(): boolean;
  /** Messages created before this time are not written (the retention in force at the start), or null. */
  messageCutoff: number | null;
  /**
   * Trims the records so the writes stay under the wall: "Conversas" first, then whole conversations' messages
   * while they fit. Updates of existing rows never grow the grid and are always kept. Records the growth.
   */
  fitWrites<C extends { created_at: Date | null }, M extends { created_at: Date | null; conversation_id: string | null }>(
    conversations: PlannedWrite<C>,
    messages: PlannedWrite<M>,
  ): FitResult<C, M>;
  /**
   * After the writes: measures when due, applies the 90 % rule, runs the retention pass, and returns the report's
   * capacity, the message's capacity sentences and the JSON to store. `commitMessageRows` is called with the rows the
   * pass will delete before it deletes any (the caller lowers the sync cursor's row count first, crash-safe).
   */
  finish(options: {
    trigger: 'manual' | 'scheduled' | 'refresh';
    timeZone: string;
    /** False while another pass (the text heal) walks "Mensagens" by row number: retention waits for it. */
    deleteOldMessages: boolean;
    commitMessageRows: (deleting: number) => void;
  }): { capacity: Capacity; notice: string; deleted: number; stateJson: string; stored: Record<string, string> };
}

/** Opens the capacity state of a run. `storedState`/`storedSettings` come from the run's single getMany. */
export function openCapacityRun(
  deps: { sheets: SpreadsheetPort; clock: Clock },
  settings: Pick<Settings, 'messageRetentionDays'>,
  stored: { state: string | null; settings: string | null; owed?: Readonly<Record<string, string | null>> },
): CapacityRun {
  const { sheets, clock } = deps;
  const startedAt = clock.now();
  const loaded = parseCapacityState(stored.state);
  const storedOwed = stored.owed ?? {};
  if (loaded !== null) loaded.owed = [...new Set([...loaded.owed, ...parseOwed(storedOwed)])];
  // Without a state (first run, or lost), the history is rebuilt from the sheets at the end instead of counted here.
  const bootstrap = loaded === null;
  let state: CapacityState | null = loaded;
  let measuredNow = false;
  const chosen = retentionChosen(stored.settings);
  let leftOutConversations = 0;
  let leftOutMessages = 0;
  let waiting = 0;
  const retentionAtStart = effectiveRetention(settings, chosen, loaded);
  let owedLookup: { list: readonly string[]; ids: ReadonlySet<string> } | null = null;
  /** What `fitWrites` changes in the state, as it was before: restored by `refitAfterCellLimit`. */
  let beforeFit: Pick<CapacityState, 'days' | 'owed' | 'oldestMessage'> & { leftOutConversations: number; leftOutMessages: number } | null = null;

  const measure = (): CapacityState => {
    const fresh = state === null;
    if (!sheets.grids) state ??= measuredState(null, [], clock.now());
    else {
      state = measuredState(state, sheets.grids(), clock.now());
      measuredNow = true;
    }
    // The capacity state was lost but not the owed ids kept apart: those conversations are still owed.
    if (fresh) state.owed = parseOwed(storedOwed);
    return state;
  };
  /** Owed messages are fetched again only with clear room (not one row's worth), else each run would fetch them to leave them out. */
  const roomForOwed = (): boolean => {
    if (state === null) return false;
    const roomy = (s: CapacityState) => s.cellsUsed + WALL_MARGIN_CELLS <= CELL_LIMIT;
    if (!roomy(state) && !measuredNow && needsMeasure(state, clock.now())) return roomy(measure());
    return roomy(state);
  };

  /** A record's key when it is new to the sheet (it adds a row), else null. */
  const freshKey = <R>(write: PlannedWrite<R>, record: R): string | null => {
    const key = String(record[write.key] ?? '').trim();
    return key !== '' && !(write.view?.rows.has(key) ?? false) ? key : null;
  };
  /** Grid size once `fresh` new rows are written (header row included), and the cells that adds. */
  const growthOf = <R>(write: PlannedWrite<R>, fresh: number, s: CapacityState): { cells: number; rows: number; columns: number } => {
    const header = write.view?.header ?? [];
    const missing = write.columns.filter((c) => findColumn(header, c) < 0).length;
    const rows = Math.max(write.view?.lastRow ?? 0, 1) + fresh;
    const columns = header.length + missing;
    // Nothing to write, or only updates under a complete header: the grid stays as it is.
    if (fresh === 0 && (missing === 0 || write.records.length === 0)) return { cells: 0, rows, columns };
    const grid = s.grids[write.name] ?? null;
    // An existing tab the state does not know (added since the last measure) is measured before anything is trusted.
    if (grid === null && write.view !== null) return { cells: Infinity, rows, columns };
    return { cells: growthTo(grid, rows, columns), rows, columns };
  };
  const freshCount = <R>(write: PlannedWrite<R>, records: readonly R[]): number =>
    new Set(records.map((r) => freshKey(write, r)).filter((k): k is string => k !== null)).size;
  /** The most new rows whose growth stays within `room` (growth only rises with the rows). */
  const maxFresh = <R>(write: PlannedWrite<R>, upTo: number, room: number, s: CapacityState): number => {
    let low = 0;
    let high = upTo;
    if (growthOf(write, 0, s).cells > room) return -1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (growthOf(write, mid, s).cells <= room) low = mid;
      else high = mid - 1;
    }
    return low;
  };

  return {
    admitsNewConversations: () => {
      if (state === null) return true;
      const fits = (s: CapacityState) => s.cellsUsed + (s.grids[CONVERSATIONS_SHEET]?.[1] ?? CONVERSATION_COLUMNS.length) <= CELL_LIMIT;
      // A full sheet measured over an hour ago is measured again: the user may have made room since.
      if (!fits(state) && !measuredNow && needsMeasure(state, clock.now())) return fits(measure());
      return fits(state);
    },
    admitted(items, known, idOf) {
      const kept = items.filter(known);
      waiting += items.length - kept.length;
      if (state !== null && kept.length < items.length) {
        const owed = new Set(state.owed);
        for (const item of items) if (!known(item)) owed.add(idOf(item));
        state.owed = [...owed];
      }
      return kept;
    },
    leftConversationsOut: () => leftOutConversations + waiting > 0 || (state?.owed.length ?? 0) > 0,
    owesMessages(id) {
      if (state === null) return false;
      // Asked for every listed conversation: a Set of the owed ids, rebuilt only when the list is replaced.
      if (owedLookup?.list !== state.owed) owedLookup = { list: state.owed, ids: new Set(state.owed) };
      if (!owedLookup.ids.has(id)) return false;
      return roomForOwed();
    },
    owedToFetch(exclude, limit) {
      if (state === null || state.owed.length === 0 || !roomForOwed()) return { ids: [], more: 0 };
      const candidates = state.owed.filter((id) => !exclude.has(id));
      return { ids: candidates.slice(0, Math.max(0, limit)), more: Math.max(0, candidates.length - Math.max(0, limit)) };
    },
    forgetOwed(ids) {
      if (state === null || ids.length === 0) return;
      const gone = new Set(ids);
      state.owed = state.owed.filter((id) => !gone.has(id));
    },
    nearWall: () => state !== null && state.cellsUsed + NEAR_WALL_CELLS >= CELL_LIMIT,
    refitAfterCellLimit() {
      if (state !== null && beforeFit !== null) {
        state.days = beforeFit.days;
        state.owed = beforeFit.owed;
        state.oldestMessage = beforeFit.oldestMessage;
        leftOutConversations = beforeFit.leftOutConversations;
        leftOutMessages = beforeFit.leftOutMessages;
      }
      beforeFit = null;
      // The carried grids of this run's writes are dropped with the rest: the measure sees what was really written.
      measure();
    },
    messageCutoff: retentionAtStart > 0 ? startedAt - retentionAtStart * DAY_MS : null,
    fitWrites(conversations, messages) {
      let s = state ?? measure();
      beforeFit = { days: s.days.map((d) => [...d] as [number, number, number]), owed: [...s.owed], oldestMessage: s.oldestMessage, leftOutConversations, leftOutMessages };
      const total = () =>
        growthOf(conversations, freshCount(conversations, conversations.records), s).cells +
        growthOf(messages, freshCount(messages, messages.records), s).cells;
      // The carried-forward figure is trusted far from the wall; near it (or for a tab it does not know) every tab is measured.
      if (!measuredNow && (needsMeasure(s, clock.now()) || s.cellsUsed + total() > CELL_LIMIT - WALL_MARGIN_CELLS)) s = measure();
      let keptConversations = conversations.records;
      let keptMessages = messages.records;
      let droppedIds = new Set<string>();
      if (s.cellsUsed + total() > CELL_LIMIT) {
        const room = CELL_LIMIT - s.cellsUsed;
        // "Conversas" first: the first new conversations that fit (updates of existing rows grow nothing).
        const conversationRoom = maxFresh(conversations, freshCount(conversations, conversations.records), room, s);
        const admitted = new Set<string>();
        keptConversations = conversations.records.filter((r) => {
          const key = freshKey(conversations, r);
          if (key === null || admitted.has(key)) return true;
          if (admitted.size >= conversationRoom) return false;
          admitted.add(key);
          return true;
        });
        droppedIds = new Set(
          conversations.records.filter((r) => !keptConversations.includes(r)).map((r) => String(r[conversations.key] ?? '').trim()),
        );
        const left = room - Math.max(0, growthOf(conversations, admitted.size, s).cells);
        // Then messages, whole conversations at a time in fetch order, while their new rows fit.
        const candidates = messages.records.filter((m) => !droppedIds.has(String(m.conversation_id ?? '').trim()));
        const freshByConversation = new Map<string, Set<string>>();
        for (const m of candidates) {
          const key = freshKey(messages, m);
          if (key === null) continue;
          const id = String(m.conversation_id ?? '').trim();
          freshByConversation.set(id, (freshByConversation.get(id) ?? new Set<string>()).add(key));
        }
        const messageRoom = maxFresh(messages, freshCount(messages, candidates), left, s);
        const allowed = new Set<string>();
        let used = 0;
        for (const [id, keys] of freshByConversation) {
          if (used + keys.size > messageRoom) break;
          used += keys.size;
          allowed.add(id);
        }
        keptMessages = candidates.filter((m) => freshKey(messages, m) === null || allowed.has(String(m.conversation_id ?? '').trim()));
        leftOutConversations += conversations.records.length - keptConversations.length;
        leftOutMessages += freshCount(messages, messages.records) - freshCount(messages, keptMessages);
      }
      // A written conversation whose new messages did not all fit is owed them (its row now looks up to date); one
      // whose new messages were all written is settled; one left out is owed whole.
      const shortOf = new Set<string>();
      const keptKeys = new Set(keptMessages.map((m) => freshKey(messages, m)));
      for (const m of messages.records) {
        const key = freshKey(messages, m);
        if (key !== null && !keptKeys.has(key)) shortOf.add(String(m.conversation_id ?? '').trim());
      }
      const written = keptConversations.map((r) => String(r[conversations.key] ?? '').trim());
      const owed = new Set(s.owed);
      for (const id of written) {
        if (shortOf.has(id)) owed.add(id);
        else owed.delete(id);
      }
      for (const id of droppedIds) if (id !== '') owed.add(id);
      s.owed = [...owed];
      // Carry the figure forward as the writes will leave the grids.
      const carry = <R>(write: PlannedWrite<R>, kept: readonly R[]) => {
        const g = growthOf(write, freshCount(write, kept), s);
        if (g.cells === 0 || !Number.isFinite(g.cells)) return;
        const grid = s.grids[write.name];
        const next: [number, number] = grid ? [Math.max(grid[0], g.rows), Math.max(grid[1], g.columns)] : [g.rows, g.columns];
        s.cellsUsed += next[0] * next[1] - (grid ? grid[0] * grid[1] : 0);
        s.grids[write.name] = next;
      };
      carry(conversations, keptConversations);
      carry(messages, keptMessages);
      if (!bootstrap) {
        const times = <R extends { created_at: Date | null }>(write: PlannedWrite<R>, kept: readonly R[]) =>
          kept.filter((r) => freshKey(write, r) !== null).map((r) => r.created_at?.getTime() ?? NaN);
        countCreated(s, 'conversations', times(conversations, keptConversations), startedAt);
        countCreated(s, 'messages', times(messages, keptMessages), startedAt);
      }
      if (s.oldestMessage !== null) {
        for (const m of keptMessages) {
          const t = m.created_at?.getTime();
          if (t !== undefined && freshKey(messages, m) !== null && t < s.oldestMessage) s.oldestMessage = t;
        }
      }
      return { conversations: keptConversations, messages: keptMessages, leftOutConversations, leftOutMessages };
    },
    finish({ trigger, timeZone, deleteOldMessages, commitMessageRows }) {
      const nowMs = clock.now();
      let s = state === null || (needsMeasure(state, nowMs) && !measuredNow) ? measure() : state;
      if (bootstrap) rebuildHistory(sheets, s, timeZone, nowMs);
      const notices: string[] = [];
      if (leftOutConversations + leftOutMessages + waiting > 0) notices.push(wallNotice(leftOutConversations + waiting, leftOutMessages));
      let retention = effectiveRetention(settings, chosen, s);
      const before = capacityOf(s, nowMs, retention, timeZone);
      // Each time the sheet is back at 90 % without a user's choice, the (shorter) suggestion of that moment applies.
      const suggested = before.suggestedRetentionDays ?? MIN_RETENTION_DAYS;
      if (!chosen && before.percent >= AUTO_RETENTION_PERCENT && (retention === 0 || suggested < retention)) {
        retention = suggested;
        s.autoRetentionDays = retention;
        notices.push(
          `A planilha chegou a ${AUTO_RETENTION_PERCENT} % do limite de células: a partir de agora "Mensagens" guarda só as mensagens dos últimos ${retention} dias (o Chatvolt continua com todas; as conversas em "Conversas" não mudam). Escolha outro prazo em Configurações.`,
        );
      }
      let deleted = 0;
      const cutoffMs = startedAt - retention * DAY_MS;
      // No row can be older than the cutoff while the oldest one known is not: no read at all (the idle sync's case).
      if (deleteOldMessages && retention > 0 && sheets.deleteRows && (s.oldestMessage === null || s.oldestMessage < cutoffMs)) {
        const result = removeOldMessages(sheets, {
          cutoffMs,
          timeZone,
          maxCalls: RETENTION_CALLS[trigger],
          commitMessageRows,
        });
        deleted = result.deleted;
        s.oldestMessage = result.oldest;
        const grid = s.grids[MESSAGES_SHEET];
        if (deleted > 0 && grid) {
          s.cellsUsed -= deleted * grid[1];
          s.grids[MESSAGES_SHEET] = [grid[0] - deleted, grid[1]];
        }
        if (!result.done) notices.push(`Mensagens com mais de ${retention} dias: ${deleted} removidas; a próxima execução continua.`);
      }
      // The owed ids go to their own keys; past what those hold, the oldest are dropped, counted and named below.
      const owed = packOwed(s.owed);
      s = { ...s, cellsUsed: Math.max(0, s.cellsUsed), owed: owed.kept, owedDropped: s.owedDropped + owed.dropped };
      if (s.owedDropped > 0) notices.push(droppedNotice(s.owedDropped));
      // Said until the owed list is worked off; then once more (above), and forgotten.
      if (s.owed.length === 0) s.owedDropped = 0;
      const capacity = capacityOf(s, nowMs, retention, timeZone);
      const notice = capacityNotice(capacity, nowMs, retention);
      if (notice !== '') notices.unshift(notice);
      const stateJson = serializeCapacityState(s);
      const stored: Record<string, string> = { [CAPACITY_STATE_KEY]: stateJson };
      // Only the keys whose value changed are written (an idle run writes none of them).
      for (const key of OWED_STATE_KEYS) if ((owed.values[key] ?? '') !== (storedOwed[key] ?? '')) stored[key] = owed.values[key] ?? '';
      return { capacity, notice: notices.join(' '), deleted, stateJson, stored };
    },
  };
}

/** The sentence saying that `count` owed conversations (whole, or their new messages) will not be restored, and how to get them. */
function droppedNotice(count: number): string {
  const whose = count === 1 ? '1 conversa deixada' : `${count} conversas deixadas`;
  return `${whose} de fora no limite de células há mais tempo (inteiras ou só as mensagens novas) não ${count === 1 ? 'será restaurada' : 'serão restauradas'} automaticamente: a lista de pendências chegou ao máximo que a planilha guarda (o Chatvolt continua com tudo). Com espaço livre na planilha, apagar a aba "Mensagens" traz de novo todas as mensagens, e apagar "Conversas" importa de novo todas as conversas.`;
}

/** The sentence saying what the wall left out, and that it waits for room. */
function wallNotice(conversations: number, messages: number): string {
  const parts: string[] = [];
  if (conversations > 0) parts.push(`${conversations} ${conversations === 1 ? 'conversa nova' : 'conversas novas'}`);
  if (messages > 0) parts.push(`${messages} ${messages === 1 ? 'linha' : 'linhas'} de "Mensagens"`);
  return `A planilha atingiu o limite de 10 milhões de células do Google Planilhas: ${parts.join(' e ')} ficaram de fora desta vez (nada foi perdido no Chatvolt). Elas entram quando houver espaço: apague abas que não usa ou reduza os dias de mensagens mantidos em Configurações.`;
}

/** Rows created per day, rebuilt once from the sheets' `created_at` columns (first run, or the state was lost). */
function rebuildHistory(sheets: SpreadsheetPort, state: CapacityState, timeZone: string, nowMs: number): void {
  const zone = zoneClock(timeZone);
  state.days = [];
  for (const [name, kind] of [
    [CONVERSATIONS_SHEET, 'conversations'],
    [MESSAGES_SHEET, 'messages'],
  ] as const) {
    const cells = openKeyedSheet(sheets, name, 'created_at', []).column('created_at');
    const times = cells.map((cell) => parseDateCell(cell, zone)?.getTime() ?? NaN);
    countCreated(state, kind, times, nowMs);
  }
}
