// Tests of the seeded organisation generator: determinism, shape of the data and the edge cases it must contain.
import { describe, expect, it } from 'vitest';
import { generateOrganisation } from './index';
import type { ApiAssignee, ApiMessage, FakeOrganisation } from './index';

/** Sender class per chatvolt-api.md, written out independently of the fake's own bookkeeping. */
function senderClass(m: ApiMessage): string {
  if (m.from === 'human' && m.userId === null) return 'customer';
  if (m.userId !== null && m.contactId === null && m.visitorId === null) return 'operator';
  const aiMarker = m.agentModel !== null || m.usage !== null || m.usageCredits !== null || m.sources.length > 0 || m.inputId !== null;
  return m.from === 'agent' && aiMarker ? 'ai' : 'unknown_agent';
}

function assigneeShape(a: ApiAssignee): string {
  if ('user' in a) return 'id' in a ? 'id+user' : 'user';
  return 'id+email';
}

function allMessages(org: FakeOrganisation): ApiMessage[] {
  return Object.values(org.messages).flat();
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();
function localHour(iso: string, timeZone: string): number {
  let format = hourFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    hourFormats.set(timeZone, format);
  }
  return Number(format.format(new Date(iso)));
}

const defaults = generateOrganisation();

describe('generateOrganisation', () => {
  it('gives the same organisation for the same seed and a different one for another seed', () => {
    const a = generateOrganisation({ seed: 42, conversations: 40 });
    const b = generateOrganisation({ seed: 42, conversations: 40 });
    const c = generateOrganisation({ seed: 43, conversations: 40 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.conversations.map((x) => x.id)).not.toEqual(a.conversations.map((x) => x.id));
  });

  it('creates the requested number of conversations, oldest first, inside the history window', () => {
    const org = generateOrganisation({ conversations: 75, days: 30, now: '2026-03-15T12:00:00.000Z' });
    expect(org.conversations).toHaveLength(75);
    const created = org.conversations.map((c) => c.createdAt);
    expect([...created].sort()).toEqual(created);
    for (const c of org.conversations) {
      expect(c.createdAt >= '2026-02-13T12:00:00.000Z').toBe(true);
      expect(c.updatedAt <= '2026-03-15T12:00:00.000Z').toBe(true);
      expect(c.updatedAt >= c.createdAt).toBe(true);
    }
  });

  it('keeps every message after its conversation starts, before now, in chronological order', () => {
    for (const c of defaults.conversations) {
      const messages = defaults.messages[c.id] ?? [];
      expect(messages.length).toBeGreaterThan(0);
      const times = messages.map((m) => m.createdAt);
      expect([...times].sort()).toEqual(times);
      expect(times[0]! >= c.createdAt).toBe(true);
      expect(times[times.length - 1]! <= '2026-03-15T12:00:00.000Z').toBe(true);
      for (const m of messages) expect(m.conversationId).toBe(c.id);
    }
  });

  it('has about messagesPerConversation messages per conversation on average', () => {
    const org = generateOrganisation({ conversations: 300, messagesPerConversation: 8 });
    const mean = allMessages(org).length / 300;
    expect(mean).toBeGreaterThan(6);
    expect(mean).toBeLessThan(10);
  });

  it('contains all four sender classes, with operators writing as both agent and human', () => {
    const messages = allMessages(defaults);
    const classes = new Set(messages.map(senderClass));
    expect([...classes].sort()).toEqual(['ai', 'customer', 'operator', 'unknown_agent']);
    const operatorFroms = new Set(messages.filter((m) => senderClass(m) === 'operator').map((m) => m.from));
    expect([...operatorFroms].sort()).toEqual(['agent', 'human']);
  });

  it('marks customers by contactId or visitorId and AI answers with model, usage, inputId and evals', () => {
    const messages = allMessages(defaults);
    const customers = messages.filter((m) => senderClass(m) === 'customer');
    expect(customers.some((m) => m.contactId !== null)).toBe(true);
    expect(customers.some((m) => m.visitorId !== null)).toBe(true);
    const ai = messages.filter((m) => senderClass(m) === 'ai');
    expect(ai.some((m) => m.agentModel !== null && m.usage !== null && m.inputId !== null)).toBe(true);
    expect(new Set(ai.map((m) => m.eval))).toEqual(new Set(['good', 'bad', null]));
    const ids = new Set(messages.map((m) => m.id));
    for (const m of ai) if (m.inputId !== null) expect(ids.has(m.inputId)).toBe(true);
  });

  it('holds escalations, unanswered conversations and all three assignee shapes', () => {
    const escalated = defaults.conversations.filter((c) => c.status === 'HUMAN_REQUESTED');
    expect(escalated.length).toBeGreaterThan(0);
    for (const c of escalated) expect(c.isAiEnabled).toBe(false);
    const unanswered = defaults.conversations.filter((c) => (defaults.messages[c.id] ?? []).every((m) => senderClass(m) === 'customer'));
    expect(unanswered.length).toBeGreaterThan(0);
    const shapes = new Set(defaults.conversations.flatMap((c) => c.assignees ?? []).map(assigneeShape));
    expect([...shapes].sort()).toEqual(['id+email', 'id+user', 'user']);
  });

  it('gives frustration on both scales and null', () => {
    const values = defaults.conversations.map((c) => c.frustration);
    expect(values.some((v) => v === null)).toBe(true);
    expect(values.some((v) => v !== null && v > 0 && v < 1)).toBe(true);
    expect(values.some((v) => v !== null && v > 1 && v <= 100)).toBe(true);
  });

  it('writes satisfaction variables valid, with a decimal comma, padded, as a word and out of range', () => {
    const values = defaults.conversations.flatMap((c) => c.conversationVariables ?? []);
    const names = new Set(values.map((v) => v.varName));
    for (const name of ['csat', 'nota', 'satisfacao']) expect(names.has(name)).toBe(true);
    const raw = new Set(values.map((v) => v.varValue));
    for (const value of ['5', '4,5', ' 3 ', 'ótimo', '7']) expect(raw.has(value)).toBe(true);
  });

  it('spreads channels with whatsapp first and keeps odd ones such as mercadolivre and mixed case', () => {
    const counts = new Map<string, number>();
    for (const c of defaults.conversations) counts.set(c.channel, (counts.get(c.channel) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(top).toBe('whatsapp');
    expect(counts.has('mercadolivre')).toBe(true);
    expect(counts.has('WhatsApp')).toBe(true);
    for (const channel of ['website', 'instagram', 'telegram']) expect(counts.has(channel)).toBe(true);
  });

  it('uses between three and six AI agents and leaves some conversations without one', () => {
    const org = generateOrganisation({ conversations: 400, seed: 9 });
    const agents = new Set(org.conversations.map((c) => c.agentId).filter((id) => id !== null));
    expect(agents.size).toBeGreaterThanOrEqual(3);
    expect(agents.size).toBeLessThanOrEqual(6);
    expect(org.conversations.some((c) => c.agentId === null)).toBe(true);
  });

  it('puts hostile strings, accents, emoji and a message over 60,000 characters in even a ten-conversation organisation', () => {
    const org = generateOrganisation({ conversations: 10, seed: 5 });
    const texts = [
      ...org.conversations.map((c) => c.title ?? ''),
      ...org.conversations.flatMap((c) => c.participantsContacts ?? []).flatMap((p) => [p.firstName ?? '', p.lastName ?? '']),
      ...allMessages(org).map((m) => m.text),
    ];
    for (const hostile of ['=HYPERLINK("http://x","y")', '+5511988887777', '-cmd', '@SUM(1)', '<img src=x onerror=alert(1)>']) {
      expect(texts).toContain(hostile);
    }
    expect(texts.some((t) => /[ãçéêíóú]/.test(t))).toBe(true);
    expect(texts.some((t) => /\p{Extended_Pictographic}/u.test(t))).toBe(true);
    expect(allMessages(org).some((m) => m.text.length > 60_000)).toBe(true);
    const classes = new Set(allMessages(org).map(senderClass));
    expect(classes.size).toBe(4);
  });

  it('keeps every sender class, assignee shape, escalation and eval in ten conversations of a short, sparse history', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const org = generateOrganisation({ seed, conversations: 10, days: 1, messagesPerConversation: 2 });
      const messages = allMessages(org);
      expect(new Set(messages.map(senderClass)).size).toBe(4);
      expect(new Set(org.conversations.flatMap((c) => c.assignees ?? []).map(assigneeShape)).size).toBe(3);
      expect(org.conversations.some((c) => c.status === 'HUMAN_REQUESTED')).toBe(true);
      expect(messages.some((m) => m.eval === 'good') && messages.some((m) => m.eval === 'bad')).toBe(true);
      expect(org.conversations.some((c) => c.frustration !== null && c.frustration > 1)).toBe(true);
    }
  });

  it('concentrates conversations in business hours and on weekdays of the time zone', () => {
    const org = generateOrganisation({ conversations: 700, seed: 3, messagesPerConversation: 2, timeZone: 'America/Sao_Paulo' });
    const hours = org.conversations.map((c) => localHour(c.createdAt, 'America/Sao_Paulo'));
    const day = hours.filter((h) => h >= 9 && h < 18).length;
    const night = hours.filter((h) => h < 6).length;
    // 9 day hours against 6 night hours: without shaping the ratio would be about 1.5.
    expect(day).toBeGreaterThan(night * 10);
    const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Sao_Paulo', weekday: 'short' });
    const sundays = org.conversations.filter((c) => weekday.format(new Date(c.createdAt)) === 'Sun').length;
    // An even spread would put 100 of 700 on Sundays.
    expect(sundays).toBeLessThan(50);
  });

  it('shifts the daily peak with the time zone', () => {
    const org = generateOrganisation({ conversations: 600, seed: 3, messagesPerConversation: 2, timeZone: 'Asia/Tokyo' });
    const tokyoDay = org.conversations.filter((c) => { const h = localHour(c.createdAt, 'Asia/Tokyo'); return h >= 9 && h < 18; }).length;
    expect(tokyoDay).toBeGreaterThan(600 / 2);
  });
});
