// How Sheets parses a string typed into a cell (and strings written by setValues): formulas, numbers, dates, booleans.
import type { CellValue } from '../../src/server/app/ports';
import { instantOf } from './time-zone';

/** What a typed string turns into: a value (with the number format Sheets infers) or a formula. */
export type TypedCell = { value: CellValue; formula: null; inferredFormat: string | null } | { value: ''; formula: string; inferredFormat: null };

/** Spreadsheet locales the runtime knows (File → Settings → Locale): number, currency and date input differ. */
export type SheetLocale = 'en_US' | 'pt_BR';

interface NumberRules {
  plain: RegExp;
  grouped: RegExp;
  currency: RegExp;
  percent: RegExp;
  group: string;
  decimal: string;
  currencyFormat: string;
  /** d/M/yyyy (pt_BR) instead of M/d/yyyy (en_US). */
  dayFirst: boolean;
  booleans: Record<string, boolean>;
}

function rules(decimal: string, group: string, symbol: string, currencyFormat: string, dayFirst: boolean, booleans: Record<string, boolean>): NumberRules {
  const d = `\\${decimal}`;
  const g = `\\${group}`;
  const plain = `(?:\\d+(?:${d}\\d*)?|${d}\\d+)`;
  // Grouping needs full groups of three: en_US 1,234 is a number, 1,5 is not.
  const grouped = `\\d{1,3}(?:${g}\\d{3})+(?:${d}\\d+)?`;
  return {
    plain: new RegExp(`^[+-]?${plain}(?:[eE][+-]?\\d+)?$`),
    grouped: new RegExp(`^[+-]?${grouped}$`),
    currency: new RegExp(`^([+-]?)${symbol}\\s?(${grouped}|${plain})$`),
    percent: new RegExp(`^([+-]?(?:${grouped}|${plain}))%$`),
    group,
    decimal,
    currencyFormat,
    dayFirst,
    booleans,
  };
}

const LOCALES: Record<SheetLocale, NumberRules> = {
  en_US: rules('.', ',', '\\$', '"$"#,##0.00', false, { TRUE: true, FALSE: false }),
  pt_BR: rules(',', '.', 'R\\$', '"R$" #,##0.00', true, { TRUE: true, FALSE: false, VERDADEIRO: true, FALSO: false }),
};

function toNumber(text: string, r: NumberRules): number {
  return Number(text.split(r.group).join('').replace(r.decimal, '.'));
}

const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function validDate(y: number, m: number, d: number, h: number, mi: number, s: number): boolean {
  if (m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Parses `text` like Sheets parses typed input in a sheet with this time zone and locale:
 * a leading `'` keeps the rest as text; `=…` is a formula; `+`/`-` before non-numeric text is a formula
 * attempt too; numeric text becomes a number (`00123` → 123; en_US `1,234.5`, `$5`; pt_BR `1.234,5`, `R$ 5`;
 * `50%` → 0.5); ISO-like and slash dates (en_US M/d/yyyy, pt_BR d/M/yyyy) become Date (midnight or the given
 * time, in the sheet's zone); `TRUE`/`FALSE` (pt_BR also `VERDADEIRO`/`FALSO`) become booleans.
 */
export function parseTyped(text: string, timeZone: string, locale: SheetLocale = 'en_US'): TypedCell {
  const r = LOCALES[locale];
  if (text === '') return { value: '', formula: null, inferredFormat: null };
  if (text.startsWith("'")) return { value: text.slice(1), formula: null, inferredFormat: null };
  if (text.startsWith('=') && text.length > 1) return { value: '', formula: text, inferredFormat: null };
  const trimmed = text.trim();
  if (r.plain.test(trimmed)) return { value: toNumber(trimmed, r), formula: null, inferredFormat: null };
  if (r.grouped.test(trimmed)) return { value: toNumber(trimmed, r), formula: null, inferredFormat: '#,##0.###' };
  const percent = r.percent.exec(trimmed);
  if (percent) return { value: toNumber(percent[1] ?? '', r) / 100, formula: null, inferredFormat: '0.00%' };
  const currency = r.currency.exec(trimmed);
  if (currency) return { value: toNumber(`${currency[1] ?? ''}${currency[2] ?? ''}`, r), formula: null, inferredFormat: r.currencyFormat };
  if ((text.startsWith('+') || text.startsWith('-')) && text.length > 1) return { value: '', formula: `=${text}`, inferredFormat: null };
  const upper = trimmed.toUpperCase();
  const bool = r.booleans[upper];
  if (bool !== undefined) return { value: bool, formula: null, inferredFormat: null };
  const iso = ISO_DATE.exec(trimmed);
  const slash = iso ? null : SLASH_DATE.exec(trimmed);
  if (iso || slash) {
    const m = (iso ?? slash) as RegExpExecArray;
    const [first, second] = r.dayFirst ? [Number(m[2]), Number(m[1])] : [Number(m[1]), Number(m[2])];
    const [y, mo, d] = iso ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(m[3]), first, second];
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
