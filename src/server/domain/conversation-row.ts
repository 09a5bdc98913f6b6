// A Chatvolt conversation and its messages → one typed "Conversas" row and its "Mensagens" rows (metrics.md §2).
import type { ChatvoltConversation, ChatvoltMessage } from './chatvolt';
import { fitCellText } from './cell-text';
import type { ConversationRecord, MessageRecord, Sender } from './columns';
import { classifySender, parseApiTime, sortMessages } from './sender';
import { businessColumns, type BusinessCalendar } from './business-hours';
import { operatorColumns } from './operator-columns';
import { firstCustomerMessageAt } from './message-depth';

/** What a conversation row needs besides the API data. */
export interface ConversationRowOptions {
  /** Variable names read as satisfaction, compared case-insensitively (Settings.csatVariables). */
  csatVariables: readonly string[];
  /** Written to `synced_at`. */
  syncedAt: Date;
  /** The row's current `satisfaction_score` cell (it may come from Make, a form or a person), kept when no variable gives one. */
  existingSatisfaction: number | null;
  /** Business hours for the §6 columns (blank when absent or off). */
  calendar?: BusinessCalendar;
}

/** Text for a cell: `null` and `''` are a blank cell; long text is truncated (contract.md). */
function textCell(value: string | null): string | null {
  return value === null || value === '' ? null : fitCellText(value);
}

function dateCell(iso: string | null): Date | null {
  const ms = parseApiTime(iso);
  return ms === null ? null : new Date(ms);
}

function roundTo2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Normalises the API's `frustration` (0–1 in some tools, 0–100 in others) to a 0–1 score
 * (`v > 1 ? v / 100 : v`, clamped) and a level 1–5 (`min(5, floor(score × 5) + 1)`). Exactly 1 is read as
 * the top of the 0–1 scale (level 5): the scale cannot be told from that value.
 * @example normaliseFrustration(62) // { score: 0.62, level: 4 }
 */
export function normaliseFrustration(v: number | null): { score: number | null; level: number | null } {
  if (v === null || !Number.isFinite(v)) return { score: null, level: null };
  const score = Math.min(1, Math.max(0, v > 1 ? v / 100 : v));
  return { score, level: Math.min(5, Math.floor(score * 5) + 1) };
}

/**
 * Reads a satisfaction value: trimmed, a decimal comma read as a point, a plain decimal number in [1, 5];
 * anything else (words, other scales, empty) is null.
 * @example parseSatisfaction(' 4,5 ') // 4.5
 */
export function parseSatisfaction(value: string): number | null {
  const text = value.trim();
  if (!/^\d+(?:[.,]\d+)?$/.test(text)) return null;
  const n = Number(text.replace(',', '.'));
  return n >= 1 && n <= 5 ? n : null;
}

function satisfactionOf(conv: ChatvoltConversation, options: ConversationRowOptions): number | null {
  const names = new Set(options.csatVariables.map((name) => name.trim().toLowerCase()));
  for (const variable of conv.variables ?? []) {
    if (!names.has(variable.name.trim().toLowerCase())) continue;
    const score = parseSatisfaction(variable.value);
    if (score !== null) return score;
  }
  return options.existingSatisfaction;
}

/** Whole seconds between two API times, or null when either is unreadable. */
function secondsBetween(fromIso: string | null, toIso: string | null): number | null {
  const from = parseApiTime(fromIso);
  const to = parseApiTime(toIso);
  return from === null || to === null ? null : Math.round((to - from) / 1000);
}

function contactName(first: string | null, last: string | null): string | null {
  const parts = [first, last].map((part) => (part ?? '').trim()).filter((part) => part !== '');
  return parts.length === 0 ? null : parts.join(' ');
}

function joined(values: ReadonlyArray<string | null>): string | null {
  const kept = values.filter((v): v is string => v !== null && v.trim() !== '');
  return kept.length === 0 ? null : fitCellText(kept.join(', '));
}

/**
 * Builds the "Conversas" record of a conversation from its full message history (any order).
 * Response times use the order of `sortMessages`; "staff" is operator, ai or unknown_agent.
 */
export function buildConversationRecord(
  conv: ChatvoltConversation,
  messages: readonly ChatvoltMessage[],
  options: ConversationRowOptions,
): ConversationRecord {
  const sorted = sortMessages(messages);
  const senders: Sender[] = sorted.map(classifySender);
  const isStaff = (s: Sender) => s !== 'customer';

  const firstCustomer = senders.indexOf('customer');
  const lastCustomer = senders.lastIndexOf('customer');
  const afterFirst = (match: (s: Sender) => boolean): ChatvoltMessage | null => {
    if (firstCustomer < 0) return null;
    const i = senders.findIndex((s, index) => index > firstCustomer && match(s));
    return i < 0 ? null : (sorted[i] ?? null);
  };
  const customerAt = sorted[firstCustomer]?.createdAt ?? null;
  const firstStaff = afterFirst(isStaff);
  const firstOperator = afterFirst((s) => s === 'operator');

  const count = (s: Sender) => senders.filter((x) => x === s).length;
  const status = conv.status?.toUpperCase() ?? null;
  const resolved = status === null ? null : status === 'RESOLVED';

  const created = parseApiTime(conv.createdAt);
  const updated = parseApiTime(conv.updatedAt);
  const resolutionTime =
    resolved && created !== null && updated !== null && updated >= created ? roundTo2((updated - created) / 60000) : null;

  const escalated =
    status === 'HUMAN_REQUESTED' ||
    conv.isAiEnabled === false ||
    senders.includes('operator') ||
    (conv.assignees?.length ?? 0) > 0;

  const awaitingReply =
    resolved !== true && lastCustomer >= 0 && !senders.some((s, i) => i > lastCustomer && isStaff(s));

  let lastMessageAt: Date | null = null;
  for (const m of sorted) lastMessageAt = dateCell(m.createdAt) ?? lastMessageAt;

  const frustration = normaliseFrustration(conv.frustration);
  const contact = conv.contacts?.[0] ?? null;

  const firstCustomerAt = firstCustomerMessageAt(sorted, senders);
  const firstResponse = firstStaff ? secondsBetween(customerAt, firstStaff.createdAt) : null;
  const firstHumanResponse = firstOperator ? secondsBetween(customerAt, firstOperator.createdAt) : null;
  const createdAt = created === null ? null : new Date(created);
  const updatedAt = updated === null ? null : new Date(updated);
  const business = options.calendar
    ? businessColumns(options.calendar, {
        created_at: createdAt,
        updated_at: updatedAt,
        resolved,
        first_customer_message_at: firstCustomerAt,
        first_response_time: firstResponse,
        first_human_response_time: firstHumanResponse,
      })
    : null;

  return {
    conversation_id: fitCellText(conv.id),
    created_at: createdAt,
    updated_at: updatedAt,
    status: textCell(conv.status),
    priority: textCell(conv.priority),
    channel: textCell(conv.channel?.toLowerCase() ?? null),
    visitor_id: textCell(conv.visitorId),
    agent_id: textCell(conv.agentId),
    frustration_level: frustration.level,
    first_response_time: firstResponse,
    resolution_time: resolutionTime,
    message_count: messages.length,
    satisfaction_score: satisfactionOf(conv, options),
    resolved,
    escalated_to_human: escalated,
    contact_name: textCell(contact ? contactName(contact.firstName, contact.lastName) : null),
    contact_email: textCell(contact?.email ?? null),
    title: textCell(conv.title),
    contact_phone: textCell(contact?.phoneNumber ?? null),
    assignees: conv.assignees ? joined(conv.assignees.map((a) => a.email ?? a.name)) : null,
    ai_enabled: conv.isAiEnabled,
    tags: conv.tags ? joined(conv.tags) : null,
    frustration_score: frustration.score,
    first_human_response_time: firstHumanResponse,
    customer_messages: count('customer'),
    ai_messages: count('ai'),
    operator_messages: count('operator'),
    unknown_agent_messages: count('unknown_agent'),
    awaiting_reply: awaitingReply,
    last_customer_message_at: lastCustomer >= 0 ? dateCell(sorted[lastCustomer]?.createdAt ?? null) : null,
    last_message_at: lastMessageAt,
    ai_rating_good: messages.filter((m) => m.eval === 'good').length,
    ai_rating_bad: messages.filter((m) => m.eval === 'bad').length,
    synced_at: options.syncedAt,
    first_response_business_time: business?.first_response_business_time ?? null,
    first_human_response_business_time: business?.first_human_response_business_time ?? null,
    resolution_business_time: business?.resolution_business_time ?? null,
    created_in_business_hours: business?.created_in_business_hours ?? null,
    ...operatorColumns(sorted, senders),
    first_customer_message_at: firstCustomerAt,
  };
}

/** Builds the "Mensagens" records of a conversation, in `sortMessages` order. */
export function buildMessageRecords(conv: ChatvoltConversation, messages: readonly ChatvoltMessage[]): MessageRecord[] {
  return sortMessages(messages).map((m) => ({
    message_id: fitCellText(m.id),
    conversation_id: fitCellText(conv.id),
    created_at: dateCell(m.createdAt),
    sender: classifySender(m),
    from: textCell(m.from),
    text: textCell(m.text),
    agent_id: textCell(m.agentId),
    user_id: textCell(m.userId),
    contact_id: textCell(m.contactId),
    visitor_id: textCell(m.visitorId),
    eval: m.eval,
    read: m.read,
  }));
}
