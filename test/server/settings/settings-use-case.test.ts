// Unit tests of the settings use cases over in-memory ports: what is stored where, and the sync trigger.
import { describe, expect, it } from 'vitest';
import type { KeyValueStore, TriggerPort } from '../../../src/server/app/ports';
import {
  readSettingsView,
  saveSettingsPatch,
  SCHEDULED_SYNC_HANDLER,
  type SettingsPorts,
} from '../../../src/server/app/settings';
import type { Deployment } from '../../../src/server/domain/settings-validation';

/** A property store with real Map behaviour and a count of write calls. */
class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  writes = 0;
  get(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  getMany(keys: string[]): Record<string, string | null> {
    return Object.fromEntries(keys.map((k) => [k, this.get(k)]));
  }
  getAll(): Record<string, string> {
    return Object.fromEntries(this.data);
  }
  setMany(values: Record<string, string>): void {
    this.writes++;
    for (const [k, v] of Object.entries(values)) this.data.set(k, v);
  }
  delete(key: string): void {
    this.writes++;
    this.data.delete(key);
  }
}

/** Time-driven triggers as ScriptApp keeps them; an add-on may hold one, at most hourly. */
class MemoryTriggers implements TriggerPort {
  readonly installed: Array<{ id: string; handler: string; minutes: number }> = [];
  private next = 1;
  installs = 0;
  removals = 0;
  /** `idPrefix` keeps ids unique across users, as Apps Script's trigger ids are. */
  constructor(
    private readonly deployment: Deployment,
    private readonly idPrefix = 't',
  ) {}
  listTimeDriven() {
    return this.installed.map(({ id, handler }) => ({ id, handler }));
  }
  remove(id: string): void {
    const index = this.installed.findIndex((t) => t.id === id);
    if (index >= 0) {
      this.installed.splice(index, 1);
      this.removals++;
    }
  }
  installEvery(handler: string, minutes: number): string {
    if (this.deployment === 'addon' && (minutes < 60 || this.installed.length > 0))
      throw new Error('Add-ons may only create one time-driven trigger per document, at most hourly.');
    this.installs++;
    const id = `${this.idPrefix}${this.next++}`;
    this.installed.push({ id, handler, minutes });
    return id;
  }
}

function setup(deployment: Deployment = 'bound') {
  const user = new MemoryStore();
  const document = new MemoryStore();
  const triggers = new MemoryTriggers(deployment);
  const ports: SettingsPorts = { user, document, triggers, deployment, timeZone: () => 'America/Sao_Paulo' };
  return { user, document, triggers, ports };
}

const ours = (t: MemoryTriggers) => t.installed.filter((x) => x.handler === SCHEDULED_SYNC_HANDLER);

describe('getSettings', () => {
  it('answers the defaults with the deployment facts before anything is saved', () => {
    const { ports } = setup('addon');
    const view = readSettingsView(ports);
    expect(view.apiKeySet).toBe(false);
    expect(view.syncIntervalMinutes).toBe(0);
    expect(view.reconcileDays).toBe(7);
    expect(view.deployment).toBe('addon');
    expect(view.allowedIntervals).toEqual([0, 60]);
    expect(view.timeZone).toBe('America/Sao_Paulo');
    expect(Object.keys(view)).not.toContain('apiKey');
  });
});

describe('saveSettings', () => {
  it('keeps the key in user properties only and answers apiKeySet instead of it', () => {
    const { user, document, ports } = setup();
    const view = saveSettingsPatch(ports, { apiKey: 'cv-secret-123', reconcileDays: 10 });
    expect(user.data.get('chatvolt.apiKey')).toBe('cv-secret-123');
    expect([...document.data.values()].join('')).not.toContain('cv-secret-123');
    expect(JSON.stringify(view)).not.toContain('cv-secret-123');
    expect(view.apiKeySet).toBe(true);
    expect(readSettingsView(ports).apiKeySet).toBe(true);
    expect(readSettingsView(ports).reconcileDays).toBe(10);
  });

  it('leaves the key alone when the patch does not name it, and removes it on an empty string', () => {
    const { user, ports } = setup();
    saveSettingsPatch(ports, { apiKey: 'cv-1' });
    expect(saveSettingsPatch(ports, { slaSeconds: 120 }).apiKeySet).toBe(true);
    expect(user.data.get('chatvolt.apiKey')).toBe('cv-1');
    expect(saveSettingsPatch(ports, { apiKey: '' }).apiKeySet).toBe(false);
    expect(user.data.has('chatvolt.apiKey')).toBe(false);
  });

  it('writes the document settings in one call', () => {
    const { document, ports } = setup();
    saveSettingsPatch(ports, { reconcileDays: 3, slaSeconds: 60, agentIds: ['a1'], csatVariables: ['nota'] });
    expect(document.writes).toBe(1);
    const stored = JSON.parse(document.data.get('settings.v1') ?? '{}') as Record<string, unknown>;
    expect(stored).toMatchObject({ reconcileDays: 3, slaSeconds: 60, agentIds: ['a1'], csatVariables: ['nota'] });
    expect(stored).not.toHaveProperty('apiKey');
  });

  it('stores only the fields the user set, so a later change of a default still reaches the others', () => {
    const { document, ports } = setup();
    saveSettingsPatch(ports, { reconcileDays: 3, alerts: { enabled: false } });
    saveSettingsPatch(ports, { slaSeconds: 60 });
    const stored = JSON.parse(document.data.get('settings.v1') ?? '{}') as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['alerts', 'reconcileDays', 'slaSeconds']);
    expect(stored.reconcileDays).toBe(3);
    expect(stored.slaSeconds).toBe(60);
  });

  it('stores nothing, not even the valid fields, when one field is bad', () => {
    const { user, document, triggers, ports } = setup();
    expect(() =>
      saveSettingsPatch(ports, { apiKey: 'cv-2', reconcileDays: 5, syncIntervalMinutes: 15, slaSeconds: -1 }),
    ).toThrow(/\(slaSeconds\)/);
    expect(user.writes + document.writes).toBe(0);
    expect(user.data.size + document.data.size).toBe(0);
    expect(triggers.installs).toBe(0);
  });

  it('stores nothing when the merged settings break a cross-field rule', () => {
    const { document, ports } = setup();
    expect(() => saveSettingsPatch(ports, { reconcileDays: 5, alerts: { enabled: true } })).toThrow(/alerts\.recipients/);
    expect(document.writes).toBe(0);
  });

  it('installs one trigger, keeps it on an identical save, replaces it on a new interval and removes it at 0', () => {
    const { triggers, ports } = setup();
    saveSettingsPatch(ports, { syncIntervalMinutes: 15 });
    expect(ours(triggers)).toEqual([{ id: 't1', handler: 'runScheduledSync', minutes: 15 }]);

    saveSettingsPatch(ports, { syncIntervalMinutes: 15 });
    saveSettingsPatch(ports, { reconcileDays: 9 });
    expect(ours(triggers)).toEqual([{ id: 't1', handler: 'runScheduledSync', minutes: 15 }]);
    expect(triggers.installs).toBe(1);

    saveSettingsPatch(ports, { syncIntervalMinutes: 30 });
    expect(ours(triggers)).toEqual([{ id: 't2', handler: 'runScheduledSync', minutes: 30 }]);

    saveSettingsPatch(ports, { syncIntervalMinutes: 0 });
    expect(ours(triggers)).toEqual([]);
    expect(triggers.installs).toBe(2);
    expect(triggers.removals).toBe(2);
  });

  it('never touches triggers of other handlers', () => {
    const { triggers, ports } = setup();
    triggers.installEvery('sendScheduledReport', 60);
    saveSettingsPatch(ports, { syncIntervalMinutes: 5 });
    saveSettingsPatch(ports, { syncIntervalMinutes: 0 });
    expect(triggers.installed).toEqual([{ id: 't1', handler: 'sendScheduledReport', minutes: 60 }]);
  });

  it('collapses duplicate sync triggers left by hand into exactly one', () => {
    const { triggers, ports } = setup();
    triggers.installEvery(SCHEDULED_SYNC_HANDLER, 15);
    triggers.installEvery(SCHEDULED_SYNC_HANDLER, 15);
    saveSettingsPatch(ports, { syncIntervalMinutes: 15 });
    expect(ours(triggers)).toHaveLength(1);
    saveSettingsPatch(ports, { syncIntervalMinutes: 15 });
    expect(ours(triggers)).toHaveLength(1);
  });

  it('reports a trigger somebody deleted by hand, and reinstalls it when the interval is saved again', () => {
    const { triggers, ports } = setup();
    saveSettingsPatch(ports, { syncIntervalMinutes: 10 });
    expect(readSettingsView(ports).syncTriggerActive).toBe(true);
    triggers.remove('t1');
    expect(readSettingsView(ports).syncTriggerActive).toBe(false);
    expect(saveSettingsPatch(ports, { slaSeconds: 200 }).syncTriggerActive).toBe(false);
    expect(ours(triggers)).toEqual([]);
    expect(saveSettingsPatch(ports, { syncIntervalMinutes: 10 }).syncTriggerActive).toBe(true);
    expect(ours(triggers)).toEqual([{ id: 't2', handler: 'runScheduledSync', minutes: 10 }]);
  });

  it('gives no schedule to a colleague who only edits another field, and follows a colleague who changes the interval', () => {
    const owner = setup();
    saveSettingsPatch(owner.ports, { syncIntervalMinutes: 15 });
    // Same document, another user: own User Properties and own triggers (Apps Script triggers are per user).
    const colleagueTriggers = new MemoryTriggers('bound', 'c');
    const colleague: SettingsPorts = { ...owner.ports, user: new MemoryStore(), triggers: colleagueTriggers };
    expect(saveSettingsPatch(colleague, { slaSeconds: 120 }).syncTriggerActive).toBe(false);
    expect(colleagueTriggers.installed).toEqual([]);

    // The colleague sets 30 min and takes the schedule on; the owner's next save follows the new interval.
    saveSettingsPatch(colleague, { syncIntervalMinutes: 30 });
    expect(ours(colleagueTriggers).map((t) => t.minutes)).toEqual([30]);
    saveSettingsPatch(owner.ports, { reconcileDays: 4 });
    expect(ours(owner.triggers).map((t) => t.minutes)).toEqual([30]);
  });

  it('in an add-on installs the hourly trigger and refuses 15 minutes, leaving it in place', () => {
    const { triggers, ports } = setup('addon');
    saveSettingsPatch(ports, { syncIntervalMinutes: 60 });
    expect(ours(triggers)).toEqual([{ id: 't1', handler: 'runScheduledSync', minutes: 60 }]);
    expect(() => saveSettingsPatch(ports, { syncIntervalMinutes: 15 })).toThrow(/\(syncIntervalMinutes\)/);
    expect(ours(triggers)).toEqual([{ id: 't1', handler: 'runScheduledSync', minutes: 60 }]);
  });

  it('in an add-on removes an unknown sync trigger before installing, since only one may exist', () => {
    const { triggers, ports } = setup('addon');
    triggers.installEvery(SCHEDULED_SYNC_HANDLER, 60);
    saveSettingsPatch(ports, { syncIntervalMinutes: 60 });
    expect(ours(triggers)).toEqual([{ id: 't2', handler: 'runScheduledSync', minutes: 60 }]);
  });

  it('stores nothing when Google refuses the trigger, and says so on the interval field', () => {
    const { document, triggers, ports } = setup('addon');
    triggers.installEvery('someOtherAddOnJob', 60);
    expect(() => saveSettingsPatch(ports, { syncIntervalMinutes: 60, reconcileDays: 3 })).toThrow(
      /\(syncIntervalMinutes\).*nada foi salvo/,
    );
    expect(document.writes).toBe(0);
    expect(readSettingsView(ports).syncIntervalMinutes).toBe(0);
  });

  it('refuses to keep an interval stored by a bound copy once running as an add-on', () => {
    const bound = setup('bound');
    saveSettingsPatch(bound.ports, { syncIntervalMinutes: 15 });
    const addon = setup('addon');
    for (const [k, v] of bound.document.data) addon.document.data.set(k, v);
    expect(() => saveSettingsPatch(addon.ports, { slaSeconds: 30 })).toThrow(/\(syncIntervalMinutes\).*15 min/);
    expect(saveSettingsPatch(addon.ports, { slaSeconds: 30, syncIntervalMinutes: 60 }).syncIntervalMinutes).toBe(60);
  });
});
