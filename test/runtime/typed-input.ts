// How Sheets parses a string typed into a cell (and strings written by setValues): formulas, numbers, dates, booleans.
import type { CellValue } from '../../src/server/app/ports';
import { instantOf } from './time-zone';

/** What a typed string turns into: a value (with the number format Sheets infers) or a formula. */
export type TypedCell = { value: CellValue; formula: null; inferredFormat: string | null } | { value: ''; formula: string; inferredFormat: null };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const PERCENT = /^([+-]?(?:\d+\.?\d*|\.\d+))%$/;
// en_US grouping: 1,234 and 1,234,567.5 are numbers; 1,5 or 12,34 are not.
const GROUPED = /^([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?)$/;
const CURRENCY = /^([+-]?)\$\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)$/;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
// The spreadsheet locale of the runtime is en_US: M/d/yyyy (pt_BR would read 1/2/2026 as 1 February).
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function validDate(y: number, m: number, d: number, h: number, mi: number, s: number): boolean {
  if (m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Parses `text` like Sheets parses typed input in a sheet whose time zone is `timeZone`:
 * a leading `'` keeps the rest as text; `=…` is a formula; `+`/`-` before non-numeric text is a formula
 * attempt too; numeric text (only `.` decimals; en_US `1,234` grouping, `$5`, `50%`) becomes a number (`00123` → 123); ISO-like and M/d/yyyy
 * dates become Date (midnight or the given time, in the sheet's zone); `TRUE`/`FALSE` become booleans.
 */
export function parseTyped(text: string, timeZone: string): TypedCell {
  if (text === '') return { value: '', formula: null, inferredFormat: null };
  if (text.startsWith("'")) return { value: text.slice(1), formula: null, inferredFormat: null };
  if (text.startsWith('=') && text.length > 1) return { value: '', formula: text, inferredFormat: null };
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return { value: Number(trimmed), formula: null, inferredFormat: null };
  const percent = PERCENT.exec(trimmed);
  if (percent) return { value: Number(percent[1]) / 100, formula: null, inferredFormat: '0.00%' };
  const grouped = GROUPED.exec(trimmed);
  if (grouped) return { value: Number(`${grouped[1]}${(grouped[2] ?? '').replace(/,/g, '')}`), formula: null, inferredFormat: '#,##0.###' };
  const currency = CURRENCY.exec(trimmed);
  if (currency)
    return { value: Number(`${currency[1]}${(currency[2] ?? '').replace(/,/g, '')}`), formula: null, inferredFormat: '"$"#,##0.00' };
  if ((text.startsWith('+') || text.startsWith('-')) && text.length > 1) return { value: '', formula: `=${text}`, inferredFormat: null };
  const upper = trimmed.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { value: upper === 'TRUE', formula: null, inferredFormat: null };
  const iso = ISO_DATE.exec(trimmed);
  const us = iso ? null : US_DATE.exec(trimmed);
  if (iso || us) {
    const m = (iso ?? us) as RegExpExecArray;
    const [y, mo, d] = iso ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(m[3]), Number(m[1]), Number(m[2])];
    const h = Number(m[4] ?? 0);
    const mi = Number(m[5] ?? 0);
    const s = Number(m[6] ?? 0);
    if (validDate(y, mo, d, h, mi, s)) {
      const format = m[4] === undefined ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
      return { value: new Date(instantOf(timeZone, y, mo, d, h, mi, s)), formula: null, inferredFormat: format };
    }
  }
  const time = TIME.exec(trimmed);
  if (time) {
    const h = Number(time[1]);
    const mi = Number(time[2]);
    const s = Number(time[3] ?? 0);
    // Sheets stores a bare time as a fraction of a day: a date-time on its epoch day, 1899-12-30.
    if (h <= 23 && mi <= 59 && s <= 59)
      return { value: new Date(instantOf(timeZone, 1899, 12, 30, h, mi, s)), formula: null, inferredFormat: 'hh:mm:ss' };
  }
  return { value: text, formula: null, inferredFormat: null };
}
