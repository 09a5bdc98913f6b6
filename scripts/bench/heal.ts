// Heal benchmark: a spreadsheet of 10,000 conversations and their messages, every add-on text marked as the earlier version left it, healed by one sync.
import { startFakeChatvolt } from '../../test/fake-chatvolt/index';
import { createRuntime, type CellValue, type LocalRuntime } from '../../test/runtime/index';
import type { SyncReport } from '../../src/shared/dto';

const NOW = '2026-03-15T12:00:00.000Z';
const CONVERSATIONS = 10000;
const TEXT_COLUMNS: Record<string, readonly string[]> = {
  Conversas: ['conversation_id', 'status', 'priority', 'channel', 'visitor_id', 'agent_id', 'contact_name', 'contact_email', 'title', 'contact_phone', 'assignees', 'tags'],
  Mensagens: ['message_id', 'conversation_id', 'sender', 'from', 'text', 'agent_id', 'user_id', 'contact_id', 'visitor_id', 'eval'],
};

/** What the earlier version wrote: a quote mark in front of every non-empty string of its text columns, header included. */
function markAsEarlierVersion(rt: LocalRuntime, sheet: string): number {
  const values = rt.book.values(sheet);
  const header = (values[0] ?? []).map(String);
  const text = new Set((TEXT_COLUMNS[sheet] ?? []).map((name) => header.indexOf(name)));
  const mark = (cell: CellValue, c: number) => (text.has(c) && typeof cell === 'string' && cell !== '' ? `'${cell}` : cell);
  rt.book.seed(sheet, values.map((row) => row.map(mark)), {
    numberFormats: values.map((row, r) => row.map((_, c) => (text.has(c) || r === 0 ? '@' : rt.book.cell(sheet, r + 1, c + 1).numberFormat))),
  });
  return values.length - 1;
}

/** Prints the modelled time and calls of the run that heals a large spreadsheet, and of the next idle run. */
export default async function benchHeal(): Promise<void> {
  const fake = await startFakeChatvolt({ seed: 10000, conversations: CONVERSATIONS, days: 90, now: NOW, messagesPerConversation: 15 });
  const distDir = process.env.CHATVOLT_DIST_DIR;
  const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
  try {
    rt.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    for (let runs = 0; ; runs++) {
      const r = rt.run<SyncReport>('runScheduledSync', [{}], { trigger: 'time' });
      if (!r.ok || !r.value.ok) throw new Error(`import: ${JSON.stringify(r.ok ? r.value.message : r.error)}`);
      if (r.value.complete) break;
      if (runs > 60) throw new Error('import did not complete');
      rt.clock.advance(60000);
    }
    const conversations = markAsEarlierVersion(rt, 'Conversas');
    const messages = markAsEarlierVersion(rt, 'Mensagens');
    rt.properties.document.delete('heal.textMarks.v1');
    let runs = 0;
    let modelledMs = 0;
    let calls = 0;
    while (rt.properties.document.get('heal.textMarks.v1') !== '{"done":true}') {
      rt.clock.advance(60000);
      const r = rt.run<SyncReport>('runScheduledSync', [{}], { trigger: 'time' });
      if (!r.ok || !r.value.ok) throw new Error(`heal: ${JSON.stringify(r.ok ? r.value.message : r.error)}`);
      runs++;
      modelledMs += r.stats.modelledMs;
      calls += r.stats.calls;
      if (runs > 10) throw new Error('heal did not finish in 10 runs');
    }
    const left = rt.book.values('Mensagens').slice(1).filter((row) => typeof row[0] === 'string' && row[0].startsWith("'")).length;
    console.log(
      `heal of ${conversations} conversation rows and ${messages} message rows: ${runs} scheduled run(s), ${(modelledMs / 1000).toFixed(1)} s modelled (sync included), ${calls} service calls; marked message ids left: ${left}`,
    );
    rt.clock.advance(60000);
    const idle = rt.run<SyncReport>('runScheduledSync', [{}], { trigger: 'time' });
    if (!idle.ok) throw new Error(idle.error.message);
    console.log(`next idle scheduled run: ${(idle.stats.modelledMs / 1000).toFixed(2)} s modelled, ${idle.stats.calls} service calls`);
  } finally {
    rt.dispose();
    await fake.close();
  }
}
