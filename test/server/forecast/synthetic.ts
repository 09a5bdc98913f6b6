// Synthetic "Conversas" records for the forecast tests: a seeded weekly pattern with trend and noise.
import type { ConversationRecord } from '../../../src/server/domain/columns';
import { CONVERSATION_HEADERS } from '../../../src/server/domain/columns';

/** Mulberry32: a tiny seeded PRNG, so every run sees the same "noise". */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A record with every column blank but the ones given. */
export function record(fields: Partial<ConversationRecord>): ConversationRecord {
  const out: Record<string, unknown> = {};
  for (const name of CONVERSATION_HEADERS) out[name] = null;
  return { ...(out as ConversationRecord), ...fields };
}

/** Weekly shape added to the level, index 0 = the series' first day's weekday. */
export const WEEKLY = [10, 14, 12, 11, 9, -22, -34];

/**
 * Daily counts: 60 + trend·t + WEEKLY[t % 7] + uniform noise in [−noise, noise], rounded and floored at 0.
 */
export function syntheticCounts(days: number, options: { trend: number; noise: number; seed: number }): number[] {
  const random = seeded(options.seed);
  const out: number[] = [];
  for (let t = 0; t < days; t++) {
    const value = 60 + options.trend * t + (WEEKLY[t % 7] ?? 0) + (random() * 2 - 1) * options.noise;
    out.push(Math.max(0, Math.round(value)));
  }
  return out;
}

/**
 * Records for daily counts starting at `firstDayUtcMs` (a UTC midnight, used with the zone 'UTC'): the
 * conversations of a day are spread over the hours 9, 10, 14 and 20 in turn, so the hour profile is known.
 */
export function recordsFor(counts: readonly number[], firstDayUtcMs: number): ConversationRecord[] {
  const hours = [9, 10, 14, 20];
  const out: ConversationRecord[] = [];
  counts.forEach((count, d) => {
    for (let i = 0; i < count; i++) {
      const hour = hours[i % hours.length] as number;
      out.push(record({ conversation_id: `c${d}-${i}`, created_at: new Date(firstDayUtcMs + d * 86_400_000 + hour * 3_600_000 + i * 1000) }));
    }
  });
  return out;
}
