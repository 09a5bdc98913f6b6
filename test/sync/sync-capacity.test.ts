// Capacity through the built bundle: a workbook that also holds a large tab of the team's own, up to the 10M-cell wall.
import { describe, expect, it } from 'vitest';
import type { SettingsView, SyncReport } from '../../src/shared/dto';
import type { RunResult } from '../runtime/index';
import { run, rowsOf, syncUntilComplete, valuesWithout } from './harness';
import { capacityWorlds, DAY, fillTo, HOUR, LIMIT, TEAM } from './capacity-world';

const open = capacityWorlds();

/** The capacity of a dashboard call's result (throws when the call failed). */
function capacityOf(result: RunResult<unknown>): SyncReport['capacity'] {
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { capacity: SyncReport['capacity'] }).capacity;
}

function date(cell: unknown): number {
  if (!(cell instanceof Date)) throw new Error(`not a date: ${String(cell)}`);
  return cell.getTime();
}

describe('capacity in the sync report', () => {
  it('counts every tab, the team\'s own included, and warns past 70 % without changing "Conversas"', async () => {
    const plain = await open();
    syncUntilComplete(plain.rt);
    const baseline = valuesWithout(plain.rt, 'Conversas');
    const small = run(plain.rt).report;
    expect(small.capacity.cellsUsed).toBe(plain.rt.book.totalCells());
    expect(small.capacity.cellLimit).toBe(LIMIT);
    expect(small.capacity.percent).toBeLessThan(1);
    expect(small.message).not.toContain('Capacidade');

    const w = await open();
    // 75,000 empty rows × 100 columns: 7.5 million cells before the first sync.
    w.rt.book.setGrid(TEAM, 75_000, 100);
    syncUntilComplete(w.rt);
    w.rt.clock.advance(HOUR);
    const { report } = run(w.rt);
    expect(report.ok).toBe(true);
    expect(report.capacity.cellsUsed).toBe(w.rt.book.totalCells());
    expect(report.capacity.percent).toBeGreaterThanOrEqual(70);
    expect(report.capacity.percent).toBeLessThan(80);
    expect(report.message).toMatch(/Capacidade da planilha: 7\d(,\d)? % do limite de 10 milhões de células/);
    expect(valuesWithout(w.rt, 'Conversas')).toEqual(baseline);
    // The sidebar and the settings see the same figure.
    const dashboard = w.rt.call<{ capacity: SyncReport['capacity'] }>('getDashboard', {});
    expect(dashboard.capacity.cellsUsed).toBe(report.capacity.cellsUsed);
    const settings = w.rt.call<SettingsView>('getSettings');
    expect(settings.capacity?.cellsUsed).toBe(report.capacity.cellsUsed);
    expect(settings.messageRetentionDays).toBe(0);
    expect(settings.messageRetentionChosen).toBe(false);
  });

  it('lets the sidebar measure once an hour when the stored figure is old and no sync came: later polls reuse it', async () => {
    const w = await open();
    syncUntilComplete(w.rt);
    // Two hours without a sync (trigger off); the team's tab grew meanwhile. getDashboard runs no sync (the
    // sidebar's first load, or a refresh whose sync finished within 30 s).
    w.rt.clock.advance(2 * HOUR);
    w.rt.book.setGrid(TEAM, 2000, 50);
    const first = w.rt.run('getDashboard', [{}]);
    expect(first.ok).toBe(true);
    const measured = capacityOf(first);
    expect(measured.cellsUsed).toBe(w.rt.book.totalCells());
    expect(first.stats.callsByMethod['Spreadsheet.getSheets']).toBe(1);
    // The next polls within the hour read that measure with the dashboard's one getAll: no tab is measured again.
    w.rt.clock.advance(30_000);
    const second = w.rt.run('getDashboard', [{}]);
    expect(second.stats.callsByMethod['Spreadsheet.getSheets']).toBeUndefined();
    expect(second.stats.callsByMethod['Sheet.getMaxRows']).toBeUndefined();
    expect(capacityOf(second).cellsUsed).toBe(measured.cellsUsed);
    // An hour later the reader's measure is old too: measured again, and the new tab size shows.
    w.rt.book.setGrid(TEAM, 3000, 50);
    w.rt.clock.advance(HOUR);
    const later = w.rt.run('getDashboard', [{}]);
    expect(later.stats.callsByMethod['Spreadsheet.getSheets']).toBe(1);
    expect(capacityOf(later).cellsUsed).toBe(w.rt.book.totalCells());
  });

  it('keeps the figure of the last hour plus what a run wrote: an idle sync measures nothing', async () => {
    const w = await open();
    syncUntilComplete(w.rt);
    w.rt.clock.advance(60_000);
    const idle = run(w.rt);
    expect(idle.stats.callsByMethod['Sheet.getMaxRows']).toBeUndefined();
    expect(idle.stats.callsByMethod['Spreadsheet.getSheets']).toBeUndefined();
    expect(idle.report.capacity.cellsUsed).toBe(w.rt.book.totalCells());
    // A tab added meanwhile shows up at the next hourly measure.
    w.rt.book.setGrid(TEAM, 1000, 50);
    w.rt.clock.advance(HOUR);
    const measured = run(w.rt);
    expect(measured.stats.callsByMethod['Spreadsheet.getSheets']).toBe(1);
    expect(measured.report.capacity.cellsUsed).toBe(w.rt.book.totalCells());
  });
});

describe('capacity alerts', () => {
  it('alerts once past 80 % through the alert rules, and once more past 90 %', async () => {
    const w = await open();
    w.rt.call('saveSettings', { alerts: { enabled: true, recipients: ['equipe@example.com'] } });
    syncUntilComplete(w.rt);
    fillTo(w.rt, 8_200_000);
    w.rt.clock.advance(HOUR);
    const first = run(w.rt, 'runScheduledSync').report;
    expect(first.capacity.percent).toBeGreaterThanOrEqual(80);
    const capacityRows = () => rowsOf(w.rt, 'Alertas').filter((r) => r.Regra === 'Capacidade da planilha');
    expect(capacityRows()).toHaveLength(1);
    expect(String(capacityRows()[0]?.Detalhe)).toContain('passou de 80 %');
    expect(w.rt.mail.at(-1)?.htmlBody).toContain('Capacidade da planilha');

    w.rt.clock.advance(HOUR);
    run(w.rt, 'runScheduledSync');
    expect(capacityRows()).toHaveLength(1);

    fillTo(w.rt, 9_100_000);
    w.rt.clock.advance(HOUR);
    run(w.rt, 'runScheduledSync');
    expect(capacityRows().map((r) => String(r.Detalhe).slice(0, 30))).toEqual([
      'A planilha passou de 80 % do l',
      'A planilha passou de 90 % do l',
    ]);
  });
});

describe('automatic retention at 90 %', () => {
  it('applies the suggested N with a notice, keeps exactly the messages of the last N days, and never fetches the rest again', async () => {
    const plain = await open();
    syncUntilComplete(plain.rt);
    const conversas = valuesWithout(plain.rt, 'Conversas');
    const mensagens = rowsOf(plain.rt, 'Mensagens');

    const w = await open();
    syncUntilComplete(w.rt);
    fillTo(w.rt, 9_200_000);
    w.rt.clock.advance(HOUR);
    const startedAt = w.rt.clock.now().getTime();
    const { report } = run(w.rt);
    expect(report.ok).toBe(true);
    const settings = w.rt.call<SettingsView>('getSettings');
    const n = settings.messageRetentionDays ?? 0;
    expect(n).toBeGreaterThanOrEqual(7);
    expect(settings.messageRetentionChosen).toBe(false);
    expect(report.message).toContain(`só as mensagens dos últimos ${n} dias`);
    expect(report.message).toContain('o Chatvolt continua com todas');

    const cutoff = startedAt - n * DAY;
    const kept = rowsOf(w.rt, 'Mensagens');
    const expected = mensagens.filter((m) => date(m.created_at) >= cutoff).map((m) => m.message_id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(mensagens.length);
    expect(kept.map((m) => m.message_id)).toEqual(expected);
    expect(w.rt.book.grid('Mensagens')?.rows).toBe(kept.length + 1);
    expect(valuesWithout(w.rt, 'Conversas')).toEqual(conversas);
    expect(report.capacity.cellsUsed).toBe(w.rt.book.totalCells());

    // The deleted messages are gone on purpose: the next syncs fetch none of them again.
    w.rt.clock.advance(60_000);
    const nextRun = run(w.rt, 'syncNow');
    const next = nextRun.report;
    expect(next.messagesFetched).toBe(0);
    // Nothing is old enough yet: the retention reads no cell (the oldest row left is remembered).
    expect(nextRun.stats.callsByMethod['Range.getValues']).toBeUndefined();
    expect(rowsOf(w.rt, 'Mensagens').map((m) => m.message_id)).toEqual(expected);
  });

  it('never removes a user\'s own rows or columns of "Mensagens", and a chosen N wins over the rule', async () => {
    const w = await open();
    syncUntilComplete(w.rt);
    const values = w.rt.book.values('Mensagens');
    const header = [...(values[0] ?? []), 'minha_nota'];
    const rows = values.slice(1).map((row, i) => [...row, `nota ${i}`]);
    rows.splice(3, 0, ['', '', '', '', '', 'linha minha', '', '', '', '', '', '', 'fica']);
    w.rt.book.seed('Mensagens', [header, ...rows]);
    w.rt.call('saveSettings', { messageRetentionDays: 10 });
    w.rt.clock.advance(60_000);
    const startedAt = w.rt.clock.now().getTime();
    run(w.rt);
    const after = rowsOf(w.rt, 'Mensagens');
    expect(after.some((r) => r.text === 'linha minha' && r.minha_nota === 'fica')).toBe(true);
    expect(Object.keys(after[0] ?? {})).toContain('minha_nota');
    expect(after.filter((r) => r.message_id !== '').every((r) => date(r.created_at) >= startedAt - 10 * DAY)).toBe(true);
    const settings = w.rt.call<SettingsView>('getSettings');
    expect(settings).toMatchObject({ messageRetentionDays: 10, messageRetentionChosen: true });
  });
});

describe('a crash during the retention pass', () => {
  it('converges to exactly the last N days after a crash at every k-th service call, without fetching a history again', async () => {
    const w = await open();
    syncUntilComplete(w.rt);
    const full = rowsOf(w.rt, 'Mensagens');
    const conversas = valuesWithout(w.rt, 'Conversas');
    // Interleave old and new rows so the pass deletes several blocks.
    const [header = []] = w.rt.book.values('Mensagens');
    const body = w.rt.book.values('Mensagens').slice(1);
    // Chunks of 25 rows taken alternately from the oldest and the newest end: old and new blocks alternate.
    const chunks = Array.from({ length: Math.ceil(body.length / 25) }, (_, i) => body.slice(i * 25, i * 25 + 25));
    const shuffled = chunks.flatMap((_, i) => (i % 2 === 0 ? chunks[i / 2] : chunks[chunks.length - 1 - (i - 1) / 2]) ?? []);
    w.rt.book.seed('Mensagens', [header, ...shuffled]);
    w.rt.call('saveSettings', { messageRetentionDays: 7 });
    const snapshot = JSON.stringify([...w.rt.properties.document.entries()]);
    w.rt.clock.advance(60_000);
    const probe = w.rt.run<SyncReport>('syncNow', []);
    const calls = probe.stats.calls;
    expect(calls).toBeGreaterThan(5);
    // The interleaved rows make several blocks: crashes land between deletions too.
    expect(probe.stats.callsByMethod['Sheet.deleteRows']).toBeGreaterThan(3);
    const startedAt = w.rt.clock.now().getTime() - probe.stats.modelledMs;
    const expected = new Set(full.filter((m) => date(m.created_at) >= startedAt - 7 * DAY).map((m) => m.message_id));

    for (let k = 1; k <= calls; k += 2) {
      w.rt.book.seed('Mensagens', [header, ...shuffled]);
      w.rt.properties.document.clear();
      for (const [key, value] of JSON.parse(snapshot) as Array<[string, string]>) w.rt.properties.document.set(key, value);
      w.rt.clock.advance(60_000);
      const crashed = w.rt.run<SyncReport>('syncNow', [], { abortAtCall: k });
      w.rt.clock.advance(60_000);
      const after = w.rt.run<SyncReport>('syncNow', []);
      if (!after.ok) throw new Error(after.error.message);
      expect(after.value.ok, `k=${k} ${crashed.ok}`).toBe(true);
      expect(after.value.messagesFetched, `k=${k}`).toBe(0);
      const ids = rowsOf(w.rt, 'Mensagens').map((m) => m.message_id);
      const cutoff = w.rt.clock.now().getTime() - after.stats.modelledMs - 7 * DAY;
      const stillExpected = full.filter((m) => date(m.created_at) >= cutoff).map((m) => m.message_id);
      expect(new Set(ids), `k=${k}`).toEqual(new Set(stillExpected));
      expect(ids.length).toBe(new Set(ids).size);
      expect(stillExpected.every((id) => expected.has(id))).toBe(true);
      expect(valuesWithout(w.rt, 'Conversas')).toEqual(conversas);
    }
  });
});

describe('at the 10,000,000-cell wall', () => {
  it('writes "Conversas" first, leaves message rows out, ends ok, says what was left out, does not retry while full, and fetches them once there is room', async () => {
    const plain = await open();
    const w = await open();
    for (const x of [plain, w]) syncUntilComplete(x.rt);
    // Both organisations grow the same way; only w's workbook is nearly full.
    for (const x of [plain, w]) await x.fake.mutate({ now: new Date(Date.parse('2026-03-15T12:00:00.000Z') + 2 * HOUR).toISOString(), addConversations: 12 });
    const conversasWidth = w.rt.book.grid('Conversas')?.columns ?? 0;
    // Room for the 12 new rows of "Conversas" and about 20 of "Mensagens".
    fillTo(w.rt, LIMIT - 12 * conversasWidth - 20 * 12);
    const team = w.rt.book.grid(TEAM);
    for (const x of [plain, w]) x.rt.clock.set(new Date(Date.parse('2026-03-15T12:00:00.000Z') + 2 * HOUR + 60_000).toISOString());
    const reference = run(plain.rt).report;
    const { report } = run(w.rt);
    expect(report).toMatchObject({ ok: true, complete: reference.complete, conversationsWritten: reference.conversationsWritten });
    expect(report.message).toMatch(/limite de 10 milhões de células do Google Planilhas: \d+ linhas de "Mensagens" ficaram de fora/);
    expect(w.rt.book.totalCells()).toBeLessThanOrEqual(LIMIT);
    expect(valuesWithout(w.rt, 'Conversas')).toEqual(valuesWithout(plain.rt, 'Conversas'));
    const ids = rowsOf(w.rt, 'Mensagens').map((m) => m.message_id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.length).toBeLessThan(rowsOf(plain.rt, 'Mensagens').length);
    expect(w.rt.book.grid(TEAM)).toEqual(team);

    w.rt.clock.advance(60_000);
    const next = run(w.rt).report;
    expect(next.ok).toBe(true);
    expect(next.messagesFetched).toBe(0);

    // The team frees its tab: at the next hourly measure the messages left out come in, and only once.
    w.rt.book.setGrid(TEAM, 1, 1);
    w.rt.clock.advance(HOUR);
    plain.rt.clock.set(w.rt.clock.now().toISOString());
    run(plain.rt);
    const roomy = run(w.rt).report;
    expect(roomy.ok).toBe(true);
    expect(roomy.messagesFetched).toBeGreaterThan(0);
    expect(valuesWithout(w.rt, 'Conversas')).toEqual(valuesWithout(plain.rt, 'Conversas'));
    // w's sheet reached 90 %, so the automatic retention keeps only the last N days there: every message of the
    // plain organisation inside that window (the ones left out at the wall included) is now in w, once.
    const days = w.rt.call<{ messageRetentionDays: number }>('getSettings').messageRetentionDays;
    const cutoff = Date.parse(roomy.startedAt) - days * 24 * HOUR;
    const inWindow = rowsOf(plain.rt, 'Mensagens')
      .filter((m) => days === 0 || date(m.created_at) >= cutoff)
      .map((m) => m.message_id);
    const after = rowsOf(w.rt, 'Mensagens').map((m) => m.message_id);
    expect(after.length).toBe(new Set(after).size);
    expect(new Set(after)).toEqual(new Set(inWindow));
    w.rt.clock.advance(60_000);
    expect(run(w.rt).report.messagesFetched).toBe(0);
  });

  it('leaves new conversations out when even "Conversas" does not fit, and fetches them once there is room', async () => {
    const plain = await open();
    const w = await open();
    for (const x of [plain, w]) syncUntilComplete(x.rt);
    const later = (ms: number) => new Date(Date.parse('2026-03-15T12:00:00.000Z') + ms).toISOString();
    for (const x of [plain, w]) await x.fake.mutate({ now: later(2 * HOUR), addConversations: 12 });
    // The team chose to keep every message: no automatic retention makes room here.
    w.rt.call('saveSettings', { messageRetentionDays: 0 });
    const width = w.rt.book.grid('Conversas')?.columns ?? 0;
    fillTo(w.rt, LIMIT - 5 * width);
    for (const x of [plain, w]) x.rt.clock.set(later(2 * HOUR + 60_000));
    run(plain.rt);
    const { report } = run(w.rt);
    expect(report.ok).toBe(true);
    expect(report.message).toMatch(/\d+ conversas novas .*ficaram de fora/);
    expect(w.rt.book.totalCells()).toBeLessThanOrEqual(LIMIT);
    const inPlain = rowsOf(plain.rt, 'Conversas').length;
    const written = rowsOf(w.rt, 'Conversas').length;
    expect(written).toBeLessThan(inPlain);

    // Still full: the waiting conversations are not fetched again.
    w.rt.clock.set(later(2 * HOUR + 120_000));
    const waiting = run(w.rt).report;
    expect(waiting.ok).toBe(true);
    expect(waiting.messagesFetched).toBe(0);
    expect(rowsOf(w.rt, 'Conversas').length).toBe(written);

    // The team frees its tab: within the hour's measure the conversations come in, equal to a run without the wall.
    w.rt.book.setGrid(TEAM, 1, 1);
    w.rt.clock.set(later(4 * HOUR));
    const resumed = run(w.rt).report;
    expect(resumed.ok).toBe(true);
    expect(valuesWithout(w.rt, 'Conversas')).toEqual(valuesWithout(plain.rt, 'Conversas'));
  });
});
