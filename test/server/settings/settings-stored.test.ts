// settingsFromStored: the stored JSON over the defaults, tolerant of hand edits.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, explicitSettingKeys, settingsFromStored } from '../../../src/server/domain/settings';

describe('settingsFromStored', () => {
  it('answers the defaults and no key when nothing is stored', () => {
    expect(settingsFromStored(null, null)).toEqual({ apiKey: null, ...DEFAULT_SETTINGS });
    expect(settingsFromStored('', null).apiKey).toBeNull();
  });

  it('falls back to the defaults on JSON that is broken or not an object', () => {
    expect(settingsFromStored(null, '{oops')).toEqual({ apiKey: null, ...DEFAULT_SETTINGS });
    expect(settingsFromStored(null, '[1,2]')).toEqual({ apiKey: null, ...DEFAULT_SETTINGS });
  });

  it('keeps well-typed stored fields and replaces mistyped ones by their default', () => {
    const s = settingsFromStored('k', JSON.stringify({ reconcileDays: 12, slaSeconds: '90', agentIds: ['a', 3], syncStart: 5 }));
    expect(s.apiKey).toBe('k');
    expect(s.reconcileDays).toBe(12);
    expect(s.slaSeconds).toBe(300);
    expect(s.agentIds).toEqual(['a']);
    expect(s.syncStart).toBeNull();
  });

  it('merges alerts and report sub-field by sub-field, dropping mistyped and unknown ones', () => {
    const s = settingsFromStored(
      null,
      JSON.stringify({
        alerts: { enabled: true, recipients: 'ana@empresa.com', syncFailures: 3, extra: 1 },
        report: { frequency: 'monthly', hour: 18 },
      }),
    );
    expect(s.alerts).toEqual({ ...DEFAULT_SETTINGS.alerts, enabled: true, syncFailures: 3 });
    expect(s.report).toEqual({ ...DEFAULT_SETTINGS.report, hour: 18 });
  });

  it('returns fresh copies: changing one result leaves the defaults alone', () => {
    const s = settingsFromStored(null, null);
    s.csatVariables.push('x');
    s.alerts.recipients.push('a@b.com');
    expect(DEFAULT_SETTINGS.csatVariables).toEqual(['csat', 'satisfaction', 'satisfacao', 'nota']);
    expect(DEFAULT_SETTINGS.alerts.recipients).toEqual([]);
  });
});

describe('explicitSettingKeys', () => {
  it('lists the known settings present in the stored JSON, nothing for absent or broken JSON', () => {
    expect(explicitSettingKeys(JSON.stringify({ slaSeconds: 1, reconcileDays: 2, apiKey: 'x', other: 3 })).sort()).toEqual([
      'reconcileDays',
      'slaSeconds',
    ]);
    expect(explicitSettingKeys(null)).toEqual([]);
    expect(explicitSettingKeys('{oops')).toEqual([]);
    expect(explicitSettingKeys('[1]')).toEqual([]);
  });
});
