// Sheets fidelity of the local runtime: dimensions, typed-input parsing, limits, grid bounds, charts and rules.
import { describe, expect, it } from 'vitest';
import { errorOf, runtimeWithScript, valueOf } from './fixture';

const CODE = `
function sheet_() { return SpreadsheetApp.getActiveSpreadsheet().getSheets()[0]; }
function write(a1, rows) { sheet_().getRange(a1).setValues(rows); }
function writeAt(row, col, rows) { sheet_().getRange(row, col, rows.length, rows[0].length).setValues(rows); }
function writeText(a1, rows) { const r = sheet_().getRange(a1); r.setNumberFormat('@'); r.setValues(rows); }
function writeTextOne(a1, value) { const r = sheet_().getRange(a1); r.setNumberFormat('@'); r.setValue(value); }
function writeOne(a1, value) { sheet_().getRange(a1).setValue(value); }
function appendText(values) { const s = sheet_(); s.getRange(s.getLastRow() + 1, 1, 1, values.length).setNumberFormat('@'); s.appendRow(values); }
function appendPlain(values) { sheet_().appendRow(values); }
function read(a1) { return sheet_().getRange(a1).getValues().map(function (r) { return r.map(function (v) {
  return v instanceof Date ? { date: v.toISOString() } : v; }); }); }
function dateRoundTrip() {
  const d = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  sheet_().getRange('A1').setValues([[d]]);
  d.setUTCFullYear(1999);
  const back = sheet_().getRange('A1').getValues()[0][0];
  const same = back instanceof Date;
  back.setUTCFullYear(1980);
  return { same: same, stored: sheet_().getRange('A1').getValue().toISOString() };
}
function setZone(tz) { SpreadsheetApp.getActiveSpreadsheet().setSpreadsheetTimeZone(tz); }
function getRangeAt(row, col, rows, cols) { return sheet_().getRange(row, col, rows, cols).getA1Notation(); }
function grow(n) { const s = sheet_(); s.insertRowsAfter(s.getMaxRows(), n); return s.getMaxRows(); }
function insert(name) { return SpreadsheetApp.getActiveSpreadsheet().insertSheet(name).getName(); }
function addColumns(n) { const s = sheet_(); s.insertColumnsAfter(s.getMaxColumns(), n); return s.getMaxColumns(); }
function dataRange() { return sheet_().getDataRange().getA1Notation(); }
function lastRowCol() { return [sheet_().getLastRow(), sheet_().getLastColumn()]; }
function deleteRows(from, n) { sheet_().deleteRows(from, n); return sheet_().getMaxRows(); }
function chart() {
  const s = sheet_();
  s.getRange('A1:B3').setValues([['k', 'v'], ['a', 1], ['b', 2]]);
  const c = s.newChart().setChartType(Charts.ChartType.PIE).addRange(s.getRange('A1:B3'))
    .setPosition(2, 4, 10, 20).setOption('title', 'Status').setNumHeaders(1).build();
  s.insertChart(c);
  const inserted = s.getCharts()[0];
  s.updateChart(inserted.modify().setChartType(Charts.ChartType.COLUMN).setOption('title', 'Novo').build());
  const again = s.getCharts()[0];
  return { id: again.getChartId(), title: again.getOptions().get('title'), row: again.getContainerInfo().getAnchorRow(),
    ranges: again.getRanges().map(function (r) { return r.getA1Notation(); }) };
}
function removeCharts() { const s = sheet_(); s.getCharts().forEach(function (c) { s.removeChart(c); }); return s.getCharts().length; }
function heatmap() {
  const s = sheet_();
  const rule = SpreadsheetApp.newConditionalFormatRule()
    .setGradientMinpoint('#ffffff')
    .setGradientMidpointWithValue('#ffcc00', SpreadsheetApp.InterpolationType.PERCENTILE, '50')
    .setGradientMaxpoint('#cc0000')
    .setRanges([s.getRange('B2:Y8')]).build();
  s.setConditionalFormatRules([rule]);
  return s.getConditionalFormatRules().length;
}
function unknownMethod() { sheet_().getRange('A1').setValuesFast([[1]]); }
`;

describe('Range.setValues dimensions', () => {
  it('rejects too few rows with Sheets message and writes nothing', () => {
    const rt = runtimeWithScript(CODE);
    expect(errorOf(rt, 'write', 'A1:B3', [['a', 'b'], ['c', 'd']])).toBe(
      'The number of rows in the data does not match the number of rows in the range. The data has 2 but the range has 3.',
    );
    expect(rt.book.values('Página1')).toEqual([]);
  });
  it('rejects a row with the wrong number of columns', () => {
    const rt = runtimeWithScript(CODE);
    expect(errorOf(rt, 'write', 'A1:C2', [['a', 'b', 'c'], ['d', 'e']])).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
  });
});

describe('cell values', () => {
  it('keeps Date cells as Date and hands out copies', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'dateRoundTrip')).toEqual({ same: true, stored: '2026-01-02T03:04:05.000Z' });
  });
  it('keeps the wall time of date cells when the spreadsheet time zone changes', () => {
    const rt = runtimeWithScript(CODE, { timeZone: 'America/Sao_Paulo' });
    valueOf(rt, 'dateRoundTrip');
    // 03:04:05Z is 00:04:05 in São Paulo (UTC-3); the same wall time in Tokyo (UTC+9) is 15:04:05Z the day before.
    valueOf(rt, 'setZone', 'Asia/Tokyo');
    expect(valueOf(rt, 'read', 'A1')).toEqual([[{ date: '2026-01-01T15:04:05.000Z' }]]);
    expect(rt.book.values('Página1')).toEqual([[new Date('2026-01-01T15:04:05.000Z')]]);
  });
  it('reads empty cells as empty strings', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'write', 'B2', [['x']]);
    expect(valueOf(rt, 'read', 'A1:C2')).toEqual([['', '', ''], ['', 'x', '']]);
  });
  it('records formulas, reads them as empty values, and keeps apostrophe-prefixed text as text', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'write', 'A1:D1', [['=HYPERLINK("http://x")', "'=1+1", '-abc', '+cmd|calc']]);
    expect(valueOf(rt, 'read', 'A1:D1')).toEqual([['', '=1+1', '', '']]);
    expect(rt.book.formulas().map((f) => [f.column, f.formula])).toEqual([
      [1, '=HYPERLINK("http://x")'],
      [3, '=-abc'],
      [4, '=+cmd|calc'],
    ]);
    expect(rt.book.cell('Página1', 1, 1).formula).toBe('=HYPERLINK("http://x")');
  });
  it('parses numeric text, booleans and dates like typed input', () => {
    const rt = runtimeWithScript(CODE, { timeZone: 'America/Sao_Paulo' });
    valueOf(rt, 'write', 'A1:H1', [['00123', '+5511988887777', '1,5', '2.50', 'true', '2026-01-01', '2026-01-01 10:00:00', '1/2/2026']]);
    // São Paulo is UTC-3 all year since 2019: local midnight is 03:00Z. 1/2/2026 is M/d/yyyy (en_US) = 2 January.
    expect(valueOf(rt, 'read', 'A1:H1')).toEqual([
      [123, 5511988887777, '1,5', 2.5, true, { date: '2026-01-01T03:00:00.000Z' }, { date: '2026-01-01T13:00:00.000Z' }, { date: '2026-01-02T03:00:00.000Z' }],
    ]);
  });
  it('parses en_US grouped numbers, currency and percentages, but not comma decimals', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'write', 'A1:F1', [['1,234', '-1,234,567.5', '$1,200.50', '50%', '12,34', '1,5']]);
    expect(valueOf(rt, 'read', 'A1:F1')).toEqual([[1234, -1234567.5, 1200.5, 0.5, '12,34', '1,5']]);
  });
  it('parses numbers, currency, booleans and dates the pt_BR way in a pt_BR spreadsheet', () => {
    const rt = runtimeWithScript(CODE, { locale: 'pt_BR', timeZone: 'America/Sao_Paulo' });
    valueOf(rt, 'write', 'A1:I1', [['1,5', '1.234', '1.234,5', 'R$ 10,50', '12,5%', 'VERDADEIRO', '1/2/2026', '2.50', '00123']]);
    // 1/2/2026 is d/M/yyyy: 1 February, local midnight = 03:00Z. 2.50 is neither a pt_BR number nor a date here.
    expect(valueOf(rt, 'read', 'A1:I1')).toEqual([[1.5, 1234, 1234.5, 10.5, 0.125, true, { date: '2026-02-01T03:00:00.000Z' }, '2.50', 123]]);
  });
  it('keeps strings as text in plain-text (@) cells', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'writeText', 'A1:C1', [['00123', '=1+1', '2026-01-01']]);
    expect(valueOf(rt, 'read', 'A1:C1')).toEqual([['00123', '=1+1', '2026-01-01']]);
    expect(rt.book.formulas()).toEqual([]);
    expect(rt.book.cell('Página1', 1, 2).numberFormat).toBe('@');
  });
  it('keeps a leading apostrophe as part of the value in plain-text cells (setValues, setValue, appendRow)', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'writeText', 'A1:B1', [["'x", "''=1"]]);
    valueOf(rt, 'writeTextOne', 'C1', "'00123");
    expect(valueOf(rt, 'read', 'A1:C1')).toEqual([["'x", "''=1", "'00123"]]);
    valueOf(rt, 'appendText', ["'a", "'=b"]);
    expect(valueOf(rt, 'read', 'A2:B2')).toEqual([["'a", "'=b"]]);
    expect(rt.book.formulas()).toEqual([]);
  });
  it('consumes a leading apostrophe in cells of any other format (setValues, setValue, appendRow)', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'write', 'A1:C1', [["'x", "'=1+1", "'00123"]]);
    valueOf(rt, 'writeOne', 'D1', "'2026-01-01");
    expect(valueOf(rt, 'read', 'A1:D1')).toEqual([['x', '=1+1', '00123', '2026-01-01']]);
    valueOf(rt, 'appendPlain', ["'a", "''b"]);
    expect(valueOf(rt, 'read', 'A2:B2')).toEqual([['a', "'b"]]);
    expect(rt.book.formulas()).toEqual([]);
  });
  it('counts the quote prefix against the 50,000 characters of a cell', () => {
    const rt = runtimeWithScript(CODE);
    expect(errorOf(rt, 'write', 'A1', [["'" + 'x'.repeat(50_000)]])).toBe(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    valueOf(rt, 'write', 'A1', [["'" + 'x'.repeat(49_999)]]);
    expect((rt.book.values('Página1')[0]?.[0] as string).length).toBe(49_999);
  });
  it('rejects a cell over 50,000 characters and accepts exactly 50,000', () => {
    const rt = runtimeWithScript(CODE);
    expect(errorOf(rt, 'write', 'A1', [['x'.repeat(50_001)]])).toBe(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    valueOf(rt, 'write', 'A1', [['x'.repeat(50_000)]]);
    expect((rt.book.values('Página1')[0]?.[0] as string).length).toBe(50_000);
  });
});

describe('grid bounds and limits', () => {
  it('refuses ranges past the grid of a new 1000x26 sheet until rows are inserted', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'getRangeAt', 1000, 26, 1, 1)).toBe('Z1000');
    expect(errorOf(rt, 'getRangeAt', 1000, 1, 2, 1)).toBe('The coordinates of the range are outside the dimensions of the sheet.');
    expect(errorOf(rt, 'getRangeAt', 1, 27, 1, 1)).toBe('The coordinates of the range are outside the dimensions of the sheet.');
    expect(errorOf(rt, 'write', 'A1001', [['x']])).toBe('Range not found');
    expect(valueOf(rt, 'grow', 10)).toBe(1010);
    expect(valueOf(rt, 'getRangeAt', 1001, 1, 10, 1)).toBe('A1001:A1010');
  });
  it('refuses growing the spreadsheet past 10,000,000 cells', () => {
    const rt = runtimeWithScript(CODE);
    // 1000 rows x 26 columns = 26,000 cells; 384 more columns make 1000 x 410 = 410,000 cells.
    expect(valueOf(rt, 'addColumns', 384)).toBe(410);
    // 10,000,000 / 410 = 24,390.2 rows: 24,390 fit, one more row does not.
    expect(valueOf(rt, 'grow', 23_390)).toBe(24_390);
    expect(errorOf(rt, 'grow', 1)).toBe('This action would increase the number of cells in the workbook above the limit of 10000000 cells.');
  });
  it('refuses a second sheet with the same name, regardless of case', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'insert', 'Conversas')).toBe('Conversas');
    expect(errorOf(rt, 'insert', 'conversas')).toBe('A sheet with the name "conversas" already exists. Please enter another name.');
    expect(rt.book.sheetNames()).toEqual(['Página1', 'Conversas']);
  });
  it('reports the used area through getDataRange, getLastRow and getLastColumn', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'dataRange')).toBe('A1');
    expect(valueOf(rt, 'lastRowCol')).toEqual([0, 0]);
    valueOf(rt, 'write', 'C5', [['x']]);
    expect(valueOf(rt, 'dataRange')).toBe('A1:C5');
    expect(valueOf(rt, 'lastRowCol')).toEqual([5, 3]);
  });
  it('deletes rows inside the grid and refuses rows outside it', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'write', 'A1:A3', [['a'], ['b'], ['c']]);
    expect(valueOf(rt, 'deleteRows', 2, 1)).toBe(999);
    expect(rt.book.values('Página1')).toEqual([['a'], ['c']]);
    expect(errorOf(rt, 'deleteRows', 990, 20)).toBe('Those rows are out of bounds.');
  });
  it('has no method Apps Script lacks: calling one is a TypeError', () => {
    const rt = runtimeWithScript(CODE);
    const result = rt.run('unknownMethod');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.name).toBe('TypeError');
  });
});

describe('charts and conditional formats', () => {
  it('inserts, modifies and removes embedded charts', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'chart')).toEqual({ id: 1, title: 'Novo', row: 2, ranges: ['A1:B3'] });
    expect(rt.book.charts('Página1')).toEqual([
      { id: 'u1', type: 'COLUMN', ranges: ['A1:B3'], options: { title: 'Novo' }, numHeaders: 1, anchorRow: 2, anchorColumn: 4, offsetX: 10, offsetY: 20 },
    ]);
    expect(valueOf(rt, 'removeCharts')).toBe(0);
    expect(rt.book.charts('Página1')).toEqual([]);
  });
  it('records gradient rules with their points and ranges', () => {
    const rt = runtimeWithScript(CODE);
    expect(valueOf(rt, 'heatmap')).toBe(1);
    expect(rt.book.conditionalFormatRules('Página1')).toEqual([
      {
        ranges: ['B2:Y8'],
        condition: null,
        gradient: {
          min: { color: '#ffffff', type: 'MIN', value: '' },
          mid: { color: '#ffcc00', type: 'PERCENTILE', value: '50' },
          max: { color: '#cc0000', type: 'MAX', value: '' },
        },
        format: {},
      },
    ]);
  });
});

describe('book.seed', () => {
  it('stores values as given, or parses them like typing when typed is set', () => {
    const rt = runtimeWithScript(CODE);
    rt.book.seed('Conversas', [['id', 'n'], ['00123', '=1+1']]);
    expect(rt.book.values('Conversas')).toEqual([['id', 'n'], ['00123', '=1+1']]);
    rt.book.seed('Conversas', [['id', 'n'], ['00123', '=1+1']], { typed: true });
    expect(rt.book.values('Conversas')).toEqual([['id', 'n'], [123, '']]);
    expect(rt.book.cell('Conversas', 2, 2).formula).toBe('=1+1');
  });
});
