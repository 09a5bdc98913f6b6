// JSON shapes the fake Chatvolt API serves (see /work/shared/chatvolt-api.md) and the fake's public option types.

/** Conversation status as Chatvolt reports it (a current state, not a history). */
export type ApiStatus = 'RESOLVED' | 'UNRESOLVED' | 'HUMAN_REQUESTED';

/** Conversation priority; Chatvolt defaults to MEDIUM. */
export type ApiPriority = 'LOW' | 'MEDIUM' | 'HIGH';

/** A customer contact attached to a conversation. */
export interface ApiContact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phoneNumber: string | null;
}

/** A team member as nested in assignee objects. */
export interface ApiUser {
  id: string;
  name: string | null;
  email: string | null;
}

/** The three assignee shapes seen in real answers. */
export type ApiAssignee = { id: string; email: string } | { user: ApiUser } | { id: string; user: ApiUser };

/** A tag on a conversation. */
export interface ApiTag {
  tag: string;
}

/** A conversation variable (csat, nota, satisfacao, free ones). */
export interface ApiConversationVariable {
  conversationId: string;
  varName: string;
  varValue: string;
}

/** A conversation as `GET /conversation/{id}` answers it; list items may lack the four relation arrays. */
export interface ApiConversation {
  id: string;
  title: string | null;
  isAiEnabled: boolean;
  channel: string;
  status: ApiStatus;
  priority: ApiPriority;
  agentId: string | null;
  userId: string | null;
  visitorId: string | null;
  organizationId: string;
  frustration: number | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  unreadMessagesCount: number;
  isGroup: boolean;
  blocked: boolean;
  lastHumanInteractionAt: string | null;
  participantsContacts?: ApiContact[];
  assignees?: ApiAssignee[];
  tags?: ApiTag[];
  conversationVariables?: ApiConversationVariable[];
}

/** Token usage attached to AI answers. */
export interface ApiUsage {
  completionTokens: number;
  promptTokens: number;
  totalTokens: number;
  cost: number;
}

/** A message as `GET /messages/{id}` and the messages endpoint answer it. */
export interface ApiMessage {
  id: string;
  text: string;
  from: 'human' | 'agent';
  conversationId: string;
  createdAt: string;
  updatedAt: string;
  userId: string | null;
  contactId: string | null;
  visitorId: string | null;
  agentId: string | null;
  inputId: string | null;
  eval: 'good' | 'bad' | null;
  read: boolean;
  agentModel: string | null;
  usage: ApiUsage | null;
  usageCredits: number | null;
  sources: unknown[];
  metadata: Record<string, unknown> | null;
  externalId: string | null;
}

/** The answer of `GET /conversation/{id}/messages/{count}`. */
export interface ApiMessagesAnswer {
  status: ApiStatus;
  isAiEnabled: boolean;
  userId: string | null;
  organizationId: string;
  messages: ApiMessage[];
}

/** Everything the fake holds: conversations (oldest first) and their messages (oldest first) by conversation id. */
export interface FakeOrganisation {
  conversations: ApiConversation[];
  messages: Record<string, ApiMessage[]>;
}

/** Options of the generator and the server. */
export interface FakeOptions {
  /** PRNG seed, default 1. */
  seed?: number;
  /** Number of conversations, default 200. */
  conversations?: number;
  /** History length in days, default 90. */
  days?: number;
  /** ISO "now" of the organisation, default '2026-03-15T12:00:00.000Z'. */
  now?: string;
  /** Accepted API key, default 'test-key'. */
  apiKey?: string;
  /** Silent cap on `GET /conversation` answers, default 100 (null = none). */
  listCap?: number | null;
  /** Whether list items carry contacts/assignees/tags/variables, default 'mixed'. */
  listRelations?: 'full' | 'none' | 'mixed';
  /** Mean number of messages per conversation, default 12. */
  messagesPerConversation?: number;
  /** Time zone of the business-hour and weekday shaping, default 'America/Sao_Paulo'. */
  timeZone?: string;
  /** Like an older deployment, `GET /conversation` ignores `endDate` (default false). */
  ignoreEndDate?: boolean;
  /** Modelled latency of every answer in ms (see FaultRule.latencyMs), default 0. */
  latencyMs?: number;
}

/** Server-wide behaviour that can change while the server runs (`fake.configure`). */
export interface FakeBehaviour {
  /** The only key accepted from now on (the old key is rejected, as when a key is revoked). */
  apiKey?: string;
  ignoreEndDate?: boolean;
  /** Silent cap on list answers (null = none). */
  listCap?: number | null;
  /** Modelled latency of every answer (a fault's own latencyMs wins). */
  latencyMs?: number;
}

/**
 * A queued fault: matching requests (regex on path + query) get this answer instead of the real one, for the next
 * `times` requests (default 1), or forever with `permanent`. `every: k` fires only on every k-th matching request
 * and `chance: p` on a seeded random share of them; the first rule that matches and fires decides the answer.
 */
export interface FaultRule {
  /** Regex source matched against the request path (with query), default: any. */
  path?: string;
  /** Answer this status (e.g. 403, 404, 429, 500, 503). */
  status?: number;
  /** Raw body (plain text / HTML for 5xx). */
  body?: string;
  contentType?: string;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** 200 with a truncated JSON body. */
  malformed?: boolean;
  /** Slow answer (real delay) before the answer. */
  delayMs?: number;
  /**
   * Modelled latency: the answer carries a test-only header (`X-Local-Runtime-Latency-Ms`) that the local runtime's
   * UrlFetchApp adds to its virtual clock instead of waiting, so a 45-second answer costs no real time.
   */
  latencyMs?: number;
  /** Drop the connection without an answer (UrlFetchApp then throws, as on a network failure). */
  network?: boolean;
  /** How many answers it changes, default 1. */
  times?: number;
  /** Changes every matching answer until clearFaults (ignores `times`). */
  permanent?: boolean;
  /** Fires only on every k-th matching request (the k-th, 2k-th, …). */
  every?: number;
  /** Fires on this share (0–1) of matching requests, drawn from `seed` (default 1). */
  chance?: number;
  seed?: number;
}

/** A change to the organisation between syncs, applied in the order of the fields below. */
export interface Mutation {
  /** Advance the organisation's clock first. */
  now?: string;
  /** New conversations created just before `now`. */
  addConversations?: number;
  /** New messages (bump `updatedAt`; a customer message on a RESOLVED conversation makes it UNRESOLVED). */
  addMessages?: Array<{ conversationId: string; customer?: number; ai?: number; operator?: number }>;
  /** Status changes (bump `updatedAt`). */
  setStatus?: Array<{ conversationId: string; status: ApiStatus }>;
  /** Later requests for them answer 404. */
  deleteConversations?: string[];
  /** Upsert a conversation variable (like Chatvolt, this does not bump the conversation's `updatedAt`). */
  setVariable?: Array<{ conversationId: string; name: string; value: string }>;
  /**
   * Edits the texts of a conversation (bumps `updatedAt`): its title, its first contact's name, e-mail and phone
   * (a contact is added when it has none), its tags, and its messages' texts (given in message order, cycled).
   */
  setTexts?: Array<{
    conversationId: string;
    title?: string | null;
    contact?: { firstName?: string | null; lastName?: string | null; email?: string | null; phoneNumber?: string | null };
    tags?: string[];
    messageTexts?: string[];
  }>;
}

/** Ids touched by a mutation. */
export interface MutationResult {
  added: string[];
  changed: string[];
  deleted: string[];
}

/** One served request. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  status: number;
  /** Whether the request carried the right Bearer key. */
  authorized: boolean;
}
