// Sender classification rules (metrics.md §1) in their order, and the message order.
import { describe, expect, it } from 'vitest';
import { classifySender, parseApiTime, sortMessages } from '../../../src/server/domain/sender';
import { message } from './helpers';

describe('classifySender', () => {
  it('rule 1: a human message without a team member is the customer, with a contact, a visitor or neither', () => {
    expect(classifySender(message({ id: '1', from: 'human', contactId: 'ct' }))).toBe('customer');
    expect(classifySender(message({ id: '2', from: 'human', visitorId: 'v' }))).toBe('customer');
    expect(classifySender(message({ id: '3', from: 'human' }))).toBe('customer');
  });

  it('rule 2: a team member without contact or visitor is an operator, whatever `from` says', () => {
    expect(classifySender(message({ id: '1', from: 'agent', userId: 'u' }))).toBe('operator');
    expect(classifySender(message({ id: '2', from: 'human', userId: 'u' }))).toBe('operator');
    expect(classifySender(message({ id: '3', from: null, userId: 'u' }))).toBe('operator');
  });

  it('rule 2 comes before rule 3: an operator message carrying AI traces is still an operator', () => {
    const m = message({ id: '1', from: 'agent', userId: 'u', agentModel: 'gpt_4o', inputId: 'x', hasUsage: true });
    expect(classifySender(m)).toBe('operator');
  });

  it('rule 3: an agent message with any single AI trace is ai', () => {
    const traces = [
      { agentModel: 'gpt_4o_mini' },
      { hasUsage: true },
      { hasUsageCredits: true },
      { hasSources: true },
      { inputId: 'm1' },
    ];
    for (const trace of traces) {
      expect(classifySender(message({ id: 'a', from: 'agent', ...trace }))).toBe('ai');
    }
  });

  it('rule 3 applies when a team member is paired with a contact (rule 2 does not match)', () => {
    expect(classifySender(message({ id: 'a', from: 'agent', userId: 'u', contactId: 'ct', agentModel: 'm' }))).toBe('ai');
  });

  it('rule 4: an agent message without any AI trace is unknown_agent', () => {
    expect(classifySender(message({ id: 'a', from: 'agent', agentId: 'clagent01' }))).toBe('unknown_agent');
    expect(classifySender(message({ id: 'b', from: 'agent', userId: 'u', visitorId: 'v' }))).toBe('unknown_agent');
  });

  it('treats empty strings as not set', () => {
    expect(classifySender(message({ id: 'a', from: 'human', userId: '' }))).toBe('customer');
    expect(classifySender(message({ id: 'b', from: 'agent', userId: '' }))).toBe('unknown_agent');
    expect(classifySender(message({ id: 'c', from: 'agent', agentModel: '', inputId: '' }))).toBe('unknown_agent');
    expect(classifySender(message({ id: 'd', from: 'agent', userId: 'u', contactId: '', visitorId: '' }))).toBe('operator');
  });

  it('falls back to customer for an unmatched human message and unknown_agent for anything else', () => {
    expect(classifySender(message({ id: 'a', from: 'human', userId: 'u', contactId: 'ct' }))).toBe('customer');
    expect(classifySender(message({ id: 'b', from: null }))).toBe('unknown_agent');
    expect(classifySender(message({ id: 'c', from: 'system', visitorId: 'v' }))).toBe('unknown_agent');
  });

  it('compares `from` case-insensitively', () => {
    expect(classifySender(message({ id: 'a', from: 'HUMAN', visitorId: 'v' }))).toBe('customer');
    expect(classifySender(message({ id: 'b', from: 'Agent', agentModel: 'm' }))).toBe('ai');
  });
});

describe('sortMessages', () => {
  it('orders by time, not by the text of the timestamp', () => {
    const ms = [
      message({ id: 'z', createdAt: '2026-03-01T09:00:00-03:00' }), // 12:00Z
      message({ id: 'y', createdAt: '2026-03-01T11:30:00Z' }),
      message({ id: 'x', createdAt: '2026-03-01T12:00:00.001Z' }),
    ];
    expect(sortMessages(ms).map((m) => m.id)).toEqual(['y', 'z', 'x']);
  });

  it('breaks ties on time by id in plain string order (not locale, not numeric)', () => {
    const t = '2026-03-01T12:00:00.000Z';
    const ms = ['m9', 'a', 'm10', 'B'].map((id) => message({ id, createdAt: t }));
    expect(sortMessages(ms).map((m) => m.id)).toEqual(['B', 'a', 'm10', 'm9']);
  });

  it('puts messages with a missing or unreadable time last, by id', () => {
    const ms = [
      message({ id: 'b', createdAt: null }),
      message({ id: 'c', createdAt: '2026-03-01T12:00:00Z' }),
      message({ id: 'a', createdAt: 'ontem' }),
    ];
    expect(sortMessages(ms).map((m) => m.id)).toEqual(['c', 'a', 'b']);
  });

  it('returns a new array and leaves the input untouched', () => {
    const ms = [message({ id: 'b', createdAt: '2026-03-02T00:00:00Z' }), message({ id: 'a', createdAt: '2026-03-01T00:00:00Z' })];
    const sorted = sortMessages(ms);
    expect(ms.map((m) => m.id)).toEqual(['b', 'a']);
    expect(sorted.map((m) => m.id)).toEqual(['a', 'b']);
  });
});

describe('parseApiTime', () => {
  it('reads ISO times with and without an offset, a zone-less time as UTC', () => {
    expect(parseApiTime('2026-03-01T12:03:11.412Z')).toBe(Date.UTC(2026, 2, 1, 12, 3, 11, 412));
    expect(parseApiTime('2026-03-01T09:00:00-03:00')).toBe(Date.UTC(2026, 2, 1, 12, 0, 0));
    expect(parseApiTime('2026-03-01 12:00:00')).toBe(Date.UTC(2026, 2, 1, 12, 0, 0));
  });

  it('reads a zone-less time as UTC even when the process runs in another time zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Sao_Paulo';
    try {
      expect(parseApiTime('2026-03-01T12:00:00')).toBe(Date.UTC(2026, 2, 1, 12, 0, 0));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('returns null for missing or unreadable times', () => {
    expect(parseApiTime(null)).toBeNull();
    expect(parseApiTime('')).toBeNull();
    expect(parseApiTime('ontem')).toBeNull();
  });
});
