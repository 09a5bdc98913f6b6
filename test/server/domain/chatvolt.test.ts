// Parsing untrusted Chatvolt answers: conversations, relations, list shapes, messages answers.
import { describe, expect, it } from 'vitest';
import {
  ChatvoltFormatError,
  hasAllRelations,
  mergeRelations,
  parseConversation,
  parseConversationList,
  parseMessagesAnswer,
  type ChatvoltConversation,
} from '../../../src/server/domain/chatvolt';
import { conversation, fixture } from './helpers';

describe('parseConversation', () => {
  it('reads every field of the documented detail example', () => {
    expect(parseConversation(fixture('conversation-detail.json'))).toEqual({
      id: 'clconv01',
      title: 'Troca de produto',
      isAiEnabled: false,
      channel: 'whatsapp',
      status: 'HUMAN_REQUESTED',
      priority: 'HIGH',
      agentId: 'clagent01',
      userId: null,
      visitorId: null,
      frustration: 0.62,
      createdAt: '2026-03-01T12:03:11.412Z',
      updatedAt: '2026-03-01T12:20:45.009Z',
      contacts: [{ id: 'clct01', firstName: 'Maria', lastName: 'Silva', email: null, phoneNumber: '5511988887777' }],
      assignees: [{ id: 'clusr01', email: 'joao@empresa.com', name: 'João' }],
      tags: ['troca'],
      variables: [{ name: 'csat', value: '4' }],
    });
  });

  it('normalises the three assignee shapes, preferring the nested user over the membership', () => {
    const parsed = parseConversation(fixture('assignee-shapes.json'));
    expect(parsed?.assignees).toEqual([
      { id: 'clmem01', email: 'ana@empresa.com', name: null },
      { id: 'clusr02', email: null, name: 'Bia' },
      { id: 'clusr03', email: 'caio@empresa.com', name: 'Caio' },
    ]);
  });

  it('drops blank tags, nameless variables and entries that are not objects', () => {
    const parsed = parseConversation(fixture('assignee-shapes.json'));
    expect(parsed?.tags).toEqual(['vip', 'reclamação']);
    expect(parsed?.variables).toEqual([
      { name: 'nota', value: 'ótimo' },
      { name: 'CSAT', value: ' 4,5 ' },
      { name: 'satisfaction', value: '2' },
    ]);
  });

  it('tells a relation absent from the answer (null) from a relation known to be empty ([])', () => {
    const absent = parseConversation({ id: 'a' });
    const nulls = parseConversation({
      id: 'b',
      participantsContacts: null,
      assignees: null,
      tags: null,
      conversationVariables: null,
    });
    const empty = parseConversation({ id: 'c', participantsContacts: [], assignees: [], tags: [], conversationVariables: [] });
    for (const c of [absent, nulls]) {
      expect([c?.contacts, c?.assignees, c?.tags, c?.variables]).toEqual([null, null, null, null]);
    }
    expect([empty?.contacts, empty?.assignees, empty?.tags, empty?.variables]).toEqual([[], [], [], []]);
  });

  it('leaves every missing or mistyped field null instead of trusting it', () => {
    const parsed = parseConversation({
      id: 'x',
      title: 42,
      isAiEnabled: 'false',
      channel: null,
      frustration: 'muito',
      createdAt: { when: 'today' },
    });
    expect(parsed).toMatchObject({
      id: 'x',
      title: '42',
      isAiEnabled: null,
      channel: null,
      status: null,
      frustration: null,
      createdAt: null,
      updatedAt: null,
    });
  });

  it('reads a frustration sent as numeric text', () => {
    expect(parseConversation({ id: 'x', frustration: ' 62 ' })?.frustration).toBe(62);
  });

  it('returns null for anything without a usable id', () => {
    for (const raw of [null, undefined, 'clconv01', 7, [], {}, { id: '' }, { id: null }, { id: { v: 1 } }]) {
      expect(parseConversation(raw)).toBeNull();
    }
  });

  it('keeps a numeric id as its text', () => {
    expect(parseConversation({ id: 123 })?.id).toBe('123');
  });
});

describe('parseConversationList', () => {
  it('accepts a bare array and counts the items that are not conversations', () => {
    const list = parseConversationList(fixture('list-bare-array.json'));
    expect(list.items.map((c) => c.id)).toEqual(['clconv10', 'clconv11']);
    expect(list.rejected).toBe(3);
    expect(list.nextCursor).toBeNull();
  });

  it('accepts {data: [...]} without a cursor', () => {
    const list = parseConversationList(fixture('list-data.json'));
    expect(list.items.map((c) => c.id)).toEqual(['clconv20', 'clconv21']);
    expect(list).toMatchObject({ nextCursor: null, rejected: 0 });
  });

  it('accepts {conversations: [...], nextCursor}', () => {
    const list = parseConversationList(fixture('list-conversations-cursor.json'));
    expect(list.items.map((c) => c.id)).toEqual(['clconv30']);
    expect(list.nextCursor).toBe('clconv30');
  });

  it('accepts an empty bare array', () => {
    expect(parseConversationList([])).toEqual({ items: [], nextCursor: null, rejected: 0 });
  });

  it('throws ChatvoltFormatError for any other shape', () => {
    for (const body of [null, 'oops', 42, {}, { data: 'x' }, { error: 'UNAUTHORIZED' }, { conversations: {} }]) {
      expect(() => parseConversationList(body)).toThrow(ChatvoltFormatError);
    }
  });
});

describe('parseMessagesAnswer', () => {
  it('reads the documented messages example and its wrapper', () => {
    const answer = parseMessagesAnswer(fixture('messages-answer.json'));
    expect(answer.status).toBe('HUMAN_REQUESTED');
    expect(answer.isAiEnabled).toBe(false);
    expect(answer.messages[1]).toEqual({
      id: 'm2',
      conversationId: null,
      text: 'Claro! Qual o número do pedido?',
      from: 'agent',
      createdAt: '2026-03-01T12:03:14.020Z',
      userId: null,
      contactId: null,
      visitorId: null,
      agentId: 'clagent01',
      inputId: 'm1',
      eval: 'good',
      read: null,
      agentModel: 'gpt_4o_mini',
      hasUsage: false,
      hasUsageCredits: false,
      hasSources: false,
    });
  });

  it('drops messages without an id and reads text, eval and the AI traces defensively', () => {
    const { messages } = parseMessagesAnswer(fixture('messages-edge-cases.json'));
    expect(messages.map((m) => m.id)).toEqual(['e5', 'e4', 'e1', 'e2', 'e3']);
    const byId = new Map(messages.map((m) => [m.id, m]));
    expect(byId.get('e4')).toMatchObject({ hasUsage: true, hasUsageCredits: false, hasSources: false, eval: 'bad' });
    // usageCredits 0 "is set" (not null, undefined or ''); an empty sources list is not.
    expect(byId.get('e1')).toMatchObject({ hasUsage: false, hasUsageCredits: true, hasSources: false });
    expect(byId.get('e3')).toMatchObject({ hasSources: true, text: '' });
    expect(byId.get('e2')).toMatchObject({ eval: null, read: false, text: '' });
  });

  it('throws ChatvoltFormatError when there is no messages array', () => {
    for (const body of [null, [], 'x', { status: 'RESOLVED' }, { messages: 'none' }]) {
      expect(() => parseMessagesAnswer(body)).toThrow(ChatvoltFormatError);
    }
  });
});

describe('hasAllRelations and mergeRelations', () => {
  const listItem: ChatvoltConversation = conversation({
    id: 'c1',
    status: 'UNRESOLVED',
    updatedAt: '2026-03-02T12:05:00.000Z',
    title: null,
    contacts: null,
    assignees: [],
    tags: null,
    variables: null,
  });
  const detail: ChatvoltConversation = conversation({
    id: 'c1',
    status: 'RESOLVED',
    updatedAt: '2026-03-02T12:06:00.000Z',
    title: 'Detalhe',
    contacts: [{ id: 'k', firstName: 'Ana', lastName: null, email: null, phoneNumber: null }],
    assignees: [{ id: 'u', email: 'u@x.com', name: null }],
    tags: ['vip'],
    variables: [{ name: 'csat', value: '5' }],
  });

  it('needs every relation present, even empty', () => {
    expect(hasAllRelations(listItem)).toBe(false);
    expect(hasAllRelations(conversation())).toBe(true);
    for (const missing of ['contacts', 'assignees', 'tags', 'variables'] as const) {
      expect(hasAllRelations(conversation({ [missing]: null })), missing).toBe(false);
    }
  });

  it('fills what the list item lacks from the detail and keeps what it has', () => {
    const merged = mergeRelations(listItem, detail);
    expect(merged).toMatchObject({
      status: 'UNRESOLVED',
      updatedAt: '2026-03-02T12:05:00.000Z',
      title: 'Detalhe',
      contacts: [{ id: 'k', firstName: 'Ana', lastName: null, email: null, phoneNumber: null }],
      assignees: [],
      tags: ['vip'],
      variables: [{ name: 'csat', value: '5' }],
    });
    expect(hasAllRelations(merged)).toBe(true);
  });
});
