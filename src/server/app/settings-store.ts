// Loads the settings from their two stores: the API key from User Properties, the rest from Document Properties.
import { SETTINGS_KEYS, type Settings, settingsFromStored } from '../domain/settings';
import type { KeyValueStore } from './ports';

export function loadSettings(userStore: KeyValueStore, documentStore: KeyValueStore): Settings {
  return settingsFromStored(userStore.get(SETTINGS_KEYS.apiKey), documentStore.get(SETTINGS_KEYS.document));
}
