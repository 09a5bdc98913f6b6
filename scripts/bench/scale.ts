// Scale benchmark (issue 12): syncs, sidebar refreshes and rebuilds at 10k / 50k / 200k conversations, this build beside a "before" build.
//
// Setup (honest shortcut for a 200,000-row import, which would take hours of real time through syncs): the fake
// Chatvolt server holds the last RECENT_DAYS of an organisation with DAILY conversations a day; their rows and
// messages are built with the add-on's own row builder (buildConversationRecord / buildMessageRecords) and seeded
// into the book, after older rows from the metrics bench's generator (created before that window, never re-listed
// by an incremental sync). "Mensagens" holds the recent window only (messages retained for a limited time). The
// sync cursor is what a completed import leaves (listed up to a minute ago, no bins yet); a first scheduled run
// then re-lists the 7-day window, compares it with the sheet (writing nothing) and stores its bin hashes, and the
// next runs are idle — the state every figure below starts from.
//
// Figures: modelled service time (test/runtime/latency.ts: per call, per cell, per KB, real loopback HTTP) plus
// the script's own Node CPU time × SCRIPT_CPU_FACTOR as the Apps Script compute estimate, and service calls.
// Set CHATVOLT_BEFORE_DIST_DIR to a build of the previous code to print its figures beside.
import { startFakeChatvolt } from '../../test/fake-chatvolt/index';
import { createRuntime, type ExecutionStats, type LocalRuntime } from '../../test/runtime/index';
import { SCRIPT_CPU_FACTOR } from '../../test/runtime/latency';
import type { CellValue } from '../../src/server/app/ports';
import { parseConversation, parseMessagesAnswer } from '../../src/server/domain/chatvolt';
import { recordToCells } from '../../src/server/domain/cell-text';
import { CONVERSATION_HEADERS, MESSAGE_HEADERS } from '../../src/server/domain/columns';
import { buildConversationRecord, buildMessageRecords } from '../../src/server/domain/conversation-row';
import { encodeSnapshot, snapshotFromValues } from '../../src/server/domain/metrics/snapshot';
import { generateRows } from './metrics';

const NOW = '2026-03-15T12:00:00.000Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
/** Conversations a day: the 10,000-over-90-days organisation of the sync bench. Sizes differ by history length. */
const DAILY = 111;
const RECENT_DAYS = 10;
const SIZES = (process.env.CHATVOLT_SCALE_SIZES ?? '10000,50000,200000').split(',').map(Number);
const CSAT = ['csat', 'satisfaction', 'satisfacao', 'nota'];

interface Figure {
  label: string;
  seconds: number;
  serviceSeconds: number;
  cpuSeconds: number;
  calls: number;
  note?: string;
}

function figure(label: string, stats: ExecutionStats, note?: string): Figure {
  const cpuSeconds = (stats.scriptCpuMs * SCRIPT_CPU_FACTOR) / 1000;
  return { label, seconds: stats.modelledMs / 1000 + cpuSeconds, serviceSeconds: stats.modelledMs / 1000, cpuSeconds, calls: stats.calls, ...(note ? { note } : {}) };
}

/** Rounds of "20 changes, then a refresh" measured at each size. */
const CHANGE_ROUNDS = 3;

/** The round with the median modelled time, noting the range over all rounds. */
function median(figures: Figure[]): Figure {
  const sorted = [...figures].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor(sorted.length / 2)] as Figure;
  const range = `median of ${sorted.length} (${sorted[0]?.seconds.toFixed(2)}–${sorted[sorted.length - 1]?.seconds.toFixed(2)} s)`;
  return { ...middle, note: middle.note ? `${middle.note}, ${range}` : range };
}

function run(rt: LocalRuntime, fn: string, args: unknown[], trigger: 'ui' | 'time' = 'ui'): { value: unknown; stats: ExecutionStats } {
  const result = rt.run(fn, args, { trigger });
  if (!result.ok) return { value: { error: result.error.message }, stats: result.stats };
  return { value: result.value, stats: result.stats };
}

/** Seeds "Conversas", "Mensagens", the settings and the cursor of a completed import; returns the ids changed later. */
async function seed(rt: LocalRuntime, size: number): Promise<{ fake: Awaited<ReturnType<typeof startFakeChatvolt>>; recentIds: string[] }> {
  const recent = DAILY * RECENT_DAYS;
  const fake = await startFakeChatvolt({ seed: 12, conversations: recent, days: RECENT_DAYS, now: new Date(NOW_MS - 120_000).toISOString(), messagesPerConversation: 8 });
  const org = await fake.snapshot();
  const conversations = [...org.conversations].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  const recentRows: CellValue[][] = [];
  const messageRows: CellValue[][] = [[...MESSAGE_HEADERS]];
  for (const raw of conversations) {
    const conversation = parseConversation(raw);
    if (!conversation) continue;
    const messages = parseMessagesAnswer({ messages: org.messages[raw.id] ?? [] }).messages;
    const record = buildConversationRecord(conversation, messages, { csatVariables: CSAT, syncedAt: new Date(NOW_MS - 120_000), existingSatisfaction: null });
    recentRows.push(recordToCells(record, CONVERSATION_HEADERS));
    for (const message of buildMessageRecords(conversation, messages)) messageRows.push(recordToCells(message, MESSAGE_HEADERS));
  }
  const days = Math.ceil(size / DAILY);
  const old = generateRows(size - recentRows.length, 7, { from: NOW_MS - days * DAY, to: NOW_MS - RECENT_DAYS * DAY })
    .slice(1)
    .sort((a, b) => (a[1] as Date).getTime() - (b[1] as Date).getTime());
  rt.book.seed('Conversas', [[...CONVERSATION_HEADERS], ...old, ...recentRows]);
  rt.book.seed('Mensagens', messageRows);
  rt.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
  rt.properties.document.set(
    'sync.cursor',
    JSON.stringify({
      v: 1,
      start: NOW_MS - (days + 1) * DAY,
      listedUntil: NOW_MS - 120_000,
      capGuess: 100,
      density: DAILY,
      reconciledAt: null,
      bins: null,
      agents: '',
      pass: null,
      messageRows: messageRows.length - 1,
      conversationRows: size,
    }),
  );
  // Spread over the last day: what the every-run (hot) re-list catches; the 7-day re-list every 10 min costs more API requests.
  const day = conversations.filter((c) => Date.parse(c.createdAt) > NOW_MS - DAY);
  const step = Math.floor(day.length / 20);
  return { fake, recentIds: Array.from({ length: 20 }, (_, i) => day[i * step]?.id ?? '') };
}

async function measure(size: number, distDir: string | undefined): Promise<Figure[]> {
  const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
  const { fake, recentIds } = await seed(rt, size);
  const out: Figure[] = [];
  try {
    const warm = run(rt, 'runScheduledSync', [{}], 'time');
    const warmReport = warm.value as { conversationsWritten?: number; error?: string };
    if (warmReport.error || warmReport.conversationsWritten !== 0)
      console.log(`  (warm-up run wrote ${warmReport.conversationsWritten ?? '?'} rows ${warmReport.error ?? ''})`);
    rt.clock.advance(60_000);
    out.push(figure('idle scheduled sync (last day re-listed)', run(rt, 'runScheduledSync', [{}], 'time').stats));
    rt.clock.advance(5_000);
    rt.cache.evictAll();
    out.push(figure('refresh with an empty cache (snapshot rebuild)', run(rt, 'refreshDashboard', [{}]).stats));
    rt.clock.advance(5_000);
    out.push(figure('unchanged refresh', run(rt, 'refreshDashboard', [{}]).stats));

    // Twenty conversations of the last day get a customer message and an AI answer; the next scheduled run comes;
    // the sidebar refreshes right after it. Three rounds, the median reported (with the range): a single cold
    // execution's CPU time varies by ±15% on these machines.
    const rounds: Figure[][] = [[], [], []];
    const filters = { from: new Date(NOW_MS - 30 * DAY).toISOString().slice(0, 10), to: NOW.slice(0, 10), channels: ['whatsapp'] };
    for (let round = 0; round < CHANGE_ROUNDS; round++) {
      rt.clock.advance(50_000);
      await fake.mutate({ now: rt.clock.now().toISOString(), addMessages: recentIds.map((conversationId) => ({ conversationId, customer: 1, ai: 1 })) });
      rt.clock.advance(1_000);
      const changed = run(rt, 'runScheduledSync', [{}], 'time');
      const written = (changed.value as { conversationsWritten?: number }).conversationsWritten;
      rounds[0]?.push(figure('scheduled sync with 20 changed conversations', changed.stats, `${written ?? '?'} rows written`));
      rt.clock.advance(5_000);
      rounds[1]?.push(figure('refresh right after it, no filter', run(rt, 'refreshDashboard', [{}]).stats));
      rt.clock.advance(2_000);
      rounds[2]?.push(figure('refresh right after it, 30 days + channel', run(rt, 'refreshDashboard', [filters]).stats));
    }
    for (const figures of rounds) out.push(median(figures));
    rt.clock.advance(2_000);
    out.push(figure('unchanged refresh after it', run(rt, 'refreshDashboard', [{}]).stats));
    // A filter's first refresh on a snapshot base (after the six-hourly renewal, or a filter never used before): no
    // history state yet, so every row is computed and the state is cut — what the state saves the refreshes after it.
    rt.clock.advance(50_000);
    await fake.mutate({ now: rt.clock.now().toISOString(), addMessages: recentIds.map((conversationId) => ({ conversationId, customer: 1, ai: 1 })) });
    rt.clock.advance(1_000);
    run(rt, 'runScheduledSync', [{}], 'time');
    rt.clock.advance(5_000);
    rt.cache.evictWhere((key) => key.startsWith('hist:'));
    out.push(figure('refresh after a sync without a history state (cut), no filter', run(rt, 'refreshDashboard', [{}]).stats));
    // Five hours on, the sidebar still polling with both filters: the scheduled run renews the snapshot and cuts the
    // history state of both filters again; the refresh after the next change is then served from it.
    rt.clock.advance(5 * 3_600_000);
    run(rt, 'refreshDashboard', [filters]);
    run(rt, 'refreshDashboard', [{}]);
    rt.clock.advance(10 * 60_000);
    out.push(figure('scheduled sync that renews the snapshot (and the state of 2 filters)', run(rt, 'runScheduledSync', [{}], 'time').stats));
    rt.clock.advance(50_000);
    await fake.mutate({ now: rt.clock.now().toISOString(), addMessages: recentIds.map((conversationId) => ({ conversationId, customer: 1, ai: 1 })) });
    rt.clock.advance(1_000);
    run(rt, 'runScheduledSync', [{}], 'time');
    rt.clock.advance(5_000);
    out.push(figure('refresh right after the next 20-change sync, no filter', run(rt, 'refreshDashboard', [{}]).stats));
    rt.clock.advance(60_000);
    const rebuild = run(rt, 'rebuildDashboards', [{}]);
    const error = (rebuild.value as { error?: string }).error;
    out.push(figure('rebuildDashboards', rebuild.stats, error ? `fails: ${error.slice(0, 60)}` : undefined));
    // The snapshot gone (evicted, or expired while nobody used the sidebar): what the post-sync rebuild then pays.
    rt.clock.advance(60_000);
    rt.cache.evictAll();
    const cold = run(rt, 'rebuildDashboards', [{}]);
    const coldError = (cold.value as { error?: string }).error;
    out.push(figure('rebuildDashboards with an empty cache', cold.stats, coldError ? `fails: ${coldError.slice(0, 60)}` : undefined));
    rt.clock.advance(60_000);
    out.push(figure('rebuildDashboards right after it', run(rt, 'rebuildDashboards', [{}]).stats));
    const text = encodeSnapshot(snapshotFromValues(rt.book.values('Conversas'), rt.book.timeZone));
    out.push({ label: 'snapshot size', seconds: 0, serviceSeconds: 0, cpuSeconds: 0, calls: 0, note: `${Math.round(text.length / 1024)} KB` });
  } finally {
    rt.dispose();
    await fake.close();
  }
  return out;
}

function cell(f: Figure | undefined): string {
  if (!f) return '—';
  if (f.label === 'snapshot size') return f.note ?? '—';
  return `${f.seconds.toFixed(2)} s (${f.serviceSeconds.toFixed(2)} + ${f.cpuSeconds.toFixed(2)} JS), ${f.calls} calls${f.note ? `, ${f.note}` : ''}`;
}

/** Prints the table: one block per size, this build beside the "before" build when CHATVOLT_BEFORE_DIST_DIR is set. */
export default async function benchScale(): Promise<void> {
  const before = process.env.CHATVOLT_BEFORE_DIST_DIR;
  const after = process.env.CHATVOLT_DIST_DIR;
  console.log(`modelled s = service time + script CPU × ${SCRIPT_CPU_FACTOR}; ${DAILY} conversations/day, sizes by history length`);
  for (const size of SIZES) {
    const now = await measure(size, after);
    const then = before ? await measure(size, before) : [];
    console.log(`\n${size.toLocaleString('en-US')} conversations`);
    console.log(`| what | ${before ? 'before | ' : ''}after |`);
    console.log(`|---|${before ? '---|' : ''}---|`);
    now.forEach((f, i) => console.log(`| ${f.label} | ${before ? `${cell(then[i])} | ` : ''}${cell(f)} |`));
  }
}
