// The service-depth backfill on a sheet port: chunks within the deadline, resumes from its state, restarts on shifted rows.
import { describe, expect, it } from 'vitest';
import type { CellValue, SpreadsheetPort } from '../../../src/server/app/ports';
import { BACKFILL_CHUNK_ROWS, backfillServiceDepth } from '../../../src/server/app/service-depth-backfill';
import { businessCalendar } from '../../../src/server/domain/business-hours';
import { noBusinessHours } from '../../../src/server/domain/business-hours-settings';
import { CONVERSATION_HEADERS, MESSAGE_HEADERS } from '../../../src/server/domain/columns';

const OFF = businessCalendar(noBusinessHours(), [], 'UTC');
const T0 = Date.parse('2026-03-09T10:00:00Z');
const MINUTE = 60_000;

/** Two grid-backed sheets; every call advances the clock by a second and is counted. */
class Book implements SpreadsheetPort {
  calls = 0;
  constructor(
    public sheetsByName: Record<string, CellValue[][]>,
    private readonly clock: { ms: number },
  ) {}
  private tick() {
    this.calls++;
    this.clock.ms += 1000;
  }
  timeZone() {
    return 'UTC';
  }
  readSheet(name: string) {
    this.tick();
    const grid = this.sheetsByName[name];
    return grid ? { name, values: grid, lastRow: grid.length, lastColumn: grid[0]?.length ?? 0 } : null;
  }
  size(name: string) {
    const grid = this.sheetsByName[name];
    return grid ? { lastRow: grid.length, lastColumn: grid[0]?.length ?? 0 } : null;
  }
  readBlock(name: string, row: number, column: number, rows: number, columns: number) {
    this.tick();
    const grid = this.sheetsByName[name] ?? [];
    return Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => grid[row - 1 + i]?.[column - 1 + j] ?? ''));
  }
  ensureSheet() {
    return false;
  }
  writeBlock(name: string, row: number, column: number, values: CellValue[][]) {
    this.tick();
    const grid = (this.sheetsByName[name] ??= []);
    values.forEach((cells, i) => {
      const target = (grid[row - 1 + i] ??= []);
      cells.forEach((cell, j) => (target[column - 1 + j] = cell));
    });
  }
  flush() {}
}

/**
 * `count` conversations as the previous version wrote them (no service-depth column); conversation i has a
 * customer message at T0 + i min, then operator `u{i mod 3}` at +2 min and operator `u9` at +5 min: by hand,
 * first_operator_id u{i mod 3}, operator_ids "u{i mod 3}, u9", handling 3 min, first customer message T0 + i min.
 */
function oldBook(count: number): Record<string, CellValue[][]> {
  const header = CONVERSATION_HEADERS.slice(0, CONVERSATION_HEADERS.indexOf('synced_at') + 1);
  const conversas: CellValue[][] = [[...header]];
  const mensagens: CellValue[][] = [[...MESSAGE_HEADERS]];
  for (let i = 0; i < count; i++) {
    const at = T0 + i * MINUTE;
    const values: Record<string, CellValue> = { conversation_id: `c${i}`, created_at: new Date(at), message_count: 3, synced_at: new Date(T0) };
    conversas.push(header.map((name) => values[name] ?? ''));
    // Messages in reverse order: the backfill sorts them itself.
    for (const [k, offset, sender, user] of [
      [2, 5, 'operator', 'u9'],
      [1, 2, 'operator', `u${i % 3}`],
      [0, 0, 'customer', ''],
    ] as const) {
      const m: Record<string, CellValue> = { message_id: `m${i}-${k}`, conversation_id: `c${i}`, created_at: new Date(at + offset * MINUTE), sender, user_id: user };
      mensagens.push(MESSAGE_HEADERS.map((name) => m[name] ?? ''));
    }
  }
  return { Conversas: conversas, Mensagens: mensagens };
}

function expectFilled(book: Book, count: number) {
  const [header = [], ...rows] = book.sheetsByName.Conversas ?? [];
  const at = (name: string) => header.indexOf(name);
  expect(rows.length).toBe(count);
  rows.forEach((row, i) => {
    expect([row[at('first_operator_id')], row[at('operator_ids')], row[at('operator_handling_time')]], `row ${i}`).toEqual([
      `u${i % 3}`,
      `u${i % 3}, u9`,
      3,
    ]);
    expect((row[at('first_customer_message_at')] as Date).getTime()).toBe(T0 + i * MINUTE);
  });
}

describe('backfillServiceDepth', () => {
  it('reads nothing on a first import (no row before the run) or once done', () => {
    const clock = { ms: 0, now: () => clock.ms, sleep: (ms: number) => void (clock.ms += ms) };
    const book = new Book(oldBook(3), clock);
    expect(backfillServiceDepth(book, clock, OFF, null, 0, 1e12)).toEqual({ changed: 0, complete: true, remaining: 0, state: '{"done":true}' });
    expect(backfillServiceDepth(book, clock, OFF, '{"done":true}', 3, 1e12).state).toBeNull();
    expect(book.calls).toBe(0);
  });

  it('works chunk by chunk within the deadline and resumes from its state until every row is filled', () => {
    const count = 2 * BACKFILL_CHUNK_ROWS + 7;
    const clock = { ms: 0, now: () => clock.ms, sleep: (ms: number) => void (clock.ms += ms) };
    const book = new Book(oldBook(count), clock);
    let state: string | null = null;
    let changed = 0;
    let runs = 0;
    for (; runs < 10; runs++) {
      // A deadline already past: each run does its one guaranteed chunk.
      const out = backfillServiceDepth(book, clock, OFF, state, count, clock.ms);
      changed += out.changed;
      state = out.state ?? state;
      if (out.complete) break;
      expect(out.remaining).toBe(count - (runs + 1) * BACKFILL_CHUNK_ROWS);
      expect(state?.length).toBeLessThan(9 * 1024);
    }
    expect(runs).toBe(2);
    expect(state).toBe('{"done":true}');
    expect(changed).toBe(count);
    expectFilled(book, count);
  });

  it('starts over from row 2 when rows shifted under its saved position, and never fills a row twice', () => {
    const count = BACKFILL_CHUNK_ROWS + 10;
    const clock = { ms: 0, now: () => clock.ms, sleep: (ms: number) => void (clock.ms += ms) };
    const book = new Book(oldBook(count), clock);
    const first = backfillServiceDepth(book, clock, OFF, null, count, clock.ms);
    expect(first.complete).toBe(false);
    // A person deletes the first data row: the saved row now holds another conversation.
    book.sheetsByName.Conversas?.splice(1, 1);
    const second = backfillServiceDepth(book, clock, OFF, first.state, count, 1e12);
    expect(second.complete).toBe(true);
    // Rows already filled are no candidates any more: only the 10 left over (one of which moved up) change.
    expect(second.changed).toBe(10);
    const rows = book.sheetsByName.Conversas ?? [];
    const header = rows[0] ?? [];
    expect(rows.slice(1).every((row) => row[header.indexOf('first_operator_id')] !== '')).toBe(true);
  });
});
