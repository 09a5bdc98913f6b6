// Unit tests of the pure settings-patch validation: types, ranges, unknown fields, normalisation, merging.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/server/domain/settings';
import {
  allowedIntervals,
  applySettingsPatch,
  checkMergedSettings,
  isEmailAddress,
  isIsoDate,
  SettingsValidationError,
  utf8Length,
  validateSettingsPatch,
} from '../../../src/server/domain/settings-validation';

/** The error a bad patch raises (fails the test when none is raised). */
function rejection(patch: unknown, deployment: 'bound' | 'addon' = 'bound'): SettingsValidationError {
  try {
    validateSettingsPatch(patch, deployment);
  } catch (error) {
    if (error instanceof SettingsValidationError) return error;
    throw error;
  }
  throw new Error(`patch accepted: ${JSON.stringify(patch)}`);
}

/** [field, bad value, what the message must say] for every field: wrong type and out of range. */
const badValues: Array<[string, unknown, RegExp]> = [
  ['apiKey', 42, /texto/],
  ['apiKey', 'abc def', /espaços/],
  ['apiKey', 'x'.repeat(501), /500/],
  ['baseUrl', 7, /texto/],
  ['baseUrl', 'api.chatvolt.ai', /http/],
  ['baseUrl', 'ftp://api.chatvolt.ai', /http/],
  ['baseUrl', 'https://', /http/],
  ['baseUrl', 'https://api.chatvolt.ai/?x=1', /parâmetros/],
  ['baseUrl', 'https://api.chatvolt.ai:70000', /http/],
  ['baseUrl', 'javascript:alert(1)', /http/],
  ['agentIds', 'clagent01', /lista/],
  ['agentIds', [1], /texto/],
  ['agentIds', ['ok', '  '], /branco/],
  ['agentIds', ['a/b'], /identificador/],
  ['agentIds', Array.from({ length: 51 }, (_, i) => `a${i}`), /50/],
  ['syncStart', 20260101, /AAAA-MM-DD/],
  ['syncStart', '2026-02-29', /não é uma data válida/],
  ['syncStart', '2026-13-01', /não é uma data válida/],
  ['syncStart', '01/02/2026', /não é uma data válida/],
  ['reconcileDays', '7', /número/],
  ['reconcileDays', 0, /1 a 90/],
  ['reconcileDays', 91, /1 a 90/],
  ['reconcileDays', 2.5, /inteiro/],
  ['reconcileDays', Number.NaN, /número/],
  ['syncIntervalMinutes', '15', /minutos/],
  ['syncIntervalMinutes', 20, /0, 1, 5, 10, 15, 30, 60/],
  ['syncIntervalMinutes', 120, /0, 1, 5, 10, 15, 30, 60/],
  ['slaSeconds', true, /número/],
  ['slaSeconds', 0, /1 a 86\.400/],
  ['slaSeconds', 86_401, /1 a 86\.400/],
  ['abandonMinutes', null, /número/],
  ['abandonMinutes', 0, /1 a 10\.080/],
  ['abandonMinutes', 10_081, /1 a 10\.080/],
  ['csatVariables', [], /ao menos um/],
  ['csatVariables', ['csat', ''], /branco/],
  ['csatVariables', 'csat', /lista/],
  ['csatVariables', [null], /texto/],
  ['rebuildAfterSync', 'true', /verdadeiro ou falso/],
  ['alerts', [], /objeto/],
  ['report', 'daily', /objeto/],
];

describe('validateSettingsPatch', () => {
  it.each(badValues)('rejects %s = %j with a Portuguese message naming the field', (field, value, problem) => {
    const error = rejection({ [field]: value });
    expect(error.field).toBe(field);
    expect(error.message).toContain(`(${field})`);
    expect(error.message).toMatch(problem);
  });

  const badNested: Array<[string, string, unknown]> = [
    ['alerts', 'enabled', 'sim'],
    ['alerts', 'recipients', ['ana@empresa.com', 'não é e-mail']],
    ['alerts', 'recipients', 'ana@empresa.com'],
    ['alerts', 'unansweredMinutes', -1],
    ['alerts', 'unansweredMinutes', 10_081],
    ['alerts', 'slaWindowHours', 0],
    ['alerts', 'slaRateBelow', 80],
    ['alerts', 'slaRateBelow', -0.1],
    ['alerts', 'highFrustration', 1],
    ['alerts', 'syncFailures', 101],
    ['alerts', 'volumeAboveForecast', null],
    ['report', 'frequency', 'monthly'],
    ['report', 'recipients', ['a@b']],
    ['report', 'hour', 24],
    ['report', 'hour', -1],
    ['report', 'attachPdf', 'no'],
  ];
  it.each(badNested)('rejects %s.%s = %j naming the nested field', (group, field, value) => {
    const error = rejection({ [group]: { [field]: value } });
    expect(error.field).toBe(`${group}.${field}`);
    expect(error.message).toContain(`(${group}.${field})`);
  });

  it('rejects an unknown top-level field by name', () => {
    const error = rejection({ reconcileDays: 7, apikey: 'x' });
    expect(error.field).toBe('apikey');
    expect(error.message).toBe('Configurações (apikey): campo desconhecido.');
  });

  it('rejects an unknown field inside alerts and report by its dotted name', () => {
    expect(rejection({ alerts: { enabled: true, email: 'a@b.com' } }).field).toBe('alerts.email');
    expect(rejection({ report: { weekday: 1 } }).field).toBe('report.weekday');
  });

  it.each([null, undefined, 'x', 5, [], [{ reconcileDays: 7 }], new Date(0)])(
    'rejects a patch that is not a plain object (%j)',
    (patch) => {
      expect(rejection(patch).field).toBe('patch');
    },
  );

  it('never echoes the rejected API key in its message', () => {
    const secret = 'sk-live supersecret';
    expect(rejection({ apiKey: secret }).message).not.toContain('supersecret');
  });

  it('allows only 0 or 60 minutes in an Editor add-on', () => {
    for (const minutes of [1, 5, 10, 15, 30]) {
      const error = rejection({ syncIntervalMinutes: minutes }, 'addon');
      expect(error.field).toBe('syncIntervalMinutes');
      expect(error.message).toMatch(/complemento/);
    }
    expect(validateSettingsPatch({ syncIntervalMinutes: 60 }, 'addon')).toEqual({ syncIntervalMinutes: 60 });
    expect(validateSettingsPatch({ syncIntervalMinutes: 0 }, 'addon')).toEqual({ syncIntervalMinutes: 0 });
  });

  it('accepts every interval a bound script may use', () => {
    for (const minutes of [0, 1, 5, 10, 15, 30, 60])
      expect(validateSettingsPatch({ syncIntervalMinutes: minutes }, 'bound')).toEqual({ syncIntervalMinutes: minutes });
  });

  it('accepts the range edges', () => {
    const patch = {
      reconcileDays: 90,
      slaSeconds: 86_400,
      abandonMinutes: 10_080,
      syncStart: '2024-02-29',
      alerts: { slaRateBelow: 1, unansweredMinutes: 0 },
      report: { hour: 0 },
    };
    expect(validateSettingsPatch(patch, 'bound')).toEqual(patch);
    expect(validateSettingsPatch({ reconcileDays: 1, slaSeconds: 1, abandonMinutes: 1 }, 'bound')).toEqual({
      reconcileDays: 1,
      slaSeconds: 1,
      abandonMinutes: 1,
    });
  });

  it('normalises: trims texts, drops a trailing slash, removes duplicate ids, keeps null syncStart', () => {
    const clean = validateSettingsPatch(
      {
        apiKey: '  key-123  ',
        baseUrl: ' http://127.0.0.1:8080/api/ ',
        agentIds: [' clagent01', 'clagent02', 'clagent01 '],
        csatVariables: [' nota '],
        syncStart: null,
        report: { recipients: [' ana@empresa.com.br '] },
      },
      'bound',
    );
    expect(clean).toEqual({
      apiKey: 'key-123',
      baseUrl: 'http://127.0.0.1:8080/api',
      agentIds: ['clagent01', 'clagent02'],
      csatVariables: ['nota'],
      syncStart: null,
      report: { recipients: ['ana@empresa.com.br'] },
    });
  });

  it('keeps an empty API key, which means "remove the key"', () => {
    expect(validateSettingsPatch({ apiKey: '' }, 'bound')).toEqual({ apiKey: '' });
  });
});

describe('applySettingsPatch', () => {
  it('changes only the named fields and merges alerts/report field by field', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, {
      reconcileDays: 14,
      alerts: { enabled: true, recipients: ['ana@empresa.com'] },
      report: { hour: 18 },
    });
    expect(next).toEqual({
      baseUrl: 'https://api.chatvolt.ai',
      agentIds: [],
      syncStart: null,
      reconcileDays: 14,
      syncIntervalMinutes: 0,
      slaSeconds: 300,
      abandonMinutes: 60,
      csatVariables: ['csat', 'satisfaction', 'satisfacao', 'nota'],
      rebuildAfterSync: false,
      alerts: {
        enabled: true,
        recipients: ['ana@empresa.com'],
        unansweredMinutes: 0,
        slaWindowHours: 24,
        slaRateBelow: 0,
        highFrustration: false,
        syncFailures: 0,
        volumeAboveForecast: false,
      },
      report: { frequency: 'off', recipients: [], hour: 18, attachPdf: false },
      messageRetentionDays: 0,
      businessHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [],
    });
  });

  it('accepts a message retention of 0 or 7 to 3,650 days and rejects the rest naming the field', () => {
    expect(validateSettingsPatch({ messageRetentionDays: 0 }, 'bound')).toEqual({ messageRetentionDays: 0 });
    expect(validateSettingsPatch({ messageRetentionDays: 7 }, 'bound')).toEqual({ messageRetentionDays: 7 });
    expect(validateSettingsPatch({ messageRetentionDays: 3650 }, 'bound')).toEqual({ messageRetentionDays: 3650 });
    for (const bad of [3, 6, 3651, 30.5, -1, '30', null]) {
      expect(() => validateSettingsPatch({ messageRetentionDays: bad }, 'bound')).toThrow(/Dias de mensagens mantidos \(messageRetentionDays\)/);
    }
  });

  it('clears syncStart with null', () => {
    expect(applySettingsPatch({ ...DEFAULT_SETTINGS, syncStart: '2026-01-01' }, { syncStart: null }).syncStart).toBeNull();
  });
});

describe('checkMergedSettings', () => {
  const base = applySettingsPatch(DEFAULT_SETTINGS, {});

  it('refuses alerts switched on without a recipient', () => {
    const next = applySettingsPatch(base, { alerts: { enabled: true } });
    expect(() => checkMergedSettings(next, JSON.stringify(next))).toThrow(/\(alerts\.recipients\)/);
  });

  it('refuses a scheduled report without a recipient', () => {
    const next = applySettingsPatch(base, { report: { frequency: 'weekly' } });
    expect(() => checkMergedSettings(next, JSON.stringify(next))).toThrow(/\(report\.recipients\)/);
  });

  it('refuses settings whose JSON would not fit one 9 KB property, naming the longest list', () => {
    const next = applySettingsPatch(base, { agentIds: Array.from({ length: 50 }, (_, i) => `${'a'.repeat(60)}${i}`) });
    // 50 ids of 61-62 chars plus quotes and commas ≈ 3.2 KB: fits.
    expect(() => checkMergedSettings(next, JSON.stringify(next))).not.toThrow();
    expect(() => checkMergedSettings(next, 'x'.repeat(9001))).toThrow(/\(agentIds\).*9 KB/);
  });
});

describe('helpers', () => {
  it('lists the intervals per deployment', () => {
    expect(allowedIntervals('bound')).toEqual([0, 1, 5, 10, 15, 30, 60]);
    expect(allowedIntervals('addon')).toEqual([0, 60]);
  });

  it('knows real calendar dates, leap years included', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-04-30')).toBe(true);
    expect(isIsoDate('2026-4-30')).toBe(false);
    expect(isIsoDate('2026-01-00')).toBe(false);
  });

  it('tells e-mail addresses from other text', () => {
    expect(isEmailAddress('ana.souza+suporte@empresa.com.br')).toBe(true);
    expect(isEmailAddress('ana@empresa')).toBe(false);
    expect(isEmailAddress('ana..souza@empresa.com')).toBe(false);
    expect(isEmailAddress('Ana <ana@empresa.com>')).toBe(false);
    expect(isEmailAddress('ana@-empresa.com')).toBe(false);
  });

  it('counts UTF-8 bytes (1 to 4 per character)', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('ção')).toBe(5); // ç 2, ã 2, o 1
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });
});

describe('validateSettingsPatch across realms', () => {
  it('accepts a plain object built in another realm (node:vm), as the local runtime delivers it', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign: unknown = runInNewContext('({ reconcileDays: 9, alerts: { enabled: false } })');
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype);
    expect(validateSettingsPatch(foreign, 'bound')).toEqual({ reconcileDays: 9, alerts: { enabled: false } });
  });
});
