// Property test through the built bundle: hostile texts read back exactly from every sheet the add-on writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiConversation, ApiMessage } from '../fake-chatvolt/index';
import type { CellValue } from '../runtime/index';
import { NOW, run, syncUntilComplete, world, type SyncWorld } from './harness';

/** A seeded PRNG (mulberry32): the same seed gives the same texts, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Texts Sheets would parse, run or mangle, texts that start with the quote itself, markup, emoji, line breaks. */
const HOSTILE: readonly string[] = [
  '=HYPERLINK("http://x","y")', '=1+1', '+5511988887777', '-cmd', '-5', '+', '@SUM(1)', '@', '00123', '1,234', '1.5',
  '2026-01-01', '2026-01-01 10:00', '1/2', '1/2/2026', '12:30', 'TRUE', 'false', '50%', '$5', "'Oi", "''dupla", "'",
  "'=1+1", "'00123", '<script>alert(1)</script>', '<b>negrito</b> & "aspas"', 'Zé 😀🎧', 'linha1\r\nlinha2', 'a\nb',
  'São Paulo — ação', '١٢٣', 'NaN', '1e5', '0x1F',
];

/** Texts around the 50,000-character limit of a cell (the contract cuts longer ones). */
const LONG: readonly (() => string)[] = [
  () => 'x'.repeat(49_999),
  () => '='.padEnd(50_000, 'y'),
  () => "'".padEnd(50_001, 'z'),
  () => 'a'.repeat(49_979) + '😀'.repeat(30),
  () => '+55'.padEnd(60_000, '9'),
];

function hostileText(random: () => number): string {
  const r = random();
  if (r < 0.06) return LONG[Math.floor(random() * LONG.length)]?.() ?? '';
  const pick = () => HOSTILE[Math.floor(random() * HOSTILE.length)] ?? '';
  // Mostly one class as is (a prefix is what Sheets parses), sometimes two joined.
  return r < 0.8 ? pick() : `${pick()}${random() < 0.5 ? ' ' : ''}${pick()}`;
}

/** The contract's cut, written out here rather than taken from the add-on: 49,980 characters and a mark. */
function expectedText(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') return '';
  if (text.length <= 50_000) return text;
  let end = 49_980;
  const unit = text.charCodeAt(end - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) end -= 1;
  return `${text.slice(0, end)} … [truncado]`;
}

const CONVERSATION_HEADER = [
  'conversation_id', 'created_at', 'updated_at', 'status', 'priority', 'channel', 'visitor_id', 'agent_id',
  'frustration_level', 'first_response_time', 'resolution_time', 'message_count', 'satisfaction_score', 'resolved',
  'escalated_to_human', 'contact_name', 'contact_email', 'title', 'contact_phone', 'assignees', 'ai_enabled', 'tags',
  'frustration_score', 'first_human_response_time', 'customer_messages', 'ai_messages', 'operator_messages',
  'unknown_agent_messages', 'awaiting_reply', 'last_customer_message_at', 'last_message_at', 'ai_rating_good',
  'ai_rating_bad', 'synced_at',
];
const MESSAGE_HEADER = ['message_id', 'conversation_id', 'created_at', 'sender', 'from', 'text', 'agent_id', 'user_id', 'contact_id', 'visitor_id', 'eval', 'read'];

function byHeader(values: CellValue[][], key: string): Map<string, Record<string, CellValue>> {
  const [header = [], ...rows] = values;
  const out = new Map<string, Record<string, CellValue>>();
  for (const row of rows) {
    const record = Object.fromEntries(header.map((name, i) => [String(name), row[i] ?? '']));
    out.set(String(record[key]), record);
  }
  return out;
}

/** What the contract says each text cell of a conversation's row holds, from the API object. */
function expectedConversationTexts(c: ApiConversation): Record<string, string> {
  const contact = c.participantsContacts?.[0];
  const name = contact ? [contact.firstName, contact.lastName].map((p) => (p ?? '').trim()).filter((p) => p !== '').join(' ') : '';
  const tags = (c.tags ?? []).map((t) => t.tag).filter((t) => t.trim() !== '');
  return {
    conversation_id: c.id,
    title: expectedText(c.title),
    contact_name: expectedText(name),
    contact_email: expectedText(contact?.email),
    contact_phone: expectedText(contact?.phoneNumber),
    tags: expectedText(tags.join(', ')),
    channel: c.channel.toLowerCase(),
    status: c.status,
  };
}

for (const seed of [91, 92]) {
  describe(`every text the add-on writes reads back exactly (seed ${seed})`, () => {
    let w: SyncWorld;
    const edited = new Set<string>();

    beforeAll(async () => {
      // Five days of history: a manual sync re-lists the last seven days, so it sees every edited conversation.
      w = await world({ seed, conversations: 30, days: 5, listCap: null });
      syncUntilComplete(w.rt);
      const random = prng(seed);
      const org = await w.fake.snapshot();
      const later = new Date(Date.parse(NOW) + 3_600_000).toISOString();
      const targets = org.conversations.slice(0, 14);
      await w.fake.mutate({
        now: later,
        setTexts: targets.map((c) => {
          edited.add(c.id);
          const count = org.messages[c.id]?.length ?? 1;
          return {
            conversationId: c.id,
            title: hostileText(random),
            contact: {
              firstName: hostileText(random).trim() || 'x',
              lastName: random() < 0.5 ? null : hostileText(random).trim() || null,
              email: hostileText(random),
              phoneNumber: hostileText(random),
            },
            tags: [hostileText(random), hostileText(random)],
            messageTexts: Array.from({ length: count }, () => hostileText(random)),
          };
        }),
      });
      w.rt.clock.set(later);
      // Alerts on, so that "Alertas" is written with contact names and titles.
      w.rt.call('saveSettings', { alerts: { enabled: true, recipients: ['ops@example.com'], unansweredMinutes: 1 } });
      expect(run(w.rt, 'syncNow').report.conversationsWritten).toBeGreaterThanOrEqual(14);
      w.rt.clock.advance(60_000);
      const scheduled = run(w.rt, 'runScheduledSync', { trigger: 'time' });
      expect(scheduled.report.ok).toBe(true);
      w.rt.call('rebuildDashboards', {});
      w.rt.call('rebuildForecast');
    }, 120_000);

    afterAll(async () => {
      await w.close();
    });

    it('writes no formula anywhere', () => {
      expect(w.rt.book.formulas()).toEqual([]);
    });

    it('holds every conversation text exactly as Chatvolt sent it (or cut by the contract), header included', async () => {
      const org = await w.fake.snapshot();
      const values = w.rt.book.values('Conversas');
      // The contract's columns in its order (columns later issues append follow them).
      expect(values[0]?.slice(0, CONVERSATION_HEADER.length)).toEqual(CONVERSATION_HEADER);
      const rows = byHeader(values, 'conversation_id');
      expect(rows.size).toBe(org.conversations.length);
      for (const c of org.conversations) {
        const row = rows.get(c.id);
        expect(row, c.id).toBeDefined();
        const expected = expectedConversationTexts(c);
        for (const [column, text] of Object.entries(expected)) expect(row?.[column], `${c.id} ${column}`).toBe(text);
      }
      expect(edited.size).toBe(14);
    });

    it('holds every message text exactly, ids included', async () => {
      const org = await w.fake.snapshot();
      const values = w.rt.book.values('Mensagens');
      expect(values[0]).toEqual(MESSAGE_HEADER);
      const rows = byHeader(values, 'message_id');
      const all: ApiMessage[] = Object.values(org.messages).flat();
      expect(rows.size).toBe(all.length);
      for (const m of all) {
        const row = rows.get(m.id);
        expect(row?.text, m.id).toBe(expectedText(m.text));
        expect(row?.conversation_id).toBe(m.conversationId);
      }
    });

    it("copies the texts into 'Dados Detalhados' as they are in 'Conversas'", () => {
      const conversas = w.rt.book.values('Conversas');
      const detail = w.rt.book.values('Dados Detalhados');
      expect(detail[0]).toEqual(conversas[0]);
      const source = byHeader(conversas, 'conversation_id');
      const copied = byHeader(detail, 'conversation_id');
      expect(copied.size).toBe(source.size);
      for (const [id, row] of source) {
        for (const column of ['conversation_id', 'status', 'channel', 'title', 'contact_name', 'contact_email', 'contact_phone', 'tags']) {
          expect(copied.get(id)?.[column], `${id} ${column}`).toBe(row[column]);
        }
      }
    });

    it("logs contact names and titles in 'Alertas' exactly", () => {
      const values = w.rt.book.values('Alertas');
      expect(values[0]).toEqual(['Data/hora', 'Regra', 'Conversa', 'Contato / título', 'Detalhe', 'E-mail']);
      expect(values.length).toBeGreaterThan(1);
      const rows = byHeader(w.rt.book.values('Conversas'), 'conversation_id');
      for (const line of values.slice(1)) {
        const row = rows.get(String(line[2]));
        expect(row, String(line[2])).toBeDefined();
        // The subject is the trimmed contact name and title, joined, as the alert rules read them.
        const parts = [row?.contact_name, row?.title].map((p) => String(p ?? '').trim()).filter((p) => p !== '');
        expect(line[3]).toBe(expectedText(parts.join(' — ')));
      }
    });

    it('puts every string of every sheet it writes in a plain-text cell, and nothing else there', () => {
      const sheets = w.rt.book.sheetNames().filter((name) => name !== 'Página1');
      expect(sheets).toEqual(
        expect.arrayContaining(['Conversas', 'Mensagens', 'Visão Geral', 'Dados Detalhados', 'Previsão', 'Alertas']),
      );
      for (const name of sheets) {
        const values = w.rt.book.values(name);
        values.forEach((line, r) =>
          line.forEach((value, c) => {
            const format = w.rt.book.cell(name, r + 1, c + 1).numberFormat;
            if (typeof value === 'string' && value !== '') expect(format, `${name}!R${r + 1}C${c + 1}`).toBe('@');
            else if (value !== '') expect(format, `${name}!R${r + 1}C${c + 1}`).not.toBe('@');
          }),
        );
      }
    });
  });
}

describe('a sheet a person formatted as plain text', () => {
  it('still gets real numbers, dates and booleans: each cell gets its format in the same write as its value', async () => {
    const w = await world({ seed: 93, conversations: 8, days: 3, listCap: null });
    try {
      syncUntilComplete(w.rt);
      const values = w.rt.book.values('Conversas');
      // Format → Number → Plain text over the whole table (or an older version's '@' columns).
      w.rt.book.seed('Conversas', values, { numberFormats: values.map((row) => row.map(() => '@')) });
      const org = await w.fake.snapshot();
      const later = new Date(Date.parse(NOW) + 3_600_000).toISOString();
      await w.fake.mutate({ now: later, setStatus: org.conversations.map((c) => ({ conversationId: c.id, status: 'RESOLVED' as const })) });
      w.rt.clock.set(later);
      expect(run(w.rt, 'syncNow').report.conversationsWritten).toBe(8);
      const after = w.rt.book.values('Conversas');
      const header = (after[0] ?? []).map(String);
      for (const [column, kind] of [['created_at', 'date'], ['message_count', 'number'], ['resolved', 'boolean']] as const) {
        const c = header.indexOf(column);
        for (let r = 2; r <= after.length; r++) {
          const cell = w.rt.book.cell('Conversas', r, c + 1);
          expect(cell.numberFormat, `${column} row ${r}`).not.toBe('@');
          if (kind === 'date') expect(cell.value).toBeInstanceOf(Date);
          else expect(typeof cell.value).toBe(kind);
        }
      }
    } finally {
      await w.close();
    }
  }, 60_000);
});
