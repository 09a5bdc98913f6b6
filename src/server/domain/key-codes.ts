// Compact per-row codes of a keyed sheet's key column (a 30-bit hash of each row's key, 5 ASCII characters a row).
import { keyText } from './table-merge';
import type { CellValue } from './cell-text';
import { hashLanes } from './hash';

/** Characters of one row's code: 5 × 6 bits = 30 bits of hash. */
export const CODE_CHARS = 5;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
/** Character code → its 6-bit value (-1 for characters outside the alphabet): a scan decodes a million characters. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
/** 2^30 − 1: codes 1 … 2^30 − 1 name keys, 0 a blank key cell. */
const CODE_SPACE = 0x3fffffff;

/**
 * The code of a key as the sync matches it (`keyText`: whitespace, zero-width characters and a leading apostrophe
 * dropped): 0 for a blank key, else 1 … 2^30 − 1. Different keys may share a code (about 1 in 10^9 a pair), so a
 * code only names candidate rows: whoever trusts one reads the row's key to confirm it.
 * @example keyCode(" 'c1 ") === keyCode('c1') // true
 */
export function keyCode(key: string): number {
  if (key === '') return 0;
  return 1 + (hashLanes(key)[0] % CODE_SPACE);
}

/** The code of a key cell as read from the sheet. */
export function cellCode(cell: CellValue | undefined): number {
  return keyCode(keyText(cell));
}

/** One code as CODE_CHARS characters. */
export function encodeCode(code: number): string {
  let text = '';
  let v = code;
  for (let i = 0; i < CODE_CHARS; i++) {
    text = ALPHABET[v & 63] + text;
    v >>>= 6;
  }
  return text;
}

/** The code at character offset `at` of an encoded string; NaN when the characters are not codes. */
export function decodeCodeAt(text: string, at: number): number {
  let v = 0;
  for (let i = 0; i < CODE_CHARS; i++) {
    const c = text.charCodeAt(at + i);
    const d = c < 128 ? (VALUE[c] as number) : -1;
    if (d < 0) return NaN;
    v = v * 64 + d;
  }
  return v;
}

/** Codes of key cells, in order, as one string (CODE_CHARS a cell). */
export function encodeKeyCells(cells: ReadonlyArray<CellValue | undefined>): string {
  const parts: string[] = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) parts[i] = encodeCode(cellCode(cells[i]));
  return parts.join('');
}

/** Whether `text` is a whole number of valid codes. */
export function validCodes(text: string): boolean {
  return text.length % CODE_CHARS === 0 && /^[0-9a-zA-Z_-]*$/.test(text);
}

/**
 * The rows (ascending) whose code is one of `wanted`, from the codes of rows `firstRow`, `firstRow + 1`, … in `text`.
 * A scan rather than a map of every row: a sync looks up a few hundred keys among hundreds of thousands of rows.
 */
export function rowsWithCodes(text: string, firstRow: number, wanted: ReadonlySet<number>, out: Map<number, number[]>): void {
  for (let at = 0, row = firstRow; at < text.length; at += CODE_CHARS, row++) {
    const code = decodeCodeAt(text, at);
    if (!wanted.has(code)) continue;
    const rows = out.get(code);
    if (rows) rows.push(row);
    else out.set(code, [row]);
  }
}
