// The spreadsheet's capacity against Sheets' 10,000,000-cell wall: grid sizes, growth rate, projected full date, retention N.
import type { Capacity } from '../../shared/dto';
import { DAY_MS, isoDate } from './metrics/time-zone';

/** ⚑ Cells a spreadsheet may hold, all tabs together, empty grid cells included. */
export const CELL_LIMIT = 10_000_000;
/** From this share on, the sync's message says how full the sheet is and the settings propose a retention. */
export const WARN_PERCENT = 70;
/** Thresholds that raise an alert (once each, through the alert rules). */
export const ALERT_PERCENTS: readonly number[] = [80, 90];
/** At this share, a retention the user never chose is applied automatically. */
export const AUTO_RETENTION_PERCENT = 90;
/** The suggested retention keeps the sheet under this share for `SUGGESTION_HORIZON_DAYS`. */
export const SUGGESTION_TARGET_PERCENT = 80;
export const SUGGESTION_HORIZON_DAYS = 365;
/** `messageRetentionDays` bounds (contract.md): 0 = keep all, else 7–3,650. */
export const MIN_RETENTION_DAYS = 7;
export const MAX_RETENTION_DAYS = 3650;
/** The growth rate is the rows created over this many days, per day. */
export const RATE_WINDOW_DAYS = 30;
/**
 * A full measure (every tab's grid) is taken at most this often; in between, the stored figure plus what each
 * run's writes add stands in (contract.md), so an idle sync pays nothing for it.
 */
export const MEASURE_INTERVAL_MS = 3_600_000;
/** A new tab's grid (Sheets creates 1000 rows × 26 columns). */
export const NEW_SHEET_CELLS = 1000 * 26;

/**
 * Whether an error message is Sheets refusing to grow the workbook past its cell limit. The English text is "This action
 * would increase the number of cells in the workbook above the limit of 10000000 cells."; Apps Script may translate it
 * into the user's language and may write the number with separators, so the stable part matched is the limit's digits
 * (`10000000`, `10,000,000`, `10.000.000`, `10 000 000`), or, should a future text drop them, "cells" and "limit" in
 * one English sentence. A false match costs one measure and one retry of idempotent writes, never data.
 * @example isCellLimitMessage('Esta ação aumentaria o número de células na pasta de trabalho acima do limite de 10.000.000 células.') // true
 */
export function isCellLimitMessage(message: string): boolean {
  return /(^|\D)10[.,\s\u00a0\u202f]?000[.,\s\u00a0\u202f]?000(\D|$)/.test(message) || /\bcells\b[^.]*\blimit\b|\blimit\b[^.]*\bcells\b/i.test(message);
}

/** One tab's grid: max rows × max columns, whatever holds content. */
export interface SheetGrid {
  name: string;
  rows: number;
  columns: number;
}

/**
 * What the add-on remembers between runs (Document Properties, a few hundred characters; well under 9 KB):
 * the last full measure carried forward by each run's writes, and rows created per day for the growth rate.
 */
export interface CapacityState {
  /** When every tab was last measured (ms). */
  measuredAt: number;
  /** Grid cells of every tab: the measure plus what runs added since. */
  cellsUsed: number;
  /** Grids of the add-on's "Conversas" and "Mensagens" (name → [rows, columns]), carried forward like cellsUsed. */
  grids: Record<string, [number, number]>;
  /** Rows created per UTC day (day number since 1970) in "Conversas" and "Mensagens", the last RATE_WINDOW_DAYS + 1. */
  days: Array<[day: number, conversations: number, messages: number]>;
  /** Retention applied by the 90 % rule (0 = none); a user's own choice in the settings always wins. */
  autoRetentionDays: number;
  /**
   * The oldest `created_at` (ms) of the add-on's rows in "Mensagens" after the last complete retention pass, lowered
   * by every message written since; null when unknown. While it is not older than the cutoff, no pass is needed.
   */
  oldestMessage: number | null;
  /**
   * Conversations owed to the sheet at the wall, oldest first: written while some of their new messages were left out
   * (their row looks up to date), or left out whole for want of room. The sync fetches them by id once there is room,
   * whatever their age. Stored apart from the rest of the state (owed-conversations.ts: up to 64 KB over several
   * keys), never in the serialized state.
   */
  owed: string[];
  /** Owed conversations dropped because their list outgrew its keys (they are not restored), 0 when none. */
  owedDropped: number;
}

/** Total grid cells of the tabs. */
export function cellsOf(grids: readonly SheetGrid[]): number {
  return grids.reduce((sum, g) => sum + g.rows * g.columns, 0);
}

/**
 * Cells a write needs to grow a tab from its grid to `rows` × `columns` at least. A tab that does not exist yet
 * (null) is created at 1000 × 26 and cut to its content at once: it needs room for the larger of the two.
 */
export function growthTo(grid: readonly [number, number] | null, rows: number, columns: number): number {
  if (grid === null) return Math.max(NEW_SHEET_CELLS, rows * columns);
  const [maxRows, maxColumns] = grid;
  return Math.max(maxRows, rows) * Math.max(maxColumns, columns) - maxRows * maxColumns;
}

/** A fresh state from a full measure, keeping the history and the automatic retention of `previous`. */
export function measuredState(previous: CapacityState | null, grids: readonly SheetGrid[], nowMs: number): CapacityState {
  const byName: Record<string, [number, number]> = {};
  for (const g of grids) byName[g.name] = [g.rows, g.columns];
  return {
    measuredAt: nowMs,
    cellsUsed: cellsOf(grids),
    grids: byName,
    days: previous?.days ?? [],
    autoRetentionDays: previous?.autoRetentionDays ?? 0,
    oldestMessage: previous?.oldestMessage ?? null,
    owed: previous?.owed ?? [],
    owedDropped: previous?.owedDropped ?? 0,
  };
}

/** Whether the stored figure is too old to stand in for a measure. */
export function needsMeasure(state: CapacityState | null, nowMs: number): boolean {
  return state === null || nowMs - state.measuredAt >= MEASURE_INTERVAL_MS || nowMs < state.measuredAt;
}

/**
 * Adds rows created at `times` (ms) to the per-day history of one sheet, dropping days older than the rate window.
 * @example countCreated(state, 'messages', [Date.UTC(2026, 0, 1)], Date.UTC(2026, 0, 2))
 */
export function countCreated(state: CapacityState, sheet: 'conversations' | 'messages', times: readonly number[], nowMs: number): void {
  const today = Math.floor(nowMs / DAY_MS);
  const first = today - RATE_WINDOW_DAYS;
  const byDay = new Map(state.days.map((d) => [d[0], d] as const));
  for (const t of times) {
    const day = Math.floor(t / DAY_MS);
    if (!Number.isFinite(day) || day < first || day > today) continue;
    let entry = byDay.get(day);
    if (!entry) {
      entry = [day, 0, 0];
      byDay.set(day, entry);
    }
    entry[sheet === 'conversations' ? 1 : 2] += 1;
  }
  state.days = [...byDay.values()].filter((d) => d[0] >= first).sort((a, b) => a[0] - b[0]);
}

/** Growth in cells per day over the last RATE_WINDOW_DAYS: conversation rows and message rows apart. */
export interface Growth {
  conversationCells: number;
  messageCells: number;
}

/** Cells per day at the rate of rows created in the last 30 days, times each sheet's width. */
export function growthPerDay(state: CapacityState, conversationColumns: number, messageColumns: number, nowMs: number): Growth {
  const first = Math.floor(nowMs / DAY_MS) - RATE_WINDOW_DAYS;
  let conversations = 0;
  let messages = 0;
  for (const [day, c, m] of state.days) {
    if (day < first) continue;
    conversations += c;
    messages += m;
  }
  return {
    conversationCells: (conversations * conversationColumns) / RATE_WINDOW_DAYS,
    messageCells: (messages * messageColumns) / RATE_WINDOW_DAYS,
  };
}

/** What the projection starts from. */
export interface ProjectionInput {
  cellsUsed: number;
  /** Grid cells of "Mensagens" now. */
  messageCells: number;
  growth: Growth;
  /** The retention in force (0 = keep all): "Mensagens" then levels off at about N days of messages. */
  retentionDays: number;
}

/** Grid cells `days` days from now at the current rate (retention levels "Mensagens" off). */
export function cellsAfter(input: ProjectionInput, days: number): number {
  const { cellsUsed, messageCells, growth, retentionDays } = input;
  const messages = messageCells + growth.messageCells * days;
  const levelled = retentionDays > 0 ? Math.min(messages, Math.max(messageCells, growth.messageCells * retentionDays)) : messages;
  return cellsUsed - messageCells + growth.conversationCells * days + levelled;
}

/**
 * Days until the wall at the current rate: 0 when already there, null when nothing grows (or the sheet levels
 * off below the wall). Searched by day over up to 100 years (monotone, so a bisection would do; the loop is clear).
 */
export function daysToFull(input: ProjectionInput): number | null {
  if (input.cellsUsed >= CELL_LIMIT) return 0;
  let low = 0;
  let high = 36_500;
  if (cellsAfter(input, high) < CELL_LIMIT) return null;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (cellsAfter(input, mid) >= CELL_LIMIT) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * The `messageRetentionDays` that keeps the sheet under 80 % for a year at the current rate: with N days kept,
 * "Mensagens" levels off at about N days of messages. Null when the sheet stays under 80 % for a year keeping
 * every message, or when no message arrives (a retention would not help). When even the shortest window (7 days)
 * does not keep it under 80 %, 7 is proposed: it leaves the most room.
 */
export function suggestRetentionDays(input: Omit<ProjectionInput, 'retentionDays'>): number | null {
  const target = (CELL_LIMIT * SUGGESTION_TARGET_PERCENT) / 100;
  if (input.growth.messageCells <= 0) return null;
  if (cellsAfter({ ...input, retentionDays: 0 }, SUGGESTION_HORIZON_DAYS) < target) return null;
  const others = input.cellsUsed - input.messageCells + input.growth.conversationCells * SUGGESTION_HORIZON_DAYS;
  const n = Math.floor((target - others) / input.growth.messageCells);
  return Math.min(MAX_RETENTION_DAYS, Math.max(MIN_RETENTION_DAYS, n));
}

/** The contract's `Capacity` (plus the suggestion from 70 %), dates as `YYYY-MM-DD` in UTC days shifted by `offsetMs`. */
export function toCapacity(input: ProjectionInput, nowMs: number, offsetMs = 0): Capacity {
  const percent = Math.min(100, Math.max(0, Math.round((input.cellsUsed / CELL_LIMIT) * 1000) / 10));
  const days = daysToFull(input);
  const projectedFullDate = days === null ? null : isoDate(Math.floor((nowMs + offsetMs) / DAY_MS) + days);
  return {
    cellsUsed: input.cellsUsed,
    cellLimit: CELL_LIMIT,
    percent,
    projectedFullDate,
    suggestedRetentionDays: percent >= WARN_PERCENT ? suggestRetentionDays(input) : null,
  };
}

/** Months (rounded, at least 1) or days until a `YYYY-MM-DD`, for the Portuguese messages. */
function untilText(date: string, nowMs: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const days = Math.max(0, Math.round((Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) - nowMs) / DAY_MS));
  if (days < 60) return `~${days} ${days === 1 ? 'dia' : 'dias'}`;
  return `~${Math.round(days / 30)} meses`;
}

/**
 * The sync message's sentence from 70 % on ('' below): how full, when full at this rate, and what to do.
 * @example capacityNotice({ cellsUsed: 7_500_000, cellLimit: 10_000_000, percent: 75, projectedFullDate: null }, 0, 0)
 */
export function capacityNotice(capacity: Capacity, nowMs: number, retentionDays: number): string {
  if (capacity.percent < WARN_PERCENT) return '';
  const when = capacity.projectedFullDate === null ? '' : ` — cheia em ${untilText(capacity.projectedFullDate, nowMs)} neste ritmo`;
  const hint =
    retentionDays === 0 && capacity.suggestedRetentionDays
      ? ` Para liberar espaço, mantenha só as mensagens dos últimos ${capacity.suggestedRetentionDays} dias (Configurações).`
      : ' Para liberar espaço, apague abas que não usa ou reduza os dias de mensagens mantidos (Configurações).';
  return `Capacidade da planilha: ${formatPercent(capacity.percent)} do limite de 10 milhões de células${when}.${hint}`;
}

function formatPercent(percent: number): string {
  return `${String(percent).replace('.', ',')} %`;
}

/** The stored state, or null when missing or unreadable (a hand edit only costs one measure). */
export function parseCapacityState(raw: string | null): CapacityState | null {
  if (!raw) return null;
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    if (typeof o.t !== 'number' || typeof o.c !== 'number' || !Number.isFinite(o.t) || !Number.isFinite(o.c)) return null;
    const grids: Record<string, [number, number]> = {};
    if (o.g && typeof o.g === 'object') {
      for (const [name, g] of Object.entries(o.g as Record<string, unknown>)) {
        if (Array.isArray(g) && typeof g[0] === 'number' && typeof g[1] === 'number') grids[name] = [g[0], g[1]];
      }
    }
    const days = Array.isArray(o.d)
      ? (o.d as unknown[]).filter(
          (d): d is [number, number, number] => Array.isArray(d) && d.length === 3 && d.every((x) => typeof x === 'number' && Number.isFinite(x)),
        )
      : [];
    const auto = typeof o.a === 'number' && o.a >= MIN_RETENTION_DAYS && o.a <= MAX_RETENTION_DAYS ? Math.floor(o.a) : 0;
    const oldest = typeof o.o === 'number' && Number.isFinite(o.o) ? o.o : null;
    // `w`: the owed ids as an earlier version stored them here (at most 150); they now live in their own keys.
    const owed = Array.isArray(o.w) ? (o.w as unknown[]).filter((id): id is string => typeof id === 'string') : [];
    const dropped = typeof o.x === 'number' && Number.isFinite(o.x) && o.x > 0 ? Math.floor(o.x) : 0;
    return { measuredAt: o.t, cellsUsed: o.c, grids, days, autoRetentionDays: auto, oldestMessage: oldest, owed, owedDropped: dropped };
  } catch {
    return null;
  }
}

/** The state as stored JSON (short keys: ~40 characters a day of history); the owed ids are stored apart. */
export function serializeCapacityState(state: CapacityState): string {
  return JSON.stringify({
    t: state.measuredAt,
    c: state.cellsUsed,
    g: state.grids,
    d: state.days,
    a: state.autoRetentionDays,
    ...(state.oldestMessage === null ? {} : { o: state.oldestMessage }),
    ...(state.owedDropped === 0 ? {} : { x: state.owedDropped }),
  });
}
