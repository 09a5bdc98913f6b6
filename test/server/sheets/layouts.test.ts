// Pure layout tests: a hand-made DashboardData in, cells (by A1 position), formats, charts and rules out.
import { describe, expect, it } from 'vitest';
import {
  buildDashboardLayouts,
  type LayoutCell,
  type SheetLayout,
} from '../../../src/server/domain/sheet-layouts';
import { detailedDataLayout } from '../../../src/server/domain/sheet-layouts/detailed-data';
import { zonedMidnight } from '../../../src/server/domain/sheet-layouts/format';
import { EMPTY, FIXTURE } from './dashboard-fixture';

const NO_DETAIL = { header: [], rows: [] };

function layoutsOf(data = FIXTURE): Record<string, SheetLayout> {
  return Object.fromEntries(buildDashboardLayouts(data, NO_DETAIL).map((l) => [l.name, l]));
}

function sheet(name: string, data = FIXTURE): SheetLayout {
  const found = layoutsOf(data)[name];
  if (!found) throw new Error(`no layout ${name}`);
  return found;
}

/** The cell at an A1 address ("B16"), searched in every block, with its number format. */
function cell(layout: SheetLayout, address: string): { value: LayoutCell; format: string } {
  const match = /^([A-Z]+)(\d+)$/.exec(address);
  if (!match) throw new Error(address);
  const column = [...(match[1] as string)].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const row = Number(match[2]);
  for (const block of layout.blocks) {
    const r = row - block.row;
    const c = column - block.column;
    const value = block.values[r]?.[c];
    if (value !== undefined) return { value, format: block.numberFormats[r]?.[c] ?? '' };
  }
  throw new Error(`${layout.name}!${address} is outside every block`);
}

const value = (layout: SheetLayout, address: string) => cell(layout, address).value;

function allText(layout: SheetLayout): LayoutCell[] {
  return layout.blocks.flatMap((b) => b.values.flat());
}

describe('buildDashboardLayouts', () => {
  it('builds the six generated sheets in the contract order', () => {
    expect(buildDashboardLayouts(FIXTURE, NO_DETAIL).map((l) => l.name)).toEqual([
      'Visão Geral',
      'Tempo de Atendimento',
      'Análise Temporal',
      'Frustração',
      'Agentes e Canais',
      'Dados Detalhados',
    ]);
  });

  it('gives every block one number format per cell and keeps blocks inside the sheet size', () => {
    for (const layout of buildDashboardLayouts(FIXTURE, NO_DETAIL)) {
      expect(layout.columnWidths).toHaveLength(layout.columns);
      for (const block of layout.blocks) {
        expect(block.numberFormats.map((r) => r.length)).toEqual(block.values.map((r) => r.length));
        const width = block.values[0]?.length ?? 0;
        expect(block.values.every((r) => r.length === width)).toBe(true);
        expect(block.row + block.values.length - 1).toBeLessThanOrEqual(layout.rows);
        expect(block.column + width - 1).toBeLessThanOrEqual(layout.columns);
      }
      for (const chart of layout.charts) expect(chart.position.row + 19).toBeLessThanOrEqual(layout.rows);
    }
  });
});

describe('Visão Geral', () => {
  const overview = sheet('Visão Geral');

  it('shows the filters, the last sync time and the generation time', () => {
    expect(value(overview, 'A1')).toBe('Chatvolt Analytics — Visão Geral');
    expect(value(overview, 'B5')).toBe('01/03/2026 a 03/03/2026');
    expect(value(overview, 'B6')).toBe('whatsapp');
    expect(value(overview, 'B7')).toBe('RESOLVED, UNRESOLVED');
    expect(value(overview, 'B8')).toBe('todos');
    expect(value(overview, 'B9')).toBe('todos');
    expect(cell(overview, 'B10')).toEqual({ value: new Date('2026-03-15T11:59:30.000Z'), format: 'dd/mm/yyyy hh:mm:ss' });
    expect(value(overview, 'B11')).toEqual(new Date('2026-03-15T12:00:00.000Z'));
    expect(value(overview, 'B12')).toBe('America/Sao_Paulo');
  });

  it('writes each KPI with its n, the previous period and the change in the KPI format', () => {
    expect(value(overview, 'A15')).toBe('Indicador');
    expect([16, 17].map((r) => ['A', 'B', 'C', 'D', 'E'].map((c) => value(overview, `${c}${r}`)))).toEqual([
      ['Volume', 40, '', 32, 8],
      ['Taxa de resolução', 0.5, 40, 0.25, 0.25],
    ]);
    expect(cell(overview, 'B17').format).toBe('0.0%');
    expect(cell(overview, 'E17').format).toBe('+0.0%;-0.0%;0.0%');
    // 1ª resposta — mediana: 90 s now, 60 s before, as fractions of a day.
    expect(value(overview, 'A24')).toBe('1ª resposta — mediana');
    expect(cell(overview, 'B24')).toEqual({ value: 90 / 86400, format: '[h]:mm:ss' });
    expect(value(overview, 'C24')).toBe(36);
    expect(value(overview, 'D24')).toBe(60 / 86400);
    expect(value(overview, 'E24')).toBe(30 / 86400);
    // Resolução — mediana: 30 min.
    expect(value(overview, 'B27')).toBe(30 / 1440);
  });

  it('shows "—" for a null KPI and for a change whose previous value is null', () => {
    expect(value(overview, 'A29')).toBe('Satisfação — média (1–5)');
    expect([value(overview, 'B29'), value(overview, 'D29'), value(overview, 'E29')]).toEqual([4.2, '—', '—']);
  });

  it('charts the status, channel and priority tables (pie, column, bar) over their exact ranges', () => {
    expect(overview.charts.map((c) => [c.key, c.kind, c.title, c.ranges])).toEqual([
      ['status', 'PIE', 'Conversas por status', ['A43:B46']],
      ['channel', 'COLUMN', 'Volume por canal', ['A49:B50']],
      ['priority', 'BAR', 'Conversas por prioridade', ['A53:B55']],
    ]);
    expect([value(overview, 'A44'), value(overview, 'B44'), value(overview, 'A55'), value(overview, 'B55')]).toEqual([
      'RESOLVED',
      20,
      '(vazio)',
      10,
    ]);
  });

  it('shows durable AI resolution beside the containment rate, with the durable, mature and pending counts', () => {
    // The KPI table ends at row 32; the durable block starts at 34 (title), 35 (header), then five rows.
    expect([34, 36, 37, 38, 39, 40].map((r) => [value(overview, `A${r}`), value(overview, `B${r}`)])).toEqual([
      ['Resolução pela IA que se mantém (7 dias)', ''],
      ['Contenção pela IA', 0.4],
      ['Resolução duradoura pela IA', 0.75],
      ['Duradouras (sem retorno em 7 dias)', 6],
      // aiResolved 12 − pending 4.
      ['Resolvidas pela IA com 7 dias ou mais', 8],
      ['Pendentes (menos de 7 dias)', 4],
    ]);
    expect(cell(overview, 'B37').format).toBe(cell(overview, 'B36').format);
  });

  it('sizes the sheet to its content and charts, with the heading row frozen', () => {
    expect([overview.rows, overview.columns, overview.frozenRows]).toEqual([62, 12, 1]);
  });
});

describe('Tempo de Atendimento', () => {
  const times = sheet('Tempo de Atendimento');

  it('writes mean, median, p90 and n of first response (s) and resolution (min) as durations', () => {
    expect([5, 6, 7, 8].map((r) => [value(times, `A${r}`), value(times, `B${r}`), value(times, `C${r}`)])).toEqual([
      ['Média', 120 / 86400, 45 / 1440],
      ['Mediana', 90 / 86400, 30 / 1440],
      ['P90', 300 / 86400, 120 / 1440],
      ['n', 36, 20],
    ]);
    expect(cell(times, 'C7').format).toBe('[h]:mm:ss');
  });

  it('lists the bands with their share and the SLA rate, and charts the bands', () => {
    expect([value(times, 'A13'), value(times, 'B13'), value(times, 'C13')]).toEqual(['1–5 min', 17, 17 / 40]);
    expect([value(times, 'A22'), value(times, 'B22')]).toEqual(['Taxa de SLA', 0.75]);
    expect(times.charts.map((c) => [c.key, c.kind, c.ranges])).toEqual([['first-response-bands', 'COLUMN', ['A11:B18']]]);
  });

  it('charts the resolution-time distribution as a histogram over the resolution_time column of "Dados Detalhados"', () => {
    const detail = {
      header: ['conversation_id', 'status', 'resolution_time'],
      rows: [
        ['a', 'RESOLVED', 12.5],
        ['b', 'UNRESOLVED', ''],
      ],
    };
    const withDetail = buildDashboardLayouts(FIXTURE, detail)[1];
    expect(withDetail?.charts.map((c) => [c.key, c.kind, c.title, c.ranges])).toEqual([
      ['first-response-bands', 'COLUMN', 'Primeira resposta por faixa (SLA, em horário de atendimento)', ['A11:B18']],
      ['resolution-histogram', 'HISTOGRAM', 'Distribuição do tempo de resolução (minutos)', ["'Dados Detalhados'!C1:C3"]],
    ]);
    // No matching row, or no resolution time at all: no histogram.
    expect(buildDashboardLayouts(FIXTURE, { header: detail.header, rows: [] })[1]?.charts).toHaveLength(1);
    const unresolved = { ...FIXTURE, kpis: { ...FIXTURE.kpis, resolution: { mean: null, median: null, p90: null, n: 0 } } };
    expect(buildDashboardLayouts(unresolved, detail)[1]?.charts).toHaveLength(1);
  });
});

describe('Tempo de Atendimento in business time (metrics.md §6)', () => {
  it('adds the business-time statistics and the share created outside hours while business hours are on', () => {
    const times = sheet('Tempo de Atendimento');
    expect(value(times, 'A20')).toBe('SLA de primeira resposta (em horário de atendimento)');
    expect(value(times, 'A24')).toBe('Em horário de atendimento');
    expect([26, 27, 28, 29, 30].map((r) => ['A', 'B', 'C', 'D'].map((c) => value(times, `${c}${r}`)))).toEqual([
      ['Média', 50 / 86400, 600 / 86400, 20 / 1440],
      ['Mediana', 40 / 86400, 480 / 86400, 12.5 / 1440],
      ['P90', 120 / 86400, 1500 / 86400, 45 / 1440],
      ['n', 30, 8, 18],
      ['Criadas fora do horário', 0.25, '', ''],
    ]);
  });

  it('shows neither the table nor the business labels while business hours are off', () => {
    const times = sheet('Tempo de Atendimento', { ...FIXTURE, businessHours: null });
    expect(value(times, 'A20')).toBe('SLA de primeira resposta');
    expect(allText(times)).not.toContain('Em horário de atendimento');
    expect(times.charts[0]?.title).toBe('Primeira resposta por faixa (SLA)');
  });
});

describe('Análise Temporal', () => {
  const temporal = sheet('Análise Temporal');

  it('lays the heat map out as 7 weekday rows (Monday first) by 24 hour columns, under a gradient rule', () => {
    expect([value(temporal, 'A5'), value(temporal, 'A11'), value(temporal, 'B4'), value(temporal, 'Y4')]).toEqual([
      'Segunda',
      'Domingo',
      '0h',
      '23h',
    ]);
    expect([value(temporal, 'K5'), value(temporal, 'L5'), value(temporal, 'P7'), value(temporal, 'Y11'), value(temporal, 'B5')]).toEqual([5, 3, 2, 1, 0]);
    expect(temporal.gradients.map((g) => g.range)).toEqual(['B5:Y11']);
  });

  it('sums the heat map rows into the weekday profile', () => {
    expect([15, 16, 17, 21].map((r) => [value(temporal, `A${r}`), value(temporal, `B${r}`)])).toEqual([
      ['Segunda', 8],
      ['Terça', 0],
      ['Quarta', 2],
      ['Domingo', 1],
    ]);
  });

  it('writes the daily series with dates at midnight in the spreadsheet time zone, and weekly and monthly beside it', () => {
    expect(cell(temporal, 'A36')).toEqual({ value: new Date('2026-03-01T03:00:00.000Z'), format: 'dd/mm/yyyy' });
    expect(['B37', 'C37', 'D37', 'E37'].map((a) => value(temporal, a))).toEqual([20, 10, 5, '—']);
    expect([value(temporal, 'G36'), value(temporal, 'H37'), value(temporal, 'M36'), value(temporal, 'N36')]).toEqual([
      '2026-W09',
      30,
      '2026-03',
      40,
    ]);
    expect(temporal.charts.map((c) => [c.key, c.kind, c.ranges])).toEqual([
      ['weekday', 'COLUMN', ['A14:B21']],
      ['daily', 'LINE', ['A35:D38']],
    ]);
  });
});

describe('Frustração', () => {
  const frustration = sheet('Frustração');

  it('writes levels 1–5 with rates and mean first response, the summary and the correlations', () => {
    expect(['A7', 'B7', 'C7', 'D7', 'E7'].map((a) => value(frustration, a))).toEqual(['Nível 3', 4, 0.5, 0.25, 240 / 86400]);
    expect(value(frustration, 'C5')).toBe('—');
    expect([value(frustration, 'B13'), value(frustration, 'B14')]).toEqual([3, 0]);
    expect([value(frustration, 'B18'), value(frustration, 'B19'), value(frustration, 'B20')]).toEqual([0.42, '—', -0.3]);
    expect(frustration.charts.map((c) => [c.key, c.kind, c.ranges])).toEqual([
      ['levels', 'COLUMN', ['A4:B9']],
      ['level-rates', 'COLUMN', ['A4:A9', 'C4:D9']],
    ]);
  });
});

describe('Frustração without any frustration level', () => {
  it('keeps the count chart over the five (zero) levels and drops only the rates chart', () => {
    const noLevels = {
      ...FIXTURE,
      kpis: { ...FIXTURE.kpis, frustration: { mean: null, highRate: null, n: 0 } },
      frustrationLevels: [1, 2, 3, 4, 5].map((level) => ({ level, count: 0, escalationRate: null, resolutionRate: null, firstResponseMean: null })),
    };
    expect(sheet('Frustração', noLevels).charts.map((c) => [c.key, c.ranges])).toEqual([['levels', ['A4:B9']]]);
  });
});

describe('Agentes e Canais', () => {
  const agents = sheet('Agentes e Canais');

  it('writes the per-agent and per-channel tables side by side with a comparison chart each', () => {
    expect(['A5', 'B5', 'C5', 'E5', 'F5', 'G5', 'H5'].map((a) => value(agents, a))).toEqual([
      'agent-a',
      25,
      0.6,
      60 / 86400,
      30 / 1440,
      4.5,
      '—',
    ]);
    expect(value(agents, 'D6')).toBe('—');
    expect([value(agents, 'J5'), value(agents, 'K5')]).toEqual(['whatsapp', 40]);
    expect(agents.charts.map((c) => [c.key, c.kind, c.ranges])).toEqual([
      ['agents', 'BAR', ['A4:A6', 'C4:D6']],
      ['channels', 'COLUMN', ['J4:K5']],
      ['operators', 'BAR', ['A9:B11']],
    ]);
  });

  it('lists the human operators under the agents, labelled by e-mail (else the id), with a conversations chart', () => {
    expect(value(agents, 'A8')).toBe('Operadores humanos');
    expect(['A', 'B', 'C', 'D', 'E', 'F'].map((c) => value(agents, `${c}10`))).toEqual([
      'ana@empresa.com',
      6,
      0.5,
      4,
      300 / 86400,
      12.5 / 1440,
    ]);
    expect(['A', 'B', 'C', 'D', 'E', 'F'].map((c) => value(agents, `${c}11`))).toEqual(['u2', 2, '—', '—', '—', '—']);
  });
});

describe('a filter that selects nothing', () => {
  const layouts = buildDashboardLayouts(EMPTY, NO_DETAIL);

  it('shows "sem dados para o filtro" on every dashboard sheet, with no chart and no gradient', () => {
    for (const layout of layouts.slice(0, 5)) {
      expect(allText(layout)).toContain('sem dados para o filtro');
      expect(layout.charts).toEqual([]);
      expect(layout.gradients).toEqual([]);
    }
  });

  it('still shows the filters and a zero volume with null rates as "—"', () => {
    const overview = sheet('Visão Geral', EMPTY);
    expect([value(overview, 'B5'), value(overview, 'B6')]).toEqual(['todo o período', 'telegram']);
    expect([value(overview, 'B16'), value(overview, 'B17'), value(overview, 'D17')]).toEqual([0, '—', '—']);
  });
});

describe('Dados Detalhados', () => {
  it('writes the header and the rows in sheet order, with date formats by header and for date-holding user columns', () => {
    const when = new Date('2026-03-01T12:00:00.000Z');
    const layout = detailedDataLayout({
      header: ['conversation_id', 'created_at', 'first_response_time', 'nota_manual', 'visto_em'],
      rows: [
        ['c2', when, 30, '=1+1', when],
        ['c1', '', '', 'ok'],
      ],
    });
    expect(layout.blocks).toHaveLength(1);
    const block = layout.blocks[0];
    expect(block?.values).toEqual([
      ['conversation_id', 'created_at', 'first_response_time', 'nota_manual', 'visto_em'],
      ['c2', when, 30, '=1+1', when],
      ['c1', '', '', 'ok', ''],
    ]);
    expect(block?.numberFormats[1]).toEqual(['0.###############', 'yyyy-mm-dd hh:mm:ss', '0', '0.###############', 'yyyy-mm-dd hh:mm:ss']);
    expect([layout.rows, layout.columns, layout.frozenRows, layout.charts.length]).toEqual([3, 5, 1, 0]);
  });

  it('shows the decimal columns with two decimals, as "Conversas" does, so a whole number has no dangling point', () => {
    const layout = detailedDataLayout({
      header: ['resolution_time', 'satisfaction_score', 'frustration_score'],
      rows: [[30, 4, 1]],
    });
    expect(layout.blocks[0]?.numberFormats[1]).toEqual(['0.00', '0.00', '0.00']);
  });

  it('keeps one row under the frozen header when nothing matches, and uses the contract header without a sheet', () => {
    const layout = detailedDataLayout({ header: [], rows: [] });
    expect(layout.blocks[0]?.values[0]?.slice(0, 3)).toEqual(['conversation_id', 'created_at', 'updated_at']);
    expect(layout.columns).toBe(42);
    expect(layout.rows).toBe(2);
  });
});

describe('zonedMidnight', () => {
  it('returns the instant a calendar day starts in the time zone, DST days included', () => {
    expect(zonedMidnight('2026-03-02', 'America/Sao_Paulo')?.toISOString()).toBe('2026-03-02T03:00:00.000Z');
    // Brazil's 2018 DST began at midnight: the day started at 01:00 local (-02:00).
    expect(zonedMidnight('2018-11-04', 'America/Sao_Paulo')?.toISOString()).toBe('2018-11-04T03:00:00.000Z');
    // …and ended at midnight of 2019-02-17 (clocks back to 23:00 of the day before).
    expect(zonedMidnight('2019-02-17', 'America/Sao_Paulo')?.toISOString()).toBe('2019-02-17T03:00:00.000Z');
    expect(zonedMidnight('2026-11-01', 'America/New_York')?.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(zonedMidnight('not-a-day', 'UTC')).toBeNull();
  });
});
