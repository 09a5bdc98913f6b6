// Unit tests of the settings dialog's pure helpers: error placement, the patch of the new fields, the week summary.
import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/shared/dto';
import { emptyWeek, normalizeHolidays, PRESETS, weekSummary } from '../../src/client/settings/business-hours';
import { buildPatch, fieldOfMessage, type SettingsDraft } from '../../src/client/settings/form';
import { fixtureSettings } from '../browser/fixtures/settings';

const FIELDS = ['reconcileDays', 'alerts.recipients', 'businessHours', 'businessHours.mon', 'businessHours.tue', 'holidays', 'messageRetentionDays'];

describe('fieldOfMessage', () => {
  it('finds the field named in parentheses', () => {
    expect(fieldOfMessage('Dias de reconciliação (reconcileDays): de 1 a 90.', FIELDS)).toBe('reconcileDays');
    expect(fieldOfMessage('Destinatários (alerts.recipients): inválido.', FIELDS)).toBe('alerts.recipients');
  });
  it('sends a deeper path to the nearest field with a slot', () => {
    expect(fieldOfMessage('Horário (businessHours.tue[1]): fim antes do início.', FIELDS)).toBe('businessHours.tue');
    expect(fieldOfMessage('Horário (businessHours.sat): sobreposição.', FIELDS)).toBe('businessHours');
    expect(fieldOfMessage('Feriados (holidays[3]): data inválida.', FIELDS)).toBe('holidays');
  });
  it('returns null when no known field is named', () => {
    expect(fieldOfMessage('Campo desconhecido (foo): não existe.', FIELDS)).toBeNull();
    expect(fieldOfMessage('Erro inesperado (tente de novo).', FIELDS)).toBeNull();
  });
});

function draftOf(view: SettingsView, changes: Partial<SettingsDraft>): SettingsDraft {
  return {
    baseUrl: view.baseUrl,
    agentIds: view.agentIds,
    syncStart: view.syncStart,
    reconcileDays: view.reconcileDays,
    syncIntervalMinutes: view.syncIntervalMinutes,
    slaSeconds: view.slaSeconds,
    abandonMinutes: view.abandonMinutes,
    csatVariables: view.csatVariables,
    rebuildAfterSync: view.rebuildAfterSync,
    alerts: view.alerts,
    report: view.report,
    businessHours: emptyWeek(),
    holidays: [],
    messageRetentionDays: 0,
    ...changes,
  };
}

describe('buildPatch (service-depth fields)', () => {
  const noKey = { typed: '', remove: false };
  it('sends only what changed, the whole week when any day changed', () => {
    const view = fixtureSettings();
    const week = { ...emptyWeek(), fri: [['09:00', '17:00']] as Array<[string, string]> };
    expect(buildPatch(view, draftOf(view, {}), noKey)).toEqual({});
    expect(buildPatch(view, draftOf(view, { businessHours: week }), noKey)).toEqual({ businessHours: week });
    expect(buildPatch(view, draftOf(view, { holidays: ['2026-12-25'], messageRetentionDays: 180 }), noKey)).toEqual({
      holidays: ['2026-12-25'],
      messageRetentionDays: 180,
    });
    expect(buildPatch(view, draftOf(view, { messageRetentionDays: null }), noKey)).toEqual({ messageRetentionDays: null });
  });
  it('treats settings a server does not send yet as off, and stored holidays in any order as the same list', () => {
    const { businessHours: _b, holidays: _h, messageRetentionDays: _m, ...rest } = fixtureSettings();
    // A server of the previous version: the fields are absent, whatever today's type says.
    const older = rest as ReturnType<typeof fixtureSettings>;
    expect(buildPatch(older, draftOf(older, {}), noKey)).toEqual({});
    const unordered = fixtureSettings({ holidays: ['2026-12-25', '2026-01-01'] });
    expect(buildPatch(unordered, draftOf(unordered, { holidays: ['2026-01-01', '2026-12-25'] }), noKey)).toEqual({});
  });
});

describe('weekSummary and presets', () => {
  it('joins consecutive days with the same hours', () => {
    const week = PRESETS.find((p) => p.id === 'weekdays')!.week();
    expect(weekSummary(week)).toBe('seg–sex 08:00–18:00');
    week.wed = [['08:00', '12:00']];
    week.sun = [['10:00', '14:00']];
    expect(weekSummary(week)).toBe('seg–ter 08:00–18:00 · qua 08:00–12:00 · qui–sex 08:00–18:00 · dom 10:00–14:00');
    expect(weekSummary(PRESETS.find((p) => p.id === 'weekdays-lunch')!.week())).toBe('seg–sex 08:00–12:00, 13:00–18:00');
    expect(weekSummary(PRESETS.find((p) => p.id === 'with-saturday')!.week())).toBe('seg–sáb 08:00–18:00');
    expect(weekSummary(PRESETS.find((p) => p.id === 'clear')!.week())).toBe('desligado');
  });
  it('keeps holidays distinct and in date order', () => {
    expect(normalizeHolidays(['2026-12-25', '2026-01-01', '2026-12-25'])).toEqual(['2026-01-01', '2026-12-25']);
  });
});
