// Bench: reading 10k/100k/500k generated "Conversas" rows into records + the whole DashboardData, beside pandas.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CellValue } from '../../src/server/app/ports';
import { CONVERSATION_HEADERS, type ConversationColumn } from '../../src/server/domain/columns';
import { readConversationTable } from '../../src/server/domain/metrics/conversation-table';
import { toCsv } from '../../src/server/domain/metrics/csv';
import { computeDashboard, type DashboardContext } from '../../src/server/domain/metrics/dashboard';
import { prepareColumns } from '../../src/server/domain/metrics/filters';
import { columnsOfRecords } from '../../src/server/domain/metrics/column-table';
import { durableVerdicts } from '../../src/server/domain/metrics/service-depth';

const TIME_ZONE = 'America/Sao_Paulo';
const NOW = Date.parse('2026-03-15T12:00:00Z');
const SIZES = [10_000, 100_000, 500_000];
/** The original dashboard's pandas figure for 100k rows on these machines (CSV parse 0.4 s + KPIs 0.33 s). */
const PANDAS_REFERENCE_100K_S = 0.75;

/** Small seeded PRNG (mulberry32): the same rows on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** Log-normal-ish seconds: most answers within a minute, a long tail of hours. */
function skewed(next: () => number, median: number): number {
  const u = Math.max(next(), 1e-9);
  const v = next();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(1, Math.round(median * Math.exp(1.4 * normal)));
}

/**
 * Rows as getValues() returns what the sync writes: Date cells, booleans, numbers, '' for blanks; created in the 180
 * days before NOW, or in `window` (epoch ms) when given.
 */
export function generateRows(count: number, seed = 42, window?: { from: number; to: number }): CellValue[][] {
  const next = random(seed);
  const end = window?.to ?? NOW;
  const channels = ['whatsapp', 'web', 'instagram', 'telegram', 'api', 'email'];
  const agents = Array.from({ length: 8 }, (_, i) => `agent-${i + 1}`);
  const names = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Fábio', 'Gabriela', 'Heitor', 'Íris', 'João'];
  const rows: CellValue[][] = [[...CONVERSATION_HEADERS]];
  const span = window ? window.to - window.from : 180 * 86_400_000;
  for (let i = 0; i < count; i++) {
    const created = end - Math.floor(next() * span);
    const roll = next();
    const status = roll < 0.55 ? 'RESOLVED' : roll < 0.85 ? 'UNRESOLVED' : 'HUMAN_REQUESTED';
    const resolved = status === 'RESOLVED';
    const customer = 1 + Math.floor(next() * 8);
    const answered = next() > 0.08;
    const operator = next() < 0.25 ? 1 + Math.floor(next() * 4) : 0;
    const escalated = status === 'HUMAN_REQUESTED' || operator > 0;
    const operatorId = Math.floor(next() * 12);
    const frt = answered ? skewed(next, 45) : '';
    const updated = created + (resolved ? skewed(next, 1800) * 1000 : Math.floor(next() * 3_600_000));
    const hasFrustration = next() < 0.6;
    const score = hasFrustration ? Math.round(next() * 100) / 100 : '';
    const level = typeof score === 'number' ? Math.min(5, Math.floor(score * 5) + 1) : '';
    const name = `${pick(next, names)} ${pick(next, names)}`;
    const awaiting = !resolved && !answered;
    const values: Partial<Record<ConversationColumn, CellValue>> = {
      conversation_id: `conv-${seed}-${i}`,
      created_at: new Date(created),
      updated_at: new Date(updated),
      status,
      priority: pick(next, ['LOW', 'MEDIUM', 'HIGH', '']),
      channel: pick(next, channels),
      visitor_id: `visitor-${Math.floor(next() * count)}`,
      agent_id: pick(next, agents),
      frustration_level: level,
      first_response_time: frt,
      resolution_time: resolved ? Math.round(((updated - created) / 60_000) * 100) / 100 : '',
      message_count: customer * 2 + operator,
      satisfaction_score: next() < 0.3 ? 1 + Math.floor(next() * 5) : '',
      resolved,
      escalated_to_human: escalated,
      contact_name: name,
      contact_email: `${name.toLowerCase().replace(/[^a-z]/g, '.')}${i}@example.com`,
      title: `Dúvida sobre o pedido ${i}`,
      contact_phone: `+55 11 9${String(10_000_000 + i).slice(-8)}`,
      assignees: operator > 0 ? 'atendente@example.com' : '',
      ai_enabled: !escalated,
      tags: pick(next, ['', 'vendas', 'suporte, urgente', 'financeiro']),
      frustration_score: score,
      first_human_response_time: operator > 0 ? skewed(next, 300) : '',
      customer_messages: customer,
      ai_messages: customer,
      operator_messages: operator,
      unknown_agent_messages: 0,
      awaiting_reply: awaiting,
      last_customer_message_at: new Date(updated - 60_000),
      last_message_at: new Date(updated),
      ai_rating_good: next() < 0.1 ? 1 : 0,
      ai_rating_bad: next() < 0.03 ? 1 : 0,
      synced_at: new Date(NOW),
      // Service depth (metrics.md §6–7), with business hours on: business time at most the wall-clock time.
      first_response_business_time: typeof frt === 'number' ? Math.floor(frt * next()) : '',
      first_human_response_business_time: operator > 0 ? skewed(next, 200) : '',
      resolution_business_time: resolved ? Math.round(((updated - created) / 60_000) * next() * 100) / 100 : '',
      created_in_business_hours: next() < 0.7,
      first_operator_id: operator > 0 ? `user-${operatorId}` : '',
      operator_ids: operator > 1 ? `user-${operatorId}, user-${(operatorId + 1) % 12}` : operator > 0 ? `user-${operatorId}` : '',
      operator_handling_time: operator > 0 ? Math.round(next() * 3000) / 100 : '',
      first_customer_message_at: new Date(created),
    };
    rows.push(CONVERSATION_HEADERS.map((column) => values[column] ?? ''));
  }
  return rows;
}

interface Timing {
  /** Wall-clock seconds. */
  wall: number;
  /** CPU seconds of this process (user + system): the fairer figure when other work shares the 2 cores. */
  cpu: number;
}

function since(wallStart: bigint, cpuStart: NodeJS.CpuUsage): Timing {
  const cpu = process.cpuUsage(cpuStart);
  return { wall: Number(process.hrtime.bigint() - wallStart) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}

function runOurs(values: CellValue[][]): { read: Timing; total: Timing; depth: number; volume: number; firstResponseMedian: number | null } {
  // Business hours on and labels known: the dearest configuration (business KPIs, operators, durable AI's identity index).
  const context: DashboardContext = {
    timeZone: TIME_ZONE,
    now: new Date(NOW),
    slaSeconds: 300,
    abandonMinutes: 60,
    lastSync: null,
    businessHoursOn: true,
    operatorLabels: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`user-${i}`, `operador${i}@example.com`])),
  };
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const table = readConversationTable(values, TIME_ZONE);
  const read = since(wallStart, cpuStart);
  const data = computeDashboard(table, {}, context);
  const total = since(wallStart, cpuStart);
  // The durable-AI share (§8, the one figure that links rows across the sheet) over the already prepared rows, timed alone.
  const prepared = prepareColumns(columnsOfRecords(table.records), TIME_ZONE);
  const depthStart = process.cpuUsage();
  durableVerdicts(prepared, prepared.all, prepared.all, NOW);
  const depthCpu = process.cpuUsage(depthStart);
  const depth = (depthCpu.user + depthCpu.system) / 1e6;
  return { read, total, depth, volume: data.kpis.volume, firstResponseMedian: data.kpis.firstResponse.median };
}

function pythonWithPandas(): string | null {
  // The pyenv python first, then Debian's (python3-pandas installs there).
  for (const candidate of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(candidate, ['-c', 'import pandas'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

interface PandasFigures {
  parse_s: number;
  kpis_s: number;
  cpu_s: number;
  volume: number;
  first_response_median: number | null;
}

/** Prints the figures; the default export `npm run bench` calls. */
export default async function bench(): Promise<void> {
  const python = pythonWithPandas();
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pandas_kpis.py');
  const dir = mkdtempSync(path.join(tmpdir(), 'metrics-bench-'));
  console.log(`readConversationTable + computeDashboard (${TIME_ZONE}, no filters, business hours on), best of runs; wall and CPU seconds:`);
  if (!python) console.log(`pandas is absent (python3 -c "import pandas" fails): reference figure ${PANDAS_REFERENCE_100K_S} s for 100k rows.`);
  try {
    for (const size of SIZES) {
      const values = generateRows(size);
      const runs = size >= 500_000 ? 2 : 4;
      let best: ReturnType<typeof runOurs> | null = null;
      for (let i = 0; i < runs; i++) {
        const result = runOurs(values);
        if (!best || result.total.wall < best.total.wall) best = result;
      }
      if (!best) continue;
      const { read, total } = best;
      let line =
        `${String(size).padStart(7)} rows: ${total.wall.toFixed(3)} s wall, ${total.cpu.toFixed(3)} s CPU ` +
        `(read ${read.wall.toFixed(3)} s + compute ${(total.wall - read.wall).toFixed(3)} s wall` +
        `; durable AI resolution alone ${best.depth.toFixed(3)} s CPU)`;
      if (size === 100_000) {
        line += ` — target < ${PANDAS_REFERENCE_100K_S} s: ${total.wall < PANDAS_REFERENCE_100K_S ? 'met' : 'MISSED'} on wall time`;
        line += `, ${total.cpu < PANDAS_REFERENCE_100K_S ? 'met' : 'MISSED'} on CPU time`;
      }
      if (python) {
        const csvPath = path.join(dir, `rows-${size}.csv`);
        writeFileSync(csvPath, toCsv(values[0] as string[], values.slice(1), TIME_ZONE));
        const pandas = JSON.parse(
          execFileSync(python, [script, csvPath, String(NOW / 1000)], { encoding: 'utf8', maxBuffer: 1 << 20 }),
        ) as PandasFigures;
        const pandasWall = pandas.parse_s + pandas.kpis_s;
        line +=
          `\n${' '.repeat(13)}pandas: ${pandasWall.toFixed(3)} s wall (CSV parse ${pandas.parse_s.toFixed(3)} s + KPIs ${pandas.kpis_s.toFixed(3)} s), ` +
          `${pandas.cpu_s.toFixed(3)} s CPU → ours is ${(pandasWall / total.wall).toFixed(2)}× faster on wall time, ` +
          `${(pandas.cpu_s / total.cpu).toFixed(2)}× on CPU time` +
          ` [check: volume ${pandas.volume} vs ${best.volume}, first-response median ${pandas.first_response_median} vs ${best.firstResponseMedian}]`;
      }
      console.log(line);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
