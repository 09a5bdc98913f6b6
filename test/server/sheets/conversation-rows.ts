// Test helper: deterministic "Conversas" rows (header first) for rebuilding the sheets in the local runtime.
import type { CellValue } from '../../../src/server/app/ports';
import { CONVERSATION_HEADERS } from '../../../src/server/domain/columns';

const STATUSES = ['RESOLVED', 'UNRESOLVED', 'HUMAN_REQUESTED'] as const;
const CHANNELS = ['whatsapp', 'website', 'instagram'] as const;
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;

/**
 * `count` conversations created one every 3 h 7 min from 2026-03-01T00:00Z (so they span weekdays and hours),
 * with statuses, channels, priorities and agents cycling; every 7th has no first response; the row with
 * index 2 has a contact name that would be a formula if written as typed input; HUMAN_REQUESTED rows have operators.
 */
export function conversationRows(count: number): CellValue[][] {
  const start = Date.parse('2026-03-01T00:00:00.000Z');
  const rows: CellValue[][] = [[...CONVERSATION_HEADERS]];
  for (let i = 0; i < count; i++) {
    const status = STATUSES[i % 3] as string;
    const created = new Date(start + i * (3 * 3_600_000 + 7 * 60_000));
    const resolved = status === 'RESOLVED';
    const answered = i % 7 !== 0;
    const values: Record<string, CellValue> = {
      conversation_id: `conv-${String(i).padStart(5, '0')}`,
      created_at: created,
      updated_at: new Date(created.getTime() + (i % 5) * 600_000 + 60_000),
      status,
      priority: PRIORITIES[i % 3] as string,
      channel: CHANNELS[i % 3 === 0 ? 0 : (i % 2) + 1] as string,
      visitor_id: `visitor-${i}`,
      agent_id: `agent-${i % 4}`,
      frustration_level: i % 6 === 0 ? '' : (i % 5) + 1,
      first_response_time: answered ? 20 + (i % 11) * 45 : '',
      resolution_time: resolved ? 1 + (i % 5) * 10 : '',
      message_count: 3 + (i % 4),
      satisfaction_score: i % 4 === 0 ? (i % 5) + 1 : '',
      resolved,
      escalated_to_human: status === 'HUMAN_REQUESTED' || i % 10 === 1,
      contact_name: i === 2 ? '=HYPERLINK("http://x")' : `Cliente ${i}`,
      contact_email: `cliente${i}@example.com`,
      customer_messages: 2,
      awaiting_reply: !resolved && !answered,
      last_customer_message_at: created,
      // Escalated rows carry human operators (metrics.md §7): user-0 first on even rows, user-1 on odd ones.
      ...(status === 'HUMAN_REQUESTED'
        ? {
            first_operator_id: `user-${i % 2}`,
            operator_ids: i % 4 === 3 ? `user-${i % 2}, user-${(i + 1) % 2}` : `user-${i % 2}`,
            operator_handling_time: (i % 6) * 2.5,
          }
        : {}),
    };
    rows.push(CONVERSATION_HEADERS.map((name) => values[name] ?? ''));
  }
  return rows;
}
