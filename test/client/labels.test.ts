// Unit tests of the Portuguese labels and colours of Chatvolt codes, which come from the sheet as free text.
import { describe, expect, it } from 'vitest';
import { priorityLabel, statusColor, statusLabel } from '../../src/client/sidebar/labels';

describe('statusLabel, priorityLabel and statusColor', () => {
  it('translates the known codes', () => {
    expect([statusLabel('RESOLVED'), statusLabel('UNRESOLVED'), statusLabel('HUMAN_REQUESTED')]).toEqual([
      'Resolvida',
      'Em aberto',
      'Humano solicitado',
    ]);
    expect([priorityLabel('LOW'), priorityLabel('MEDIUM'), priorityLabel('HIGH')]).toEqual(['Baixa', 'Média', 'Alta']);
    expect(statusColor('RESOLVED', 3)).toBe('#188038');
  });

  it('shows other codes as they came, including names that Object.prototype also has', () => {
    for (const code of ['(vazio)', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(statusLabel(code)).toBe(code);
      expect(priorityLabel(code)).toBe(code);
    }
  });

  it('gives other codes a palette colour by position', () => {
    expect(statusColor('constructor', 0)).toBe('#1a73e8');
    expect(statusColor('toString', 1)).toBe('#9334e6');
  });
});
