// Human operators (metrics.md §7) by hand: the three row columns, the label map learnt from assignees, labels by id.
import { describe, expect, it } from 'vitest';
import { buildConversationRecord } from '../../../src/server/domain/conversation-row';
import { learnOperatorLabels, operatorLabel, parseOperatorLabels } from '../../../src/server/domain/operator-labels';
import { conversation, customer, message } from '../domain/helpers';

const SYNCED_AT = new Date('2026-03-01T13:00:00Z');
const options = { csatVariables: ['csat'], syncedAt: SYNCED_AT, existingSatisfaction: null };
const byUser = (id: string, userId: string | null, createdAt: string) => message({ id, from: 'agent', userId, createdAt });

describe('operator columns of a conversation row', () => {
  it('takes the first operator, the distinct operators in order of their first message, and first→last minutes', () => {
    const record = buildConversationRecord(
      conversation({ id: 'c1' }),
      [
        // Given out of order: rows sort by createdAt.
        byUser('m4', 'u1', '2026-03-01T10:12:30Z'),
        customer('m1', '2026-03-01T10:00:00Z'),
        byUser('m2', 'u2', '2026-03-01T10:01:00Z'),
        byUser('m3', 'u1', '2026-03-01T10:05:00Z'),
      ],
      options,
    );
    expect([record.first_operator_id, record.operator_ids, record.operator_handling_time]).toEqual(['u2', 'u2, u1', 11.5]);
    expect(record.first_customer_message_at).toEqual(new Date('2026-03-01T10:00:00Z'));
  });

  it('rounds the handling time to 2 decimals, gives 0 for a single message and blanks without operators', () => {
    const record = (messages: ReturnType<typeof customer>[]) => buildConversationRecord(conversation(), messages, options);
    // 10:00:00 → 10:00:20: 1/3 min = 0.33.
    expect(record([byUser('a', 'u1', '2026-03-01T10:00:00Z'), byUser('b', 'u1', '2026-03-01T10:00:20Z')]).operator_handling_time).toBe(0.33);
    expect(record([byUser('a', 'u1', '2026-03-01T10:00:00Z')]).operator_handling_time).toBe(0);
    const none = record([customer('a', '2026-03-01T10:00:00Z')]);
    expect([none.first_operator_id, none.operator_ids, none.operator_handling_time]).toEqual([null, null, null]);
    // The §6 instant is the first customer message, not the first message (an operator's greeting came first).
    const greeted = record([byUser('g', 'u1', '2026-03-01T08:59:00Z'), customer('x', '2026-03-01T09:00:00Z'), customer('y', '2026-03-01T09:01:00Z')]);
    expect(greeted.first_customer_message_at).toEqual(new Date('2026-03-01T09:00:00Z'));
  });
});

describe('operator labels', () => {
  const assigned = (assignees: Array<{ id: string | null; email: string | null; name: string | null }>) => conversation({ assignees });

  it('learns e-mail, else name, from assignees, and answers null when nothing is new', () => {
    const json = learnOperatorLabels(null, [
      assigned([{ id: 'u1', email: 'ana@empresa.com', name: 'Ana' }]),
      assigned([{ id: 'u2', email: null, name: 'Bruno' }, { id: null, email: 'x@y.z', name: null }, { id: 'u3', email: null, name: null }]),
    ]);
    const labels = parseOperatorLabels(json);
    expect(labels).toEqual({ u1: 'ana@empresa.com', u2: 'Bruno' });
    expect(learnOperatorLabels(json, [assigned([{ id: 'u2', email: null, name: 'Bruno' }])])).toBeNull();
    expect(operatorLabel(labels, 'u1')).toBe('ana@empresa.com');
    // Never seen with a name: the id itself.
    expect(operatorLabel(labels, 'u9')).toBe('u9');
  });

  it('updates a changed label and stays bounded, dropping the least recently seen', () => {
    let json: string | null = null;
    for (let i = 0; i < 200; i++) json = learnOperatorLabels(json, [assigned([{ id: `user-${i}`, email: `op${i}@empresa.com`, name: null }])]) ?? json;
    const labels = parseOperatorLabels(json);
    expect(Object.keys(labels)).toHaveLength(150);
    expect(labels['user-0']).toBeUndefined();
    expect(labels['user-199']).toBe('op199@empresa.com');
    expect((json ?? '').length).toBeLessThanOrEqual(8000);
    const renamed = parseOperatorLabels(learnOperatorLabels(json, [assigned([{ id: 'user-199', email: 'nova@empresa.com', name: null }])]));
    expect(renamed['user-199']).toBe('nova@empresa.com');
  });
});
