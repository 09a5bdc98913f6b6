// The key index over in-memory ports: evicted or foreign chunks, duplicated keys, and what a lookup reads.
import { describe, expect, it } from 'vitest';
import { openIndexedSheet, storeKeyIndexFromValues } from '../../../src/server/app/key-index';
import type { CachePort, CellValue, SpreadsheetPort } from '../../../src/server/app/ports';
import { readEditLog } from '../../../src/server/app/edit-log';

const NOW = Date.parse('2026-03-15T12:00:00Z');

/** "Conversas" as rows; counts the key-column reads and the cells read. */
class Book implements SpreadsheetPort {
  cellsRead = 0;
  wholeKeyColumnReads = 0;
  constructor(readonly values: CellValue[][]) {}
  timeZone(): string {
    return 'UTC';
  }
  readSheet() {
    return { name: 'Conversas', values: this.values, lastRow: this.values.length, lastColumn: this.values[0]?.length ?? 0 };
  }
  size() {
    return { lastRow: this.values.length, lastColumn: this.values[0]?.length ?? 0 };
  }
  readBlock(_name: string, row: number, column: number, numRows: number, numColumns: number): CellValue[][] {
    if (row === 2 && column === 1 && numColumns === 1 && numRows === this.values.length - 1) this.wholeKeyColumnReads += 1;
    this.cellsRead += numRows * numColumns;
    return this.values.slice(row - 1, row - 1 + numRows).map((cells) => cells.slice(column - 1, column - 1 + numColumns));
  }
  ensureSheet(): boolean {
    return false;
  }
  writeBlock(): void {
    throw new Error('not used');
  }
  flush(): void {}
}

class MemoryCache implements CachePort {
  readonly entries = new Map<string, string>();
  getAll(keys: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of keys) {
      const value = this.entries.get(key);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  putAll(values: Record<string, string>): void {
    for (const [key, value] of Object.entries(values)) this.entries.set(key, value);
  }
}

/** 25,000 rows (two chunks of codes): c0 … c24999, with c7 typed again at row 20,000 (the first one wins). */
function book(): Book {
  const rows: CellValue[][] = [['conversation_id', 'updated_at']];
  for (let i = 0; i < 25_000; i++) rows.push([`c${i}`, i]);
  (rows[19_999] as CellValue[])[0] = " 'c7 ";
  return new Book(rows);
}

function lookup(sheets: Book, cache: MemoryCache, keys: string[]): Array<number | undefined> {
  const sheet = openIndexedSheet({ sheets, cache }, readEditLog({}), NOW);
  sheet.readKeyed(keys, ['updated_at']);
  return keys.map((key) => sheet.view.rows.get(key));
}

describe('openIndexedSheet', () => {
  it('finds rows from the stored codes, reading the candidate rows and the last rows only', () => {
    const sheets = book();
    const cache = new MemoryCache();
    storeKeyIndexFromValues(cache, sheets.values, { n: 0, loose: [] }, NOW);
    expect(lookup(sheets, cache, ['c7', 'c24998', 'c12345', 'nope', ''])).toEqual([9, 25_000, 12_347, undefined, undefined]);
    expect(sheets.wholeKeyColumnReads).toBe(0);
    expect(sheets.cellsRead).toBeLessThan(200);
  });

  it('reads the key column when a chunk was evicted or comes from another put, and gives the same rows', () => {
    for (const damage of ['evict', 'foreign'] as const) {
      const sheets = book();
      const cache = new MemoryCache();
      storeKeyIndexFromValues(cache, sheets.values, { n: 0, loose: [] }, NOW);
      const chunk = cache.entries.get('keys:1') as string;
      if (damage === 'evict') cache.entries.delete('keys:1');
      else cache.entries.set('keys:1', `other:${chunk.slice(chunk.indexOf(':') + 1)}`);
      expect(lookup(sheets, cache, ['c7', 'c24998', 'nope'])).toEqual([9, 25_000, undefined]);
      expect(sheets.wholeKeyColumnReads).toBe(1);
      // Stored again: the next lookup reads no key column.
      expect(lookup(sheets, cache, ['c24999'])).toEqual([25_001]);
      expect(sheets.wholeKeyColumnReads).toBe(1);
    }
  });

  it('answers a key asked before it was looked up from the key column (slower, never wrong)', () => {
    const sheets = book();
    const cache = new MemoryCache();
    storeKeyIndexFromValues(cache, sheets.values, { n: 0, loose: [] }, NOW);
    const sheet = openIndexedSheet({ sheets, cache }, readEditLog({}), NOW);
    expect(sheet.view.rows.get('c100')).toBe(102);
    expect(sheets.wholeKeyColumnReads).toBe(1);
  });

  it('is rebuilt when older than six hours, when the key column moved, or when rows are fewer', () => {
    const cases: Array<(b: Book) => number> = [
      () => NOW + 6 * 3_600_000 + 1,
      (b) => {
        for (const row of b.values) row.unshift(row === b.values[0] ? 'nota' : '');
        return NOW;
      },
      (b) => {
        b.values.splice(100, 1);
        return NOW;
      },
    ];
    for (const change of cases) {
      const sheets = book();
      const cache = new MemoryCache();
      storeKeyIndexFromValues(cache, sheets.values, { n: 0, loose: [] }, NOW);
      const now = change(sheets);
      const sheet = openIndexedSheet({ sheets, cache }, readEditLog({}), now);
      sheet.readKeyed(['c200'], []);
      expect(sheet.view.rows.get('c200')).toBe(sheets.values.findIndex((row) => row.includes('c200')) + 1);
      expect(sheets.cellsRead).toBeGreaterThanOrEqual(24_999);
    }
  });
});
