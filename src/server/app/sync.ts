// The sync use case: Chatvolt conversations and messages → "Conversas"/"Mensagens", resumable, crash-safe, under the lock.
import type { SyncReport } from '../../shared/dto';
import { hasAllRelations, mergeRelations, type ChatvoltConversation, type ChatvoltMessage } from '../domain/chatvolt';
import { CONVERSATIONS_SHEET, MESSAGES_SHEET, type ConversationRecord, type MessageRecord } from '../domain/columns';
import { buildConversationRecord, buildMessageRecords, parseSatisfaction } from '../domain/conversation-row';
import { parseDateCell, parseNumberCell } from '../domain/metrics/conversation-table';
import { DAY_MS, zoneClock } from '../domain/metrics/time-zone';
import { parseApiTime } from '../domain/sender';
import { parsePolicyMemory, runDeadline, runNote } from '../domain/request-policy';
import { SETTINGS_KEYS, settingsFromStored, type Settings } from '../domain/settings';
import {
  advanceCursor,
  BINS_PER_WINDOW,
  MIN_SUSPICIOUS_CAP,
  mergeBins,
  nextWindows,
  parseCursor,
  plannedWindowMs,
  planRun,
  recutWindows,
  type ListedWindow,
  type SyncCursor,
} from '../domain/sync-plan';
import { findColumn, sameInstant } from '../domain/table-merge';
import { ChatvoltError, createChatvoltClient, type ListedConversation } from './chatvolt-client';
import type { CachePort, CellValue, Clock, HttpPort, KeyValueStore, LockPort, SpreadsheetPort } from './ports';
import { HEAL_STATE_KEY, healFinished, healTextMarks } from './sync-heal';
import { patchSnapshotAfterSync, snapshotWriteMarks } from './snapshot-sync';
import { SYNC_STATE_KEYS } from './sync-state';
import { CAPACITY_STATE_KEY, currentCapacity, openCapacityRun, type CapacityRun } from './capacity';
import { withinRetention } from './message-retention';
import { serviceDepthAfterWrite, SERVICE_DEPTH_KEYS } from './service-depth';
import { businessCalendar, type BusinessCalendar } from '../domain/business-hours';
import { BUSINESS_RECOMPUTE_KEY, recomputePending } from './business-recompute';
import { BACKFILL_KEY, backfillPending } from './service-depth-backfill';
import { loadRowsFor, openKeyedSheet, type KeyedSheet } from './sync-sheets';
import { OWED_STATE_KEYS } from '../domain/owed-conversations';
import { fetchOwed, owedNote } from './owed-refetch';
import { writeUnderWall } from './wall-write';
import { openIndexedSheet } from './key-index';
import { EDIT_LOG_KEY, foldEditsLocked, readEditLog } from './edit-log';

/** Who started the run: the menu/sidebar button, the time-driven trigger, or the sidebar's auto-refresh. */
export type SyncTrigger = 'manual' | 'scheduled' | 'refresh';

/** The services a sync uses (adapters in production, in-memory fakes in unit tests). */
export interface SyncServices {
  http: HttpPort;
  clock: Clock;
  sheets: SpreadsheetPort;
  userStore: KeyValueStore;
  documentStore: KeyValueStore;
  lock: LockPort;
  /** Where the metrics snapshot lives (snapshot-store.ts): patched with the rows a run writes. Absent = not kept. */
  cache?: CachePort;
  /** Retry jitter in [0, 1), default Math.random. */
  random?: () => number;
}

export interface SyncOptions {
  trigger: SyncTrigger;
  /** Run time after which no new batch of requests starts; default SYNC_BUDGET_MS[trigger]. */
  budgetMs?: number;
}

/** What a run did: its report, and whether it ran at all (false when the lock was busy). */
export interface SyncOutcome {
  report: SyncReport;
  ran: boolean;
  /** The settings the run read (absent when it did not run): the post-sync steps reuse them instead of reading again. */
  settings?: Settings;
}

/**
 * Time budgets. Executions end at 6 min; a run stops starting new request batches after 4 min, leaving time
 * for the sheet writes (a few seconds even for thousands of rows) and the cursor. The sidebar's refresh
 * must answer quickly: it takes what fits in 15 s and lets the next refresh or trigger go on.
 */
export const SYNC_BUDGET_MS: Readonly<Record<SyncTrigger, number>> = { manual: 240000, scheduled: 240000, refresh: 15000 };

/**
 * Conversations whose details and messages are fetched between two budget checks (about 0.3 s of requests
 * each): small for the sidebar's refresh so that it overshoots its budget by little.
 */
export const CONVERSATION_BATCH: Readonly<Record<SyncTrigger, number>> = { manual: 50, scheduled: 50, refresh: 10 };
/** Windows listed per round (one or two fetchAll calls). */
export const WINDOWS_PER_ROUND = 20;

/**
 * "Mensagens" holding less than this share of the rows the last run left there was cleared (or its rows deleted)
 * by hand: the next pass fetches every history again. Rows only grow between runs otherwise.
 */
export const MESSAGE_LOSS_SHARE = 0.5;

export const NO_API_KEY_MESSAGE = 'Configure a chave de API em Configurações.';
export const BUSY_MESSAGE = 'Outra sincronização está em andamento; esta execução não fez nada e a próxima continuará.';

function report(startedAt: number, finishedAt: number, fields: Omit<SyncReport, 'durationMs' | 'startedAt' | 'finishedAt'>): SyncReport {
  return {
    ...fields,
    durationMs: Math.max(0, finishedAt - startedAt),
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
  };
}

function failure(startedAt: number, finishedAt: number, message: string, capacity: SyncReport['capacity'], apiCalls = 0, listed = 0): SyncReport {
  return report(startedAt, finishedAt, {
    capacity,
    ok: false,
    complete: false,
    conversationsListed: listed,
    conversationsWritten: 0,
    messagesFetched: 0,
    apiCalls,
    message,
  });
}

/**
 * Runs one sync under the document lock. A busy lock returns at once (`ran: false`, `ok: true`,
 * `complete: false`, nothing stored: the run holding the lock stores its own report). Otherwise the report
 * is stored in Document Properties; Chatvolt failures give `ok: false` with nothing written and the cursor
 * where it was. Other errors (a bug, a Sheets failure) propagate after the lock is released.
 */
export function runSync(services: SyncServices, options: SyncOptions): SyncOutcome {
  const startedAt = services.clock.now();
  if (!services.lock.tryLock(0)) {
    const stored = services.documentStore.getMany([CAPACITY_STATE_KEY, SETTINGS_KEYS.document]);
    const settings = settingsFromStored(null, stored[SETTINGS_KEYS.document] ?? null);
    const capacity = currentCapacity(services, {
      state: stored[CAPACITY_STATE_KEY] ?? null,
      settings: stored[SETTINGS_KEYS.document] ?? null,
      retentionDays: settings.messageRetentionDays,
    });
    return {
      ran: false,
      report: report(startedAt, services.clock.now(), {
        ok: true,
        complete: false,
        conversationsListed: 0,
        conversationsWritten: 0,
        messagesFetched: 0,
        apiCalls: 0,
        message: BUSY_MESSAGE,
        capacity,
      }),
    };
  }
  try {
    const seen: { settings?: Settings } = {};
    const done = syncLocked(services, options, startedAt, seen);
    return { ran: true, report: done, ...(seen.settings ? { settings: seen.settings } : {}) };
  } finally {
    services.lock.release();
  }
}

/** A conversation ready to be written: the API object (relations completed) and its full history. */
interface Fetched {
  conversation: ChatvoltConversation;
  messages: ChatvoltMessage[];
  /** False when only the messages are written again (a refetch pass over an unchanged conversation). */
  row: boolean;
}

function syncLocked(services: SyncServices, options: SyncOptions, startedAt: number, seen: { settings?: Settings }): SyncReport {
  const { clock, sheets, documentStore } = services;
  // One getProperties() (getAll): the keys below, and the edit log's loose entries, known only by their prefix.
  const everything = documentStore.getAll();
  const stored = Object.fromEntries([
    SETTINGS_KEYS.document,
    SYNC_STATE_KEYS.cursor,
    SYNC_STATE_KEYS.dataVersion,
    SYNC_STATE_KEYS.requestPolicy,
    HEAL_STATE_KEY,
    CAPACITY_STATE_KEY,
    EDIT_LOG_KEY,
    ...OWED_STATE_KEYS,
    ...SERVICE_DEPTH_KEYS,
  ].map((key) => [key, everything[key] ?? null])) as Record<string, string | null>;
  // The run holds the document lock: it folds people's loose edit entries into the main edit log (edit-log.ts) —
  // except the sidebar's quick sync, which must answer fast (a fold deletes each entry with a call of its own).
  const edits = options.trigger === 'refresh' ? readEditLog(everything) : foldEditsLocked(documentStore, everything);
  const settings = settingsFromStored(services.userStore.get(SETTINGS_KEYS.apiKey), stored[SETTINGS_KEYS.document] ?? null);
  seen.settings = settings;
  const storedCapacity = { state: stored[CAPACITY_STATE_KEY] ?? null, settings: stored[SETTINGS_KEYS.document] ?? null, owed: stored };
  const capacityNow = () => currentCapacity(services, { ...storedCapacity, retentionDays: settings.messageRetentionDays });
  const save = (result: SyncReport, extra: Record<string, string> = {}): SyncReport => {
    documentStore.setMany({ ...extra, [SYNC_STATE_KEYS.lastReport]: JSON.stringify(result) });
    return result;
  };
  if (settings.apiKey === null) return save(failure(startedAt, clock.now(), NO_API_KEY_MESSAGE, capacityNow()));
  const healDoneAtStart = healFinished(stored[HEAL_STATE_KEY] ?? null);
  // Every step that may write rows of "Conversas" is preceded by a snapshot mark (snapshot-sync.ts).
  const marks = snapshotWriteMarks(documentStore);
  if (!healDoneAtStart) marks.before(String(Number(stored[SYNC_STATE_KEYS.dataVersion]) || 0));
  const healed = healTextMarks(services, stored[HEAL_STATE_KEY] ?? null, startedAt + (options.budgetMs ?? SYNC_BUDGET_MS[options.trigger]) / 2);
  const capacity = openCapacityRun(services, settings, storedCapacity);

  const timeZone = sheets.timeZone();
  const calendar = businessCalendar(settings.businessHours, settings.holidays, timeZone);
  // "Conversas" is read (key columns of every row) only when a listed stretch is not known unchanged by its hash.
  let opened: KeyedSheet | null = null;
  // Only the key column: `updated_at` (and `satisfaction_score`) are read for the rows of listed conversations
  // (`readCells`), not for every row — at 200,000 rows a column costs seconds.
  // With a cache, the rows of listed conversations come from the key index (key-index.ts), not the key column.
  const conversasSheet = (): KeyedSheet =>
    (opened ??= services.cache
      ? openIndexedSheet({ sheets, cache: services.cache }, edits, startedAt)
      : openKeyedSheet(sheets, CONVERSATIONS_SHEET, 'conversation_id', []));
  const conversationRowsAtStart = sheets.size
    ? Math.max(0, (sheets.size(CONVERSATIONS_SHEET)?.lastRow ?? 0) - 1)
    : conversasSheet().view.rows.size;
  let previous = parseCursor(stored[SYNC_STATE_KEYS.cursor] ?? null);
  const conversationsLost = previous !== null && previous.listedUntil !== null && conversationRowsAtStart === 0;
  if (previous !== null && conversationsLost) {
    // "Conversas" was emptied or deleted after a completed import: import the whole range again.
    previous = { ...previous, listedUntil: null, reconciledAt: null, pass: null };
  }
  // One size lookup (no cell read) tells whether "Mensagens" was cleared while "Conversas" stayed.
  const messageRowsAtStart = sheets.size ? Math.max(0, (sheets.size(MESSAGES_SHEET)?.lastRow ?? 0) - 1) : null;
  const messagesLost =
    previous !== null &&
    previous.listedUntil !== null &&
    previous.pass === null &&
    conversationRowsAtStart > 0 &&
    messageRowsAtStart !== null &&
    (previous.messageRows === undefined ? messageRowsAtStart === 0 : messageRowsAtStart < previous.messageRows * MESSAGE_LOSS_SHARE);
  if (previous !== null && messagesLost) previous = { ...previous, listedUntil: null, reconciledAt: null, pass: null };
  const cursor: SyncCursor = planRun(previous, {
    now: startedAt,
    timeZone,
    syncStart: settings.syncStart,
    reconcileDays: settings.reconcileDays,
    agentIds: settings.agentIds,
    forceReconcile: options.trigger === 'manual',
  });
  // The refetch pass lists the whole range again (resumable like an import) and fetches every history.
  if (messagesLost && cursor.pass !== null) cursor.pass = { ...cursor.pass, refetch: true };
  // A crash after the first writes of such a pass would leave sheets no longer looking emptied: the new pass
  // is stored before anything is written, so the next run resumes it instead of listing only the last days.
  if (conversationsLost || messagesLost) documentStore.setMany({ [SYNC_STATE_KEYS.cursor]: JSON.stringify(cursor) });
  const pass = cursor.pass ?? { from: startedAt, to: startedAt, doneUntil: startedAt, full: false };
  const budget = options.budgetMs ?? SYNC_BUDGET_MS[options.trigger];
  const client = createChatvoltClient({
    http: services.http,
    clock,
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    capGuess: cursor.capGuess,
    // Requests stop at the run's deadline whatever the API does (request-policy.ts), so no run is killed.
    deadline: runDeadline(startedAt, budget),
    policyMemory: parsePolicyMemory(stored[SYNC_STATE_KEYS.requestPolicy]),
    ...(services.random ? { random: services.random } : {}),
  });
  const policyState = () => ({ [SYNC_STATE_KEYS.requestPolicy]: JSON.stringify(client.policyMemory()) });
  const overBudget = () => clock.now() - startedAt >= budget;
  const batchSize = CONVERSATION_BATCH[options.trigger];

  const zone = zoneClock(timeZone);
  /** New, or its `updatedAt` is not the one in the sheet (a change bumps it by as little as 1 ms). */
  const isChanged = (c: ChatvoltConversation): boolean => {
    const conversas = conversasSheet();
    const row = conversas.view.rows.get(c.id);
    if (row === undefined) return true;
    // Written at the wall without all its new messages: its row looks up to date, so room alone brings them in.
    if (capacity.owesMessages(c.id)) return true;
    const api = parseApiTime(c.updatedAt);
    if (api === null) return false;
    const inSheet = parseDateCell(conversas.cellAt('updated_at', row), zone);
    if (inSheet === null || !sameInstant(inSheet.getTime(), api)) return true;
    return satisfactionChanged(c, row);
  };
  // Setting a conversation variable does not bump updatedAt: full re-lists also compare the satisfaction a
  // list item's variables give with the sheet's (one more column's cells, at most every RECONCILE_INTERVAL_MS).
  const csatNames = new Set(settings.csatVariables.map((name) => name.trim().toLowerCase()));
  const satisfactionChanged = (c: ChatvoltConversation, row: number): boolean => {
    if (!pass.full || c.variables === null) return false;
    const variable = c.variables.find((v) => csatNames.has(v.name.trim().toLowerCase()) && parseSatisfaction(v.value) !== null);
    if (!variable) return false;
    const inSheet = parseNumberCell(conversasSheet().cellAt('satisfaction_score', row));
    return inSheet === null || Math.abs(inSheet - (parseSatisfaction(variable.value) ?? 0)) > 1e-9;
  };

  const listed = new Set<string>();
  const fetched: Fetched[] = [];
  const missing: string[] = [];
  let messagesFetched = 0;
  let doneUntil = pass.doneUntil;
  let density = cursor.density;
  // Bins a third of an uncapped answer long, cut between listed conversations, so the next re-list packs them exactly.
  const grain = () => Math.floor((Math.max(MIN_SUSPICIOUS_CAP, client.capGuess()) - 1) / BINS_PER_WINDOW);
  const hashSeed = settings.csatVariables.join(',');
  const fingerprint = (c: ChatvoltConversation) => `${c.id}\t${c.updatedAt ?? ''}\t${JSON.stringify(c.variables)}`;
  const binKey = (b: ListedWindow) => `${b.start}:${b.count}:${b.hash ?? ''}`;
  // Hashes of bins a run compared with the sheet; worth trusting only while no row was added or deleted by hand.
  const knownBins = new Set<string>();
  if (pass.refetch !== true && previous?.conversationRows === conversationRowsAtStart) {
    for (const [start, count, hash] of cursor.bins?.edges ?? []) if (hash !== undefined) knownBins.add(`${start}:${count}:${hash}`);
  }
  /** Bins listed by this run, and whether their conversations were verified (hash known or compared in full). */
  const listedBins: Array<{ bin: ListedWindow; verified: boolean }> = [];

  const fetchBatch = (batch: readonly ListedConversation[], changedIds: ReadonlySet<string>) => {
    const needDetails = batch.filter((b) => !hasAllRelations(b.conversation)).map((b) => b.conversation.id);
    const details = needDetails.length > 0 ? client.details(needDetails) : new Map<string, ChatvoltConversation | null>();
    const present = batch.filter((b) => details.get(b.conversation.id) !== null);
    const histories = client.messages(present.map((b) => b.conversation.id));
    for (const { conversation } of batch) {
      const detail = details.get(conversation.id);
      const history = histories.get(conversation.id);
      if (detail === null || history === null || history === undefined) {
        missing.push(conversation.id);
        continue;
      }
      messagesFetched += history.length;
      fetched.push({
        conversation: detail ? mergeRelations(conversation, detail) : conversation,
        messages: history,
        row: changedIds.has(conversation.id),
      });
    }
  };

  // The first conversation of the batch in flight: where a stop inside it resumes. Null while listing.
  let batchFrom: number | null = null;
  let stop: ChatvoltError | null = null;
  let owedWaiting = 0;
  try {
    listing: while (doneUntil < pass.to) {
      if (overBudget()) break;
      const windowMs = plannedWindowMs(density, client.capGuess());
      const windows = nextWindows(doneUntil, pass.to, windowMs, WINDOWS_PER_ROUND, {
        bins: cursor.bins,
        capGuess: client.capGuess(),
        perWindow: density > 0 ? (density * windowMs) / DAY_MS : Infinity,
      });
      const roundEnd = windows[windows.length - 1]?.[1] ?? pass.to;
      const answer = client.list(windows, settings.agentIds);
      const roundBins = recutWindows(
        answer.windows,
        answer.conversations.map((item) => ({ time: item.time, fingerprint: fingerprint(item.conversation) })),
        grain(),
        hashSeed,
      );
      // Every conversation of the round lies in a bin listed exactly so by a run that compared it: nothing changed.
      const known = roundBins.length > 0 && roundBins.every((b) => b.hash !== undefined && knownBins.has(binKey(b)));
      for (const bin of roundBins) listedBins.push({ bin, verified: known || pass.full });
      const items = answer.conversations.filter((item) => !listed.has(item.conversation.id));
      for (const item of items) listed.add(item.conversation.id);
      const spanDays = (roundEnd - doneUntil) / DAY_MS;
      if (items.length > 0 && spanDays >= 0.25) density = items.length / spanDays;
      if (!known) {
        conversasSheet().readKeyed(
          items.map((item) => item.conversation.id),
          pass.full ? ['updated_at', 'satisfaction_score'] : ['updated_at'],
        );
      }
      const changedIds = new Set(known ? [] : items.filter((item) => isChanged(item.conversation)).map((item) => item.conversation.id));
      let changed = pass.refetch === true ? items : items.filter((item) => changedIds.has(item.conversation.id));
      // At the wall, a conversation new to "Conversas" is not fetched until there is room (it is listed again then).
      if (!capacity.admitsNewConversations()) {
        changed = capacity.admitted(changed, (item) => conversasSheet().view.rows.has(item.conversation.id), (item) => item.conversation.id);
      }
      for (let i = 0; i < changed.length; ) {
        const next = changed[i] as ListedConversation;
        // A slow API shrinks the batch to what its measured latency lets end before the deadline.
        const size = Math.min(batchSize, client.conversationsThatFit());
        if ((i > 0 && overBudget()) || size <= 0) {
          // Everything created before the first unfetched conversation is done; equal times are re-listed (idempotent).
          doneUntil = Math.max(doneUntil, next.time);
          break listing;
        }
        batchFrom = next.time;
        fetchBatch(changed.slice(i, i + size), changedIds);
        i += size;
      }
      batchFrom = null;
      doneUntil = roundEnd;
    }
    // Conversations owed at the wall (messages left out, or left out whole) are fetched by id once there is room, as
    // the listing may no longer reach them.
    if (doneUntil >= pass.to && options.trigger !== 'refresh' && !overBudget()) {
      const exclude = new Set(fetched.map((f) => f.conversation.id).concat(missing));
      // Counted as waiting until the pass returns: a Chatvolt stop inside it leaves the run incomplete.
      owedWaiting = 1;
      owedWaiting = fetchOwed(client, capacity, {
        exclude,
        batchSize,
        agentIds: settings.agentIds,
        overBudget,
        take: (conversation, messages) => {
          messagesFetched += messages.length;
          fetched.push({ conversation, messages, row: true });
        },
        gone: (id) => missing.push(id),
      });
    }
  } catch (error) {
    if (!(error instanceof ChatvoltError)) throw error;
    if (batchFrom !== null) doneUntil = Math.max(doneUntil, batchFrom);
    // A rejected key writes nothing; any other stop keeps the batches already fetched (progress survives a flaky or
    // slow API) unless there are none, which is a plain failure: nothing written, cursor where it was.
    if (error.code === 'auth' || (error.code !== 'deadline' && fetched.length === 0)) {
      return save(failure(startedAt, clock.now(), error.message, capacityNow(), client.apiCalls(), listed.size), policyState());
    }
    stop = error;
  }

  // The heal bumps the data version as it rewrites cells: read it again after a heal run.
  const dataVersion = String(
    Number(healDoneAtStart ? stored[SYNC_STATE_KEYS.dataVersion] : documentStore.get(SYNC_STATE_KEYS.dataVersion)) || 0,
  );
  const depthPasses = options.trigger !== 'refresh';
  const depthPending = recomputePending(calendar, stored[BUSINESS_RECOMPUTE_KEY]) || backfillPending(stored[BACKFILL_KEY]);
  if (fetched.length > 0 || (depthPasses && depthPending)) {
    marks.before(dataVersion);
  }
  const { written, messagesChanged, messagesInserted, conversationsInserted, conversationRows } =
    fetched.length === 0
      ? { written: 0, messagesChanged: 0, messagesInserted: 0, conversationsInserted: 0, conversationRows: null }
      : writeFetched(sheets, conversasSheet(), fetched, settings.csatVariables, new Date(startedAt), capacity, calendar);
  const depth = serviceDepthAfterWrite(
    sheets,
    clock,
    calendar,
    stored,
    fetched.map((f) => f.conversation),
    startedAt + budget,
    conversationRowsAtStart,
    depthPasses,
  );
  // The snapshot is patched with the rows this run wrote. A business-hours recompute or the backfill rewrote other rows as well: the
  // snapshot is then left a data version behind, so the next refresh rebuilds it from the sheet.
  if (written + messagesChanged > 0 && depth.changed === 0 && services.cache) {
    patchSnapshotAfterSync({ sheet: sheets, cache: services.cache }, {
      dataVersion,
      lastRowAtStart: conversationRowsAtStart + 1,
      timeZone,
      nowMs: clock.now(),
      written: conversationRows,
      insertedRows: conversationsInserted,
    });
  }

  // A hash is kept only where the sheet now matches the listing: not past a budget stop, not when a 404 skipped
  // a conversation, and not from a hot pass that compared updatedAt only (satisfaction waits for a full pass).
  const runBins = listedBins.map(({ bin, verified }) => {
    if (verified && missing.length === 0 && !capacity.leftConversationsOut() && bin.end <= doneUntil) return bin;
    const unverified: ListedWindow = { ...bin };
    delete unverified.hash;
    return unverified;
  });
  const bins = settings.agentIds.length > 0 ? null : mergeBins(cursor.bins, runBins, startedAt - settings.reconcileDays * DAY_MS);
  const next: SyncCursor = advanceCursor(cursor, doneUntil, { capGuess: client.capGuess(), density, bins });
  if (messageRowsAtStart !== null) next.messageRows = messageRowsAtStart + messagesInserted;
  next.conversationRows = conversationRowsAtStart + conversationsInserted;
  const complete = next.pass === null && depth.complete && owedWaiting === 0;
  // Measure (hourly), the 90 % rule and the retention pass; the cursor's message rows drop before any row goes.
  const capacityEnd = capacity.finish({
    trigger: options.trigger,
    timeZone,
    // The heal resumes from a row number: rows deleted before it ends would shift under it.
    deleteOldMessages: healed,
    commitMessageRows: (deleting) => {
      if (next.messageRows !== undefined) next.messageRows = Math.max(0, next.messageRows - deleting);
      documentStore.setMany({ [SYNC_STATE_KEYS.cursor]: JSON.stringify(next) });
    },
  });
  const result = report(startedAt, clock.now(), {
    ok: true,
    complete,
    conversationsListed: listed.size,
    conversationsWritten: written,
    messagesFetched,
    apiCalls: client.apiCalls(),
    message: [
      summary(complete, written, messagesFetched, missing, stop !== null && stop.code !== 'deadline') + depth.message,
      runNote(complete, stop, client.slowRoundMs()),
      owedNote(owedWaiting),
      capacityEnd.notice,
    ]
      .filter(Boolean)
      .join(' '),
    capacity: capacityEnd.capacity,
  });
  const extra: Record<string, string> = {
    [SYNC_STATE_KEYS.cursor]: JSON.stringify(next),
    ...policyState(),
    ...capacityEnd.stored,
    ...depth.state,
  };
  if (written + messagesChanged + depth.changed > 0 || marks.marked()) extra[SYNC_STATE_KEYS.dataVersion] = String(Number(dataVersion) + 1);
  return save(result, extra);
}

/**
 * Upserts the fetched conversations and their messages: "Mensagens" first, "Conversas" second (the cursor
 * is saved after both). After a crash anywhere, a conversation row still holds its old updated_at, so the
 * next run fetches it again and re-applies the same idempotent upserts.
 */
function writeFetched(
  sheets: SpreadsheetPort,
  conversas: KeyedSheet,
  fetched: readonly Fetched[],
  csatVariables: readonly string[],
  syncedAt: Date,
  capacity: CapacityRun,
  calendar: BusinessCalendar,
): {
  written: number;
  messagesChanged: number;
  messagesInserted: number;
  conversationsInserted: number;
  conversationRows: { header: string[]; rows: Map<number, CellValue[]> };
} {
  // Rows of existing conversations are read first: their satisfaction_score cell is kept when no variable gives one.
  loadRowsFor(
    sheets,
    conversas,
    fetched.filter((f) => f.row).map((f) => f.conversation.id),
  );
  const satisfactionColumn = findColumn(conversas.view.header, 'satisfaction_score');
  const conversationRecords: ConversationRecord[] = [];
  const messageRecords: MessageRecord[] = [];
  const keepMessage = withinRetention(capacity.messageCutoff);
  for (const { conversation, messages, row: writeRow } of fetched) {
    for (const record of buildMessageRecords(conversation, messages)) if (keepMessage(record)) messageRecords.push(record);
    if (!writeRow) continue;
    const row = conversas.view.rows.get(conversation.id);
    const cells = row === undefined ? undefined : conversas.loaded.get(row);
    const existing = satisfactionColumn < 0 ? '' : (cells?.[satisfactionColumn] ?? '');
    conversationRecords.push(
      buildConversationRecord(conversation, messages, { csatVariables, syncedAt, existingSatisfaction: parseNumberCell(existing), calendar }),
    );
  }

  // Under the 10M-cell wall: "Conversas" first, then whole conversations' new messages while they fit (wall-write.ts).
  const { plan, conversationsInserted, messagesChanged, messagesInserted } = writeUnderWall(sheets, capacity, conversas, conversationRecords, messageRecords);
  return {
    written: plan.inserted.length + plan.updated.length,
    messagesChanged,
    messagesInserted,
    conversationsInserted,
    conversationRows: { header: plan.header, rows: plan.rows },
  };
}

/** The report's Portuguese message. */
function summary(complete: boolean, written: number, messages: number, missing: readonly string[], apiFault = false): string {
  const counts = `${written} ${written === 1 ? 'conversa gravada' : 'conversas gravadas'}, ${messages} ${messages === 1 ? 'mensagem lida' : 'mensagens lidas'}`;
  const head = complete
    ? `Sincronização concluída: ${counts}.`
    : `Sincronização parcial (${apiFault ? 'falha do Chatvolt' : 'limite de tempo'}): ${counts}; a próxima execução continua de onde parou.`;
  if (missing.length === 0) return head;
  const shown = missing.slice(0, 10).join(', ');
  const more = missing.length > 10 ? ` e mais ${missing.length - 10}` : '';
  return `${head} Não encontradas no Chatvolt (404), linhas mantidas como estavam: ${shown}${more}.`;
}
