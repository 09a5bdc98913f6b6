// The recompute of the business columns after the hours change: resumable by chunks, crash-safe, restarts on shifted rows.
import { describe, expect, it } from 'vitest';
import type { CellValue, Clock, SpreadsheetPort } from '../../../src/server/app/ports';
import { RECOMPUTE_CHUNK_ROWS, recomputeBusinessColumns } from '../../../src/server/app/business-recompute';
import { businessCalendar } from '../../../src/server/domain/business-hours';
import { noBusinessHours } from '../../../src/server/domain/business-hours-settings';
import { CONVERSATION_HEADERS } from '../../../src/server/domain/columns';

const WEEK = { ...noBusinessHours(), mon: [['08:00', '18:00']], tue: [['08:00', '18:00']] } as ReturnType<typeof noBusinessHours>;
const ON = businessCalendar(WEEK, [], 'UTC');
const HOUR = 3_600_000;
const MONDAY_7H = Date.parse('2026-03-09T07:00:00Z');

/** A grid-backed sheet port; every call advances the clock by a second; `failOnWrite` throws on that write (1-based). */
class GridSheets implements SpreadsheetPort {
  calls = 0;
  writes = 0;
  failOnWrite = 0;
  constructor(
    public grid: CellValue[][],
    private readonly clock: { ms: number },
  ) {}
  private tick() {
    this.calls++;
    this.clock.ms += 1000;
  }
  timeZone() {
    return 'UTC';
  }
  readSheet() {
    this.tick();
    return { name: 'Conversas', values: this.grid, lastRow: this.grid.length, lastColumn: this.grid[0]?.length ?? 0 };
  }
  size() {
    return { lastRow: this.grid.length, lastColumn: this.grid[0]?.length ?? 0 };
  }
  readBlock(_name: string, row: number, column: number, rows: number, columns: number) {
    this.tick();
    return Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => this.grid[row - 1 + i]?.[column - 1 + j] ?? ''));
  }
  ensureSheet() {
    return false;
  }
  writeBlock(_name: string, row: number, column: number, values: CellValue[][]) {
    this.tick();
    if (++this.writes === this.failOnWrite) throw new Error('Service error: Spreadsheets');
    values.forEach((cells, i) => {
      const target = (this.grid[row - 1 + i] ??= []);
      cells.forEach((cell, j) => (target[column - 1 + j] = cell));
    });
  }
  flush() {}
}

/**
 * Row i: created Monday 07:00 + (i mod 4) h (UTC), first customer message at creation, first response 3,600 s,
 * resolved at creation + 2 h. With Monday 08:00–18:00 hours, by hand:
 * 07:00 → response 0 s (07–08 closed), resolution 60 min, created outside; 08:00, 09:00, 10:00 → 3,600 s, 120 min, inside.
 */
function rows(count: number, header: readonly string[] = CONVERSATION_HEADERS): CellValue[][] {
  const out: CellValue[][] = [[...header]];
  for (let i = 0; i < count; i++) {
    const created = new Date(MONDAY_7H + (i % 4) * HOUR);
    const values: Record<string, CellValue> = {
      conversation_id: `c${i}`,
      created_at: created,
      updated_at: new Date(created.getTime() + 2 * HOUR),
      resolved: true,
      first_customer_message_at: created,
      first_response_time: 3600,
    };
    out.push(header.map((name) => values[name] ?? ''));
  }
  return out;
}

const EXPECTED = [
  [0, '', 60, false],
  [3600, '', 120, true],
  [3600, '', 120, true],
  [3600, '', 120, true],
];
const OUT = ['first_response_business_time', 'first_human_response_business_time', 'resolution_business_time', 'created_in_business_hours'];

function business(grid: CellValue[][]): CellValue[][] {
  const header = (grid[0] ?? []).map(String);
  return grid.slice(1).map((row) => OUT.map((name) => row[header.indexOf(name)] ?? ''));
}
const expectedFor = (count: number) => Array.from({ length: count }, (_, i) => EXPECTED[i % 4]);

function setup(count: number) {
  const clock = { ms: 0 };
  const sheets = new GridSheets(rows(count), clock);
  const port: Clock = { now: () => clock.ms, sleep: (ms) => (clock.ms += ms) };
  return { clock, sheets, port };
}

describe('recomputeBusinessColumns', () => {
  it('reads nothing before business hours were ever on, nor when every row matches the calendar', () => {
    const { sheets, port } = setup(10);
    expect(recomputeBusinessColumns(sheets, port, businessCalendar(noBusinessHours(), [], 'UTC'), null, 1e9)).toEqual({
      changed: 0, complete: true, remaining: 0, state: null,
    });
    expect(recomputeBusinessColumns(sheets, port, ON, JSON.stringify({ done: ON.fingerprint }), 1e9).state).toBeNull();
    expect(sheets.calls).toBe(0);
  });

  it('fills every row in one run when time allows, and records the fingerprint', () => {
    const { sheets, port } = setup(10);
    const outcome = recomputeBusinessColumns(sheets, port, ON, null, 1e9);
    expect(outcome).toMatchObject({ changed: 10, complete: true, remaining: 0 });
    expect(JSON.parse(outcome.state ?? '')).toEqual({ done: ON.fingerprint });
    expect(business(sheets.grid)).toEqual(expectedFor(10));
  });

  it('resumes chunk by chunk across runs when the deadline passes, ending where one run would', () => {
    const count = RECOMPUTE_CHUNK_ROWS * 2 + 7;
    const { sheets, port, clock } = setup(count);
    let state: string | null = null;
    const outcomes = [];
    for (let run = 0; run < 5; run++) {
      // A deadline already passed: each run does its one guaranteed chunk.
      const outcome = recomputeBusinessColumns(sheets, port, ON, state, clock.ms);
      outcomes.push([outcome.complete, outcome.remaining]);
      state = outcome.state ?? state;
      if (outcome.complete) break;
    }
    expect(outcomes).toEqual([
      [false, RECOMPUTE_CHUNK_ROWS + 7],
      [false, 7],
      [true, 0],
    ]);
    expect(business(sheets.grid)).toEqual(expectedFor(count));
  });

  it('repeats a chunk whose write failed (the state was not stored) and ends with the same values', () => {
    const count = RECOMPUTE_CHUNK_ROWS + 3;
    const { sheets, port } = setup(count);
    sheets.failOnWrite = 2;
    expect(() => recomputeBusinessColumns(sheets, port, ON, null, 1e9)).toThrow('Service error');
    const outcome = recomputeBusinessColumns(sheets, port, ON, null, 1e9);
    expect(outcome.complete).toBe(true);
    // The first chunk was already right: only the three rows of the failed chunk change now.
    expect(outcome.changed).toBe(3);
    expect(business(sheets.grid)).toEqual(expectedFor(count));
  });

  it('starts over when rows were deleted above the resume point (the id there is not the saved one)', () => {
    const count = RECOMPUTE_CHUNK_ROWS + 10;
    const { sheets, port, clock } = setup(count);
    const first = recomputeBusinessColumns(sheets, port, ON, null, clock.ms);
    expect(first.complete).toBe(false);
    // A person deletes the first two data rows: the unfinished rows move up by two.
    sheets.grid.splice(1, 2);
    const second = recomputeBusinessColumns(sheets, port, ON, first.state, clock.ms);
    expect(second.complete).toBe(false);
    const third = recomputeBusinessColumns(sheets, port, ON, second.state, 1e12);
    expect(third.complete).toBe(true);
    expect(business(sheets.grid)).toEqual(expectedFor(count).slice(2));
  });

  it('blanks the columns again when business hours are turned off, and adds missing headers on an old sheet', () => {
    const { sheets, port } = setup(4);
    const done = recomputeBusinessColumns(sheets, port, ON, null, 1e9).state;
    const off = businessCalendar(noBusinessHours(), [], 'UTC');
    expect(recomputeBusinessColumns(sheets, port, off, done, 1e9).changed).toBe(4);
    expect(business(sheets.grid)).toEqual(Array.from({ length: 4 }, () => ['', '', '', '']));

    // A sheet from before these columns: the four headers are appended after the last column.
    const old = CONVERSATION_HEADERS.filter((name) => !OUT.includes(name));
    const clock = { ms: 0 };
    const legacy = new GridSheets(rows(4, old), clock);
    recomputeBusinessColumns(legacy, { now: () => clock.ms, sleep: () => undefined }, ON, null, 1e9);
    expect(legacy.grid[0]?.slice(-4)).toEqual(OUT);
    expect(business(legacy.grid)).toEqual(expectedFor(4));
  });
});
