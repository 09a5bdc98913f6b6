// Seeded generator of a realistic Chatvolt organisation: agents, team, customers, conversations and their messages.
import { Rng } from './random';
import {
  AGENT_MODELS, AGENT_NAMES, AI_HANDOVER, AI_REPLIES, CSAT_NAMES, CSAT_VALUES, CUSTOMER_FOLLOW_UPS, FIRST_NAMES,
  HOSTILE, HUMAN_REQUESTS, LAST_NAMES, OPERATOR_NAMES, OPERATOR_REPLIES, PHONE_REPLIES, TOPICS, longMessageText,
} from './texts';
import type {
  ApiAssignee, ApiContact, ApiConversation, ApiConversationVariable, ApiMessage, ApiPriority, ApiStatus, FakeOptions,
  FakeOrganisation,
} from './types';

/** Options with every default applied. */
export type ResolvedFakeOptions = Required<FakeOptions>;

/** Applies the documented defaults. */
export function resolveOptions(options: FakeOptions = {}): ResolvedFakeOptions {
  return {
    seed: options.seed ?? 1,
    conversations: options.conversations ?? 200,
    days: options.days ?? 90,
    now: options.now ?? '2026-03-15T12:00:00.000Z',
    apiKey: options.apiKey ?? 'test-key',
    listCap: options.listCap === undefined ? 100 : options.listCap,
    listRelations: options.listRelations ?? 'mixed',
    messagesPerConversation: options.messagesPerConversation ?? 12,
    timeZone: options.timeZone ?? 'America/Sao_Paulo',
    ignoreEndDate: options.ignoreEndDate ?? false,
    latencyMs: options.latencyMs ?? 0,
  };
}

/** The organisation id every generated object carries. */
export const ORGANIZATION_ID = 'clorgfake000000000000001';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How a conversation unfolds. */
type Scenario = 'ai' | 'escalated' | 'unanswered' | 'phone' | 'operator_only';

interface Agent {
  id: string;
  name: string;
  model: string;
}

interface Operator {
  userId: string;
  memberId: string;
  name: string;
  email: string;
}

/** Who writes as the customer: a saved contact or an anonymous website visitor. */
interface Customer {
  contact: ApiContact | null;
  visitorId: string | null;
}

/** The choices made for one conversation; forced plans guarantee that every edge case exists. */
interface Plan {
  scenario: Scenario;
  channel?: string;
  frustration?: 'unit' | 'percent' | 'null';
  assigneeShape?: 0 | 1 | 2;
  variables?: Array<[string, string]>;
  title?: string;
  contactName?: [string, string];
  customerText?: string;
  evals?: boolean;
  operatorFromHuman?: boolean;
  status?: ApiStatus;
  /** Forced plans: an AI agent, at least six messages and a prompt team, so that `now` cannot cut the case short. */
  complete?: boolean;
}

/**
 * Plans of the first conversations generated, so that any organisation of at least FORCED_PLANS.length
 * conversations holds every sender class, assignee shape, frustration scale, csat oddity and hostile string.
 */
const FORCED_PLANS: readonly Plan[] = [
  { scenario: 'escalated', assigneeShape: 0, frustration: 'unit', variables: [['csat', '5']], title: HOSTILE.hyperlink, operatorFromHuman: true, status: 'HUMAN_REQUESTED' },
  { scenario: 'escalated', assigneeShape: 1, frustration: 'percent', variables: [['nota', '4,5']], contactName: [HOSTILE.phone, HOSTILE.dash] },
  { scenario: 'escalated', assigneeShape: 2, frustration: 'null', variables: [['satisfacao', ' 3 ']], contactName: [HOSTILE.at, 'Assunção'], customerText: HOSTILE.html },
  { scenario: 'unanswered', channel: 'website' },
  { scenario: 'phone', channel: 'whatsapp' },
  { scenario: 'ai', variables: [['nota', 'ótimo'], ['csat', '4']], customerText: longMessageText(), evals: true },
  { scenario: 'operator_only', variables: [['csat', '7']], customerText: HOSTILE.hyperlink },
  { scenario: 'ai', channel: 'WhatsApp', title: HOSTILE.dash },
  { scenario: 'ai', channel: 'mercadolivre', contactName: ['Zé 😀', 'Flor 🌻'] },
  { scenario: 'escalated', channel: 'instagram', title: HOSTILE.at },
];

const CHANNELS: ReadonlyArray<readonly [string, number]> = [
  ['whatsapp', 48], ['website', 18], ['instagram', 12], ['telegram', 6], ['mercadolivre', 3], ['WhatsApp', 3],
  ['zapi', 3], ['api', 2], ['dashboard', 2], ['Instagram', 1], ['mail', 2],
];
const VISITOR_CHANNELS = new Set(['website', 'api', 'dashboard']);
const SCENARIOS: ReadonlyArray<readonly [Scenario, number]> = [
  ['ai', 55], ['escalated', 24], ['unanswered', 7], ['phone', 8], ['operator_only', 6],
];
const PRIORITIES: ReadonlyArray<readonly [ApiPriority, number]> = [['MEDIUM', 70], ['HIGH', 15], ['LOW', 15]];
const GENERAL_TAGS = ['vip', 'reclamacao', 'urgente', 'retorno'] as const;
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Relative traffic per local hour (0–23): quiet nights, morning and afternoon peaks. */
const HOUR_WEIGHT = [
  0.04, 0.03, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.65, 0.95, 1, 1, 0.8, 0.75, 0.95, 1, 0.95, 0.85, 0.65, 0.5, 0.45,
  0.35, 0.2, 0.08,
];
/** Relative traffic per weekday (0 = Sunday). */
const WEEKDAY_WEIGHT = [0.3, 1, 0.95, 0.95, 0.9, 0.85, 0.55];

/** Local hour and weekday of instants in one time zone, cached per UTC hour (Intl formatting is slow). */
class LocalTime {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, [number, number]>();

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
  }

  /** [hour 0–23, weekday 0–6] at `ms`. */
  at(ms: number): [number, number] {
    const bucket = Math.floor(ms / HOUR);
    let hit = this.cache.get(bucket);
    if (hit === undefined) {
      let hour = 0;
      let weekday = 0;
      for (const part of this.format.formatToParts(new Date(bucket * HOUR))) {
        if (part.type === 'hour') hour = Number(part.value) % 24;
        else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
      }
      hit = [hour, weekday];
      this.cache.set(bucket, hit);
    }
    return hit;
  }

  /** Whether a team would be at work at `ms` (weekdays 8–18, Saturdays 8–12). */
  isBusinessHours(ms: number): boolean {
    const [hour, weekday] = this.at(ms);
    if (weekday === 0) return false;
    if (weekday === 6) return hour >= 8 && hour < 12;
    return hour >= 8 && hour < 18;
  }
}

/** A generated conversation with its messages (oldest first). */
export interface GeneratedConversation {
  conversation: ApiConversation;
  messages: ApiMessage[];
}

/** Counts of messages to append to a conversation. */
export interface MessageCounts {
  customer?: number;
  ai?: number;
  operator?: number;
}

/**
 * Holds the organisation's cast (agents, team, customers) and its random state; the server keeps one to create
 * conversations and messages on mutation with the same look as the generated history.
 */
export class OrganisationGenerator {
  private readonly rng: Rng;
  private readonly local: LocalTime;
  private readonly agents: Agent[];
  private readonly agentWeights: Array<readonly [Agent, number]>;
  private readonly operators: Operator[];
  private readonly customers: Customer[];
  private readonly meanMessages: number;

  constructor(private readonly options: ResolvedFakeOptions) {
    this.rng = new Rng(options.seed);
    this.local = new LocalTime(options.timeZone);
    this.meanMessages = Math.max(1, options.messagesPerConversation);
    const rng = this.rng;
    this.agents = Array.from({ length: rng.int(3, 6) }, (_, i) => ({
      id: rng.id(),
      name: AGENT_NAMES[i % AGENT_NAMES.length] ?? 'Agente',
      model: rng.pick(AGENT_MODELS),
    }));
    // Uneven load: the first agent takes the most conversations.
    this.agentWeights = this.agents.map((agent, i) => [agent, 1 / (i + 1)] as const);
    this.operators = Array.from({ length: rng.int(4, 7) }, (_, i) => {
      const name = OPERATOR_NAMES[i % OPERATOR_NAMES.length] ?? 'Operador';
      return { userId: rng.id(), memberId: rng.id(), name, email: `${asciiSlug(name)}@empresa.com.br` };
    });
    const customerCount = Math.max(8, Math.round(options.conversations * 0.75));
    this.customers = Array.from({ length: customerCount }, () => this.newCustomer());
  }

  /** Generates the whole history: `conversations` conversations over `days` days before `now`, oldest first. */
  generate(): FakeOrganisation {
    const nowMs = Date.parse(this.options.now);
    const startMs = nowMs - this.options.days * DAY;
    const generated: GeneratedConversation[] = [];
    // Forced plans start early enough that `now` does not cut their dialogue short.
    const forcedEndMs = nowMs - Math.min((nowMs - startMs) / 2, 2 * DAY);
    for (let i = 0; i < this.options.conversations; i++) {
      const forced = FORCED_PLANS[i];
      const plan = forced === undefined ? this.randomPlan() : { ...forced, complete: true };
      generated.push(this.conversation(this.sampleCreatedAt(startMs, forced === undefined ? nowMs : forcedEndMs), nowMs, plan));
    }
    generated.sort((a, b) => compareByCreation(a.conversation, b.conversation));
    const messages: Record<string, ApiMessage[]> = {};
    for (const item of generated) messages[item.conversation.id] = item.messages;
    return { conversations: generated.map((item) => item.conversation), messages };
  }

  /** A new conversation started shortly (1–30 min) before `nowMs`, as a mutation adds it. */
  recentConversation(nowMs: number): GeneratedConversation {
    return this.conversation(nowMs - this.rng.int(1, 30) * MINUTE, nowMs, this.randomPlan());
  }

  /**
   * Appends customer, then AI, then operator messages to a conversation (mutating both), ending at `nowMs`
   * (or just after the last message when the clock was not advanced), and updates the conversation as Chatvolt
   * would: `updatedAt` bumps, a customer message re-opens a RESOLVED conversation, an operator turns the AI off.
   */
  appendMessages(conversation: ApiConversation, messages: ApiMessage[], counts: MessageCounts, nowMs: number): ApiMessage[] {
    const kinds: Array<'customer' | 'ai' | 'operator'> = [];
    for (let i = 0; i < (counts.customer ?? 0); i++) kinds.push('customer');
    for (let i = 0; i < (counts.ai ?? 0); i++) kinds.push('ai');
    for (let i = 0; i < (counts.operator ?? 0); i++) kinds.push('operator');
    if (kinds.length === 0) return [];
    const last = messages[messages.length - 1];
    const floor = Math.max(last === undefined ? 0 : Date.parse(last.createdAt), Date.parse(conversation.createdAt)) + 1000;
    const customer = customerOf(conversation, messages);
    const agent = this.agents.find((a) => a.id === conversation.agentId) ?? this.agents[0];
    const operator = this.assignedOperator(conversation) ?? this.rng.pick(this.operators);
    const added: ApiMessage[] = [];
    let lastCustomerId = [...messages].reverse().find((m) => classOf(m) === 'customer')?.id ?? null;
    kinds.forEach((kind, i) => {
      const at = Math.max(nowMs - (kinds.length - 1 - i) * 20_000, floor + i * 1000);
      let message: ApiMessage;
      if (kind === 'customer') {
        message = this.customerMessage(conversation, customer, at, this.rng.pick(CUSTOMER_FOLLOW_UPS));
        lastCustomerId = message.id;
        if (conversation.status === 'RESOLVED') conversation.status = 'UNRESOLVED';
        conversation.unreadMessagesCount += 1;
        message.read = false;
      } else if (kind === 'ai' && agent !== undefined) {
        message = this.aiMessage(conversation, agent, at, lastCustomerId, this.rng.pick(AI_REPLIES), null);
      } else {
        message = this.operatorMessage(conversation, operator, at, this.rng.pick(OPERATOR_REPLIES), this.rng.chance(0.3));
        conversation.isAiEnabled = false;
        conversation.lastHumanInteractionAt = iso(at);
        conversation.unreadMessagesCount = 0;
      }
      added.push(message);
      messages.push(message);
    });
    const lastAdded = added[added.length - 1];
    if (lastAdded !== undefined) bumpUpdatedAt(conversation, Date.parse(lastAdded.createdAt));
    return added;
  }

  private randomPlan(): Plan {
    return { scenario: this.rng.weighted(SCENARIOS) };
  }

  /** Rejection sampling over [start, end): business hours, weekdays and a slow growth trend are likelier. */
  private sampleCreatedAt(startMs: number, endMs: number): number {
    const span = Math.max(1, endMs - startMs);
    for (let attempt = 0; attempt < 200; attempt++) {
      const t = startMs + Math.floor(this.rng.next() * span);
      const [hour, weekday] = this.local.at(t);
      const trend = 0.75 + 0.25 * ((t - startMs) / span);
      if (this.rng.next() < (HOUR_WEIGHT[hour] ?? 0) * (WEEKDAY_WEIGHT[weekday] ?? 0) * trend) return t;
    }
    return startMs + Math.floor(this.rng.next() * span);
  }

  private newCustomer(channel?: string): Customer {
    const rng = this.rng;
    if (channel !== undefined && VISITOR_CHANNELS.has(channel) && rng.chance(0.7)) return { contact: null, visitorId: rng.id() };
    return { contact: this.newContact(), visitorId: null };
  }

  private newContact(): ApiContact {
    const rng = this.rng;
    const firstName = rng.pick(FIRST_NAMES);
    return {
      id: rng.id(),
      firstName: rng.chance(0.03) ? null : firstName,
      lastName: rng.chance(0.85) ? rng.pick(LAST_NAMES) : null,
      email: rng.chance(0.35) ? `${asciiSlug(firstName)}${rng.int(1, 999)}@mail.com` : null,
      phoneNumber: rng.chance(0.8) ? `55${rng.int(11, 99)}9${rng.int(10_000_000, 99_999_999)}` : null,
    };
  }

  /** Target length of a dialogue: mean `messagesPerConversation`, long tail, at least `floor`. */
  private targetLength(scale: number, floor: number): number {
    const mean = this.meanMessages * scale;
    return Math.max(floor, Math.min(Math.round(mean * 6), Math.round(mean * 0.4 + this.rng.exponential(mean * 0.6))));
  }

  /** Delay before a team member answers: minutes in business hours, hours outside them. */
  private operatorDelay(at: number): number {
    return this.local.isBusinessHours(at)
      ? 30_000 + this.rng.exponential(6 * MINUTE)
      : 20 * MINUTE + this.rng.exponential(5 * HOUR);
  }

  private conversation(createdMs: number, nowMs: number, plan: Plan): GeneratedConversation {
    const rng = this.rng;
    const channel = plan.channel ?? rng.weighted(CHANNELS);
    const topic = rng.pick(TOPICS);
    // Website-like channels mostly bring anonymous visitors; elsewhere returning customers are common.
    let customer = VISITOR_CHANNELS.has(channel) || rng.chance(0.3) ? this.newCustomer(channel) : rng.pick(this.customers);
    if (plan.contactName !== undefined) {
      customer = { contact: { ...this.newContact(), firstName: plan.contactName[0], lastName: plan.contactName[1] }, visitorId: null };
    }
    const complete = plan.complete === true;
    const minLength = complete ? 6 : 2;
    const agent = plan.scenario === 'operator_only' || (!complete && rng.chance(0.02)) ? null : rng.weighted(this.agentWeights);
    const conversation: ApiConversation = {
      id: rng.id(),
      title: plan.title ?? rng.weighted<string | null>([[topic.title, 89], [null, 10], [rng.pick(Object.values(HOSTILE)), 1]]),
      isAiEnabled: true,
      channel,
      status: 'UNRESOLVED',
      priority: rng.weighted(PRIORITIES),
      agentId: agent?.id ?? null,
      userId: null,
      visitorId: customer.visitorId,
      organizationId: ORGANIZATION_ID,
      frustration: null,
      metadata: rng.weighted<Record<string, unknown> | null>([[null, 2], [{}, 5], [{ origem: 'campanha-março', utm_source: 'instagram' }, 3]]),
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs),
      unreadMessagesCount: 0,
      isGroup: false,
      blocked: rng.chance(0.01),
      lastHumanInteractionAt: null,
    };

    const messages: ApiMessage[] = [];
    const operators = [rng.pick(this.operators)];
    if (rng.chance(0.2)) operators.push(rng.pick(this.operators));
    const dialogue = new Dialogue(createdMs + rng.int(50, 900), nowMs);
    const openingText = plan.customerText ?? topic.opening;
    const customerSays = (text: string, delay: number): void => {
      const at = dialogue.advance(delay);
      if (at === null) return;
      const message = this.customerMessage(conversation, customer, at, text);
      lastCustomerId = message.id;
      messages.push(message);
    };
    let lastCustomerId: string | null = null;
    let aiCount = 0;
    const aiSays = (text: string): void => {
      const at = dialogue.advance(2000 + rng.exponential(6000));
      if (at === null || agent === null) return;
      let evaluation: ApiMessage['eval'] = rng.weighted([[null, 79], ['good', 15], ['bad', 6]]);
      if (plan.evals === true) evaluation = aiCount === 0 ? 'good' : aiCount === 1 ? 'bad' : evaluation;
      aiCount++;
      messages.push(this.aiMessage(conversation, agent, at, lastCustomerId, text, evaluation));
    };
    let operatorCount = 0;
    const operatorSays = (delay: number): void => {
      const at = dialogue.advance(delay);
      if (at === null) return;
      const operator = operators[operatorCount > 2 && operators.length > 1 ? 1 : 0] ?? operators[0]!;
      const fromHuman = plan.operatorFromHuman === true ? operatorCount === 0 : rng.chance(0.3);
      operatorCount++;
      messages.push(this.operatorMessage(conversation, operator, at, rng.pick(OPERATOR_REPLIES), fromHuman));
    };
    const customerPause = (): number => 20_000 + rng.exponential(3 * MINUTE);
    const firstOperatorDelay = (): number => (complete ? 30_000 + rng.exponential(6 * MINUTE) : this.operatorDelay(dialogue.time));

    customerSays(openingText, 0);
    switch (plan.scenario) {
      case 'unanswered': {
        const extra = rng.int(0, 2);
        for (let i = 0; i < extra; i++) customerSays(rng.pick(CUSTOMER_FOLLOW_UPS), MINUTE + rng.exponential(15 * MINUTE));
        break;
      }
      case 'ai': {
        const length = this.targetLength(0.9, minLength);
        while (messages.length < length && !dialogue.finished) {
          aiSays(rng.pick(AI_REPLIES));
          if (rng.chance(0.2)) aiSays(rng.pick(AI_REPLIES));
          if (messages.length < length) customerSays(rng.pick(CUSTOMER_FOLLOW_UPS), customerPause());
        }
        break;
      }
      case 'escalated': {
        const length = this.targetLength(1.4, minLength);
        const aiTurns = Math.max(1, Math.round(length * 0.15));
        for (let i = 0; i < aiTurns && !dialogue.finished; i++) {
          aiSays(rng.pick(AI_REPLIES));
          customerSays(rng.pick(CUSTOMER_FOLLOW_UPS), customerPause());
        }
        customerSays(rng.pick(HUMAN_REQUESTS), customerPause());
        aiSays(AI_HANDOVER);
        operatorSays(firstOperatorDelay());
        while (messages.length < length && !dialogue.finished) {
          customerSays(rng.pick(CUSTOMER_FOLLOW_UPS), customerPause());
          operatorSays(30_000 + rng.exponential(4 * MINUTE));
        }
        break;
      }
      case 'phone': {
        const length = this.targetLength(0.7, minLength);
        if (rng.chance(0.5)) aiSays(rng.pick(AI_REPLIES));
        while (messages.length < length && !dialogue.finished) {
          const at = dialogue.advance(this.rng.exponential(10 * MINUTE) + 30_000);
          if (at !== null) messages.push(this.unknownAgentMessage(conversation, at, rng.pick(PHONE_REPLIES)));
          customerSays(rng.pick(CUSTOMER_FOLLOW_UPS), customerPause());
        }
        break;
      }
      case 'operator_only': {
        const length = this.targetLength(0.8, minLength);
        operatorSays(firstOperatorDelay());
        while (messages.length < length && !dialogue.finished) {
          customerSays(rng.pick(CUSTOMER_FOLLOW_UPS), customerPause());
          operatorSays(30_000 + rng.exponential(5 * MINUTE));
        }
        break;
      }
    }
    this.settle(conversation, messages, plan, { cutByNow: dialogue.finished, operators, customer, nowMs });
    return { conversation, messages };
  }

  /** Final state of a generated conversation: status, AI switch, relations, frustration, unread counters. */
  private settle(
    conversation: ApiConversation,
    messages: ApiMessage[],
    plan: Plan,
    context: { cutByNow: boolean; operators: Operator[]; customer: Customer; nowMs: number },
  ): void {
    const rng = this.rng;
    const { cutByNow, operators, customer, nowMs } = context;
    const operatorMessages = messages.filter((m) => classOf(m) === 'operator');
    const staffTouched = plan.scenario === 'escalated' || plan.scenario === 'operator_only';
    let status: ApiStatus;
    switch (plan.scenario) {
      case 'unanswered':
        status = 'UNRESOLVED';
        break;
      case 'ai':
        status = cutByNow ? 'UNRESOLVED' : rng.weighted<ApiStatus>([['RESOLVED', 75], ['UNRESOLVED', 25]]);
        break;
      case 'escalated':
        status = plan.status ?? (operatorMessages.length === 0 ? 'HUMAN_REQUESTED' : rng.weighted<ApiStatus>([['HUMAN_REQUESTED', 45], ['RESOLVED', 45], ['UNRESOLVED', 10]]));
        break;
      case 'phone':
        status = rng.weighted<ApiStatus>([['RESOLVED', 60], ['UNRESOLVED', 40]]);
        break;
      case 'operator_only':
        status = rng.weighted<ApiStatus>([['RESOLVED', 60], ['UNRESOLVED', 25], ['HUMAN_REQUESTED', 15]]);
        break;
    }
    conversation.status = status;
    conversation.isAiEnabled = plan.scenario === 'escalated'
      ? status === 'RESOLVED' && rng.chance(0.3)
      : plan.scenario === 'operator_only' ? false : plan.scenario === 'phone' ? rng.chance(0.5) : true;

    const lastOperator = operatorMessages[operatorMessages.length - 1];
    conversation.lastHumanInteractionAt = lastOperator === undefined ? null : lastOperator.createdAt;

    let unread = 0;
    for (let i = messages.length - 1; i >= 0 && status !== 'RESOLVED'; i--) {
      const message = messages[i]!;
      if (classOf(message) !== 'customer') break;
      message.read = false;
      unread++;
    }
    conversation.unreadMessagesCount = unread;

    const lastMessage = messages[messages.length - 1];
    let updated = lastMessage === undefined ? Date.parse(conversation.createdAt) : Date.parse(lastMessage.createdAt) + rng.int(5, 400);
    if (status === 'RESOLVED') updated += rng.exponential(20 * MINUTE);
    conversation.updatedAt = iso(Math.min(Math.round(updated), Math.max(nowMs, Date.parse(conversation.createdAt))));

    const scale = plan.frustration ?? rng.weighted<'unit' | 'percent' | 'null'>([['null', 40], ['unit', 35], ['percent', 25]]);
    const escalatedBoost = plan.scenario === 'escalated' ? 0.3 : 0;
    const level = Math.min(1, rng.next() * 0.7 + escalatedBoost * rng.next());
    conversation.frustration = scale === 'null' ? null : scale === 'unit' ? Math.round(level * 100) / 100 : Math.max(2, Math.round(level * 100));

    conversation.participantsContacts = customer.contact === null ? [] : [customer.contact];
    const shape = plan.assigneeShape ?? rng.int(0, 2);
    const assigned = staffTouched ? uniqueOperators(operators.slice(0, operatorMessages.length > 3 ? 2 : 1)) : [];
    conversation.assignees = assigned.map((operator) => assigneeOf(operator, shape));
    const tags = new Set<string>();
    const topic = TOPICS.find((t) => t.title === conversation.title);
    for (const tag of topic?.tags ?? []) if (rng.chance(0.6)) tags.add(tag);
    if (rng.chance(0.15)) tags.add(rng.pick(GENERAL_TAGS));
    conversation.tags = [...tags].map((tag) => ({ tag }));

    const variables: ApiConversationVariable[] = [];
    const add = (varName: string, varValue: string): void => { variables.push({ conversationId: conversation.id, varName, varValue }); };
    if (plan.variables !== undefined) for (const [name, value] of plan.variables) add(name, value);
    else if (status === 'RESOLVED' && rng.chance(0.35)) add(rng.weighted(CSAT_NAMES), rng.weighted(CSAT_VALUES));
    if (rng.chance(0.2) && customer.contact?.firstName) add('nome', customer.contact.firstName);
    if (rng.chance(0.1)) add('cidade', rng.pick(['São Paulo', 'Belém', 'Florianópolis', 'Goiânia']));
    conversation.conversationVariables = variables;
  }

  private assignedOperator(conversation: ApiConversation): Operator | undefined {
    const first = conversation.assignees?.[0];
    if (first === undefined) return undefined;
    const userId = 'user' in first ? first.user.id : first.id;
    return this.operators.find((o) => o.userId === userId);
  }

  private baseMessage(conversation: ApiConversation, at: number, text: string, from: 'human' | 'agent'): ApiMessage {
    const stamp = iso(at);
    return {
      id: this.rng.id(), text, from, conversationId: conversation.id, createdAt: stamp, updatedAt: stamp, userId: null,
      contactId: null, visitorId: null, agentId: null, inputId: null, eval: null, read: true, agentModel: null, usage: null,
      usageCredits: null, sources: [], metadata: null, externalId: null,
    };
  }

  private customerMessage(conversation: ApiConversation, customer: Customer, at: number, text: string): ApiMessage {
    const message = this.baseMessage(conversation, at, text, 'human');
    message.contactId = customer.contact?.id ?? null;
    message.visitorId = customer.contact === null ? customer.visitorId : null;
    if (conversation.channel.toLowerCase() === 'whatsapp') message.externalId = `wamid.${this.rng.id()}`;
    return message;
  }

  private aiMessage(conversation: ApiConversation, agent: Agent, at: number, inputId: string | null, text: string, evaluation: ApiMessage['eval']): ApiMessage {
    const rng = this.rng;
    const message = this.baseMessage(conversation, at, text, 'agent');
    message.agentId = agent.id;
    message.inputId = inputId;
    message.eval = evaluation;
    // A few answers carry only some markers: the add-on must classify on any one of them.
    if (rng.chance(0.95)) {
      const prompt = rng.int(300, 3000);
      const completion = rng.int(20, 400);
      message.agentModel = agent.model;
      message.usage = { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion, cost: Math.round((prompt + completion) * 0.15) / 1e6 };
      message.usageCredits = rng.chance(0.8) ? 1 : 2;
    }
    if (rng.chance(0.25)) message.sources = [{ name: 'FAQ.pdf', url: null, score: Math.round(rng.next() * 100) / 100 }];
    return message;
  }

  private operatorMessage(conversation: ApiConversation, operator: Operator, at: number, text: string, fromHuman: boolean): ApiMessage {
    const message = this.baseMessage(conversation, at, text, fromHuman ? 'human' : 'agent');
    message.userId = operator.userId;
    return message;
  }

  private unknownAgentMessage(conversation: ApiConversation, at: number, text: string): ApiMessage {
    const message = this.baseMessage(conversation, at, text, 'agent');
    message.agentId = conversation.agentId;
    return message;
  }
}

/** A message clock that stops at the organisation's `now`. */
class Dialogue {
  finished = false;

  constructor(public time: number, private readonly nowMs: number) {}

  /** Moves `delay` ms forward; null (and finished) once that passes `now`. */
  advance(delay: number): number | null {
    if (this.finished) return null;
    const next = Math.round(this.time + delay);
    if (next > this.nowMs) {
      this.finished = true;
      return null;
    }
    this.time = next;
    return next;
  }
}

/**
 * Generates a Chatvolt organisation, deterministic for `options.seed`; with 10 or more conversations it always holds
 * every sender class, assignee shape, frustration scale, csat oddity and hostile string.
 * @example generateOrganisation({ seed: 3, conversations: 50 }).conversations.length === 50
 */
export function generateOrganisation(options: FakeOptions = {}): FakeOrganisation {
  return new OrganisationGenerator(resolveOptions(options)).generate();
}

/** The sender class of chatvolt-api.md (customer, operator, ai, unknown_agent), for the fake's own bookkeeping. */
export function classOf(message: ApiMessage): 'customer' | 'operator' | 'ai' | 'unknown_agent' {
  if (message.from === 'human' && !message.userId) return 'customer';
  if (message.userId && !message.contactId && !message.visitorId) return 'operator';
  if (message.from === 'agent' && (message.agentModel || message.usage || message.usageCredits || message.sources.length > 0 || message.inputId)) return 'ai';
  return 'unknown_agent';
}

/** Sorts by `createdAt`, then `id`. */
export function compareByCreation(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sets `updatedAt` to `ms`, always strictly later than before (so a change is always visible to a client). */
export function bumpUpdatedAt(conversation: ApiConversation, ms: number): void {
  conversation.updatedAt = iso(Math.max(ms, Date.parse(conversation.updatedAt) + 1));
}

/** ISO string of an epoch millisecond value. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function customerOf(conversation: ApiConversation, messages: ApiMessage[]): Customer {
  const contact = conversation.participantsContacts?.[0];
  if (contact !== undefined) return { contact, visitorId: null };
  const fromMessages = messages.find((m) => classOf(m) === 'customer');
  if (fromMessages?.contactId) {
    return { contact: { id: fromMessages.contactId, firstName: null, lastName: null, email: null, phoneNumber: null }, visitorId: null };
  }
  return { contact: null, visitorId: conversation.visitorId ?? fromMessages?.visitorId ?? null };
}

function assigneeOf(operator: Operator, shape: number): ApiAssignee {
  const user = { id: operator.userId, name: operator.name, email: operator.email };
  if (shape === 0) return { id: operator.userId, email: operator.email };
  if (shape === 1) return { user };
  return { id: operator.memberId, user };
}

function uniqueOperators(operators: Operator[]): Operator[] {
  return operators.filter((operator, i) => operators.findIndex((o) => o.userId === operator.userId) === i);
}

function asciiSlug(name: string): string {
  return name.normalize('NFD').replace(/[^A-Za-z ]/g, '').trim().toLowerCase().replace(/\s+/g, '.');
}
