// Settings use cases: read the view the pages see, and save a validated patch with its sync trigger.
import type { SettingsView } from '../../shared/dto';
import { explicitSettingKeys, SETTINGS_KEYS, type Settings, settingsFromStored } from '../domain/settings';
import {
  allowedIntervals,
  applySettingsPatch,
  checkMergedSettings,
  type Deployment,
  SettingsValidationError,
  validateSettingsPatch,
} from '../domain/settings-validation';
import type { KeyValueStore, TriggerPort } from './ports';
import { CAPACITY_STATE_KEY, retentionView } from './capacity';

/** The top-level function the time-driven trigger calls (contract.md). */
export const SCHEDULED_SYNC_HANDLER = 'runScheduledSync';

/**
 * Document Property recording the trigger this document's settings installed (`{id, minutes}`): the
 * TriggerPort cannot tell a trigger's interval, so this is how an unchanged save keeps the trigger untouched.
 */
export const SYNC_TRIGGER_KEY = 'settings.syncTrigger.v1';

/** What the settings use cases need; the entry builds it from the Apps Script adapters. */
export interface SettingsPorts {
  /** User Properties: the API key only. */
  user: KeyValueStore;
  /** Document Properties: everything else. */
  document: KeyValueStore;
  triggers: TriggerPort;
  /** Detected at run time (ScriptApp.getInstallationSource). */
  deployment: Deployment;
  /** The spreadsheet's time zone; a function so only the calls that answer a view pay for it. */
  timeZone: () => string;
}

/** The settings as pages see them: `apiKeySet` instead of the key, plus what the dialog needs to render. */
export function toSettingsView(
  settings: Omit<Settings, 'apiKey'>,
  apiKeySet: boolean,
  deployment: Deployment,
  timeZone: string,
): SettingsView {
  return {
    apiKeySet,
    baseUrl: settings.baseUrl,
    agentIds: [...settings.agentIds],
    syncStart: settings.syncStart,
    reconcileDays: settings.reconcileDays,
    syncIntervalMinutes: settings.syncIntervalMinutes,
    slaSeconds: settings.slaSeconds,
    abandonMinutes: settings.abandonMinutes,
    csatVariables: [...settings.csatVariables],
    rebuildAfterSync: settings.rebuildAfterSync,
    alerts: { ...settings.alerts, recipients: [...settings.alerts.recipients] },
    report: { ...settings.report, recipients: [...settings.report.recipients] },
    messageRetentionDays: settings.messageRetentionDays,
    businessHours: JSON.parse(JSON.stringify(settings.businessHours)) as Settings['businessHours'],
    holidays: [...settings.holidays],
    deployment,
    allowedIntervals: allowedIntervals(deployment),
    timeZone,
  };
}

/** `getSettings`: the stored settings over the defaults, never the key itself. */
export function readSettingsView(ports: SettingsPorts): SettingsView {
  const stored = ports.document.getMany([SETTINGS_KEYS.document, SYNC_TRIGGER_KEY, CAPACITY_STATE_KEY]);
  const settings = settingsFromStored(ports.user.get(SETTINGS_KEYS.apiKey), stored[SETTINGS_KEYS.document] ?? null);
  const { apiKey, ...rest } = settings;
  const known = parseTriggerMarker(stored[SYNC_TRIGGER_KEY] ?? null).id;
  const timeZone = ports.timeZone();
  return {
    ...toSettingsView(rest, apiKey !== null, ports.deployment, timeZone),
    ...retentionView(stored[SETTINGS_KEYS.document] ?? null, stored[CAPACITY_STATE_KEY] ?? null, settings.messageRetentionDays, timeZone),
    syncTriggerActive: ports.triggers.listTimeDriven(known === null ? [] : [known]).some((t) => t.handler === SCHEDULED_SYNC_HANDLER),
  };
}

/**
 * `saveSettings`: validates the whole patch first (a bad field throws and nothing is stored), brings the
 * user's `runScheduledSync` trigger in line with `syncIntervalMinutes`, then stores the settings the user has
 * set (not the defaults) in one setProperties call and the key in User Properties (`''` removes it).
 * Returns the new view.
 */
export function saveSettingsPatch(ports: SettingsPorts, patch: unknown): SettingsView {
  const valid = validateSettingsPatch(patch, ports.deployment);
  const stored = ports.document.getMany([SETTINGS_KEYS.document, SYNC_TRIGGER_KEY, CAPACITY_STATE_KEY]);
  const { apiKey: _storedKey, ...current } = settingsFromStored(null, stored[SETTINGS_KEYS.document] ?? null);
  const next = applySettingsPatch(current, valid);
  if (!allowedIntervals(ports.deployment).includes(next.syncIntervalMinutes))
    // A value stored under another deployment (a bound copy turned add-on) must be fixed before anything else.
    throw new SettingsValidationError(
      'syncIntervalMinutes',
      'Intervalo de sincronização',
      `o valor salvo (${next.syncIntervalMinutes} min) não é permitido aqui; escolha um destes: ${allowedIntervals(ports.deployment).join(', ')}.`,
    );
  const explicit = new Set<string>([...explicitSettingKeys(stored[SETTINGS_KEYS.document] ?? null), ...Object.keys(valid)]);
  const json = JSON.stringify(Object.fromEntries(Object.entries(next).filter(([key]) => explicit.has(key))));
  checkMergedSettings(next, json);

  const trigger = reconcileSyncTrigger(ports.triggers, {
    minutes: next.syncIntervalMinutes,
    previous: parseTriggerMarker(stored[SYNC_TRIGGER_KEY] ?? null),
    deployment: ports.deployment,
    adopt: valid.syncIntervalMinutes !== undefined,
  });
  ports.document.setMany({ [SETTINGS_KEYS.document]: json, [SYNC_TRIGGER_KEY]: JSON.stringify(trigger.marker) });

  let apiKeySet: boolean;
  if (valid.apiKey === undefined) apiKeySet = ports.user.get(SETTINGS_KEYS.apiKey) !== null;
  else if (valid.apiKey === '') {
    ports.user.delete(SETTINGS_KEYS.apiKey);
    apiKeySet = false;
  } else {
    ports.user.setMany({ [SETTINGS_KEYS.apiKey]: valid.apiKey });
    apiKeySet = true;
  }
  const timeZone = ports.timeZone();
  return {
    ...toSettingsView(next, apiKeySet, ports.deployment, timeZone),
    ...retentionView(json, stored[CAPACITY_STATE_KEY] ?? null, next.messageRetentionDays, timeZone),
    syncTriggerActive: trigger.active,
  };
}

/** The trigger this document's settings last installed; `id: null` when none. */
export interface SyncTriggerMarker {
  id: string | null;
  minutes: number;
}

function parseTriggerMarker(json: string | null): SyncTriggerMarker {
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed === 'object' && parsed !== null) {
        const { id, minutes } = parsed as Record<string, unknown>;
        if ((typeof id === 'string' || id === null) && typeof minutes === 'number') return { id, minutes };
      }
    } catch {
      // A hand-edited marker only costs one trigger re-install.
    }
  }
  return { id: null, minutes: 0 };
}

/** What reconcileSyncTrigger needs to know. */
export interface SyncTriggerPlan {
  /** The stored interval after the save (0 = off). */
  minutes: number;
  /** The marker stored by the last save. */
  previous: SyncTriggerMarker;
  deployment: Deployment;
  /**
   * True when this save sets the interval: the user asking then takes the schedule on. Otherwise only a user
   * who already holds a sync trigger has it repaired, so a colleague who merely edits the SLA does not get
   * a second schedule running under an account that may have no API key.
   */
  adopt: boolean;
}

/**
 * Leaves the current user with exactly one `runScheduledSync` time-driven trigger every `minutes` (none when
 * 0), touching no trigger of another handler. An unchanged, still-present trigger is kept as is (one listing
 * call). A bound script installs the new trigger before removing the old ones, so a failed install changes
 * nothing; an Editor add-on may hold only one time-driven trigger, so there the old one goes first.
 * Returns the marker to store and whether the user now holds the trigger.
 */
export function reconcileSyncTrigger(triggers: TriggerPort, plan: SyncTriggerPlan): { marker: SyncTriggerMarker; active: boolean } {
  const { minutes, previous, deployment } = plan;
  const ours = triggers.listTimeDriven(previous.id === null ? [] : [previous.id]).filter((t) => t.handler === SCHEDULED_SYNC_HANDLER);
  if (minutes === 0) {
    for (const t of ours) triggers.remove(t.id);
    return { marker: { id: null, minutes: 0 }, active: false };
  }
  if (ours.length === 0 && !plan.adopt) return { marker: previous, active: false };
  const only = ours.length === 1 ? ours[0] : undefined;
  if (only && only.id === previous.id && previous.minutes === minutes) return { marker: previous, active: true };

  const removeOld = () => {
    for (const t of ours) triggers.remove(t.id);
  };
  if (deployment === 'addon') removeOld();
  let installedId: string;
  try {
    installedId = triggers.installEvery(SCHEDULED_SYNC_HANDLER, minutes);
  } catch (error) {
    throw new SettingsValidationError(
      'syncIntervalMinutes',
      'Intervalo de sincronização',
      `o Google recusou o gatilho de ${minutes} min (${error instanceof Error ? error.message : String(error)}); nada foi salvo.`,
    );
  }
  if (deployment !== 'addon') removeOld();
  return { marker: { id: installedId, minutes }, active: true };
}
