// Unit tests of where the sidebar's filter lists come from.
import { describe, expect, it } from 'vitest';
import { optionsOf } from '../../src/client/sidebar/filters';
import { fixtureDashboard } from '../browser/fixtures/dashboard';

describe('optionsOf', () => {
  it('uses the lists the server built from the whole data', () => {
    const data = fixtureDashboard({ options: { channels: ['web'], statuses: ['RESOLVED'], priorities: ['LOW'], agentIds: ['a'] } });
    expect(optionsOf(data)).toEqual({ channels: ['web'], statuses: ['RESOLVED'], priorities: ['LOW'], agentIds: ['a'] });
  });
  it('falls back to the keys of the breakdowns when the server sent no lists', () => {
    const data = fixtureDashboard({
      options: undefined,
      byChannel: [{ key: 'whatsapp', count: 3 }, { key: '(vazio)', count: 1 }],
      byStatus: [{ key: 'UNRESOLVED', count: 4 }],
      byPriority: [],
      agents: [{ key: 'agente-9', volume: 4, resolutionRate: null, escalationRate: null, firstResponseMedian: null, resolutionMedian: null, satisfactionMean: null, frustrationMean: null }],
    });
    expect(optionsOf(data)).toEqual({ channels: ['whatsapp', '(vazio)'], statuses: ['UNRESOLVED'], priorities: [], agentIds: ['agente-9'] });
  });
});
