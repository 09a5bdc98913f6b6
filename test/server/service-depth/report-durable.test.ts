// Durable AI resolution in the e-mail report (metrics.md §8), beside the containment rate.
import { describe, expect, it } from 'vitest';
import { durableAiLine, renderReportEmail } from '../../../src/server/domain/report/summary-email';
import { FIXTURE } from '../sheets/dashboard-fixture';

const period = { key: 'd:2026-03-04', label: 'dia 03/03/2026', from: '2026-03-03', to: '2026-03-03' };

describe('durable AI resolution in the report', () => {
  it('says the rate with the durable and mature counts and the pending ones', () => {
    // 6 durable of 12 − 4 = 8 mature.
    expect(durableAiLine(FIXTURE.durableAi)).toBe('75,0 % (6 de 8 sem retorno em 7 dias; 4 pendentes)');
    expect(durableAiLine({ aiResolved: 1, durable: 0, pending: 1, rate: null })).toBe('— (1 pendente)');
  });

  it('puts the line after the containment rate in the HTML table and in the text body', () => {
    const email = renderReportEmail(FIXTURE, period, 'Planilha', null);
    const lines = email.body.split('\n');
    const containment = lines.findIndex((l) => l.startsWith('Contenção pela IA:'));
    expect(lines[containment + 1]).toBe(
      'Resolução duradoura pela IA: 75,0 % (6 de 8 sem retorno em 7 dias; 4 pendentes)',
    );
    expect(containment).toBeGreaterThanOrEqual(0);
    // In the HTML table too, right after the containment row.
    expect(email.htmlBody.indexOf('Resolução duradoura pela IA')).toBeGreaterThan(email.htmlBody.indexOf('Contenção pela IA'));
    expect(email.htmlBody.indexOf('Resolução duradoura pela IA')).toBeLessThan(email.htmlBody.indexOf('Taxa de SLA'));
    expect(email.htmlBody).toContain('75,0 % (6 de 8 sem retorno em 7 dias; 4 pendentes)');
  });
});
