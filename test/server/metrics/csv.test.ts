// CSV export: RFC 4180 quoting, CRLF, dates in the spreadsheet zone, booleans, formula-safe text.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/server/domain/metrics/csv';

describe('toCsv', () => {
  it('quotes fields with commas, quotes, CR or LF, doubling quotes, and ends lines with CRLF', () => {
    const csv = toCsv(['id', 'text'], [['c1', 'a,b'], ['c2', 'diz "oi"'], ['c3', 'linha1\nlinha2'], ['c4', 'x\ry']], 'UTC');
    expect(csv).toBe('id,text\r\nc1,"a,b"\r\nc2,"diz ""oi"""\r\nc3,"linha1\nlinha2"\r\nc4,"x\ry"\r\n');
  });

  it('writes dates as yyyy-MM-dd HH:mm:ss in the spreadsheet time zone, booleans as TRUE/FALSE, blanks empty', () => {
    const csv = toCsv(['d', 'b', 'n', 'e'], [[new Date('2026-03-01T13:05:09Z'), true, 4.5, '']], 'America/Sao_Paulo');
    expect(csv).toBe('d,b,n,e\r\n2026-03-01 10:05:09,TRUE,4.5,\r\n');
  });

  it('prefixes text that would start a formula, also after leading blanks or a tab', () => {
    const cells = ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '  =1+1', '\t=1', '\rabc', 'a=b', 'ok'];
    const csv = toCsv(['v'], cells.map((c) => [c]), 'UTC');
    expect(csv).toBe(
      'v\r\n' +
        `"'=HYPERLINK(""x"")"\r\n` +
        "'+1\r\n" +
        "'-2\r\n" +
        "'@SUM(A1)\r\n" +
        "'  =1+1\r\n" +
        "'\t=1\r\n" +
        // a lone CR both counts as a formula lead-in and forces quoting
        `"'\rabc"\r\n` +
        'a=b\r\n' +
        'ok\r\n',
    );
  });

  it('keeps negative number cells as numbers (only text is prefixed)', () => {
    expect(toCsv(['n'], [[-5]], 'UTC')).toBe('n\r\n-5\r\n');
  });

  it('gives an empty text for a missing sheet and just the header for no matching rows', () => {
    expect(toCsv([], [], 'UTC')).toBe('');
    expect(toCsv(['a', 'b'], [], 'UTC')).toBe('a,b\r\n');
  });
});
