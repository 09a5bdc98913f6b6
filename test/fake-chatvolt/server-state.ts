// The fake Chatvolt API without sockets: routing, auth, filters, silent cap, faults, mutations and the request log.
import { OrganisationGenerator, bumpUpdatedAt, compareByCreation, type ResolvedFakeOptions } from './generator';
import { MODELLED_LATENCY_HEADER } from '../runtime/modelled-latency';
import { Rng } from './random';
import type {
  ApiConversation, ApiMessage, ApiMessagesAnswer, FakeBehaviour, FakeOrganisation, FaultRule, Mutation, MutationResult,
  RequestLogEntry,
} from './types';

/** What the HTTP layer sends back. */
export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Real delay before answering (a slow-answer fault). */
  delayMs: number;
  /** Modelled latency announced in LATENCY_HEADER (0: none). */
  latencyMs: number;
  /** Close the connection without answering. */
  drop: boolean;
}

/** Test-only channel to the local runtime (see test/runtime/modelled-latency.ts): the modelled time an answer took. */
export const LATENCY_HEADER = MODELLED_LATENCY_HEADER;

interface QueuedFault {
  rule: FaultRule;
  pattern: RegExp;
  left: number;
  seen: number;
  rng: Rng | null;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const RELATION_KEYS = ['participantsContacts', 'assignees', 'tags', 'conversationVariables'] as const;

/** Holds the organisation and answers requests exactly as the fake server does. */
export class FakeServerState {
  private readonly conversations = new Map<string, ApiConversation>();
  private readonly messages = new Map<string, ApiMessage[]>();
  private readonly messageIndex = new Map<string, ApiMessage>();
  private readonly faults: QueuedFault[] = [];
  private log: RequestLogEntry[] = [];
  private nowMs: number;
  private readonly behaviour: Required<FakeBehaviour>;

  constructor(private readonly options: ResolvedFakeOptions, private readonly generator: OrganisationGenerator, organisation: FakeOrganisation) {
    this.nowMs = Date.parse(options.now);
    this.behaviour = { apiKey: options.apiKey, ignoreEndDate: options.ignoreEndDate, latencyMs: options.latencyMs, listCap: options.listCap };
    for (const conversation of organisation.conversations) {
      this.insert(conversation, organisation.messages[conversation.id] ?? []);
    }
  }

  /** Builds the state of a freshly generated organisation. */
  static generate(options: ResolvedFakeOptions): FakeServerState {
    const generator = new OrganisationGenerator(options);
    return new FakeServerState(options, generator, generator.generate());
  }

  /** Answers one request (`url` is the path with its query) and logs it. */
  serve(method: string, url: string, authorization: string | undefined): FakeAnswer {
    const { path, query } = splitUrl(url);
    const authorized = authorization !== undefined && /^bearer\s+/i.test(authorization) && authorization.replace(/^bearer\s+/i, '') === this.behaviour.apiKey;
    const fault = this.takeFault(url);
    let answer: FakeAnswer;
    if (fault?.network === true) {
      answer = { status: 0, headers: {}, body: '', delayMs: 0, latencyMs: 0, drop: true };
    } else if (fault !== undefined && fault.status !== undefined) {
      answer = faultAnswer(fault);
    } else {
      answer = this.route(method, path, query, authorized);
      if (fault?.malformed === true) {
        answer = { ...answer, status: 200, headers: { 'content-type': JSON_TYPE }, body: truncate(answer.body) };
      }
    }
    if (fault?.delayMs !== undefined) answer.delayMs = fault.delayMs;
    answer.latencyMs = fault?.latencyMs ?? this.behaviour.latencyMs;
    if (answer.latencyMs > 0) answer.headers[LATENCY_HEADER] = String(answer.latencyMs);
    this.log.push({ method, path, query, status: answer.status, authorized });
    return answer;
  }

  /** Queues a fault for the next `times` matching requests (every one with `permanent`). */
  addFault(rule: FaultRule): void {
    const rng = rule.chance === undefined ? null : new Rng(rule.seed ?? 1);
    this.faults.push({ rule, pattern: new RegExp(rule.path ?? ''), left: rule.permanent === true ? Infinity : (rule.times ?? 1), seen: 0, rng });
  }

  /** Changes the server-wide behaviour (accepted key, endDate handling, list cap, base latency). */
  configure(behaviour: FakeBehaviour): void {
    if (behaviour.apiKey !== undefined) this.behaviour.apiKey = behaviour.apiKey;
    if (behaviour.ignoreEndDate !== undefined) this.behaviour.ignoreEndDate = behaviour.ignoreEndDate;
    if (behaviour.latencyMs !== undefined) this.behaviour.latencyMs = behaviour.latencyMs;
    if (behaviour.listCap !== undefined) this.behaviour.listCap = behaviour.listCap;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Every request served so far, in order (a copy). */
  requests(): RequestLogEntry[] {
    return this.log.map((entry) => ({ ...entry, query: { ...entry.query } }));
  }

  resetRequests(): void {
    this.log = [];
  }

  /** Deep copy of the organisation: conversations oldest first, messages oldest first. */
  snapshot(): FakeOrganisation {
    return structuredClone(this.view());
  }

  /** The organisation's live objects in snapshot order; only for a caller that copies them (postMessage does). */
  view(): FakeOrganisation {
    const conversations = [...this.conversations.values()].sort(compareByCreation);
    const messages: Record<string, ApiMessage[]> = {};
    for (const conversation of conversations) messages[conversation.id] = this.messages.get(conversation.id) ?? [];
    return { conversations, messages };
  }

  /**
   * Applies a change in the order of the Mutation fields. Throws on an unknown conversation id (a test bug).
   * `setVariable` leaves `updatedAt` alone: a variable lives in its own table and Chatvolt does not touch the
   * conversation row for it.
   */
  mutate(change: Mutation): MutationResult {
    if (change.now !== undefined) {
      const ms = Date.parse(change.now);
      if (Number.isNaN(ms)) throw new Error(`invalid now: ${change.now}`);
      this.nowMs = ms;
    }
    const added: string[] = [];
    const changed = new Set<string>();
    const deleted: string[] = [];
    for (let i = 0; i < (change.addConversations ?? 0); i++) {
      const created = this.generator.recentConversation(this.nowMs);
      this.insert(created.conversation, created.messages);
      added.push(created.conversation.id);
    }
    for (const item of change.addMessages ?? []) {
      const conversation = this.existing(item.conversationId);
      const list = this.messages.get(conversation.id) ?? [];
      for (const message of this.generator.appendMessages(conversation, list, item, this.nowMs)) this.messageIndex.set(message.id, message);
      changed.add(conversation.id);
    }
    for (const item of change.setStatus ?? []) {
      const conversation = this.existing(item.conversationId);
      conversation.status = item.status;
      if (item.status === 'HUMAN_REQUESTED') conversation.isAiEnabled = false;
      if (item.status === 'RESOLVED') conversation.unreadMessagesCount = 0;
      bumpUpdatedAt(conversation, this.nowMs);
      changed.add(conversation.id);
    }
    for (const id of change.deleteConversations ?? []) {
      this.existing(id);
      for (const message of this.messages.get(id) ?? []) this.messageIndex.delete(message.id);
      this.messages.delete(id);
      this.conversations.delete(id);
      changed.delete(id);
      deleted.push(id);
    }
    for (const item of change.setVariable ?? []) {
      const conversation = this.existing(item.conversationId);
      const variables = conversation.conversationVariables ?? (conversation.conversationVariables = []);
      const current = variables.find((v) => v.varName === item.name);
      if (current !== undefined) current.varValue = item.value;
      else variables.push({ conversationId: conversation.id, varName: item.name, varValue: item.value });
      changed.add(conversation.id);
    }
    for (const item of change.setTexts ?? []) {
      const conversation = this.existing(item.conversationId);
      if (item.title !== undefined) conversation.title = item.title;
      if (item.contact !== undefined) {
        // A copy: the generator shares one contact object between the conversations of a returning customer.
        const contacts = conversation.participantsContacts ?? [];
        const contact = contacts[0] ?? { id: `ct-${conversation.id}`, firstName: null, lastName: null, email: null, phoneNumber: null };
        conversation.participantsContacts = [{ ...contact, ...item.contact }, ...contacts.slice(1)];
      }
      if (item.tags !== undefined) conversation.tags = item.tags.map((tag) => ({ tag }));
      const texts = item.messageTexts ?? [];
      if (texts.length > 0) (this.messages.get(conversation.id) ?? []).forEach((m, i) => (m.text = texts[i % texts.length] ?? ''));
      bumpUpdatedAt(conversation, this.nowMs);
      changed.add(conversation.id);
    }
    for (const id of added) changed.delete(id);
    return { added, changed: [...changed], deleted };
  }

  private insert(conversation: ApiConversation, messages: ApiMessage[]): void {
    this.conversations.set(conversation.id, conversation);
    this.messages.set(conversation.id, messages);
    for (const message of messages) this.messageIndex.set(message.id, message);
  }

  private existing(id: string): ApiConversation {
    const conversation = this.conversations.get(id);
    if (conversation === undefined) throw new Error(`unknown conversation ${id}`);
    return conversation;
  }

  /** The first queued fault that matches `url` and fires on it (every k-th, by chance, or always). */
  private takeFault(url: string): FaultRule | undefined {
    for (let index = 0; index < this.faults.length; index++) {
      const fault = this.faults[index] as QueuedFault;
      if (!fault.pattern.test(url)) continue;
      fault.seen += 1;
      const every = fault.rule.every ?? 1;
      if (fault.seen % every !== 0) continue;
      if (fault.rng !== null && !fault.rng.chance(fault.rule.chance ?? 1)) continue;
      fault.left -= 1;
      if (fault.left <= 0) this.faults.splice(index, 1);
      return fault.rule;
    }
    return undefined;
  }

  private route(method: string, path: string, query: Record<string, string>, authorized: boolean): FakeAnswer {
    if (!authorized) return json(403, { error: 'UNAUTHORIZED' });
    const parts = path.split('/').filter((part) => part !== '').map(decodeURIComponent);
    if (method !== 'GET') return notFound();
    const [first, id, third, count] = parts;
    if (first === 'conversation' && parts.length === 1) return this.list(query);
    if (first === 'conversation' && id !== undefined && parts.length === 2) {
      const conversation = this.conversations.get(id);
      return conversation === undefined ? notFound() : json(200, conversation);
    }
    if (first === 'conversation' && id !== undefined && third === 'messages' && parts.length <= 4) {
      return this.conversationMessages(id, count);
    }
    if (first === 'messages' && id !== undefined && parts.length === 2) {
      const message = this.messageIndex.get(id);
      return message === undefined ? notFound() : json(200, message);
    }
    return notFound();
  }

  private list(query: Record<string, string>): FakeAnswer {
    const from = query.createdAt === undefined ? -Infinity : parseFilterDate(query.createdAt);
    // An older deployment ignores endDate (chatvolt-api.md): everything from createdAt on comes back.
    const to = query.endDate === undefined || this.behaviour.ignoreEndDate ? Infinity : parseFilterDate(query.endDate);
    if (Number.isNaN(from) || Number.isNaN(to) || (query.endDate !== undefined && Number.isNaN(parseFilterDate(query.endDate)))) return json(400, { error: 'INVALID_REQUEST' });
    const matches = (conversation: ApiConversation): boolean => {
      const created = Date.parse(conversation.createdAt);
      if (created < from || created > to) return false;
      if (query.agentId !== undefined && conversation.agentId !== (query.agentId === 'null' ? null : query.agentId)) return false;
      if (query.status !== undefined && conversation.status !== query.status) return false;
      if (query.channel !== undefined && conversation.channel !== query.channel) return false;
      if (query.priority !== undefined && conversation.priority !== query.priority) return false;
      if (query.assigneeId !== undefined) {
        const ids = (conversation.assignees ?? []).map((a) => ('user' in a ? a.user.id : a.id));
        if (query.assigneeId === 'unassigned' ? ids.length > 0 : !ids.includes(query.assigneeId)) return false;
      }
      if (query.unread === 'true' && conversation.unreadMessagesCount === 0) return false;
      return true;
    };
    const found = [...this.conversations.values()].filter(matches).sort((a, b) => compareByCreation(b, a));
    const capped = this.behaviour.listCap === null ? found : found.slice(0, this.behaviour.listCap);
    return json(200, capped.map((conversation) => this.listItem(conversation)));
  }

  /** A list item: with relations, without them, or (mixed) decided per conversation by a hash of its id. */
  private listItem(conversation: ApiConversation): ApiConversation {
    const mode = this.options.listRelations;
    if (mode === 'full' || (mode === 'mixed' && hash(conversation.id) % 2 === 0)) return conversation;
    const item: ApiConversation = { ...conversation };
    for (const key of RELATION_KEYS) delete item[key];
    return item;
  }

  private conversationMessages(id: string, countText: string | undefined): FakeAnswer {
    const conversation = this.conversations.get(id);
    if (conversation === undefined) return notFound();
    // Chatvolt's documented default count is 2.
    const count = countText === undefined ? 2 : Number(countText);
    if (!Number.isInteger(count) || count < 1) return json(400, { error: 'INVALID_REQUEST' });
    const newestFirst = [...(this.messages.get(id) ?? [])].sort((a, b) => compareByCreation(b, a)).slice(0, count);
    const answer: ApiMessagesAnswer = {
      status: conversation.status,
      isAiEnabled: conversation.isAiEnabled,
      userId: conversation.userId,
      organizationId: conversation.organizationId,
      messages: newestFirst,
    };
    return json(200, answer);
  }
}

/**
 * Reads a filter date: `YYYY-MM-DD` (UTC midnight), `YYYY-MM-DD HH:mm:ss` (UTC) or ISO 8601 (UTC when it has no
 * zone). NaN when unreadable.
 */
export function parseFilterDate(text: string): number {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00.000Z`);
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return Date.parse(`${value.replace(' ', 'T')}Z`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return Date.parse(`${value}Z`);
  return NaN;
}

function splitUrl(url: string): { path: string; query: Record<string, string> } {
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const query: Record<string, string> = {};
  if (mark >= 0) for (const [key, value] of new URLSearchParams(url.slice(mark + 1))) query[key] = value;
  return { path, query };
}

function json(status: number, value: unknown): FakeAnswer {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value), delayMs: 0, latencyMs: 0, drop: false };
}

function notFound(): FakeAnswer {
  return json(404, { error: 'NOT_FOUND' });
}

/** The answer of a status fault; without a body, the kind of body real gateways send for that status. */
function faultAnswer(rule: FaultRule): FakeAnswer {
  const status = rule.status ?? 500;
  const headers: Record<string, string> = {};
  if (rule.retryAfter !== undefined) headers['retry-after'] = String(rule.retryAfter);
  let body = rule.body;
  let contentType = rule.contentType;
  if (body === undefined) {
    const codes: Record<number, string> = { 400: 'INVALID_REQUEST', 402: 'USAGE_LIMIT', 403: 'UNAUTHORIZED', 404: 'NOT_FOUND', 429: 'RATE_LIMIT' };
    if (status >= 502) {
      body = `<html><head><title>${status}</title></head><body><h1>${status} Service Temporarily Unavailable</h1></body></html>`;
      contentType ??= 'text/html';
    } else if (status >= 500) {
      body = 'Internal Server Error';
      contentType ??= 'text/plain';
    } else {
      body = JSON.stringify({ error: codes[status] ?? 'ERROR' });
      contentType ??= JSON_TYPE;
    }
  }
  headers['content-type'] = contentType ?? 'text/plain';
  return { status, headers, body, delayMs: 0, latencyMs: 0, drop: false };
}

/** Cuts a JSON body so that it no longer parses. */
function truncate(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}
