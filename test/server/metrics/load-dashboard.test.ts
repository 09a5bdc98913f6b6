// The dashboard use cases over in-memory ports: cache hits, keys, chunking under 100 KB, filtered raw rows.
import { describe, expect, it } from 'vitest';
import { loadDashboard, readFilteredConversations, renewDashboardSnapshot, type DashboardDeps } from '../../../src/server/app/dashboard';
import type { CachePort, CellValue, KeyValueStore, SpreadsheetPort } from '../../../src/server/app/ports';
import { SYNC_STATE_KEYS } from '../../../src/server/app/sync-state';
import { SETTINGS_KEYS } from '../../../src/server/domain/settings';
import type { SyncReport } from '../../../src/shared/dto';
import { at, sheetValues, type RowInput } from './sheet-rows';

const CACHE_VALUE_LIMIT = 100 * 1024;

/** CacheService as documented: per-value 100 KB and 250-char key limits enforced; TTL recorded. */
class MemoryCache implements CachePort {
  readonly entries = new Map<string, string>();
  getAllCalls = 0;
  lastTtl = 0;
  getAll(keys: string[]): Record<string, string> {
    this.getAllCalls++;
    const out: Record<string, string> = {};
    for (const key of keys) {
      const value = this.entries.get(key);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  putAll(values: Record<string, string>, ttlSeconds: number): void {
    for (const [key, value] of Object.entries(values)) {
      if (key.length > 250) throw new Error(`key too long: ${key}`);
      if (Buffer.byteLength(value, 'utf8') > CACHE_VALUE_LIMIT) throw new Error(`Argument too large: ${key}`);
      this.entries.set(key, value);
    }
    this.lastTtl = ttlSeconds;
  }
}

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  getMany(keys: string[]): Record<string, string | null> {
    return Object.fromEntries(keys.map((key) => [key, this.get(key)]));
  }
  getAll(): Record<string, string> {
    return Object.fromEntries(this.map);
  }
  setMany(values: Record<string, string>): void {
    for (const [key, value] of Object.entries(values)) this.map.set(key, value);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

class MemorySheet implements SpreadsheetPort {
  /** Reads of the whole table: `readSheet`, or a snapshot rebuild's column reads. */
  reads = 0;
  constructor(
    public values: CellValue[][],
    private readonly zone = 'UTC',
  ) {}
  timeZone(): string {
    return this.zone;
  }
  readSheet(name: string) {
    if (name !== 'Conversas') return null;
    this.reads++;
    return { name, values: this.values, lastRow: this.values.length, lastColumn: this.values[0]?.length ?? 0 };
  }
  size(name: string) {
    return name === 'Conversas' ? { lastRow: this.values.length, lastColumn: this.values[0]?.length ?? 0 } : null;
  }
  blockReads = 0;
  /** Block reads of every column over every data row (what a rebuild reading only its columns never does). */
  fullWidthReads = 0;
  /** Whether the previous block read was the header (a rebuild reads it, then its columns for every row). */
  private afterHeader = false;
  readBlock(_name: string, row: number, column: number, numRows: number, numColumns: number): CellValue[][] {
    this.blockReads++;
    // A read of the table: a snapshot rebuild reads the header, then the columns it needs over every row.
    if (this.afterHeader && row === 2 && numRows === this.values.length - 1) this.reads++;
    this.afterHeader = row === 1 && numRows === 1;
    if (row === 2 && numRows === this.values.length - 1 && numColumns === (this.values[0]?.length ?? 0)) this.fullWidthReads++;
    return this.values.slice(row - 1, row - 1 + numRows).map((cells) => {
      const out = cells.slice(column - 1, column - 1 + numColumns);
      while (out.length < numColumns) out.push('');
      return out;
    });
  }
  ensureSheet(): boolean {
    throw new Error('read-only');
  }
  writeBlock(): void {
    throw new Error('read-only');
  }
  flush(): void {}
}

function setup(rows: RowInput[], zone = 'UTC') {
  const sheet = new MemorySheet(sheetValues(rows), zone);
  const cache = new MemoryCache();
  const documentStore = new MemoryStore();
  documentStore.map.set(SYNC_STATE_KEYS.dataVersion, '1');
  const deps: DashboardDeps = { sheet, cache, documentStore, userStore: new MemoryStore(), clock: { now: () => Date.parse('2026-03-10T12:00:00Z'), sleep: () => {} } };
  return { sheet, cache, documentStore, deps };
}

const ROWS: RowInput[] = [
  { conversation_id: 'c1', created_at: at('2026-03-02T10:00:00Z'), channel: 'web', resolved: true, first_response_time: 20 },
  { conversation_id: 'c2', created_at: at('2026-03-03T10:00:00Z'), channel: 'whatsapp', resolved: false },
  { conversation_id: 'c3', created_at: at('2026-03-04T10:00:00Z'), channel: 'web', resolved: false },
];

describe('loadDashboard', () => {
  it('serves a repeat call from one cache read without reading the sheet', () => {
    const { sheet, cache, deps } = setup(ROWS);
    const first = loadDashboard(deps, { channels: ['web'] });
    expect(first.kpis.volume).toBe(2);
    expect(sheet.reads).toBe(1);
    const getAllBefore = cache.getAllCalls;
    const second = loadDashboard(deps, { channels: ['WEB', 'web'] });
    expect(cache.getAllCalls - getAllBefore).toBe(1);
    expect(sheet.reads).toBe(1);
    expect(second).toEqual(first);
    expect(cache.lastTtl).toBe(60);
  });

  it('recomputes when the data version, the sheet size or a result-changing setting changes', () => {
    const { sheet, documentStore, deps } = setup(ROWS);
    loadDashboard(deps, {});
    // A data version the snapshot was not patched to (no sync patched it): rebuilt from one read of the table.
    documentStore.map.set(SYNC_STATE_KEYS.dataVersion, '2');
    loadDashboard(deps, {});
    expect(sheet.reads).toBe(2);
    // A row appended by someone else: only the new row (and the header) is read, not the table.
    const blockReadsBefore = sheet.blockReads;
    sheet.values = [...sheet.values, ['c4', at('2026-03-05T10:00:00Z')]];
    expect(loadDashboard(deps, {}).kpis.volume).toBe(4);
    expect(sheet.reads).toBe(2);
    expect(sheet.blockReads - blockReadsBefore).toBe(2);
    // A setting that changes results: recomputed from the stored snapshot.
    documentStore.map.set(SETTINGS_KEYS.document, JSON.stringify({ slaSeconds: 10 }));
    expect(loadDashboard(deps, {}).kpis.slaRate).toBe(0);
    expect(sheet.reads).toBe(2);
    expect(sheet.blockReads - blockReadsBefore).toBe(2);
  });

  it('always returns the stored last sync report, even on a cache hit', () => {
    const { documentStore, deps } = setup(ROWS);
    expect(loadDashboard(deps, {}).lastSync).toBeNull();
    const report: SyncReport = {
      ok: true, complete: true, conversationsListed: 0, conversationsWritten: 0, messagesFetched: 0, apiCalls: 1,
      durationMs: 5, startedAt: '2026-03-10T11:59:00.000Z', finishedAt: '2026-03-10T11:59:01.000Z', message: 'ok', capacity: { cellsUsed: 0, cellLimit: 10_000_000, percent: 0, projectedFullDate: null },
    };
    documentStore.map.set(SYNC_STATE_KEYS.lastReport, JSON.stringify(report));
    expect(loadDashboard(deps, {}).lastSync).toEqual(report);
  });

  it('splits a large result into chunks under 100 KB (multi-byte text included) and reassembles it', () => {
    const many: RowInput[] = Array.from({ length: 1500 }, (_, i) => ({
      conversation_id: `c${i}`,
      created_at: at('2026-03-02T10:00:00Z'),
      agent_id: `agente-${i}-${'日本語の名前'.repeat(7)}`,
      first_response_time: i,
    }));
    const { sheet, cache, deps } = setup(many);
    const first = loadDashboard(deps, {});
    const chunks = [...cache.entries.keys()].filter((key) => /:\d+$/.test(key));
    expect(chunks.length).toBeGreaterThan(1);
    const second = loadDashboard(deps, {});
    expect(sheet.reads).toBe(1);
    expect(second).toEqual(first);
    expect(second.agents).toHaveLength(1500);
  });

  it('recomputes from the snapshot when one dashboard chunk was evicted, and rebuilds when a snapshot chunk and the history state were', () => {
    const { sheet, cache, deps } = setup(ROWS);
    const first = loadDashboard(deps, {});
    const chunk = [...cache.entries.keys()].find((key) => key.startsWith('dash:') && key.endsWith(':0'));
    expect(chunk).toBeDefined();
    expect(cache.entries.delete(chunk as string)).toBe(true);
    expect(loadDashboard(deps, {})).toEqual(first);
    expect(sheet.reads).toBe(1);
    // The snapshot's base is not needed while the history state (its recent rows and this filter's part) is there.
    for (const key of [...cache.entries.keys()]) if (key.startsWith('dash:') || key === 'snap:0') cache.entries.delete(key);
    expect(loadDashboard(deps, {})).toEqual(first);
    expect(sheet.reads).toBe(1);
    for (const key of [...cache.entries.keys()]) if (key.startsWith('dash:') || key.startsWith('hist:')) cache.entries.delete(key);
    expect(loadDashboard(deps, {})).toEqual(first);
    expect(sheet.reads).toBe(2);
  });

  it('measures abandonment at the time of the call, not after the slow sheet read', () => {
    // Last customer message exactly 60 min before the call: not yet abandoned (strictly older is required).
    const { sheet, deps } = setup([
      { conversation_id: 'w1', created_at: at('2026-03-10T10:00:00Z'), awaiting_reply: true, last_customer_message_at: at('2026-03-10T11:00:00Z') },
    ]);
    let nowMs = Date.parse('2026-03-10T12:00:00Z');
    deps.clock = { now: () => nowMs, sleep: () => {} };
    // Reading a large sheet takes seconds of wall time.
    const read = sheet.readSheet.bind(sheet);
    sheet.readSheet = (name: string) => {
      nowMs += 5_000;
      return read(name);
    };
    const data = loadDashboard(deps, {});
    expect(data.kpis.unanswered).toBe(1);
    expect(data.kpis.abandoned).toBe(0);
    expect(data.generatedAt).toBe('2026-03-10T12:00:00.000Z');
  });

  it('recomputes a cached dashboard once a waiting conversation crosses the abandonment threshold', () => {
    // Waiting since 11:00:30: abandoned once the clock passes 12:00:30, well inside the cache's 60 s lifetime.
    const { sheet, deps } = setup([
      { conversation_id: 'w1', created_at: at('2026-03-10T10:00:00Z'), awaiting_reply: true, last_customer_message_at: at('2026-03-10T11:00:30Z') },
    ]);
    let nowMs = Date.parse('2026-03-10T12:00:00Z');
    deps.clock = { now: () => nowMs, sleep: () => {} };
    expect(loadDashboard(deps, {}).kpis.abandoned).toBe(0);
    nowMs = Date.parse('2026-03-10T12:00:30Z');
    expect(loadDashboard(deps, {}).kpis.abandoned).toBe(0);
    expect(sheet.reads).toBe(1);
    nowMs = Date.parse('2026-03-10T12:00:31Z');
    expect(loadDashboard(deps, {}).kpis.abandoned).toBe(1);
    // Recomputed from the stored snapshot: the sheet is not read again.
    expect(sheet.reads).toBe(1);
  });

  it('rebuilds from the snapshot\'s columns only, yet counts a row whose only content is in a column of the team\'s own', () => {
    const { sheet, deps } = setup(ROWS);
    const header = sheet.values[0] ?? [];
    const width = header.length;
    // A team's column at the end; one row holds a note there and nothing else, one row is wholly blank.
    sheet.values = [
      [...header, 'nota da equipe'],
      ...sheet.values.slice(1).map((row) => [...row, '']),
      [...new Array<CellValue>(width).fill(''), 'ligar de volta'],
      new Array<CellValue>(width + 1).fill(''),
    ];
    const data = loadDashboard(deps, {});
    // A full read counts the note row (every field blank) and skips the blank one: 3 + 1.
    expect(data.kpis.volume).toBe(4);
    expect(data.byChannel).toEqual([
      { key: 'web', count: 2 },
      { key: '(vazio)', count: 1 },
      { key: 'whatsapp', count: 1 },
    ]);
    // The rebuild read the header, then column stretches, then the rows blank in those columns whole: never the
    // whole table in one read, and never a block as wide as the table over every row.
    expect(sheet.fullWidthReads).toBe(0);
  });

  it('reads the whole table in one call instead when rows blank in the snapshot\'s columns are scattered widely', () => {
    const { sheet, deps } = setup(ROWS);
    const header = sheet.values[0] ?? [];
    const width = header.length;
    const note = (text: string): CellValue[] => [...new Array<CellValue>(width).fill(''), text];
    const conversation = (row: CellValue[]): CellValue[] => [...row, ''];
    // Twelve note-only rows, each 150 rows apart (too far apart to share a read).
    const body: CellValue[][] = [];
    for (let n = 0; n < 12; n++) {
      body.push(note(`nota ${n}`));
      for (let k = 0; k < 150; k++) body.push(conversation(sheet.values[1 + (k % 3)] ?? []));
    }
    sheet.values = [[...header, 'nota da equipe'], ...body];
    const before = sheet.blockReads;
    expect(loadDashboard(deps, {}).kpis.volume).toBe(12 + 12 * 150);
    // The header, the column stretches, then one read of the whole table (not twelve row reads).
    expect(sheet.fullWidthReads).toBe(1);
    expect(sheet.blockReads - before).toBeLessThan(12);
  });

  it('rejects invalid filters before touching the cache or the sheet', () => {
    const { sheet, cache, deps } = setup(ROWS);
    expect(() => loadDashboard(deps, { from: '2026-13-01' } as never)).toThrow(/from/);
    expect(cache.getAllCalls).toBe(0);
    expect(sheet.reads).toBe(0);
  });
});

describe('readFilteredConversations', () => {
  it('returns the header and the matching raw rows in sheet order, with the time zone', () => {
    const { deps, sheet } = setup(ROWS, 'America/Sao_Paulo');
    const result = readFilteredConversations(deps, { channels: ['web'] });
    expect(result.timeZone).toBe('America/Sao_Paulo');
    expect(result.header).toEqual(sheet.values[0]);
    expect(result.rows).toEqual([sheet.values[1], sheet.values[3]]);
  });

  it('renews the snapshot for the sidebar and cuts its filters\' history state, but not past its time budget', () => {
    const renewal = (secondsPerSheetRead: number) => {
      const { sheet, cache, deps } = setup(ROWS);
      let nowMs = Date.parse('2026-03-10T12:00:00Z');
      deps.clock = { now: () => nowMs, sleep: () => {} };
      // The sidebar used three filters (each first call cuts and stores its part).
      for (const filters of [{}, { channels: ['web'] }, { channels: ['whatsapp'] }]) loadDashboard(deps, filters);
      for (const key of [...cache.entries.keys()]) if (key.startsWith('hist:f:')) cache.entries.delete(key);
      // Five hours on: the snapshot is due for renewal. Each sheet read takes `secondsPerSheetRead` of wall time.
      nowMs += 5 * 3_600_000 + 60_000;
      const read = sheet.readBlock.bind(sheet);
      sheet.readBlock = (...args: Parameters<MemorySheet['readBlock']>) => {
        nowMs += secondsPerSheetRead * 1000;
        return read(...args);
      };
      expect(renewDashboardSnapshot(deps)).toBe(true);
      return [...cache.entries.keys()].filter((key) => /^hist:f:[0-9a-f]+$/.test(key)).length;
    };
    // A quick rebuild: all three filters' parts are cut again.
    expect(renewal(0)).toBe(3);
    // A rebuild that took past the budget (its reads: the header and the columns): no filter is cut in this run.
    expect(renewal(60)).toBe(0);
  });
});
