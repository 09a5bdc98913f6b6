// Pure helpers of the settings dialog: list parsing, the changed-fields patch, interval labels, error placement.
import type { AlertSettings, BusinessHours, ReportSettings, SettingsPatch, SettingsView } from '../../shared/dto';
import { normalizeHolidays, storedWeek } from './business-hours';

/**
 * What the form holds, in the server's shape. Numbers are `null` when the input is empty or not a number:
 * the server then rejects the field with its own message, so validation lives in one place.
 */
export interface SettingsDraft {
  baseUrl: string;
  agentIds: string[];
  syncStart: string | null;
  reconcileDays: number | null;
  syncIntervalMinutes: number | null;
  slaSeconds: number | null;
  abandonMinutes: number | null;
  csatVariables: string[];
  rebuildAfterSync: boolean;
  alerts: { [K in keyof AlertSettings]: AlertSettings[K] extends number ? number | null : AlertSettings[K] };
  report: { [K in keyof ReportSettings]: ReportSettings[K] extends number ? number | null : ReportSettings[K] };
  /** Per-weekday `["HH:mm","HH:mm"]` intervals as typed (metrics.md §6); all empty = off. */
  businessHours: BusinessHours;
  /** `YYYY-MM-DD` days closed all day. */
  holidays: string[];
  /** Keep messages of the last N days in "Mensagens" (0 = all). */
  messageRetentionDays: number | null;
}

/** "a, b ,, c" → ["a", "b", "c"]: comma- or semicolon-separated, trimmed, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The list as the form shows it. */
export function joinList(items: readonly string[]): string {
  return items.join(', ');
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Only the sub-fields of a group that differ from the stored ones; null when none does. */
function changedGroup<T extends object>(stored: T, draft: { [K in keyof T]: unknown }): Partial<Record<keyof T, unknown>> | null {
  const out: Partial<Record<keyof T, unknown>> = {};
  let changed = false;
  for (const key of Object.keys(draft) as Array<keyof T>) {
    if (!same(stored[key], draft[key])) {
      out[key] = draft[key];
      changed = true;
    }
  }
  return changed ? out : null;
}

/**
 * The patch to send: only the fields the user changed (and `apiKey` when a new key was typed, or `''` when
 * "remover chave" is ticked). Values are passed as the form holds them; the server validates.
 */
export function buildPatch(stored: SettingsView, draft: SettingsDraft, key: { typed: string; remove: boolean }): SettingsPatch {
  const patch: Record<string, unknown> = {};
  const typed = key.typed.trim();
  if (typed !== '') patch.apiKey = typed;
  else if (key.remove && stored.apiKeySet) patch.apiKey = '';
  const simple = [
    'baseUrl',
    'agentIds',
    'syncStart',
    'reconcileDays',
    'syncIntervalMinutes',
    'slaSeconds',
    'abandonMinutes',
    'csatVariables',
    'rebuildAfterSync',
  ] as const;
  for (const name of simple) if (!same(stored[name], draft[name])) patch[name] = draft[name];
  // A server that does not send these yet has them off: compare against the defaults, so nothing is sent unasked.
  if (!same(storedWeek(stored.businessHours), draft.businessHours)) patch.businessHours = draft.businessHours;
  if (!same(normalizeHolidays(stored.holidays ?? []), draft.holidays)) patch.holidays = draft.holidays;
  if (!same(stored.messageRetentionDays ?? 0, draft.messageRetentionDays)) patch.messageRetentionDays = draft.messageRetentionDays;
  const alerts = changedGroup(stored.alerts, draft.alerts);
  if (alerts) patch.alerts = alerts;
  const report = changedGroup(stored.report, draft.report);
  if (report) patch.report = report;
  // Typed loosely on purpose: a number left empty travels as null and comes back as the server's message.
  return patch as SettingsPatch;
}

/**
 * The field a server message names: validation messages carry it in parentheses, e.g.
 * "Dias de reconciliação (reconcileDays): …" or "Destinatários dos alertas (alerts.recipients): …". A path deeper
 * than the page has a slot for (`businessHours.mon[1]`, `holidays[0]`) goes to the nearest enclosing field that has one.
 */
export function fieldOfMessage(message: string, knownFields: readonly string[]): string | null {
  const pattern = /\(([A-Za-z][A-Za-z0-9]*(?:(?:\.[A-Za-z][A-Za-z0-9]*)|(?:\[\d+\]))*)\)/g;
  for (let match = pattern.exec(message); match; match = pattern.exec(message)) {
    let path = match[1] ?? '';
    while (path !== '') {
      if (knownFields.includes(path)) return path;
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      path = cut > 0 ? path.slice(0, cut) : '';
    }
  }
  return null;
}

/** Portuguese label of a sync interval option. */
export function intervalLabel(minutes: number): string {
  if (minutes === 0) return 'desligado';
  if (minutes === 60) return 'a cada hora';
  if (minutes === 1) return 'a cada minuto';
  return `a cada ${minutes} minutos`;
}

/** The interval the dialog recommends: every 15 minutes, or hourly for an Editor add-on (Google's limit). */
export function proposedInterval(view: Pick<SettingsView, 'deployment' | 'allowedIntervals'>): number {
  const wanted = view.deployment === 'addon' ? 60 : 15;
  return view.allowedIntervals.includes(wanted) ? wanted : (view.allowedIntervals[view.allowedIntervals.length - 1] ?? 0);
}

/** "300 s = 5 min", "90 s = 1,5 min" (pt-BR decimal comma). */
export function secondsAsMinutes(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const minutes = Math.round((seconds / 60) * 10) / 10;
  return `= ${String(minutes).replace('.', ',')} min`;
}

/** A number input's value: null when empty or not a number (JSON has no NaN). */
export function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
