// Business hours and holidays in getSettings/saveSettings, through the built bundle: stored, read back, bad patches refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../src/shared/dto';
import { createRuntime, type LocalRuntime } from '../../runtime/index';
import { removeSnapshot, snapshotDist } from '../settings/dist-snapshot';

let runtimes: LocalRuntime[] = [];
let distDir = '';
beforeAll(() => {
  distDir = snapshotDist(['Code.js']);
});
afterAll(() => removeSnapshot(distDir));
afterEach(() => {
  for (const r of runtimes) r.dispose();
  runtimes = [];
});

function runtime(): LocalRuntime {
  const created = createRuntime({ distDir });
  runtimes.push(created);
  return created;
}

function settings(rt: LocalRuntime): SettingsView {
  const result = rt.run<SettingsView>('getSettings', []);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function failure(rt: LocalRuntime, patch: unknown): string {
  const result = rt.run('saveSettings', [patch]);
  if (result.ok) throw new Error('saveSettings succeeded');
  return result.error.message;
}

const CLOSED = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('business hours and holidays settings', () => {
  it('are off by default (every weekday empty, no holiday)', () => {
    const view = settings(runtime());
    expect(view.businessHours).toEqual(CLOSED);
    expect(view.holidays).toEqual([]);
  });

  it('store the named weekdays (sorted, trimmed) and holidays (de-duplicated, sorted), keeping the other days', () => {
    const rt = runtime();
    const saved = rt.run<SettingsView>('saveSettings', [
      {
        businessHours: { mon: [['13:00', '18:00'], [' 08:00', '12:00 ']], sat: [['09:00', '24:00']] },
        holidays: ['2026-12-25', '2026-01-01', '2026-12-25'],
      },
    ]);
    expect(saved.ok).toBe(true);
    rt.run('saveSettings', [{ businessHours: { tue: [['08:00', '18:00']] } }]);
    const view = settings(rt);
    expect(view.businessHours).toEqual({
      ...CLOSED,
      mon: [['08:00', '12:00'], ['13:00', '18:00']],
      tue: [['08:00', '18:00']],
      sat: [['09:00', '24:00']],
    });
    expect(view.holidays).toEqual(['2026-01-01', '2026-12-25']);
  });

  it('refuse a bad interval with a Portuguese message naming the weekday, and store nothing', () => {
    const rt = runtime();
    rt.run('saveSettings', [{ businessHours: { mon: [['08:00', '18:00']] }, slaSeconds: 120 }]);
    const before = JSON.stringify([...rt.properties.document]);
    expect(failure(rt, { slaSeconds: 60, businessHours: { tue: [['18:00', '08:00']] } })).toBe(
      'Horário de atendimento (terça) (businessHours.tue): o intervalo 18:00–08:00 deve começar antes de terminar, no mesmo dia.',
    );
    expect(failure(rt, { businessHours: { wed: [['08:00', '12:00'], ['11:30', '14:00']] } })).toBe(
      'Horário de atendimento (quarta) (businessHours.wed): os intervalos 08:00–12:00 e 11:30–14:00 se sobrepõem.',
    );
    expect(failure(rt, { businessHours: { thu: [['8:00', '12:00']] } })).toMatch(/^Horário de atendimento \(quinta\) .*"8:00" não é um horário HH:mm válido/);
    expect(failure(rt, { businessHours: { fri: [['08:00', '24:30']] } })).toMatch(/\(sexta\).*"24:30"/);
    expect(failure(rt, { businessHours: { funday: [] } })).toMatch(/businessHours\.funday.*dia desconhecido/);
    expect(failure(rt, { businessHours: [] })).toMatch(/^Horário de atendimento \(businessHours\)/);
    expect(failure(rt, { holidays: ['2026-02-30'] })).toBe('Feriados (holidays): "2026-02-30" não é uma data AAAA-MM-DD válida.');
    expect(failure(rt, { holidays: '2026-12-25' })).toMatch(/^Feriados \(holidays\)/);
    expect(JSON.stringify([...rt.properties.document])).toBe(before);
    expect(settings(rt).slaSeconds).toBe(120);
    expect(settings(rt).businessHours.mon).toEqual([['08:00', '18:00']]);
  });

  it('accept touching intervals (one ends when the next starts)', () => {
    const rt = runtime();
    expect(rt.run('saveSettings', [{ businessHours: { mon: [['08:00', '12:00'], ['12:00', '18:00']] } }]).ok).toBe(true);
  });
});
