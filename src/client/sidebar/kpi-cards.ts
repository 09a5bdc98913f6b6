// The KPI cards: what each shows (metrics.md §4), its n, and its change against the previous period.
import type { DashboardData, DurableAi, Kpis } from '../../shared/dto';
import { kpiChange, type KpiPolarity, type KpiUnit } from '../lib/change';
import { h } from '../lib/dom';
import { formatDuration, formatMinutes, formatNumber, formatPercent, formatScore } from '../lib/format';

interface KpiSpec {
  id: string;
  /** The card's title; a function when it depends on the data (SLA on business time). */
  title: string | ((data: DashboardData) => string);
  /** What the number means, as a tooltip. */
  hint: string;
  unit: KpiUnit;
  polarity: KpiPolarity;
  /** The compared number (null = does not exist). */
  pick(k: Kpis): number | null;
  /** The main text. */
  value(k: Kpis): string;
  /** A second line (p90, top-2 rate), if any. */
  detail?(k: Kpis): string;
  /** How many rows the number is over. */
  n(data: DashboardData): number;
}

/** Rows with a customer message (the SLA's denominator): every first-response band, "sem resposta" included. */
function customerConversations(data: DashboardData): number {
  return data.firstResponseBands.reduce((sum, band) => sum + band.count, 0);
}

const KPI_SPECS: readonly KpiSpec[] = [
  {
    id: 'volume',
    title: 'Volume',
    hint: 'Conversas criadas no período',
    unit: 'count',
    polarity: 'neutral',
    pick: (k) => k.volume,
    value: (k) => formatNumber(k.volume),
    n: (d) => d.kpis.volume,
  },
  {
    id: 'resolution',
    title: 'Resolução',
    hint: 'Conversas resolvidas ÷ volume',
    unit: 'rate',
    polarity: 'higherIsBetter',
    pick: (k) => k.resolutionRate,
    value: (k) => formatPercent(k.resolutionRate),
    n: (d) => d.kpis.volume,
  },
  {
    id: 'escalation',
    title: 'Escalonamento',
    hint: 'Conversas passadas a um humano ÷ volume',
    unit: 'rate',
    polarity: 'lowerIsBetter',
    pick: (k) => k.escalationRate,
    value: (k) => formatPercent(k.escalationRate),
    n: (d) => d.kpis.volume,
  },
  {
    id: 'containment',
    title: 'Contenção pela IA',
    hint: 'Resolvidas sem escalonamento ÷ volume',
    unit: 'rate',
    polarity: 'higherIsBetter',
    pick: (k) => k.containmentRate,
    value: (k) => formatPercent(k.containmentRate),
    n: (d) => d.kpis.volume,
  },
  {
    id: 'first-response',
    title: '1ª resposta',
    hint: 'Tempo da primeira mensagem do cliente até a primeira resposta',
    unit: 'seconds',
    polarity: 'lowerIsBetter',
    pick: (k) => k.firstResponse.median,
    value: (k) => formatDuration(k.firstResponse.median),
    detail: (k) => `mediana · p90 ${formatDuration(k.firstResponse.p90)}`,
    n: (d) => d.kpis.firstResponse.n,
  },
  {
    id: 'resolution-time',
    title: 'Tempo de resolução',
    hint: 'Da criação à resolução (mediana), conversas resolvidas',
    unit: 'minutes',
    polarity: 'lowerIsBetter',
    pick: (k) => k.resolution.median,
    value: (k) => formatMinutes(k.resolution.median),
    detail: (k) => `mediana · p90 ${formatMinutes(k.resolution.p90)}`,
    n: (d) => d.kpis.resolution.n,
  },
  {
    id: 'satisfaction',
    title: 'Satisfação',
    hint: 'Nota média de 1 a 5; top-2 = notas 4 e 5',
    unit: 'score',
    polarity: 'higherIsBetter',
    pick: (k) => k.satisfaction.mean,
    value: (k) => (k.satisfaction.mean === null ? formatScore(null) : `${formatScore(k.satisfaction.mean)} / 5`),
    detail: (k) => `top-2 ${formatPercent(k.satisfaction.top2Rate)}`,
    n: (d) => d.kpis.satisfaction.n,
  },
  {
    id: 'sla',
    // With business hours on, the SLA counts business seconds (metrics.md §6): the title says so.
    title: (d) => (d.businessHours ? 'SLA (h. comercial)' : 'SLA'),
    hint: '1ª resposta dentro da meta ÷ conversas com mensagem do cliente',
    unit: 'rate',
    polarity: 'higherIsBetter',
    pick: (k) => k.slaRate,
    value: (k) => formatPercent(k.slaRate),
    n: customerConversations,
  },
  {
    id: 'unanswered',
    title: 'Sem resposta',
    hint: 'Aguardando resposta após a última mensagem do cliente',
    unit: 'count',
    polarity: 'lowerIsBetter',
    pick: (k) => k.unanswered,
    value: (k) => formatNumber(k.unanswered),
    n: (d) => d.kpis.volume,
  },
  {
    id: 'abandoned',
    title: 'Abandonadas',
    hint: 'Sem resposta há mais que o limite de abandono',
    unit: 'count',
    polarity: 'lowerIsBetter',
    pick: (k) => k.abandoned,
    value: (k) => formatNumber(k.abandoned),
    n: (d) => d.kpis.volume,
  },
  {
    id: 'frustration',
    title: 'Frustração',
    hint: 'Nível médio de 1 a 5; alta = níveis 4 e 5',
    unit: 'score',
    polarity: 'lowerIsBetter',
    pick: (k) => k.frustration.mean,
    value: (k) => formatScore(k.frustration.mean),
    detail: (k) => `alta ${formatPercent(k.frustration.highRate)}`,
    n: (d) => d.kpis.frustration.n,
  },
];

/**
 * The KPI cards of `data`, each with data-kpi="<id>" and its parts as .kpi-value, .kpi-change, .kpi-n; the durable
 * AI resolution card (metrics.md §8) sits right after the containment card it qualifies.
 */
export function renderKpiCards(data: DashboardData): HTMLElement {
  const cards = KPI_SPECS.flatMap((spec) => {
    const card = kpiCard(spec, data);
    return spec.id === 'containment' && data.durableAi ? [card, durableAiCard(data.durableAi)] : [card];
  });
  return h('div', { class: 'kpis' }, ...cards);
}

function kpiCard(spec: KpiSpec, data: DashboardData): HTMLElement {
  const change = kpiChange(spec.pick(data.kpis), data.previous ? spec.pick(data.previous) : null, spec.unit, spec.polarity);
  const changeTitle = data.previous ? 'Variação contra o período anterior' : 'Sem período anterior (escolha datas de início e fim)';
  return h(
    'div',
    { class: 'kpi', 'data-kpi': spec.id, title: spec.hint },
    h('div', { class: 'kpi-title' }, typeof spec.title === 'string' ? spec.title : spec.title(data)),
    h('div', { class: 'kpi-value' }, spec.value(data.kpis)),
    spec.detail ? h('div', { class: 'kpi-detail' }, spec.detail(data.kpis)) : null,
    h(
      'div',
      { class: 'kpi-foot' },
      h('span', { class: `kpi-change ${change.tone}`, title: changeTitle }, change.arrow ? `${change.arrow} ${change.text}` : change.text),
      h('span', { class: 'kpi-n' }, `n = ${formatNumber(spec.n(data))}`),
    ),
  );
}

/** What a card without a previous-period comparison shows (the previous period carries only the §4 KPIs). */
export interface PlainCard {
  id: string;
  title: string;
  hint: string;
  value: string;
  details: string[];
  n: number;
}

/** A KPI card with the same parts as the compared ones (.kpi-value, .kpi-detail, .kpi-n) but no change. */
export function plainCard(card: PlainCard): HTMLElement {
  return h(
    'div',
    { class: 'kpi', 'data-kpi': card.id, title: card.hint },
    h('div', { class: 'kpi-title' }, card.title),
    h('div', { class: 'kpi-value' }, card.value),
    ...card.details.map((detail) => h('div', { class: 'kpi-detail' }, detail)),
    h('div', { class: 'kpi-foot' }, h('span', {}), h('span', { class: 'kpi-n' }, `n = ${formatNumber(card.n)}`)),
  );
}

/**
 * Durable AI resolution (metrics.md §8): durable ÷ AI-resolved conversations old enough to judge (7 days), with
 * the pending ones counted apart; n is that denominator.
 */
function durableAiCard(durable: DurableAi): HTMLElement {
  const judged = durable.aiResolved - durable.pending;
  return plainCard({
    id: 'durable-ai',
    title: 'IA durável (7 dias)',
    hint: 'Resolvidas pela IA em que o cliente não abriu outra conversa nos 7 dias seguintes ÷ resolvidas pela IA há 7 dias ou mais; pendentes = resolvidas há menos de 7 dias',
    value: formatPercent(durable.rate),
    details: [`${formatNumber(durable.durable)} de ${formatNumber(judged)} duráveis`, `${formatNumber(durable.pending)} pendentes`],
    n: judged,
  });
}
