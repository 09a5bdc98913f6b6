// In-memory ports for the alert and report use cases: a multi-sheet spreadsheet, stores, a mail box with a quota, a clock.
import type { CellValue, Clock, KeyValueStore, MailPort, SpreadsheetPort } from '../../../src/server/app/ports';
import { CONVERSATION_HEADERS, type ConversationColumn } from '../../../src/server/domain/columns';

export class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  /** setMany calls (each is one Properties service call). */
  writes = 0;
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
    this.writes++;
    for (const [key, value] of Object.entries(values)) {
      // PropertiesService refuses values over 9 KB.
      if (value.length > 9 * 1024) throw new Error(`value too large: ${key}`);
      this.map.set(key, value);
    }
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

/** Sheets as arrays of rows; counts reads and writes per sheet. */
export class MemoryBook implements SpreadsheetPort {
  readonly sheets = new Map<string, CellValue[][]>();
  readonly writes: Array<{ sheet: string; row: number; rows: number }> = [];
  /** Reads of a whole sheet: `readSheet`, or a snapshot rebuild's column reads. */
  reads = 0;
  constructor(private readonly zone = 'UTC') {}
  timeZone(): string {
    return this.zone;
  }
  readSheet(name: string) {
    const values = this.sheets.get(name);
    if (!values) return null;
    this.reads++;
    return { name, values, lastRow: values.length, lastColumn: values[0]?.length ?? 0 };
  }
  size(name: string) {
    const values = this.sheets.get(name);
    return values ? { lastRow: values.length, lastColumn: values[0]?.length ?? 0 } : null;
  }
  /** Whether the previous block read was a header (a snapshot rebuild reads it, then its columns over every row). */
  private afterHeader = false;
  readBlock(name: string, row: number, column: number, numRows: number, numColumns: number): CellValue[][] {
    const values = this.sheets.get(name) ?? [];
    // A read of the table: a snapshot rebuild's header read followed by its columns over every data row.
    if (this.afterHeader && row === 2 && numRows === values.length - 1) this.reads++;
    this.afterHeader = row === 1 && numRows === 1;
    return values.slice(row - 1, row - 1 + numRows).map((cells) => {
      const out = cells.slice(column - 1, column - 1 + numColumns);
      while (out.length < numColumns) out.push('');
      return out;
    });
  }
  ensureSheet(name: string): boolean {
    if (this.sheets.has(name)) return false;
    this.sheets.set(name, []);
    return true;
  }
  writeBlock(name: string, row: number, column: number, values: CellValue[][]): void {
    const sheet = this.sheets.get(name);
    if (!sheet) throw new Error(`A aba "${name}" não existe.`);
    if (column !== 1) throw new Error('only column 1 in this fake');
    values.forEach((cells, i) => (sheet[row - 1 + i] = [...cells]));
    this.writes.push({ sheet: name, row, rows: values.length });
  }
  flush(): void {}
}

/** MailApp with a daily recipient quota: sending beyond it throws like Apps Script. */
export class MemoryMail implements MailPort {
  readonly sent: Array<{ to: string[]; subject: string; htmlBody: string; body: string; attachments?: unknown[] }> = [];
  /** When set, every call throws it, as MailApp does without the send_mail authorisation. */
  failure: Error | null = null;
  constructor(public quota = 100) {}
  remainingDailyQuota(): number {
    if (this.failure) throw this.failure;
    return this.quota;
  }
  send(message: MailPort extends { send(m: infer M): void } ? M : never): void {
    if (this.failure) throw this.failure;
    if (this.quota < message.to.length) throw new Error('Service invoked too many times for one day: email.');
    this.quota -= message.to.length;
    this.sent.push(message);
  }
}

export class ManualClock implements Clock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
  sleep(ms: number): void {
    this.ms += ms;
  }
}

/** The "Conversas" sheet values (header + rows) for rows given by column name; other columns blank. */
export function conversationValues(rows: Array<Partial<Record<ConversationColumn, CellValue>>>): CellValue[][] {
  return [[...CONVERSATION_HEADERS], ...rows.map((row) => CONVERSATION_HEADERS.map((name) => row[name] ?? ''))];
}
