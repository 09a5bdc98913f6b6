// The SLA alert on business time (metrics.md §6), as the dashboard's SLA rate, by hand.
import { describe, expect, it } from 'vitest';
import { evaluateAlerts, type AlertInput } from '../../../src/server/domain/alerts';
import { businessCalendar } from '../../../src/server/domain/business-hours';
import { noBusinessHours } from '../../../src/server/domain/business-hours-settings';
import { record } from '../forecast/synthetic';

// Sunday 2026-03-15 12:00 UTC; the office opens Monday to Friday 08:00–18:00 UTC.
const NOW = Date.UTC(2026, 2, 15, 12, 0);
const MIN = 60_000;
const OFFICE = { ...noBusinessHours(), mon: [['08:00', '18:00']], tue: [['08:00', '18:00']], wed: [['08:00', '18:00']], thu: [['08:00', '18:00']], fri: [['08:00', '18:00']] } as ReturnType<typeof noBusinessHours>;
const created = (minutesAgo: number) => new Date(NOW - minutesAgo * MIN);
const records = [
  // 4,000 s wall-clock, 100 s of business time: a hit on business time only.
  record({ created_at: created(600), customer_messages: 1, first_response_time: 4000, first_response_business_time: 100 }),
  // 500 s wall-clock, 400 s business: a miss either way.
  record({ created_at: created(600), customer_messages: 1, first_response_time: 500, first_response_business_time: 400 }),
  // Unanswered for an hour on a Sunday: 0 business seconds waited, not a miss yet on business time.
  record({ created_at: created(60), first_customer_message_at: created(60), customer_messages: 1 }),
  // Answered in 400 s without a business value (not computed by the add-on): unknown on business time.
  record({ created_at: created(600), customer_messages: 1, first_response_time: 400 }),
];
const input = (calendar?: AlertInput['calendar']): AlertInput => ({
  records,
  nowMs: NOW,
  settings: { enabled: true, recipients: ['a@example.com'], unansweredMinutes: 0, slaWindowHours: 24, slaRateBelow: 0.6, highFrustration: false, syncFailures: 0, volumeAboveForecast: false },
  slaSeconds: 300,
  syncFailures: 0,
  lastSyncMessage: null,
  volume: null,
  ...(calendar ? { calendar } : {}),
});

describe('SLA alert with business hours', () => {
  it('counts business seconds: 1 hit of 2 known = 50 % < 60 %', () => {
    const out = evaluateAlerts(input(businessCalendar(OFFICE, [], 'UTC')));
    expect(out.map((c) => c.detail)).toEqual([
      '50,0 % das 2 conversas das últimas 24 h respondidas em até 300 s em horário de atendimento (meta 60,0 %)',
    ]);
  });

  it('counts wall-clock seconds while business hours are off: 0 of 4', () => {
    expect(evaluateAlerts(input(businessCalendar(noBusinessHours(), [], 'UTC'))).map((c) => c.detail)).toEqual([
      '0,0 % das 4 conversas das últimas 24 h respondidas em até 300 s (meta 60,0 %)',
    ]);
  });
});
