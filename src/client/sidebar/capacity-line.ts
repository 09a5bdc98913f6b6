// The sidebar's capacity line (issue 11): the share of Sheets' cell limit used, and from 70 % a retention proposal.
import type { Capacity } from '../../shared/dto';
import { CAPACITY_WARN_PERCENT, capacityText, retentionDaysText } from '../lib/capacity';
import { h } from '../lib/dom';

/**
 * The capacity as a paragraph: the plain line below 70 %; from 70 % a warning with the proposed retention
 * (or a general advice when the server has none) and a link to Configurações, which `openSettings` opens.
 */
export function renderCapacity(capacity: Capacity, today: string, openSettings: () => void): HTMLElement {
  const line = capacityText(capacity, today);
  if (capacity.percent < CAPACITY_WARN_PERCENT) return h('p', { class: 'capacity-line', 'data-capacity': 'ok' }, line);
  const link = h('a', { href: '#', class: 'capacity-settings' }, 'Configurações');
  link.addEventListener('click', (event) => {
    event.preventDefault();
    openSettings();
  });
  const suggested = capacity.suggestedRetentionDays ?? null;
  const advice =
    suggested !== null
      ? `Sugestão: manter só as mensagens dos últimos ${retentionDaysText(suggested)} (o Chatvolt continua com todas; os números não mudam) em `
      : 'Para liberar espaço, mantenha só as mensagens recentes (o Chatvolt continua com todas; os números não mudam) em ';
  return h(
    'div',
    { class: 'capacity-warning', role: 'status', 'data-capacity': 'warn' },
    h('p', { class: 'capacity-line' }, line),
    h('p', { class: 'capacity-advice' }, advice, link, '.'),
  );
}
