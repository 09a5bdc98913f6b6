// "Conversas" and "Mensagens" records from Chatvolt data (metrics.md §2), expected values worked out by hand.
import { describe, expect, it } from 'vitest';
import { parseConversation, parseMessagesAnswer, type ChatvoltConversation, type ChatvoltMessage } from '../../../src/server/domain/chatvolt';
import {
  buildConversationRecord,
  buildMessageRecords,
  normaliseFrustration,
  parseSatisfaction,
  type ConversationRowOptions,
} from '../../../src/server/domain/conversation-row';
import { ai, conversation, customer, fixture, message, operator } from './helpers';

const SYNCED_AT = new Date(Date.UTC(2026, 2, 10, 8, 0, 0));
const OPTIONS: ConversationRowOptions = {
  csatVariables: ['csat', 'satisfaction', 'satisfacao', 'nota'],
  syncedAt: SYNCED_AT,
  existingSatisfaction: null,
};

function parsedConversation(name: string): ChatvoltConversation {
  const c = parseConversation(fixture(name));
  if (!c) throw new Error(`fixture ${name} is not a conversation`);
  return c;
}

function parsedMessages(name: string): ChatvoltMessage[] {
  return parseMessagesAnswer(fixture(name)).messages;
}

const utc = (iso: string) => new Date(iso);

describe('buildConversationRecord', () => {
  it('builds the whole row of the documented example', () => {
    const record = buildConversationRecord(
      parsedConversation('conversation-detail.json'),
      parsedMessages('messages-answer.json'),
      OPTIONS,
    );
    expect(record).toEqual({
      conversation_id: 'clconv01',
      created_at: utc('2026-03-01T12:03:11.412Z'),
      updated_at: utc('2026-03-01T12:20:45.009Z'),
      status: 'HUMAN_REQUESTED',
      priority: 'HIGH',
      channel: 'whatsapp',
      visitor_id: null,
      agent_id: 'clagent01',
      frustration_level: 4, // floor(0.62 × 5) + 1
      first_response_time: 3, // 12:03:14.020 − 12:03:11.412 = 2.608 s
      resolution_time: null,
      message_count: 3,
      satisfaction_score: 4,
      resolved: false,
      escalated_to_human: true,
      contact_name: 'Maria Silva',
      contact_email: null,
      title: 'Troca de produto',
      contact_phone: '5511988887777',
      assignees: 'joao@empresa.com',
      ai_enabled: false,
      tags: 'troca',
      frustration_score: 0.62,
      first_human_response_time: 711, // 12:15:02.000 − 12:03:11.412 = 710.588 s
      customer_messages: 1,
      ai_messages: 1,
      operator_messages: 1,
      unknown_agent_messages: 0,
      awaiting_reply: false,
      last_customer_message_at: utc('2026-03-01T12:03:11.412Z'),
      last_message_at: utc('2026-03-01T12:15:02.000Z'),
      ai_rating_good: 1,
      ai_rating_bad: 0,
      synced_at: SYNCED_AT,
      // No business hours given: the §6 columns stay blank.
      first_response_business_time: null,
      first_human_response_business_time: null,
      resolution_business_time: null,
      created_in_business_hours: null,
      // m3 is the only operator message (userId clusr01): one message = 0 min of handling.
      first_operator_id: 'clusr01',
      operator_ids: 'clusr01',
      operator_handling_time: 0,
      first_customer_message_at: utc('2026-03-01T12:03:11.412Z'),
    });
  });

  it('measures a resolved conversation in minutes with 2 decimals and lower-cases the channel', () => {
    const list = parseConversationListItem('clconv10');
    const messages = [
      customer('a', '2026-03-02T10:00:05.000Z'),
      ai('b', '2026-03-02T10:00:35.000Z'),
      customer('c', '2026-03-02T10:05:00.000Z'),
    ];
    const record = buildConversationRecord(list, messages, { ...OPTIONS, existingSatisfaction: 3 });
    expect(record).toMatchObject({
      resolved: true,
      resolution_time: 90.51, // 10:00:00.000 → 11:30:30.500 = 90.508… min
      channel: 'whatsapp',
      first_response_time: 30,
      awaiting_reply: false, // resolved, although the customer wrote last
      last_customer_message_at: utc('2026-03-02T10:05:00.000Z'),
      escalated_to_human: false,
      satisfaction_score: 3,
      frustration_level: null,
      frustration_score: null,
      // relations absent from a list item: blank, not "known to be empty"
      contact_name: null,
      assignees: null,
      tags: null,
    });
  });

  it('rounds a short resolution up to the hundredth of a minute', () => {
    const c = conversation({ status: 'RESOLVED', createdAt: '2026-03-02T10:00:00.000Z', updatedAt: '2026-03-02T10:00:01.000Z' });
    expect(buildConversationRecord(c, [], OPTIONS).resolution_time).toBe(0.02); // 1/60 = 0.01666…
  });

  it('leaves resolution blank when not resolved or when a time is unreadable', () => {
    const open = conversation({ status: 'UNRESOLVED', createdAt: '2026-03-02T10:00:00Z', updatedAt: '2026-03-02T11:00:00Z' });
    const broken = conversation({ status: 'RESOLVED', createdAt: 'ontem', updatedAt: '2026-03-02T11:00:00Z' });
    expect(buildConversationRecord(open, [], OPTIONS).resolution_time).toBeNull();
    const record = buildConversationRecord(broken, [], OPTIONS);
    expect(record).toMatchObject({ resolution_time: null, created_at: null, resolved: true });
  });

  it('leaves resolved blank when the status is unknown', () => {
    expect(buildConversationRecord(conversation({ status: null }), [], OPTIONS).resolved).toBeNull();
  });

  it('measures first response from the first customer message, ignoring staff messages before it', () => {
    const messages = [
      ai('g', '2026-03-01T12:00:00.000Z'),
      operator('o', '2026-03-01T12:00:10.000Z'),
      customer('c', '2026-03-01T12:01:00.000Z'),
      ai('r', '2026-03-01T12:01:07.500Z'),
    ];
    const record = buildConversationRecord(conversation({ status: 'UNRESOLVED' }), messages, OPTIONS);
    expect(record.first_response_time).toBe(8); // Math.round(7.5)
    expect(record.first_human_response_time).toBeNull(); // the only operator message came before
    expect(record.operator_messages).toBe(1);
  });

  it('measures the first human response to the first operator message after the first customer message', () => {
    const messages = [
      customer('c1', '2026-03-01T12:00:00.000Z'),
      ai('a1', '2026-03-01T12:00:02.400Z'),
      customer('c2', '2026-03-01T12:01:00.000Z'),
      operator('o1', '2026-03-01T12:02:05.500Z'),
      operator('o2', '2026-03-01T12:03:00.000Z'),
    ];
    const record = buildConversationRecord(conversation({ status: 'UNRESOLVED' }), messages, OPTIONS);
    expect(record.first_response_time).toBe(2);
    expect(record.first_human_response_time).toBe(126); // 125.5 s rounds up
    expect(record.awaiting_reply).toBe(false);
  });

  it('counts an unknown_agent reply as a staff response but not as a human one', () => {
    const messages = [
      customer('c', '2026-03-01T12:00:00.000Z'),
      message({ id: 'u', from: 'agent', createdAt: '2026-03-01T12:00:40.000Z' }),
    ];
    const record = buildConversationRecord(conversation({ status: 'UNRESOLVED' }), messages, OPTIONS);
    expect(record).toMatchObject({
      first_response_time: 40,
      first_human_response_time: null,
      unknown_agent_messages: 1,
      escalated_to_human: false,
      awaiting_reply: false,
    });
  });

  it('gives the same row whatever order the API returned the messages in', () => {
    const messages = parsedMessages('messages-answer.json');
    const conv = parsedConversation('conversation-detail.json');
    const reversed = [...messages].reverse();
    expect(buildConversationRecord(conv, reversed, OPTIONS)).toEqual(buildConversationRecord(conv, messages, OPTIONS));
    expect(buildConversationRecord(conv, reversed, OPTIONS).first_response_time).toBe(3);
  });

  it('breaks equal times by id: a staff message sorted before the customer one is not a reply', () => {
    const t = '2026-03-01T12:00:00.000Z';
    const before = [customer('m2', t), ai('m1', t), ai('m3', '2026-03-01T12:00:10.000Z')];
    const after = [customer('m1', t), ai('m2', t)];
    const c = conversation({ status: 'UNRESOLVED' });
    expect(buildConversationRecord(c, before, OPTIONS).first_response_time).toBe(10);
    expect(buildConversationRecord(c, after, OPTIONS).first_response_time).toBe(0);
  });

  it('handles a conversation without any customer message', () => {
    const messages = [ai('a', '2026-03-01T12:00:00Z'), ai('b', '2026-03-01T12:01:00Z')];
    const record = buildConversationRecord(conversation({ status: 'UNRESOLVED' }), messages, OPTIONS);
    expect(record).toMatchObject({
      first_response_time: null,
      first_human_response_time: null,
      awaiting_reply: false,
      last_customer_message_at: null,
      last_message_at: utc('2026-03-01T12:01:00Z'),
      customer_messages: 0,
      ai_messages: 2,
      message_count: 2,
    });
  });

  it('marks an unanswered customer as awaiting a reply', () => {
    const messages = [customer('a', '2026-03-01T12:00:00Z'), customer('b', '2026-03-01T12:00:30Z')];
    const record = buildConversationRecord(conversation({ status: 'UNRESOLVED' }), messages, OPTIONS);
    expect(record).toMatchObject({
      first_response_time: null,
      awaiting_reply: true,
      last_customer_message_at: utc('2026-03-01T12:00:30Z'),
    });
  });

  it('reads the edge-case answer: offsets, equal times, AI traces, evals', () => {
    const record = buildConversationRecord(
      conversation({ status: 'UNRESOLVED' }),
      parsedMessages('messages-edge-cases.json'),
      OPTIONS,
    );
    // sorted: e1 ai 09:00 (06:00-03:00), e2 customer 09:01, e3 ai 09:01, e4 ai 09:05, e5 customer 09:10
    expect(record).toMatchObject({
      message_count: 5,
      first_response_time: 0,
      first_human_response_time: null,
      customer_messages: 2,
      ai_messages: 3,
      operator_messages: 0,
      unknown_agent_messages: 0,
      ai_rating_good: 0,
      ai_rating_bad: 1,
      awaiting_reply: true,
      last_customer_message_at: utc('2026-03-05T09:10:00.000Z'),
      last_message_at: utc('2026-03-05T09:10:00.000Z'),
    });
  });

  it('counts every message, including those with an unreadable time', () => {
    const messages = [customer('a', '2026-03-01T12:00:00Z'), ai('b', null), ai('c', 'ontem')];
    const record = buildConversationRecord(conversation({ status: 'UNRESOLVED' }), messages, OPTIONS);
    expect(record.message_count).toBe(3);
    expect(record.last_message_at).toEqual(utc('2026-03-01T12:00:00Z'));
  });

  describe('escalated_to_human', () => {
    const base = conversation({ status: 'UNRESOLVED', isAiEnabled: true });
    const chat = [customer('c', '2026-03-01T12:00:00Z'), ai('a', '2026-03-01T12:00:05Z')];

    it('is false without any sign of a human', () => {
      expect(buildConversationRecord(base, chat, OPTIONS).escalated_to_human).toBe(false);
      expect(buildConversationRecord({ ...base, isAiEnabled: null }, chat, OPTIONS).escalated_to_human).toBe(false);
    });

    it('is true for each sign alone: HUMAN_REQUESTED, AI disabled, an operator message, an assignee', () => {
      const assignee = { id: 'u', email: 'u@x.com', name: null };
      expect(buildConversationRecord({ ...base, status: 'HUMAN_REQUESTED' }, chat, OPTIONS).escalated_to_human).toBe(true);
      expect(buildConversationRecord({ ...base, isAiEnabled: false }, chat, OPTIONS).escalated_to_human).toBe(true);
      const withOperator = [...chat, operator('o', '2026-03-01T12:10:00Z')];
      expect(buildConversationRecord(base, withOperator, OPTIONS).escalated_to_human).toBe(true);
      expect(buildConversationRecord({ ...base, assignees: [assignee] }, chat, OPTIONS).escalated_to_human).toBe(true);
    });
  });

  describe('relations', () => {
    it('takes contact fields from the first contact only, dropping blank name parts, and joins assignees and tags', () => {
      const record = buildConversationRecord(parsedConversation('assignee-shapes.json'), [], OPTIONS);
      expect(record).toMatchObject({
        contact_name: 'Souza',
        contact_email: 'souza@cliente.com',
        contact_phone: null,
        assignees: 'ana@empresa.com, Bia, caio@empresa.com',
        tags: 'vip, reclamação',
        escalated_to_human: true,
      });
    });

    it('writes a contact with only a first name, and blank for a contact without a name', () => {
      const contact = { id: 'k', firstName: 'Ana', lastName: null, email: null, phoneNumber: null };
      const named = buildConversationRecord(conversation({ contacts: [contact] }), [], OPTIONS);
      const nameless = buildConversationRecord(conversation({ contacts: [{ ...contact, firstName: ' ', lastName: '' }] }), [], OPTIONS);
      expect(named.contact_name).toBe('Ana');
      expect(nameless.contact_name).toBeNull();
    });

    it('writes blanks for empty relations and does not escalate on an empty assignee list', () => {
      const record = buildConversationRecord(conversation({ status: 'UNRESOLVED' }), [], OPTIONS);
      expect(record).toMatchObject({ contact_name: null, assignees: null, tags: null, escalated_to_human: false });
    });
  });

  describe('satisfaction_score', () => {
    const variables = parsedConversation('assignee-shapes.json').variables;
    // variables, in order: nota = "ótimo", CSAT = " 4,5 ", satisfaction = "2"

    it('takes the first listed variable, in the variables order, whose value is a score, matching names case-insensitively', () => {
      expect(buildConversationRecord(conversation({ variables }), [], OPTIONS).satisfaction_score).toBe(4.5);
      const reordered = { ...OPTIONS, csatVariables: ['satisfaction', 'CSat'] };
      expect(buildConversationRecord(conversation({ variables }), [], reordered).satisfaction_score).toBe(4.5);
      const onlySatisfaction = { ...OPTIONS, csatVariables: ['Satisfaction'] };
      expect(buildConversationRecord(conversation({ variables }), [], onlySatisfaction).satisfaction_score).toBe(2);
    });

    it('keeps the existing cell when no variable gives a score, else leaves it blank', () => {
      const outOfScale = conversation({ variables: [{ name: 'csat', value: '7' }, { name: 'rating', value: '5' }] });
      expect(buildConversationRecord(outOfScale, [], { ...OPTIONS, existingSatisfaction: 3.5 }).satisfaction_score).toBe(3.5);
      expect(buildConversationRecord(outOfScale, [], OPTIONS).satisfaction_score).toBeNull();
      const absent = conversation({ variables: null });
      expect(buildConversationRecord(absent, [], { ...OPTIONS, existingSatisfaction: 2 }).satisfaction_score).toBe(2);
    });

    it('lets a fresh variable replace the existing cell', () => {
      const c = conversation({ variables: [{ name: 'nota', value: '5' }] });
      expect(buildConversationRecord(c, [], { ...OPTIONS, existingSatisfaction: 1 }).satisfaction_score).toBe(5);
    });
  });

  it('fits a 60,000-character title into a cell', () => {
    const title = 't'.repeat(60000);
    const record = buildConversationRecord(conversation({ title }), [], OPTIONS);
    expect(record.title).toBe('t'.repeat(49980) + ' … [truncado]');
  });

  it('writes frustration on both scales', () => {
    const percent = buildConversationRecord(conversation({ frustration: 62 }), [], OPTIONS);
    expect([percent.frustration_score, percent.frustration_level]).toEqual([0.62, 4]);
  });
});

describe('normaliseFrustration', () => {
  it('reads values above 1 as a 0–100 scale and clamps to 0–1', () => {
    const cases: Array<[number, number, number]> = [
      // [input, score, level] — level = min(5, floor(score × 5) + 1)
      [0, 0, 1],
      [0.19, 0.19, 1],
      [0.2, 0.2, 2],
      [0.62, 0.62, 4],
      [0.79, 0.79, 4],
      [0.8, 0.8, 5],
      [1, 1, 5], // exactly 1: the 0–1 scale's top
      [20, 0.2, 2],
      [62, 0.62, 4],
      [79, 0.79, 4],
      [100, 1, 5],
      [150, 1, 5],
      [-0.5, 0, 1],
    ];
    for (const [input, score, level] of cases) {
      expect(normaliseFrustration(input), `frustration ${input}`).toEqual({ score, level });
    }
  });

  it('leaves both blank when the API has no frustration', () => {
    expect(normaliseFrustration(null)).toEqual({ score: null, level: null });
    expect(normaliseFrustration(Number.NaN)).toEqual({ score: null, level: null });
  });
});

describe('parseSatisfaction', () => {
  it('reads trimmed decimals with a comma or a point in [1, 5]', () => {
    expect(parseSatisfaction('4,5')).toBe(4.5);
    expect(parseSatisfaction(' 3 ')).toBe(3);
    expect(parseSatisfaction('5.0')).toBe(5);
    expect(parseSatisfaction('1')).toBe(1);
  });

  it('rejects words, other scales and anything that is not a plain number', () => {
    for (const value of ['ótimo', '7', '0', '0,9', '5,01', '', ' ', '-3', '3 estrelas', '4,5,1', '1e0', 'NaN']) {
      expect(parseSatisfaction(value), value).toBeNull();
    }
  });
});

describe('buildMessageRecords', () => {
  it('writes one row per message in time order with sender, from, eval and read', () => {
    const conv = conversation({ id: 'clconv50' });
    const records = buildMessageRecords(conv, parsedMessages('messages-edge-cases.json'));
    expect(records.map((r) => [r.message_id, r.sender, r.from, r.eval, r.read])).toEqual([
      ['e1', 'ai', 'agent', null, null],
      ['e2', 'customer', 'human', null, false],
      ['e3', 'ai', 'agent', null, null],
      ['e4', 'ai', 'agent', 'bad', null],
      ['e5', 'customer', 'HUMAN', null, true],
    ]);
    expect(records[0]).toEqual({
      message_id: 'e1',
      conversation_id: 'clconv50',
      created_at: utc('2026-03-05T09:00:00.000Z'),
      sender: 'ai',
      from: 'agent',
      text: 'Olá! Como posso ajudar?',
      agent_id: 'clagent01',
      user_id: null,
      contact_id: null,
      visitor_id: null,
      eval: null,
      read: null,
    });
    expect(records[1]?.text).toBeNull(); // empty text is a blank cell
    expect(records[4]?.visitor_id).toBe('clvis01');
  });

  it('fits a 60,000-character message into a cell', () => {
    const text = 'Olá '.repeat(15000);
    const [record] = buildMessageRecords(conversation(), [message({ id: 'long', from: 'human', text })]);
    expect(record?.text?.length).toBe(49993);
    expect(record?.text).toBe(text.slice(0, 49980) + ' … [truncado]');
  });

  it('writes operator messages with the team member id', () => {
    const [record] = buildMessageRecords(conversation(), [operator('o', '2026-03-01T12:00:00Z')]);
    expect(record).toMatchObject({ sender: 'operator', user_id: 'clusr01', created_at: utc('2026-03-01T12:00:00Z') });
  });
});

function parseConversationListItem(id: string): ChatvoltConversation {
  const list = fixture('list-bare-array.json');
  const raw = Array.isArray(list) ? list.find((item: unknown) => typeof item === 'object' && item !== null && 'id' in item && item.id === id) : null;
  const c = parseConversation(raw);
  if (!c) throw new Error(`no list item ${id}`);
  return c;
}
