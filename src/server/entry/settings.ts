// Entry points getSettings / saveSettings: build the Apps Script adapters and run the settings use cases.
import type { SettingsView } from '../../shared/dto';
import { documentStore, isEditorAddOn, scriptTriggers, userStore } from '../adapters/apps-script';
import { readSettingsView, saveSettingsPatch, type SettingsPorts } from '../app/settings';

function settingsPorts(): SettingsPorts {
  return {
    user: userStore(),
    document: documentStore(),
    triggers: scriptTriggers(),
    // Decided per execution: the same code runs as a bound script or as an Editor add-on.
    deployment: isEditorAddOn() ? 'addon' : 'bound',
    timeZone: () => SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone(),
  };
}

/** The settings for the sidebar and dialog, with `apiKeySet` instead of the key. */
export function getSettings(): SettingsView {
  return readSettingsView(settingsPorts());
}

/**
 * Validates and stores a partial settings object (the key in User Properties), keeps the sync trigger in
 * line with `syncIntervalMinutes`, and returns the new settings. A bad field throws a Portuguese message
 * naming it, and nothing is stored.
 */
export function saveSettings(patch: unknown): SettingsView {
  return saveSettingsPatch(settingsPorts(), patch);
}
