// Reading "Conversas" cells into typed records: header names, blanks, text numbers/booleans/dates, partial rows.
import { describe, expect, it } from 'vitest';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import { at } from './sheet-rows';

describe('readConversationTable', () => {
  it('finds columns by header name in any order, ignores user columns and leaves missing ones null', () => {
    const table = readConversationTable([
      ['minha_nota', ' Status ', 'conversation_id', 'CREATED_AT'],
      ['interno', 'RESOLVED', 'c1', at('2026-03-01T10:00:00Z')],
    ]);
    expect(table.records).toHaveLength(1);
    const record = table.records[0];
    expect(record?.conversation_id).toBe('c1');
    expect(record?.status).toBe('RESOLVED');
    expect(record?.created_at?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(record?.first_response_time).toBeNull();
    expect(record?.resolved).toBeNull();
    expect(record && 'minha_nota' in record).toBe(false);
    expect(table.header).toEqual(['minha_nota', 'Status', 'conversation_id', 'CREATED_AT']);
  });

  it('reads blank and whitespace-only cells as null, never 0 or false', () => {
    const table = readConversationTable([
      ['conversation_id', 'first_response_time', 'resolved', 'channel'],
      ['c1', '', '', '   '],
    ]);
    expect(table.records[0]).toMatchObject({ first_response_time: null, resolved: null, channel: null });
  });

  it('parses numbers stored as text, with a decimal comma or pt-BR thousands', () => {
    const table = readConversationTable([
      ['conversation_id', 'first_response_time', 'satisfaction_score', 'resolution_time', 'message_count'],
      ['c1', '123', '4,5', ' 1.234,5 ', 'muitas'],
      ['c2', 45, '3.5', '-2', '1e2'],
    ]);
    expect(table.records[0]).toMatchObject({
      first_response_time: 123,
      satisfaction_score: 4.5,
      resolution_time: 1234.5,
      message_count: null,
    });
    expect(table.records[1]).toMatchObject({ first_response_time: 45, satisfaction_score: 3.5, resolution_time: -2, message_count: 100 });
  });

  it('reads booleans from real booleans, TRUE/FALSE text, Portuguese words and 1/0', () => {
    const rows = [true, 'TRUE', 'verdadeiro', 'Sim', '1', 1, false, 'FALSE', 'falso', 'não', '0', 'talvez'];
    const table = readConversationTable([['conversation_id', 'resolved'], ...rows.map((v, i) => [`c${i}`, v])]);
    expect(table.records.map((r) => r.resolved)).toEqual([
      true, true, true, true, true, true, false, false, false, false, false, null,
    ]);
  });

  it('reads text dates without an offset as wall time in the spreadsheet zone, with an offset as given', () => {
    const cells = [
      '2026-03-01 10:00:00',
      '2026-03-01T10:00:00Z',
      '2026-03-01T10:00:00-05:00',
      '2026-03-01T10:00:00.250+0530',
      '01/03/2026 10:00',
      '2026-03-01',
      '2026-02-30 10:00:00',
      'ontem',
    ];
    const table = readConversationTable(
      [['conversation_id', 'created_at'], ...cells.map((v, i) => [`c${i}`, v])],
      'America/Sao_Paulo',
    );
    expect(table.records.map((r) => r.created_at?.toISOString() ?? null)).toEqual([
      '2026-03-01T13:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T15:00:00.000Z',
      '2026-03-01T04:30:00.250Z',
      '2026-03-01T13:00:00.000Z',
      '2026-03-01T03:00:00.000Z',
      null,
      null,
    ]);
  });

  it('reads a Make-style partial row (only the first columns) and keeps raw rows aligned with records', () => {
    const raw = [
      ['conversation_id', 'created_at', 'updated_at', 'status', 'priority', 'channel'],
      ['m1', '2026-03-01 09:00:00', '', 'UNRESOLVED', '', 'WhatsApp'],
      ['', '', '', '', '', ''],
      ['m2', '', '', '', '', ''],
    ];
    const table = readConversationTable(raw, 'UTC');
    expect(table.records.map((r) => r.conversation_id)).toEqual(['m1', 'm2']);
    expect(table.rows).toEqual([raw[1], raw[3]]);
    expect(table.records[0]).toMatchObject({ status: 'UNRESOLVED', priority: null, channel: 'WhatsApp', customer_messages: null });
    expect(table.records[0]?.created_at?.toISOString()).toBe('2026-03-01T09:00:00.000Z');
  });

  it('returns an empty table for a missing or header-only sheet', () => {
    expect(readConversationTable([]).records).toEqual([]);
    expect(readConversationTable([['conversation_id']]).records).toEqual([]);
  });
});
