// The snapshot encoding: a round trip gives the records a full read gives (identities aside), compactly.
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../../src/server/app/ports';
import { CONVERSATION_HEADERS } from '../../../src/server/domain/columns';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import {
  decodeSnapshot,
  encodeSnapshot,
  SNAPSHOT_EXCLUDED,
  SNAPSHOT_FIELDS,
  snapshotFromValues,
  snapshotSlots,
  snapshotTable,
} from '../../../src/server/domain/metrics/snapshot';
import { generateRows } from '../../../scripts/bench/metrics';

const ZONE = 'America/Sao_Paulo';

function row(values: Record<string, CellValue>): CellValue[] {
  return CONVERSATION_HEADERS.map((name) => values[name] ?? '');
}

const ROWS: CellValue[][] = [
  [...CONVERSATION_HEADERS, 'minha coluna'],
  row({ conversation_id: 'a', created_at: new Date(Date.UTC(2026, 2, 1, 10, 0, 0, 417)), status: 'RESOLVED', channel: 'WhatsApp', resolved: true, first_response_time: 45, resolution_time: 12.34, frustration_score: 0.1 + 0.2, satisfaction_score: '4,5', contact_email: ' Maria@Exemplo.com ' }),
  ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
  row({ conversation_id: 'b', created_at: '2026-02-28 23:59:59', agent_id: 'agente 日本', first_response_time: -3, message_count: 2 ** 52, awaiting_reply: 'sim', contact_email: 'maria@exemplo.com', visitor_id: 'V1' }),
  [...row({}), 'só a coluna do usuário'],
  row({ conversation_id: 'c', created_at: new Date(Date.UTC(2025, 0, 1)), status: '', resolved: false, visitor_id: 'v1', frustration_level: 5 }),
];

/** A record without the fields the snapshot leaves out or hashes. */
function comparable(record: object): object {
  const out: Record<string, unknown> = { ...record };
  for (const name of SNAPSHOT_EXCLUDED) delete out[name];
  delete out.contact_email;
  delete out.visitor_id;
  return out;
}

describe('the snapshot encoding', () => {
  it('decodes to the records a full read gives, blank rows and user-only rows included', () => {
    const snapshot = snapshotFromValues(ROWS, ZONE);
    expect(snapshot.slots).toHaveLength(ROWS.length - 1);
    expect(snapshot.slots[1]).toBeNull();
    const decoded = decodeSnapshot(encodeSnapshot(snapshot));
    expect(decoded).not.toBeNull();
    const records = snapshotTable(decoded ?? { slots: [] }, ZONE).records;
    const full = readConversationTable(ROWS, ZONE).records;
    expect(records.map(comparable)).toEqual(full.map(comparable));
    // Odd numbers survive exactly: 0.1 + 0.2, a negative, 2^52, a decimal comma typed by a person.
    expect(records[0]?.frustration_score).toBe(0.1 + 0.2);
    expect(records[1]?.first_response_time).toBe(-3);
    expect(records[1]?.message_count).toBe(2 ** 52);
    expect(records[0]?.satisfaction_score).toBe(4.5);
    expect(records[0]?.created_at?.getTime()).toBe(Date.UTC(2026, 2, 1, 10, 0, 0, 417));
  });

  it('keeps identities only as equal or different: e-mails ignoring case and spaces, visitor ids exactly', () => {
    const records = snapshotTable(decodeSnapshot(encodeSnapshot(snapshotFromValues(ROWS, ZONE))) ?? { slots: [] }, ZONE).records;
    const [a, b, user, c] = records;
    expect(a?.contact_email).toBe(b?.contact_email);
    expect(a?.contact_email).toMatch(/^~[a-z0-5]{10}$/);
    expect(a?.contact_email?.toLowerCase()).toBe(a?.contact_email);
    expect(b?.visitor_id).not.toBe(c?.visitor_id);
    expect(user?.contact_email).toBeNull();
  });

  it('rejects text of another field list, a cut-off text and foreign characters', () => {
    const text = encodeSnapshot(snapshotFromValues(ROWS, ZONE));
    expect(decodeSnapshot(text.slice(0, -3))).toBeNull();
    expect(decodeSnapshot(`${text}A`)).toBeNull();
    expect(decodeSnapshot(text.replace('"created_at"', '"created"'))).toBeNull();
    expect(decodeSnapshot(`${text.slice(0, -1)}*`)).toBeNull();
  });

  it('patches rows by sheet row, reading them as a full read would', () => {
    const header = (ROWS[0] ?? []).map(String);
    const slots = snapshotSlots(header, new Map([[3, row({ conversation_id: 'x', status: 'UNRESOLVED', channel: 'Email' })], [1, header]]), ZONE);
    expect([...slots.keys()]).toEqual([1]);
    expect(slots.get(1)?.channel).toBe('Email');
  });

  it('holds every column of CONVERSATION_COLUMNS but the excluded free text, in a few dozen bytes a row', () => {
    expect(SNAPSHOT_FIELDS.map(([name]) => name)).toEqual(CONVERSATION_HEADERS.filter((name) => !SNAPSHOT_EXCLUDED.has(name)));
    const values = generateRows(20_000, 3);
    const text = encodeSnapshot(snapshotFromValues(values, ZONE));
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
    expect(text.length / 20_000).toBeLessThan(80);
    const decoded = snapshotTable(decodeSnapshot(text) ?? { slots: [] }, ZONE).records;
    expect(decoded.map(comparable)).toEqual(readConversationTable(values, ZONE).records.map(comparable));
  });
});
