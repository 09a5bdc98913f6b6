// Alert rules and their de-duplication state: which conditions hold, once-until-cleared, pruning under 9 KB.
import { describe, expect, it } from 'vitest';
import {
  MAX_STATE_CHARS,
  diffAlerts,
  evaluateAlerts,
  hashKey,
  parseAlertState,
  renderAlertEmail,
  serializeAlertState,
  type AlertCondition,
  type AlertInput,
} from '../../../src/server/domain/alerts';
import type { AlertSettings } from '../../../src/shared/dto';
import { record } from '../forecast/synthetic';

const NOW = Date.UTC(2026, 2, 15, 12, 0);
const MIN = 60_000;
const OFF: AlertSettings = {
  enabled: true,
  recipients: ['a@example.com'],
  unansweredMinutes: 0,
  slaWindowHours: 0,
  slaRateBelow: 0,
  highFrustration: false,
  syncFailures: 0,
  volumeAboveForecast: false,
};

function input(settings: Partial<AlertSettings>, rest: Partial<AlertInput> = {}): AlertInput {
  return { records: [], nowMs: NOW, settings: { ...OFF, ...settings }, slaSeconds: 300, syncFailures: 0, lastSyncMessage: null, volume: null, ...rest };
}

describe('evaluateAlerts', () => {
  it('flags conversations awaiting a reply longer than the limit, leaving out a backlog older than 7 days', () => {
    const records = [
      record({ conversation_id: 'old', awaiting_reply: true, last_customer_message_at: new Date(NOW - 31 * MIN) }),
      record({ conversation_id: 'recent', awaiting_reply: true, last_customer_message_at: new Date(NOW - 29 * MIN) }),
      record({ conversation_id: 'answered', awaiting_reply: false, last_customer_message_at: new Date(NOW - 90 * MIN) }),
      record({ conversation_id: 'backlog', awaiting_reply: true, last_customer_message_at: new Date(NOW - 8 * 24 * 60 * MIN) }),
    ];
    const out = evaluateAlerts(input({ unansweredMinutes: 30 }, { records }));
    expect(out.map((c) => c.key)).toEqual(['u:old']);
    expect(out[0]!.detail).toContain('31 min');
  });

  it('computes the SLA rate of the window and leaves out unanswered conversations still inside the SLA time', () => {
    const created = (minutesAgo: number) => new Date(NOW - minutesAgo * MIN);
    const records = [
      record({ created_at: created(60), customer_messages: 1, first_response_time: 100 }), // hit
      record({ created_at: created(60), customer_messages: 1, first_response_time: 400 }), // miss
      record({ created_at: created(30), customer_messages: 2, first_response_time: null }), // never answered: miss
      record({ created_at: created(2), customer_messages: 1, first_response_time: null }), // 120 s old: not yet a miss
      record({ created_at: created(60 * 30), customer_messages: 1, first_response_time: 999 }), // outside 24 h
      record({ created_at: created(10), customer_messages: 0, first_response_time: null }), // no customer message
    ];
    // 1 hit of 3 = 33.3 % < 50 %.
    const out = evaluateAlerts(input({ slaWindowHours: 24, slaRateBelow: 0.5 }, { records }));
    expect(out).toHaveLength(1);
    expect(out[0]!.detail).toContain('33,3 %');
    expect(out[0]!.detail).toContain('3 conversas');
    expect(evaluateAlerts(input({ slaWindowHours: 24, slaRateBelow: 0.3 }, { records }))).toEqual([]);
  });

  it('flags high frustration on conversations created in the last 24 h only', () => {
    const records = [
      record({ conversation_id: 'new4', created_at: new Date(NOW - 60 * MIN), frustration_level: 4 }),
      record({ conversation_id: 'new3', created_at: new Date(NOW - 60 * MIN), frustration_level: 3 }),
      record({ conversation_id: 'old5', created_at: new Date(NOW - 25 * 60 * MIN), frustration_level: 5 }),
    ];
    expect(evaluateAlerts(input({ highFrustration: true }, { records })).map((c) => c.key)).toEqual(['f:new4']);
  });

  it('keeps the newest 300 frustrated conversations, newest first', () => {
    const records = Array.from({ length: 301 }, (_, i) =>
      record({ conversation_id: `c${i}`, created_at: new Date(NOW - (i + 1) * MIN), frustration_level: 5 }),
    );
    const keys = evaluateAlerts(input({ highFrustration: true }, { records: [...records].reverse() })).map((c) => c.key);
    expect(keys).toHaveLength(300);
    expect(keys[0]).toBe('f:c0');
    expect(keys[299]).toBe('f:c299');
  });

  it('flags K failed syncs in a row and today volume above the upper band', () => {
    expect(evaluateAlerts(input({ syncFailures: 3 }, { syncFailures: 2 }))).toEqual([]);
    expect(evaluateAlerts(input({ syncFailures: 3 }, { syncFailures: 3 })).map((c) => c.rule)).toEqual(['sync-failures']);
    const volume = { date: '2026-03-15', today: 51, expected: 40, high: 50 };
    expect(evaluateAlerts(input({ volumeAboveForecast: true }, { volume })).map((c) => c.key)).toEqual(['v:2026-03-15']);
    expect(evaluateAlerts(input({ volumeAboveForecast: true }, { volume: { ...volume, today: 50 } }))).toEqual([]);
  });
});

describe('de-duplication state', () => {
  const c = (key: string): AlertCondition => ({ key, rule: 'unanswered', conversationId: key, subject: null, detail: '' });

  it('alerts a condition once, forgets it when it clears, and alerts it again when it returns', () => {
    const first = diffAlerts([], [c('a'), c('b')]);
    expect(first.fresh.map((x) => x.key)).toEqual(['a', 'b']);
    const second = diffAlerts(first.active, [c('a'), c('b')]);
    expect(second.fresh).toEqual([]);
    const third = diffAlerts(second.active, [c('b')]);
    expect(third.cleared).toBe(1);
    expect(third.active).toEqual([hashKey('b')]);
    const fourth = diffAlerts(third.active, [c('a'), c('b')]);
    expect(fourth.fresh.map((x) => x.key)).toEqual(['a']);
  });

  it('prunes the oldest keys and the e-mail times over an hour old to stay under 9 KB', () => {
    const active = Array.from({ length: 3000 }, (_, i) => hashKey(`u:conversation-${i}`));
    const band = { date: '2026-03-15', expected: 40.5, high: 52.25 };
    const json = serializeAlertState({ active, sent: [NOW - 2 * 3_600_000, NOW - 60_000], failures: 2, band }, NOW);
    expect(json.length).toBeLessThanOrEqual(MAX_STATE_CHARS);
    const back = parseAlertState(json);
    expect(back.active[back.active.length - 1]).toBe(active[2999]);
    expect(back.active.length).toBeGreaterThan(700);
    expect(back.sent).toEqual([NOW - 60_000]);
    expect(back.failures).toBe(2);
    expect(back.band).toEqual(band);
  });

  it('reads a missing or hand-broken state as empty', () => {
    const empty = { active: [], sent: [], failures: 0, band: null };
    expect(parseAlertState(null)).toEqual(empty);
    expect(parseAlertState('{oops')).toEqual(empty);
    expect(parseAlertState('{"a":[1,"x"],"f":-3,"b":{"d":1}}')).toEqual({ ...empty, active: ['x'] });
  });
});

describe('renderAlertEmail', () => {
  it('escapes contact names, titles, ids and the spreadsheet name', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const email = renderAlertEmail(
      [{ key: 'u:1', rule: 'unanswered', conversationId: `id"${evil}`, subject: evil, detail: `x ${evil}` }],
      `Plan ${evil}`,
    );
    expect(email.htmlBody).not.toContain('<img');
    expect(email.htmlBody).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.htmlBody).toContain('id&quot;&lt;img');
    expect(email.subject).toBe('Chatvolt Analytics: 1 alerta(s) — Conversa sem resposta');
    expect(email.htmlBody).toContain('href="https://app.chatvolt.ai/"');
  });

  it('links the spreadsheet only when its address is a Google Sheets one', () => {
    const one: AlertCondition[] = [{ key: 'sync', rule: 'sync-failures', conversationId: null, subject: null, detail: 'd' }];
    const sheet = 'https://docs.google.com/spreadsheets/d/abc/edit';
    expect(renderAlertEmail(one, 'P', sheet).htmlBody).toContain(`<a href="${sheet}">Abrir a planilha</a>`);
    expect(renderAlertEmail(one, 'P', 'javascript:alert(1)').htmlBody).not.toContain('Abrir a planilha');
  });

  it('lists at most 30 conversations per rule and counts the rest', () => {
    const many = Array.from({ length: 35 }, (_, i): AlertCondition => ({ key: `u:${i}`, rule: 'unanswered', conversationId: `c${i}`, subject: null, detail: 'd' }));
    const email = renderAlertEmail(many, 'P');
    expect(email.htmlBody.match(/<li>/g)).toHaveLength(31);
    expect(email.htmlBody).toContain('e mais 5');
  });
});
