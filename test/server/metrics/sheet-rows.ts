// Test helper: builds "Conversas" cell values (header first) from partial rows keyed by column name.
import type { CellValue } from '../../../src/server/app/ports';
import { CONVERSATION_HEADERS, type ConversationColumn } from '../../../src/server/domain/columns';

export type RowInput = Partial<Record<ConversationColumn | string, CellValue>>;

/** Header row plus one row per input, '' for every cell not given (like getValues() on blank cells). */
export function sheetValues(rows: RowInput[], header: readonly string[] = CONVERSATION_HEADERS): CellValue[][] {
  return [[...header], ...rows.map((row) => header.map((name) => row[name] ?? ''))];
}

/** A UTC instant from an ISO string (test readability). */
export function at(iso: string): Date {
  return new Date(iso);
}
