// Every figure of metrics.md as a mergeable part (counts, exact sums, value lists) of a set of rows; finished into DashboardData.
//
// Why parts: a refresh on a large sheet keeps the part of the rows that no longer change (history-state.ts) and adds
// the part of the recent rows to it, instead of recomputing every row. So every figure is kept in a form two sets of
// rows can be merged in, exactly: counts; sums as ExactSum (order-independent, see exact-sum.ts); order statistics
// from the values themselves (the median of a merged list is exact, a merged median is not); series points per day,
// per week and per month. A full computation is the same code over one part holding every row.
import type { BusinessHoursKpis, DashboardData, DurableAi, Filters, Kpis, OperatorRow, SeriesPoint } from '../../../shared/dto';
import { operatorLabel, type OperatorLabels } from '../operator-labels';
import { FIRST_RESPONSE_BANDS, NO_RESPONSE_BAND } from './breakdowns';
import { FLAG_BLANK, FLAG_FALSE, FLAG_TRUE } from './column-table';
import { addPair, emptyPairSums, ExactSum, mergePairSums, pearsonOfSums, type PairSums } from './exact-sum';
import { compareKeys, type DayRange, type KeyColumn, type PreparedTable } from './filters';
import { customerMessageSeen, slaOutcomeOf } from './kpis';
import { durableVerdicts } from './service-depth';
import { median, statsOf, UnmergeablePart, type Values } from './order-statistics';
import { meanOfTotals, rate } from './stats';

import { civilOf, dayFromCivil, isoDate, isoMonth, isoWeek, isoWeekStart } from './time-zone';

/** What the figures depend on besides the rows. */
export interface PartContext {
  /** "Now" in ms since the epoch: abandonment and durable AI resolution are measured against it. */
  nowMs: number;
  slaSeconds: number;
  abandonMinutes: number;
  /** Business hours on (metrics.md §6): business-time KPIs, and the SLA rate and bands on business seconds. */
  businessTime: boolean;
}

/** The KPI counts and sums of a set of rows (metrics.md §4). */
export interface KpiTotals {
  volume: number;
  resolved: number;
  escalated: number;
  contained: number;
  withCustomer: number;
  withinSla: number;
  unanswered: number;
  abandoned: number;
  satisfiedTop2: number;
  frustratedHigh: number;
  satisfaction: ExactSum;
  satisfactionN: number;
  frustration: ExactSum;
  frustrationN: number;
  firstResponse: ExactSum;
  resolution: ExactSum;
}

/** The history's first-response and resolution values per group (KPIs, agents, channels), kept by the history state. */
export interface GroupValues {
  firstResponse: Values;
  resolution: Values;
}

/** Per-key counts and sums (agents, channels). */
export interface GroupTotals {
  volume: number;
  resolved: number;
  escalated: number;
  satisfaction: ExactSum;
  satisfactionN: number;
  frustration: ExactSum;
  frustrationN: number;
}

/** The first-response and resolution values of the rows of one agent × channel cell (their order does not matter). */
export interface CellValues {
  firstResponse: number[];
  resolution: number[];
}

/** A series point's counts and first-response values; `firstResponse` null = sealed: only `median` is known. */
export interface PointPart {
  created: number;
  resolved: number;
  escalated: number;
  firstResponse: Values | null;
  median: number | null;
}

export interface LevelTotals {
  count: number;
  escalated: number;
  resolved: number;
  firstResponse: ExactSum;
  firstResponseN: number;
}

export interface OperatorPart {
  conversations: number;
  resolved: number;
  satisfaction: ExactSum;
  satisfactionN: number;
  firstHumanResponse: Values[];
  handling: Values[];
}

export interface BusinessPart {
  firstResponse: Values[];
  firstResponseSum: ExactSum;
  firstHumanResponse: Values[];
  firstHumanResponseSum: ExactSum;
  resolution: Values[];
  resolutionSum: ExactSum;
  createdKnown: number;
  createdOutside: number;
}

/** The four filter lists' keys (metrics.md §3), over every row whatever the filter. */
export interface OptionKeys {
  channels: Set<string>;
  statuses: Set<string>;
  priorities: Set<string>;
  agentIds: Set<string>;
}

/** Every figure of a set of rows, mergeable (see the file header). */
export interface DashboardPart {
  kpis: KpiTotals;
  /** The previous period's KPIs (both dates set) with their own values. */
  previous: { totals: KpiTotals; firstResponse: Values[]; resolution: Values[] } | null;
  byStatus: Map<string, number>;
  byChannel: Map<string, number>;
  byPriority: Map<string, number>;
  agents: Map<string, GroupTotals>;
  channels: Map<string, GroupTotals>;
  /** Keyed `agent \u0001 channel`: the KPIs' values are all cells', an agent's its cells', a channel's its cells'. */
  cells: Map<string, CellValues>;
  /** A stored part's values per group instead of per cell (the history state's windows), null in an accumulated one. */
  groups: { all: GroupValues; agents: Map<string, GroupValues>; channels: Map<string, GroupValues> } | null;
  /** Local day number of `created_at` → its point. */
  days: Map<number, PointPart>;
  /** Final points of weeks (by their Monday) and months (by their first day) whose days are not all kept. */
  sealedWeeks: Map<number, PointPart>;
  sealedMonths: Map<number, PointPart>;
  /** First and last `created_at` day of the rows (the span of an open-ended series). */
  firstDay: number;
  lastDay: number;
  heatmap: number[];
  bands: number[];
  levels: LevelTotals[];
  correlations: PairSums[];
  options: OptionKeys;
  business: BusinessPart | null;
  operators: Map<string, OperatorPart>;
  durable: { candidates: number; durable: number; pending: number };
}


function emptyKpis(): KpiTotals {
  return {
    volume: 0, resolved: 0, escalated: 0, contained: 0, withCustomer: 0, withinSla: 0, unanswered: 0, abandoned: 0,
    satisfiedTop2: 0, frustratedHigh: 0, satisfaction: new ExactSum(), satisfactionN: 0, frustration: new ExactSum(),
    frustrationN: 0, firstResponse: new ExactSum(), resolution: new ExactSum(),
  };
}

function emptyGroup(): GroupTotals {
  return { volume: 0, resolved: 0, escalated: 0, satisfaction: new ExactSum(), satisfactionN: 0, frustration: new ExactSum(), frustrationN: 0 };
}

function emptyLevel(): LevelTotals {
  return { count: 0, escalated: 0, resolved: 0, firstResponse: new ExactSum(), firstResponseN: 0 };
}

function emptyOperator(): OperatorPart {
  return { conversations: 0, resolved: 0, satisfaction: new ExactSum(), satisfactionN: 0, firstHumanResponse: [[]], handling: [[]] };
}

function emptyBusiness(): BusinessPart {
  return {
    firstResponse: [[]], firstResponseSum: new ExactSum(), firstHumanResponse: [[]], firstHumanResponseSum: new ExactSum(),
    resolution: [[]], resolutionSum: new ExactSum(), createdKnown: 0, createdOutside: 0,
  };
}

/** A part of no rows (with business-time figures when `businessTime`). */
function emptyPart(businessTime: boolean): DashboardPart {
  return {
    kpis: emptyKpis(),
    previous: null,
    byStatus: new Map(),
    byChannel: new Map(),
    byPriority: new Map(),
    agents: new Map(),
    channels: new Map(),
    cells: new Map(),
    groups: null,
    days: new Map(),
    sealedWeeks: new Map(),
    sealedMonths: new Map(),
    firstDay: Infinity,
    lastDay: -Infinity,
    heatmap: new Array<number>(7 * 24).fill(0),
    bands: new Array<number>(FIRST_RESPONSE_BANDS.length + 1).fill(0),
    levels: [1, 2, 3, 4, 5].map(emptyLevel),
    correlations: [emptyPairSums(), emptyPairSums(), emptyPairSums()],
    options: { channels: new Set(), statuses: new Set(), priorities: new Set(), agentIds: new Set() },
    business: businessTime ? emptyBusiness() : null,
    operators: new Map(),
    durable: { candidates: 0, durable: 0, pending: 0 },
  };
}

/** Separates an agent key from a channel key in `cells` (keys are cell texts: no control characters in practice, and a
 * clash would only merge two cells of the same agent and channel lists, never change a figure). */
export const CELL_SEPARATOR = '\u0001';

/** The KPI counts and sums of the `selected` slots, and their first-response and resolution values in `values`. */
function addKpis(table: PreparedTable, selected: Int32Array, context: PartContext, totals: KpiTotals, values: { firstResponse: number[]; resolution: number[] } | null): void {
  const { columns } = table;
  const resolvedFlags = columns.flags.resolved;
  const escalatedFlags = columns.flags.escalated_to_human;
  const awaiting = columns.flags.awaiting_reply;
  const frt = columns.numbers.first_response_time;
  const frtBusiness = columns.numbers.first_response_business_time;
  const resolution = columns.numbers.resolution_time;
  const customerMessages = columns.numbers.customer_messages;
  const csat = columns.numbers.satisfaction_score;
  const frustration = columns.numbers.frustration_level;
  const lastCustomer = columns.dates.last_customer_message_at;
  const abandonBefore = context.nowMs - context.abandonMinutes * 60_000;
  totals.volume += selected.length;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const isResolved = resolvedFlags[i] === FLAG_TRUE;
    const isEscalated = escalatedFlags[i] === FLAG_TRUE;
    if (isResolved) totals.resolved++;
    if (isEscalated) totals.escalated++;
    if (isResolved && !isEscalated) totals.contained++;
    const first = frt[i] as number;
    if (customerMessageSeen(customerMessages[i] as number, first)) {
      const sla = slaOutcomeOf(first, frtBusiness[i] as number, context.slaSeconds, context.businessTime);
      if (sla !== null) totals.withCustomer++;
      if (sla === true) totals.withinSla++;
    }
    if (first === first) {
      totals.firstResponse.add(first);
      values?.firstResponse.push(first);
    }
    const resolutionTime = resolution[i] as number;
    if (resolutionTime === resolutionTime) {
      totals.resolution.add(resolutionTime);
      values?.resolution.push(resolutionTime);
    }
    const score = csat[i] as number;
    if (score === score) {
      totals.satisfaction.add(score);
      totals.satisfactionN++;
      if (score >= 4) totals.satisfiedTop2++;
    }
    const level = frustration[i] as number;
    if (level === level) {
      totals.frustration.add(level);
      totals.frustrationN++;
      if (level >= 4) totals.frustratedHigh++;
    }
    if (awaiting[i] === FLAG_TRUE) {
      totals.unanswered++;
      // "Older than the threshold": strictly before now − threshold; an unknown last message (NaN) is not abandoned.
      if ((lastCustomer[i] as number) < abandonBefore) totals.abandoned++;
    }
  }
}

/** Counts by key name of the `selected` slots. */
function addCounts(keys: KeyColumn, selected: Int32Array, into: Map<string, number>): void {
  const counts = new Int32Array(keys.names.length);
  for (let k = 0; k < selected.length; k++) {
    const code = keys.codes[selected[k] as number] as number;
    counts[code] = (counts[code] as number) + 1;
  }
  counts.forEach((count, code) => {
    if (count > 0) {
      const name = keys.names[code] as string;
      into.set(name, (into.get(name) ?? 0) + count);
    }
  });
}

/** Per-key group totals of the `selected` slots (codes of one key column, resolved to names once per key). */
function addGroups(table: PreparedTable, keys: KeyColumn, selected: Int32Array, into: Map<string, GroupTotals>): void {
  const { columns } = table;
  const byCode: Array<GroupTotals | undefined> = new Array(keys.names.length);
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const code = keys.codes[i] as number;
    let group = byCode[code];
    if (!group) {
      const name = keys.names[code] as string;
      group = into.get(name);
      if (!group) into.set(name, (group = emptyGroup()));
      byCode[code] = group;
    }
    group.volume++;
    if (columns.flags.resolved[i] === FLAG_TRUE) group.resolved++;
    if (columns.flags.escalated_to_human[i] === FLAG_TRUE) group.escalated++;
    const score = columns.numbers.satisfaction_score[i] as number;
    if (score === score) {
      group.satisfaction.add(score);
      group.satisfactionN++;
    }
    const level = columns.numbers.frustration_level[i] as number;
    if (level === level) {
      group.frustration.add(level);
      group.frustrationN++;
    }
  }
}

/** The first-response and resolution values of the `selected` slots by agent × channel cell. */
function addCells(table: PreparedTable, selected: Int32Array, into: Map<string, CellValues>): void {
  const { columns } = table;
  const channels = table.channel.names.length;
  const byCode = new Map<number, CellValues>();
  const frt = columns.numbers.first_response_time;
  const resolution = columns.numbers.resolution_time;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const agentCode = table.agent.codes[i] as number;
    const channelCode = table.channel.codes[i] as number;
    const code = agentCode * channels + channelCode;
    let cell = byCode.get(code);
    if (!cell) {
      const key = `${table.agent.names[agentCode] as string}${CELL_SEPARATOR}${table.channel.names[channelCode] as string}`;
      cell = into.get(key);
      if (!cell) into.set(key, (cell = { firstResponse: [], resolution: [] }));
      byCode.set(code, cell);
    }
    const first = frt[i] as number;
    if (first === first) cell.firstResponse.push(first);
    const resolutionTime = resolution[i] as number;
    if (resolutionTime === resolutionTime) cell.resolution.push(resolutionTime);
  }
}

/** Series points per local day of `created_at`, the heat map and the span of the `selected` slots. */
function addDays(table: PreparedTable, selected: Int32Array, part: DashboardPart): void {
  const { columns } = table;
  const frt = columns.numbers.first_response_time;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const day = table.day[i] as number;
    // Rows without created_at are in no point and no heat-map cell.
    if (day !== day) continue;
    if (day < part.firstDay) part.firstDay = day;
    if (day > part.lastDay) part.lastDay = day;
    let point = part.days.get(day);
    if (!point) part.days.set(day, (point = { created: 0, resolved: 0, escalated: 0, firstResponse: [], median: null }));
    point.created++;
    if (columns.flags.resolved[i] === FLAG_TRUE) point.resolved++;
    if (columns.flags.escalated_to_human[i] === FLAG_TRUE) point.escalated++;
    const first = frt[i] as number;
    if (first === first) (point.firstResponse as number[]).push(first);
    const weekday = (((day + 3) % 7) + 7) % 7;
    const cell = weekday * 24 + (table.hour[i] as number);
    part.heatmap[cell] = (part.heatmap[cell] as number) + 1;
  }
}

const BAND_UPPER_BOUNDS = FIRST_RESPONSE_BANDS.map(([, upTo]) => upTo);

/** First-response bands (business seconds on business time), frustration levels and correlations. */
function addDistributions(table: PreparedTable, selected: Int32Array, businessTime: boolean, part: DashboardPart): void {
  const { columns } = table;
  const wall = columns.numbers.first_response_time;
  const seconds = businessTime ? columns.numbers.first_response_business_time : wall;
  const level = columns.numbers.frustration_level;
  const pairs: Array<[Float64Array, PairSums]> = [
    [wall, part.correlations[0] as PairSums],
    [columns.numbers.resolution_time, part.correlations[1] as PairSums],
    [columns.numbers.satisfaction_score, part.correlations[2] as PairSums],
  ];
  const unansweredBand = FIRST_RESPONSE_BANDS.length;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    const frt = seconds[i] as number;
    if (frt !== frt) {
      // A row with a customer message and no response at all; on business time one answered without a business
      // value (not computed by the add-on) is left out.
      if (Number.isNaN(wall[i] as number) && customerMessageSeen(columns.numbers.customer_messages[i] as number, wall[i] as number)) {
        part.bands[unansweredBand] = (part.bands[unansweredBand] as number) + 1;
      }
    } else {
      let band = 0;
      while (frt >= (BAND_UPPER_BOUNDS[band] as number)) band++;
      part.bands[band] = (part.bands[band] as number) + 1;
    }
    const x = level[i] as number;
    if (x !== x) continue;
    // A level outside 1–5 (typed by hand) has no row in the levels table; it still counts in the correlations.
    const slot = part.levels[x - 1];
    if (slot) {
      slot.count++;
      if (columns.flags.escalated_to_human[i] === FLAG_TRUE) slot.escalated++;
      if (columns.flags.resolved[i] === FLAG_TRUE) slot.resolved++;
      const first = wall[i] as number;
      if (first === first) {
        slot.firstResponse.add(first);
        slot.firstResponseN++;
      }
    }
    for (const [column, sums] of pairs) {
      const y = column[i] as number;
      if (y === y) addPair(sums, x, y);
    }
  }
}

/** The distinct, trimmed, non-empty operator ids of an `operator_ids` cell ("u1, u2"). */
function operatorKeys(cell: string): string[] {
  const keys: string[] = [];
  for (const part of cell.split(',')) {
    const key = part.trim();
    if (key !== '' && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Business-time figures (metrics.md §6) and human operators (§7) of the `selected` slots. */
function addServiceDepth(table: PreparedTable, selected: Int32Array, part: DashboardPart): void {
  const { columns } = table;
  const operator = (key: string): OperatorPart => {
    let totals = part.operators.get(key);
    if (!totals) part.operators.set(key, (totals = emptyOperator()));
    return totals;
  };
  // Text cells are split once per dictionary entry, not once per row; an operator enters the part once a selected
  // row names it.
  const involved = columns.texts.operator_ids;
  const involvedKeys: string[][] = [[], ...involved.dict.map(operatorKeys)];
  const first = columns.texts.first_operator_id;
  const firstKeys = ['', ...first.dict.map((id) => id.trim())];
  const csat = columns.numbers.satisfaction_score;
  const humanFirst = columns.numbers.first_human_response_time;
  const handling = columns.numbers.operator_handling_time;
  const business = part.business;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k] as number;
    if (business) {
      const inside = columns.flags.created_in_business_hours[i];
      if (inside !== FLAG_BLANK) {
        business.createdKnown++;
        if (inside === FLAG_FALSE) business.createdOutside++;
      }
      addValue(columns.numbers.first_response_business_time[i] as number, business.firstResponse, business.firstResponseSum);
      addValue(columns.numbers.first_human_response_business_time[i] as number, business.firstHumanResponse, business.firstHumanResponseSum);
      addValue(columns.numbers.resolution_business_time[i] as number, business.resolution, business.resolutionSum);
    }
    const named = involvedKeys[involved.codes[i] as number] as string[];
    for (let n = 0; n < named.length; n++) {
      const totals = operator(named[n] as string);
      totals.conversations++;
      if (columns.flags.resolved[i] === FLAG_TRUE) totals.resolved++;
      const score = csat[i] as number;
      if (score === score) {
        totals.satisfaction.add(score);
        totals.satisfactionN++;
      }
    }
    const firstCode = first.codes[i] as number;
    if (firstCode !== 0) {
      const totals = operator(firstKeys[firstCode] as string);
      const human = humanFirst[i] as number;
      // A part being accumulated has one array per list (see `Values`).
      if (human === human) (totals.firstHumanResponse[0] as number[]).push(human);
      const handled = handling[i] as number;
      if (handled === handled) (totals.handling[0] as number[]).push(handled);
    }
  }
}

function addValue(value: number, list: Values[], sum: ExactSum): void {
  if (value !== value) return;
  (list[0] as number[]).push(value);
  sum.add(value);
}

/** The filter lists' keys of the `universe` slots. */
function addOptions(table: PreparedTable, universe: Int32Array, options: OptionKeys): void {
  const keysIn = (keys: KeyColumn, into: Set<string>): void => {
    const used = new Uint8Array(keys.names.length);
    for (let k = 0; k < universe.length; k++) used[keys.codes[universe[k] as number] as number] = 1;
    keys.names.forEach((name, code) => {
      if (used[code] === 1) into.add(name);
    });
  };
  keysIn(table.channel, options.channels);
  keysIn(table.status, options.statuses);
  keysIn(table.priority, options.priorities);
  keysIn(table.agent, options.agentIds);
}

/** Which rows a part's unfiltered figures range over. */
export interface PartUniverse {
  /** The rows whose keys make the filter options (every row of the part, whatever the filter). */
  options: Int32Array;
  /** The rows a durable AI resolution's customer may return in (metrics.md §8: every row of the sheet). */
  returns: Int32Array;
}

/** The part of the `selected` slots (and of `previous`, the previous period's slots, when given). */
export function accumulatePart(
  table: PreparedTable,
  selected: Int32Array,
  previous: Int32Array | null,
  universe: PartUniverse,
  context: PartContext,
): DashboardPart {
  const part = emptyPart(context.businessTime);
  addKpis(table, selected, context, part.kpis, null);
  if (previous) {
    const values = { firstResponse: [] as number[], resolution: [] as number[] };
    const totals = emptyKpis();
    addKpis(table, previous, context, totals, values);
    part.previous = { totals, firstResponse: [values.firstResponse], resolution: [values.resolution] };
  }
  addCounts(table.status, selected, part.byStatus);
  addCounts(table.channel, selected, part.byChannel);
  addCounts(table.priority, selected, part.byPriority);
  addGroups(table, table.agent, selected, part.agents);
  addGroups(table, table.channel, selected, part.channels);
  addCells(table, selected, part.cells);
  addDays(table, selected, part);
  addDistributions(table, selected, context.businessTime, part);
  addServiceDepth(table, selected, part);
  addOptions(table, universe.options, part.options);
  part.durable = durableVerdicts(table, selected, universe.returns, context.nowMs);
  return part;
}

function mergeKpis(into: KpiTotals, other: KpiTotals): void {
  into.volume += other.volume;
  into.resolved += other.resolved;
  into.escalated += other.escalated;
  into.contained += other.contained;
  into.withCustomer += other.withCustomer;
  into.withinSla += other.withinSla;
  into.unanswered += other.unanswered;
  into.abandoned += other.abandoned;
  into.satisfiedTop2 += other.satisfiedTop2;
  into.frustratedHigh += other.frustratedHigh;
  into.satisfaction.merge(other.satisfaction);
  into.satisfactionN += other.satisfactionN;
  into.frustration.merge(other.frustration);
  into.frustrationN += other.frustrationN;
  into.firstResponse.merge(other.firstResponse);
  into.resolution.merge(other.resolution);
}

function mergeGroups(into: Map<string, GroupTotals>, other: Map<string, GroupTotals>): void {
  for (const [key, group] of other) {
    const target = into.get(key);
    if (!target) {
      into.set(key, group);
      continue;
    }
    target.volume += group.volume;
    target.resolved += group.resolved;
    target.escalated += group.escalated;
    target.satisfaction.merge(group.satisfaction);
    target.satisfactionN += group.satisfactionN;
    target.frustration.merge(group.frustration);
    target.frustrationN += group.frustrationN;
  }
}

function mergeCounts(into: Map<string, number>, other: Map<string, number>): void {
  for (const [key, count] of other) into.set(key, (into.get(key) ?? 0) + count);
}

/** Both lists' values (either one itself when the other is empty); series days' lists are never windows. */
function concat(a: number[] | Float64Array, b: number[] | Float64Array): number[] | Float64Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The Monday of a day's ISO week and the first day of its month (local day numbers). */
export function weekAndMonthOf(day: number): { week: number; month: number } {
  const civil = civilOf(day);
  return { week: isoWeekStart(day), month: dayFromCivil(civil.year, civil.month, 1) };
}

/**
 * Adds `other`'s rows to `into` (which it changes and returns). Throws UnmergeablePart when `other` has rows in a
 * series point `into` kept only the final value of: the caller then computes from every row.
 */
export function mergeParts(into: DashboardPart, other: DashboardPart): DashboardPart {
  if (other.groups) throw new UnmergeablePart('two stored parts');
  mergeKpis(into.kpis, other.kpis);
  if (other.previous) {
    if (!into.previous) into.previous = { totals: emptyKpis(), firstResponse: [], resolution: [] };
    mergeKpis(into.previous.totals, other.previous.totals);
    into.previous.firstResponse.push(...other.previous.firstResponse);
    into.previous.resolution.push(...other.previous.resolution);
  }
  mergeCounts(into.byStatus, other.byStatus);
  mergeCounts(into.byChannel, other.byChannel);
  mergeCounts(into.byPriority, other.byPriority);
  mergeGroups(into.agents, other.agents);
  mergeGroups(into.channels, other.channels);
  for (const [key, cell] of other.cells) {
    const target = into.cells.get(key);
    if (!target) into.cells.set(key, cell);
    else {
      for (const value of cell.firstResponse) target.firstResponse.push(value);
      for (const value of cell.resolution) target.resolution.push(value);
    }
  }
  for (const [day, point] of other.days) {
    const { week, month } = weekAndMonthOf(day);
    const target = into.days.get(day);
    if ((target && target.firstResponse === null) || point.firstResponse === null || into.sealedWeeks.has(week) || into.sealedMonths.has(month)) {
      throw new UnmergeablePart(`day ${day} is sealed`);
    }
    if (!target) into.days.set(day, point);
    else {
      target.created += point.created;
      target.resolved += point.resolved;
      target.escalated += point.escalated;
      target.firstResponse = concat(target.firstResponse as number[] | Float64Array, point.firstResponse as number[] | Float64Array);
    }
  }
  for (const [week, point] of other.sealedWeeks) {
    if (into.sealedWeeks.has(week)) throw new UnmergeablePart(`week ${week} is sealed twice`);
    into.sealedWeeks.set(week, point);
  }
  for (const [month, point] of other.sealedMonths) {
    if (into.sealedMonths.has(month)) throw new UnmergeablePart(`month ${month} is sealed twice`);
    into.sealedMonths.set(month, point);
  }
  into.firstDay = Math.min(into.firstDay, other.firstDay);
  into.lastDay = Math.max(into.lastDay, other.lastDay);
  other.heatmap.forEach((count, cell) => (into.heatmap[cell] = (into.heatmap[cell] as number) + count));
  other.bands.forEach((count, band) => (into.bands[band] = (into.bands[band] as number) + count));
  other.levels.forEach((level, k) => {
    const target = into.levels[k] as LevelTotals;
    target.count += level.count;
    target.escalated += level.escalated;
    target.resolved += level.resolved;
    target.firstResponse.merge(level.firstResponse);
    target.firstResponseN += level.firstResponseN;
  });
  other.correlations.forEach((sums, k) => mergePairSums(into.correlations[k] as PairSums, sums));
  for (const name of ['channels', 'statuses', 'priorities', 'agentIds'] as const) for (const key of other.options[name]) into.options[name].add(key);
  if (into.business && other.business) {
    const a = into.business;
    const b = other.business;
    a.firstResponse.push(...b.firstResponse);
    a.firstResponseSum.merge(b.firstResponseSum);
    a.firstHumanResponse.push(...b.firstHumanResponse);
    a.firstHumanResponseSum.merge(b.firstHumanResponseSum);
    a.resolution.push(...b.resolution);
    a.resolutionSum.merge(b.resolutionSum);
    a.createdKnown += b.createdKnown;
    a.createdOutside += b.createdOutside;
  } else if (into.business || other.business) {
    throw new UnmergeablePart('business time on one side only');
  }
  for (const [key, operator] of other.operators) {
    const target = into.operators.get(key);
    if (!target) into.operators.set(key, operator);
    else {
      target.conversations += operator.conversations;
      target.resolved += operator.resolved;
      target.satisfaction.merge(operator.satisfaction);
      target.satisfactionN += operator.satisfactionN;
      target.firstHumanResponse.push(...operator.firstHumanResponse);
      target.handling.push(...operator.handling);
    }
  }
  into.durable = {
    candidates: into.durable.candidates + other.durable.candidates,
    durable: into.durable.durable + other.durable.durable,
    pending: into.durable.pending + other.durable.pending,
  };
  return into;
}

function kpisOf(totals: KpiTotals, firstResponse: readonly Values[], resolution: readonly Values[]): Kpis {
  return {
    volume: totals.volume,
    resolutionRate: rate(totals.resolved, totals.volume),
    escalationRate: rate(totals.escalated, totals.volume),
    containmentRate: rate(totals.contained, totals.volume),
    slaRate: rate(totals.withinSla, totals.withCustomer),
    unanswered: totals.unanswered,
    abandoned: totals.abandoned,
    firstResponse: statsOf(firstResponse, totals.firstResponse),
    resolution: statsOf(resolution, totals.resolution),
    satisfaction: { mean: meanOfTotals(totals.satisfaction.value(), totals.satisfactionN), top2Rate: rate(totals.satisfiedTop2, totals.satisfactionN), n: totals.satisfactionN },
    frustration: { mean: meanOfTotals(totals.frustration.value(), totals.frustrationN), highRate: rate(totals.frustratedHigh, totals.frustrationN), n: totals.frustrationN },
  };
}

function countsOf(counts: Map<string, number>): Array<{ key: string; count: number }> {
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
}

/** Per-key breakdown rows; `side` picks the key's half of a cell key (0 = agent, 1 = channel). */
/** A stored group's list of one field, as a list of lists (none without stored values). */
function stored(values: GroupValues | undefined, field: keyof GroupValues): Values[] {
  return values ? [values[field]] : [];
}

function breakdownsOf(groups: Map<string, GroupTotals>, cells: Map<string, CellValues>, side: 0 | 1, storedValues?: Map<string, GroupValues>): DashboardData['agents'] {
  const cellsOf = new Map<string, CellValues[]>();
  for (const [key, cell] of cells) {
    const name = key.split(CELL_SEPARATOR)[side] as string;
    let list = cellsOf.get(name);
    if (!list) cellsOf.set(name, (list = []));
    list.push(cell);
  }
  return [...groups]
    .map(([key, group]) => {
      const own = cellsOf.get(key) ?? [];
      return {
        key,
        volume: group.volume,
        resolutionRate: rate(group.resolved, group.volume),
        escalationRate: rate(group.escalated, group.volume),
        firstResponseMedian: median([...stored(storedValues?.get(key), 'firstResponse'), ...own.map((cell) => cell.firstResponse)]),
        resolutionMedian: median([...stored(storedValues?.get(key), 'resolution'), ...own.map((cell) => cell.resolution)]),
        satisfactionMean: meanOfTotals(group.satisfaction.value(), group.satisfactionN),
        frustrationMean: meanOfTotals(group.frustration.value(), group.frustrationN),
      };
    })
    .sort((a, b) => b.volume - a.volume || compareKeys(a.key, b.key));
}

const ZERO_POINT: SeriesPoint = { created: 0, resolved: 0, escalated: 0, firstResponseMedian: null };

/** The series point of the given unsealed day points (a day's, a week's, a month's). */
export function pointOf(points: readonly PointPart[]): SeriesPoint {
  let created = 0;
  let resolved = 0;
  let escalated = 0;
  for (const point of points) {
    created += point.created;
    resolved += point.resolved;
    escalated += point.escalated;
  }
  return { created, resolved, escalated, firstResponseMedian: median(points.map((point) => point.firstResponse as Values)) };
}

function finalPoint(point: PointPart): SeriesPoint {
  return { created: point.created, resolved: point.resolved, escalated: point.escalated, firstResponseMedian: point.median };
}

/** The points of the days `from`…`to` (clamped to the span), or the sealed point when one is kept. */
function periodPoint(part: DashboardPart, sealed: PointPart | undefined, from: number, to: number): SeriesPoint {
  if (sealed) return finalPoint(sealed);
  const points: PointPart[] = [];
  for (let day = from; day <= to; day++) {
    const point = part.days.get(day);
    if (point) points.push(point);
  }
  return points.length === 0 ? ZERO_POINT : pointOf(points);
}

/**
 * Daily, weekly (`YYYY-Www`, Monday start) and monthly (`YYYY-MM`) series, zero-filled over the span: the filter's
 * bounds, an open bound replaced by the first or last `created_at` day among the rows (none without dated rows).
 */
function seriesOf(part: DashboardPart, range: DayRange): Pick<DashboardData, 'daily' | 'weekly' | 'monthly'> {
  const start = range.from ?? part.firstDay;
  const end = range.to ?? part.lastDay;
  if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) return { daily: [], weekly: [], monthly: [] };
  // Every selected row lies inside the span (a bounded range selects only its days; an open bound is the rows' own
  // first or last day), so a sealed week or month, computed over the same selection, is the clamped point too.
  const clamp = (from: number, to: number): [number, number] => [Math.max(from, start), Math.min(to, end)];
  const daily = Array.from({ length: end - start + 1 }, (_, d) => {
    const point = part.days.get(start + d);
    const value = !point ? ZERO_POINT : point.firstResponse === null ? finalPoint(point) : pointOf([point]);
    return { date: isoDate(start + d), ...value };
  });
  const firstWeek = isoWeekStart(start);
  const weekly = Array.from({ length: (isoWeekStart(end) - firstWeek) / 7 + 1 }, (_, w) => {
    const weekStart = firstWeek + w * 7;
    const [from, to] = clamp(weekStart, weekStart + 6);
    return { week: isoWeek(weekStart), ...periodPoint(part, part.sealedWeeks.get(weekStart), from, to) };
  });
  const startCivil = civilOf(start);
  const endCivil = civilOf(end);
  const monthCount = (endCivil.year - startCivil.year) * 12 + endCivil.month - startCivil.month + 1;
  const monthly = Array.from({ length: monthCount }, (_, m) => {
    const year = startCivil.year + Math.floor((startCivil.month - 1 + m) / 12);
    const month = ((startCivil.month - 1 + m) % 12) + 1;
    const first = dayFromCivil(year, month, 1);
    const next = month === 12 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, month + 1, 1);
    const [from, to] = clamp(first, next - 1);
    return { month: isoMonth(first), ...periodPoint(part, part.sealedMonths.get(first), from, to) };
  });
  return { daily, weekly, monthly };
}

/** §7 operator rows, ordered by conversations desc, then key asc. */
function operatorsOf(part: DashboardPart, labels: OperatorLabels): OperatorRow[] {
  return [...part.operators]
    .map(([key, totals]) => ({
      key,
      label: operatorLabel(labels, key),
      conversations: totals.conversations,
      resolutionRate: rate(totals.resolved, totals.conversations),
      satisfactionMean: meanOfTotals(totals.satisfaction.value(), totals.satisfactionN),
      firstHumanResponseMedian: median(totals.firstHumanResponse),
      handlingMedian: median(totals.handling),
    }))
    .sort((a, b) => b.conversations - a.conversations || compareKeys(a.key, b.key));
}

function businessOf(business: BusinessPart | null): BusinessHoursKpis | null {
  if (!business) return null;
  return {
    firstResponse: statsOf(business.firstResponse, business.firstResponseSum),
    firstHumanResponse: statsOf(business.firstHumanResponse, business.firstHumanResponseSum),
    resolution: statsOf(business.resolution, business.resolutionSum),
    outsideHoursRate: rate(business.createdOutside, business.createdKnown),
  };
}

function durableOf(durable: DashboardPart['durable']): DurableAi {
  return {
    aiResolved: durable.candidates + durable.pending,
    durable: durable.durable,
    pending: durable.pending,
    rate: rate(durable.durable, durable.candidates),
  };
}

/** What finishing a part needs besides it. */
export interface FinishContext {
  generatedAt: string;
  timeZone: string;
  filters: Filters;
  range: DayRange;
  lastSync: DashboardData['lastSync'];
  operatorLabels: OperatorLabels;
}

/** The DashboardData (without capacity and forecast) of a part. */
export function finishPart(part: DashboardPart, context: FinishContext): Omit<DashboardData, 'capacity' | 'forecastTomorrow'> {
  const cells = [...part.cells.values()];
  const correlations = part.correlations.map(pearsonOfSums);
  const levels = part.levels.map((level, k) => ({
    level: k + 1,
    count: level.count,
    escalationRate: rate(level.escalated, level.count),
    resolutionRate: rate(level.resolved, level.count),
    firstResponseMean: meanOfTotals(level.firstResponse.value(), level.firstResponseN),
  }));
  const sorted = (keys: Set<string>): string[] => [...keys].sort(compareKeys);
  return {
    generatedAt: context.generatedAt,
    timeZone: context.timeZone,
    filters: context.filters,
    lastSync: context.lastSync,
    kpis: kpisOf(part.kpis, [...stored(part.groups?.all, 'firstResponse'), ...cells.map((cell) => cell.firstResponse)], [...stored(part.groups?.all, 'resolution'), ...cells.map((cell) => cell.resolution)]),
    previous: part.previous ? kpisOf(part.previous.totals, part.previous.firstResponse, part.previous.resolution) : null,
    byStatus: countsOf(part.byStatus),
    byChannel: countsOf(part.byChannel),
    byPriority: countsOf(part.byPriority),
    agents: breakdownsOf(part.agents, part.cells, 0, part.groups?.agents),
    channels: breakdownsOf(part.channels, part.cells, 1, part.groups?.channels),
    ...seriesOf(part, context.range),
    heatmap: Array.from({ length: 7 }, (_, weekday) => part.heatmap.slice(weekday * 24, weekday * 24 + 24)),
    firstResponseBands: [
      ...FIRST_RESPONSE_BANDS.map(([label], band) => ({ label, count: part.bands[band] as number })),
      { label: NO_RESPONSE_BAND, count: part.bands[FIRST_RESPONSE_BANDS.length] as number },
    ],
    frustrationLevels: levels,
    frustrationCorrelations: { firstResponse: correlations[0] ?? null, resolution: correlations[1] ?? null, satisfaction: correlations[2] ?? null },
    options: { channels: sorted(part.options.channels), statuses: sorted(part.options.statuses), priorities: sorted(part.options.priorities), agentIds: sorted(part.options.agentIds) },
    businessHours: businessOf(part.business),
    operators: operatorsOf(part, context.operatorLabels),
    durableAi: durableOf(part.durable),
  };
}
