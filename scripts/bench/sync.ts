// Sync benchmark: initial import of 10,000 conversations × ~15 messages across resumable runs, idle incremental runs, a cleared "Mensagens".
import { startFakeChatvolt } from '../../test/fake-chatvolt/index';
import { createRuntime, type ExecutionStats, type LocalRuntime } from '../../test/runtime/index';
import type { SyncReport } from '../../src/shared/dto';

const NOW = '2026-03-15T12:00:00.000Z';
const CONVERSATIONS = 10000;

function sheetsCallCount(stats: ExecutionStats): number {
  return Object.entries(stats.callsByMethod)
    .filter(([key]) => /^(Range|Sheet|Spreadsheet)\./.test(key))
    .reduce((n, [, count]) => n + count, 0);
}

function runOnce(rt: LocalRuntime, fn: 'runScheduledSync' | 'syncNow'): { report: SyncReport; stats: ExecutionStats } {
  const result = rt.run<SyncReport>(fn, fn === 'runScheduledSync' ? [{}] : [], { trigger: fn === 'runScheduledSync' ? 'time' : 'ui' });
  if (!result.ok) throw new Error(`${fn}: ${result.error.message}`);
  if (!result.value.ok) throw new Error(`${fn}: ${result.value.message}`);
  return { report: result.value, stats: result.stats };
}

function line(label: string, r: { report: SyncReport; stats: ExecutionStats }): string {
  return `${label}: ${(r.stats.modelledMs / 1000).toFixed(2)} s modelled, ${r.report.apiCalls} API requests in ${r.stats.callsByMethod['UrlFetchApp.fetchAll'] ?? 0} fetchAll, ${sheetsCallCount(r.stats)} Sheets calls, ${r.report.conversationsWritten} rows written`;
}

/** Prints the figures of issue 3: runs and UrlFetch calls of a 10,000-conversation import, idle run time, Sheets calls. */
export default async function benchSync(): Promise<void> {
  const fake = await startFakeChatvolt({ seed: 10000, conversations: CONVERSATIONS, days: 90, now: NOW, messagesPerConversation: 15 });
  const distDir = process.env.CHATVOLT_DIST_DIR;
  const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
  try {
    rt.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    let runs = 0;
    let apiCalls = 0;
    let modelledMs = 0;
    let fetchAlls = 0;
    for (;;) {
      const r = runOnce(rt, 'runScheduledSync');
      runs++;
      apiCalls += r.report.apiCalls;
      modelledMs += r.stats.modelledMs;
      fetchAlls += r.stats.callsByMethod['UrlFetchApp.fetchAll'] ?? 0;
      if (r.report.complete) break;
      if (runs > 60) throw new Error('import did not complete in 60 runs');
      // The next trigger fires a minute later.
      rt.clock.advance(60000);
    }
    const org = await fake.snapshot();
    const messages = Object.values(org.messages).reduce((n, list) => n + list.length, 0);
    console.log(`initial import: ${CONVERSATIONS} conversations, ${messages} messages in ${runs} runs; ${apiCalls} UrlFetch requests in ${fetchAlls} fetchAll calls; ${(modelledMs / 1000).toFixed(0)} s modelled`);

    rt.clock.advance(60000);
    const afterImport = runOnce(rt, 'runScheduledSync');
    console.log(line('first scheduled run after the import (full 7-day re-list due)', afterImport));
    let hotMs = 0;
    for (let i = 0; i < 9; i++) {
      rt.clock.advance(60000);
      const hot = runOnce(rt, 'runScheduledSync');
      hotMs += hot.stats.modelledMs;
      if (i === 0) console.log(line('idle scheduled run (last day re-listed)', hot));
    }
    rt.clock.advance(60000);
    const full = runOnce(rt, 'runScheduledSync');
    console.log(line('idle scheduled run (full 7-day re-list, due every 10 min)', full));
    console.log(`idle 1-minute trigger, mean over 10 runs: ${((hotMs + full.stats.modelledMs) / 10000).toFixed(2)} s modelled per run`);
    console.log(`sync cursor in Document Properties: ${(rt.properties.document.get('sync.cursor') ?? '').length} characters (limit 9 KB)`);
    rt.clock.advance(60000);
    console.log(line('idle manual syncNow (always the full re-list)', runOnce(rt, 'syncNow')));

    const recent = org.conversations.slice(-20).map((c) => c.id);
    await fake.mutate({ now: new Date(rt.clock.now().getTime()).toISOString(), addConversations: 5, addMessages: recent.slice(0, 5).map((conversationId) => ({ conversationId, customer: 1 })) });
    rt.clock.advance(60000);
    console.log(line('scheduled run with 10 changed conversations', runOnce(rt, 'runScheduledSync')));
    await fake.mutate({ now: new Date(rt.clock.now().getTime()).toISOString(), addConversations: 20, addMessages: recent.map((conversationId) => ({ conversationId, ai: 1 })) });
    rt.clock.advance(60000);
    console.log(line('scheduled run with 40 changed conversations', runOnce(rt, 'runScheduledSync')));

    // The next day (the import spent most of the day's 20,000 UrlFetch calls) the user clears "Mensagens":
    // the next runs fetch every history again, "Conversas" untouched.
    rt.clock.advance(24 * 3600000);
    rt.book.seed('Mensagens', []);
    let restoreRuns = 0;
    let restoreRequests = 0;
    let restoreMs = 0;
    for (let complete = false; !complete; ) {
      rt.clock.advance(60000);
      const r = runOnce(rt, 'runScheduledSync');
      restoreRuns++;
      restoreRequests += r.report.apiCalls;
      restoreMs += r.stats.modelledMs;
      complete = r.report.complete;
      if (restoreRuns > 60) throw new Error('restore did not complete in 60 runs');
    }
    console.log(`"Mensagens" cleared by hand: ${rt.book.values('Mensagens').length - 1} messages restored in ${restoreRuns} runs; ${restoreRequests} UrlFetch requests; ${(restoreMs / 1000).toFixed(0)} s modelled`);
  } finally {
    rt.dispose();
    await fake.close();
  }
}
