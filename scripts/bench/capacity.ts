// Capacity benchmark: cells per conversation and conversations before the 10M-cell wall, demo organisation, default settings.
import { startFakeChatvolt } from '../../test/fake-chatvolt/index';
import { createRuntime, type LocalRuntime } from '../../test/runtime/index';
import type { SyncReport } from '../../src/shared/dto';
import {
  AUTO_RETENTION_PERCENT,
  CELL_LIMIT,
  MIN_RETENTION_DAYS,
  growthPerDay,
  parseCapacityState,
  suggestRetentionDays,
} from '../../src/server/domain/capacity';
import { MAX_DETAIL_ROWS } from '../../src/server/domain/sheet-layouts/detailed-data';

const NOW = '2026-03-15T12:00:00.000Z';
/** The demo organisation (scripts/demo.ts). */
const DEMO = { seed: 2026, conversations: 2000, days: 90, now: NOW };
/** "Conversas" once the service-depth columns land (34 today + 7). */
const CONVERSAS_COLUMNS = 41;
const MENSAGENS_COLUMNS = 12;
/** Issue 11's measure of the layout before this change: ≈ 214 cells per conversation, the wall at ≈ 47,000. */
const BEFORE_CELLS_PER_CONVERSATION = 214;

function grid(rt: LocalRuntime, name: string): number {
  const g = rt.book.grid(name);
  return g ? g.rows * g.columns : 0;
}

/**
 * Conversations in "Conversas" when the wall is reached, growing at the demo's daily rate from the demo's sheets,
 * with the default settings: no retention until the sheet reaches 90 %, then the N the add-on itself suggests
 * (domain/capacity.ts), as the automatic rule applies it.
 */
function simulate(start: { conversations: number; messageRows: number; fixed: number }, perDay: { conversations: number; messages: number }, autoRetention: boolean) {
  let conversations = start.conversations;
  let messageRows = start.messageRows;
  let retention = 0;
  let applied = 0;
  const cells = () => start.fixed + conversations * CONVERSAS_COLUMNS + (messageRows + 1) * MENSAGENS_COLUMNS;
  for (let day = 0; day < 365 * 200; day++) {
    if (cells() + perDay.conversations * CONVERSAS_COLUMNS + perDay.messages * MENSAGENS_COLUMNS > CELL_LIMIT) return { conversations, retention, day, applied };
    conversations += perDay.conversations;
    messageRows = retention > 0 ? Math.min(messageRows + perDay.messages, perDay.messages * retention) : messageRows + perDay.messages;
    if (autoRetention && (cells() / CELL_LIMIT) * 100 >= AUTO_RETENTION_PERCENT) {
      const suggested =
        suggestRetentionDays({
          cellsUsed: cells(),
          messageCells: (messageRows + 1) * MENSAGENS_COLUMNS,
          growth: { conversationCells: perDay.conversations * CONVERSAS_COLUMNS, messageCells: perDay.messages * MENSAGENS_COLUMNS },
        }) ?? MIN_RETENTION_DAYS;
      // As the add-on does: each time the sheet is back at 90 %, the shorter suggestion of that moment applies.
      if (retention === 0 || suggested < retention) {
        retention = suggested;
        applied += 1;
      }
      messageRows = Math.min(messageRows, perDay.messages * retention);
    }
  }
  return { conversations, retention, day: Infinity, applied };
}

/** Prints the figures of issue 11. */
export default async function benchCapacity(): Promise<void> {
  const fake = await startFakeChatvolt(DEMO);
  const distDir = process.env.CHATVOLT_DIST_DIR;
  const rt = createRuntime({ now: NOW, ...(distDir ? { distDir } : {}) });
  try {
    rt.call('saveSettings', { apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    let report: SyncReport | null = null;
    for (let i = 0; i < 30 && !report?.complete; i++) {
      report = rt.call<SyncReport>('syncNow');
      if (!report.ok) throw new Error(report.message);
      rt.clock.advance(60_000);
    }
    rt.call('rebuildDashboards', {});
    rt.call('rebuildForecast');
    const conversations = rt.book.values('Conversas').length - 1;
    const messageRows = rt.book.values('Mensagens').length - 1;
    console.log(`demo organisation: ${conversations} conversations, ${messageRows} messages, ${DEMO.days} days, default settings`);
    const names = rt.book.sheetNames();
    console.log(`grid cells per tab: ${names.map((n) => `${n} ${grid(rt, n).toLocaleString('en-US')}`).join(', ')}; total ${rt.book.totalCells().toLocaleString('en-US')}`);
    const detailRows = (rt.book.grid('Dados Detalhados')?.rows ?? 0) - 1;
    console.log(`"Dados Detalhados": ${detailRows} rows (capped at the newest ${MAX_DETAIL_ROWS} of any filter)`);

    // The add-on's own growth figures (rows created in the last 30 days, from the capacity state the sync keeps).
    const state = parseCapacityState(rt.properties.document.get('capacity.v1') ?? null);
    if (!state) throw new Error('no capacity state after the sync');
    const growth = growthPerDay(state, 1, 1, rt.clock.now().getTime());
    const perDay = { conversations: growth.conversationCells, messages: growth.messageCells };
    console.log(`rate of the last 30 days: ${perDay.conversations.toFixed(1)} conversations and ${perDay.messages.toFixed(1)} messages a day`);

    // Everything but "Conversas" and "Mensagens" stays fixed: generated sheets (Dados Detalhados at its cap), Previsão, Página1.
    const fixed =
      rt.book.totalCells() -
      grid(rt, 'Conversas') -
      grid(rt, 'Mensagens') -
      grid(rt, 'Dados Detalhados') +
      (MAX_DETAIL_ROWS + 2) * CONVERSAS_COLUMNS +
      CONVERSAS_COLUMNS; // the header row of "Conversas"
    const start = { conversations, messageRows, fixed };
    const keepAll = simulate(start, perDay, false);
    const auto = simulate(start, perDay, true);
    const messagesPerConversation = messageRows / conversations;
    const keepAllPerConversation = CONVERSAS_COLUMNS + MENSAGENS_COLUMNS * messagesPerConversation;
    console.log(
      `before (issue 11 measure): ≈ ${BEFORE_CELLS_PER_CONVERSATION} cells per conversation → wall at ≈ ${Math.round(CELL_LIMIT / BEFORE_CELLS_PER_CONVERSATION).toLocaleString('en-US')} conversations`,
    );
    console.log(
      `now, keeping every message (retention chosen 0): ${keepAllPerConversation.toFixed(1)} cells per conversation (${CONVERSAS_COLUMNS} in "Conversas" + ${(MENSAGENS_COLUMNS * messagesPerConversation).toFixed(1)} in "Mensagens") → wall at ${keepAll.conversations.toFixed(0)} conversations`,
    );
    const perConversationAuto = CELL_LIMIT / auto.conversations;
    console.log(
      `now, default settings (automatic retention from ${AUTO_RETENTION_PERCENT} %, applied ${auto.applied} times, last ${auto.retention} days): ${perConversationAuto.toFixed(1)} cells per conversation at the wall → capacity ${Math.round(auto.conversations).toLocaleString('en-US')} conversations in "Conversas" (≈ ${(auto.day / 365).toFixed(0)} years at this rate)`,
    );
    if (auto.conversations < 200_000) throw new Error(`capacity ${auto.conversations} < 200,000 conversations`);
  } finally {
    rt.dispose();
    await fake.close();
  }
}
