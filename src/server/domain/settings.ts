// The add-on's settings as stored, their defaults, and the JSON (de)serialisation of the stored form.
import type { ReportSettings, SettingsView } from '../../shared/dto';
import { noBusinessHours, storedBusinessHours } from './business-hours-settings';

/** The stored fields of the settings (their meaning is documented on `SettingsView`). */
export type StoredSettingsField =
  | 'baseUrl'
  | 'agentIds'
  | 'syncStart'
  | 'reconcileDays'
  | 'syncIntervalMinutes'
  | 'slaSeconds'
  | 'abandonMinutes'
  | 'csatVariables'
  | 'rebuildAfterSync'
  | 'alerts'
  | 'report'
  | 'messageRetentionDays'
  | 'businessHours'
  | 'holidays';

/** Settings as the server uses them: the view's stored fields plus the key, which never leaves the server. */
export type Settings = Pick<Required<SettingsView>, StoredSettingsField> & { apiKey: string | null };

export const DEFAULT_BASE_URL = 'https://api.chatvolt.ai';

const defaults: Omit<Settings, 'apiKey'> = {
  baseUrl: DEFAULT_BASE_URL,
  agentIds: [],
  syncStart: null,
  reconcileDays: 7,
  syncIntervalMinutes: 0,
  slaSeconds: 300,
  abandonMinutes: 60,
  csatVariables: ['csat', 'satisfaction', 'satisfacao', 'nota'],
  rebuildAfterSync: false,
  alerts: {
    enabled: false,
    recipients: [],
    unansweredMinutes: 0,
    slaWindowHours: 24,
    slaRateBelow: 0,
    highFrustration: false,
    syncFailures: 0,
    volumeAboveForecast: false,
  },
  report: { frequency: 'off', recipients: [], hour: 8, attachPdf: false },
  messageRetentionDays: 0,
  businessHours: noBusinessHours(),
  holidays: [],
};

export const DEFAULT_SETTINGS: Readonly<Omit<Settings, 'apiKey'>> = Object.freeze(defaults);

/** Property keys: the key in User Properties, everything else in Document Properties. */
export const SETTINGS_KEYS = {
  apiKey: 'chatvolt.apiKey',
  document: 'settings.v1',
} as const;

/**
 * The settings a user has set explicitly in the stored JSON (known names only). Only these are stored again,
 * so a default changed in a later version still reaches every field the user never touched.
 */
export function explicitSettingKeys(storedJson: string | null): Array<keyof typeof DEFAULT_SETTINGS> {
  if (!storedJson) return [];
  try {
    const parsed: unknown = JSON.parse(storedJson);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
    return (Object.keys(DEFAULT_SETTINGS) as Array<keyof typeof DEFAULT_SETTINGS>).filter((key) =>
      Object.prototype.hasOwnProperty.call(parsed, key),
    );
  } catch {
    return [];
  }
}

/**
 * Reads the stored JSON of the document settings over the defaults. Unknown or mistyped stored fields
 * fall back to the default (the stored form was validated on save; this guards against hand edits).
 */
export function settingsFromStored(apiKey: string | null, storedJson: string | null): Settings {
  let stored: Record<string, unknown> = {};
  if (storedJson) {
    try {
      const parsed: unknown = JSON.parse(storedJson);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) stored = parsed as Record<string, unknown>;
    } catch {
      stored = {};
    }
  }
  const pick = <K extends keyof Omit<Settings, 'apiKey'>>(key: K): Settings[K] => {
    const fallback = DEFAULT_SETTINGS[key];
    const value = stored[key];
    if (value === undefined) return structuredCloneJson(fallback) as Settings[K];
    if (fallback === null) return (typeof value === 'string' ? value : null) as Settings[K];
    if (Array.isArray(fallback)) return (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : structuredCloneJson(fallback)) as Settings[K];
    if (typeof fallback === 'object') return mergeGroup(fallback as object, value) as Settings[K];
    return (typeof value === typeof fallback ? value : fallback) as Settings[K];
  };
  return {
    apiKey: apiKey && apiKey.length > 0 ? apiKey : null,
    baseUrl: pick('baseUrl'),
    agentIds: pick('agentIds'),
    syncStart: pick('syncStart'),
    reconcileDays: pick('reconcileDays'),
    syncIntervalMinutes: pick('syncIntervalMinutes'),
    slaSeconds: pick('slaSeconds'),
    abandonMinutes: pick('abandonMinutes'),
    csatVariables: pick('csatVariables'),
    rebuildAfterSync: pick('rebuildAfterSync'),
    alerts: pick('alerts'),
    report: knownFrequency(pick('report')),
    messageRetentionDays: retentionDays(pick('messageRetentionDays')),
    businessHours: storedBusinessHours(stored.businessHours),
    holidays: pick('holidays'),
  };
}

/** A hand-edited retention outside 0 or 7–3,650 keeps every message (the safe reading). */
function retentionDays(days: number): number {
  return Number.isInteger(days) && days >= 7 && days <= 3650 ? days : 0;
}

function knownFrequency(report: ReportSettings): ReportSettings {
  const known: ReadonlyArray<ReportSettings['frequency']> = ['off', 'daily', 'weekly'];
  return known.includes(report.frequency) ? report : { ...report, frequency: 'off' };
}

/** A stored `alerts`/`report` over its defaults, sub-field by sub-field: a mistyped or unknown sub-field is dropped. */
function mergeGroup(fallback: object, value: unknown): object {
  const out: Record<string, unknown> = structuredCloneJson(fallback) as Record<string, unknown>;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  const stored = value as Record<string, unknown>;
  for (const key of Object.keys(out)) {
    const sub = stored[key];
    const def = out[key];
    if (Array.isArray(def)) {
      if (Array.isArray(sub)) out[key] = sub.filter((v) => typeof v === 'string');
    } else if (typeof sub === typeof def) out[key] = sub;
  }
  return out;
}

// Named for what it does; not the structuredClone global, which Apps Script lacks.
function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
