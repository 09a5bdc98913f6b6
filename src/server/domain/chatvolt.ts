// Parsing untrusted Chatvolt API JSON (chatvolt-api.md) into typed conversations and messages.

/** A participant contact of a conversation (`participantsContacts[i]`). */
export interface ChatvoltContact {
  id: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phoneNumber: string | null;
}

/**
 * An assignee, normalised from the three shapes seen in answers: `{id, email}`, `{user: {id, name, email}}`
 * and `{id, user: {...}}` (where the outer `id` is a membership id and the user's fields win).
 */
export interface ChatvoltAssignee {
  id: string | null;
  email: string | null;
  name: string | null;
}

/** A conversation as the API describes it; every field but `id` may be missing (`null`). */
export interface ChatvoltConversation {
  id: string;
  title: string | null;
  isAiEnabled: boolean | null;
  channel: string | null;
  status: string | null;
  priority: string | null;
  agentId: string | null;
  userId: string | null;
  visitorId: string | null;
  frustration: number | null;
  /** ISO strings as received. */
  createdAt: string | null;
  updatedAt: string | null;
  /** `null` = the relation is absent from this answer (not the same as `[]`, "known to be empty"). */
  contacts: ChatvoltContact[] | null;
  assignees: ChatvoltAssignee[] | null;
  tags: string[] | null;
  variables: Array<{ name: string; value: string }> | null;
}

/** A message; `hasUsage`, `hasUsageCredits`, `hasSources` keep only what sender classification needs. */
export interface ChatvoltMessage {
  id: string;
  conversationId: string | null;
  /** `''` when missing. */
  text: string;
  from: string | null;
  createdAt: string | null;
  userId: string | null;
  contactId: string | null;
  visitorId: string | null;
  agentId: string | null;
  inputId: string | null;
  eval: 'good' | 'bad' | null;
  read: boolean | null;
  agentModel: string | null;
  hasUsage: boolean;
  hasUsageCredits: boolean;
  hasSources: boolean;
}

/** The answer's overall shape is not one the client understands (a bug or an API change, never retried). */
export class ChatvoltFormatError extends Error {
  override readonly name = 'ChatvoltFormatError';
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strings as received; numbers (ids sent as numbers by some deployments) as their decimal text. */
function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** An identifier: like `str`, but `''` is "not set" (metrics.md §1). */
function idOf(value: unknown): string | null {
  const s = str(value);
  return s === null || s === '' ? null : s;
}

function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** A finite number, also from numeric text (`"62"`); anything else is null. */
function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** The "is set" rule of metrics.md §1: not null, undefined or `''`. */
function isSet(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

/** Parses an array relation: absent or null → null (unknown); entries that are not understood are dropped. */
function relation<T>(value: unknown, parse: (entry: unknown) => T | null): T[] | null {
  if (!Array.isArray(value)) return null;
  const out: T[] = [];
  for (const entry of value) {
    const parsed = parse(entry);
    if (parsed !== null) out.push(parsed);
  }
  return out;
}

function parseContact(raw: unknown): ChatvoltContact | null {
  if (!isObject(raw)) return null;
  return {
    id: idOf(raw.id),
    firstName: str(raw.firstName),
    lastName: str(raw.lastName),
    email: str(raw.email),
    phoneNumber: str(raw.phoneNumber),
  };
}

function parseAssignee(raw: unknown): ChatvoltAssignee | null {
  if (!isObject(raw)) return null;
  const user = isObject(raw.user) ? raw.user : null;
  const assignee: ChatvoltAssignee = {
    id: idOf(user?.id) ?? idOf(raw.id),
    email: idOf(user?.email) ?? idOf(raw.email),
    name: idOf(user?.name) ?? idOf(raw.name),
  };
  return assignee.id === null && assignee.email === null && assignee.name === null ? null : assignee;
}

/** Tags come as `{tag: "x"}`; `"x"`, `{tag: {name: "x"}}` and `{name: "x"}` are accepted too. */
function parseTag(raw: unknown): string | null {
  let value: unknown = raw;
  if (isObject(value)) value = 'tag' in value ? value.tag : value.name;
  if (isObject(value)) value = value.name;
  const tag = str(value);
  return tag === null || tag.trim() === '' ? null : tag;
}

/** Variables come as `{varName, varValue}`; `{name, value}` is accepted too. Nameless ones are dropped. */
function parseVariable(raw: unknown): { name: string; value: string } | null {
  if (!isObject(raw)) return null;
  const name = str(raw.varName ?? raw.name);
  if (name === null || name === '') return null;
  const value = raw.varValue !== undefined ? raw.varValue : raw.value;
  return { name, value: str(value) ?? (typeof value === 'boolean' ? String(value) : '') };
}

/**
 * Parses one conversation object. Returns null when `raw` is not an object or has no usable id.
 * @example parseConversation({ id: 'c1', channel: 'whatsapp' })?.tags // null (relation absent)
 */
export function parseConversation(raw: unknown): ChatvoltConversation | null {
  if (!isObject(raw)) return null;
  const id = idOf(raw.id);
  if (id === null) return null;
  return {
    id,
    title: str(raw.title),
    isAiEnabled: bool(raw.isAiEnabled),
    channel: str(raw.channel),
    status: str(raw.status),
    priority: str(raw.priority),
    agentId: idOf(raw.agentId),
    userId: idOf(raw.userId),
    visitorId: idOf(raw.visitorId),
    frustration: num(raw.frustration),
    createdAt: str(raw.createdAt),
    updatedAt: str(raw.updatedAt),
    contacts: relation(raw.participantsContacts, parseContact),
    assignees: relation(raw.assignees, parseAssignee),
    tags: relation(raw.tags, parseTag),
    variables: relation(raw.conversationVariables, parseVariable),
  };
}

/**
 * Parses a `GET /conversation` answer: a bare array, or `{data: [...]}` / `{conversations: [...]}` with an
 * optional `nextCursor`. Items that are not conversations are counted in `rejected`, not returned.
 * @throws ChatvoltFormatError when the body is none of those shapes.
 */
export function parseConversationList(body: unknown): {
  items: ChatvoltConversation[];
  nextCursor: string | null;
  rejected: number;
} {
  let list: unknown[];
  let nextCursor: string | null = null;
  if (Array.isArray(body)) {
    list = body;
  } else if (isObject(body) && (Array.isArray(body.data) || Array.isArray(body.conversations))) {
    list = (Array.isArray(body.data) ? body.data : body.conversations) as unknown[];
    nextCursor = idOf(body.nextCursor);
  } else {
    throw new ChatvoltFormatError('Conversation list: expected an array or {data|conversations: [...]}.');
  }
  const items: ChatvoltConversation[] = [];
  let rejected = 0;
  for (const raw of list) {
    const conversation = parseConversation(raw);
    if (conversation) items.push(conversation);
    else rejected++;
  }
  return { items, nextCursor, rejected };
}

function parseEval(value: unknown): 'good' | 'bad' | null {
  const s = typeof value === 'string' ? value.toLowerCase() : null;
  return s === 'good' || s === 'bad' ? s : null;
}

function parseMessage(raw: unknown): ChatvoltMessage | null {
  if (!isObject(raw)) return null;
  const id = idOf(raw.id);
  if (id === null) return null;
  return {
    id,
    conversationId: idOf(raw.conversationId),
    text: str(raw.text) ?? '',
    from: str(raw.from),
    createdAt: str(raw.createdAt),
    userId: idOf(raw.userId),
    contactId: idOf(raw.contactId),
    visitorId: idOf(raw.visitorId),
    agentId: idOf(raw.agentId),
    inputId: idOf(raw.inputId),
    eval: parseEval(raw.eval),
    read: bool(raw.read),
    agentModel: idOf(raw.agentModel),
    hasUsage: isSet(raw.usage),
    hasUsageCredits: isSet(raw.usageCredits),
    hasSources: Array.isArray(raw.sources) ? raw.sources.length > 0 : isSet(raw.sources),
  };
}

/**
 * Parses a `GET /conversation/{id}/messages/{count}` answer. Messages without an id are dropped.
 * `isAiEnabled` here is the wrapper's; metrics read the conversation's own (metrics.md §2).
 * @throws ChatvoltFormatError when the body is not an object with a `messages` array.
 */
export function parseMessagesAnswer(body: unknown): {
  status: string | null;
  isAiEnabled: boolean | null;
  messages: ChatvoltMessage[];
} {
  if (!isObject(body) || !Array.isArray(body.messages)) {
    throw new ChatvoltFormatError('Messages answer: expected {messages: [...]}.');
  }
  return {
    status: str(body.status),
    isAiEnabled: bool(body.isAiEnabled),
    messages: relation(body.messages, parseMessage) ?? [],
  };
}

/** True when contacts, assignees, tags and variables are all present (possibly empty): no detail fetch needed. */
export function hasAllRelations(c: ChatvoltConversation): boolean {
  return c.contacts !== null && c.assignees !== null && c.tags !== null && c.variables !== null;
}

/**
 * Completes a list item with `GET /conversation/{id}`: every field the list item lacks (`null`) is taken
 * from the detail; what the list item has wins, so its `updatedAt` stays the one compared with the sheet.
 */
export function mergeRelations(listItem: ChatvoltConversation, detail: ChatvoltConversation): ChatvoltConversation {
  return {
    id: listItem.id,
    title: listItem.title ?? detail.title,
    isAiEnabled: listItem.isAiEnabled ?? detail.isAiEnabled,
    channel: listItem.channel ?? detail.channel,
    status: listItem.status ?? detail.status,
    priority: listItem.priority ?? detail.priority,
    agentId: listItem.agentId ?? detail.agentId,
    userId: listItem.userId ?? detail.userId,
    visitorId: listItem.visitorId ?? detail.visitorId,
    frustration: listItem.frustration ?? detail.frustration,
    createdAt: listItem.createdAt ?? detail.createdAt,
    updatedAt: listItem.updatedAt ?? detail.updatedAt,
    contacts: listItem.contacts ?? detail.contacts,
    assignees: listItem.assignees ?? detail.assignees,
    tags: listItem.tags ?? detail.tags,
    variables: listItem.variables ?? detail.variables,
  };
}
