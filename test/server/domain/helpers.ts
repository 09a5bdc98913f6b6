// Test helpers for the Chatvolt domain: fixture loading and blank conversation/message builders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatvoltConversation, ChatvoltMessage } from '../../../src/server/domain/chatvolt';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'chatvolt');

/** Parses `test/fixtures/chatvolt/<name>` as untyped JSON, as it would arrive from the API. */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as unknown;
}

/** A message with every optional field blank, overridden by `fields`. */
export function message(fields: Partial<ChatvoltMessage> & { id: string }): ChatvoltMessage {
  return {
    conversationId: null,
    text: '',
    from: null,
    createdAt: null,
    userId: null,
    contactId: null,
    visitorId: null,
    agentId: null,
    inputId: null,
    eval: null,
    read: null,
    agentModel: null,
    hasUsage: false,
    hasUsageCredits: false,
    hasSources: false,
    ...fields,
  };
}

/** A conversation with every field blank and every relation present and empty, overridden by `fields`. */
export function conversation(fields: Partial<ChatvoltConversation> = {}): ChatvoltConversation {
  return {
    id: 'clconv',
    title: null,
    isAiEnabled: null,
    channel: null,
    status: null,
    priority: null,
    agentId: null,
    userId: null,
    visitorId: null,
    frustration: null,
    createdAt: null,
    updatedAt: null,
    contacts: [],
    assignees: [],
    tags: [],
    variables: [],
    ...fields,
  };
}

/** A customer message (`from = human`, a contact, no user) at `createdAt`. */
export function customer(id: string, createdAt: string | null): ChatvoltMessage {
  return message({ id, from: 'human', contactId: 'clct01', createdAt });
}

/** An AI answer (`from = agent` with a model) at `createdAt`. */
export function ai(id: string, createdAt: string | null): ChatvoltMessage {
  return message({ id, from: 'agent', agentId: 'clagent01', agentModel: 'gpt_4o_mini', createdAt });
}

/** A team member's message (`userId`, no contact or visitor) at `createdAt`. */
export function operator(id: string, createdAt: string | null): ChatvoltMessage {
  return message({ id, from: 'agent', userId: 'clusr01', createdAt });
}
