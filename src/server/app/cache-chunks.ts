// Long texts in CacheService: split into token-tagged chunks under fixed keys, read back whole or not at all.
//
// CacheService rejects values over 100 KB and may evict entries one by one: each chunk carries the token of its put,
// so chunks of two puts never mix and a missing one makes the whole text missing.

/** Characters a chunk holds (ASCII texts: characters = bytes; the key and the token prefix fit under 100 KB). */
export const CHUNK_CHARS = 99_000;

/** A token naming one put: its time and a random part. */
export function randomToken(nowMs: number): string {
  return `${nowMs.toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
}

/** `text` as entries `keys[0..n)` tagged with `token`; null when it needs more than `max` chunks (or keys). */
export function chunked(keys: readonly string[], token: string, text: string, max: number = keys.length): Record<string, string> | null {
  const count = Math.ceil(text.length / CHUNK_CHARS);
  if (count > Math.min(max, keys.length)) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[keys[i] as string] = `${token}:${text.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS)}`;
  return out;
}

/** Joins chunks `keys[0..count)` that carry `token`; null when one is missing, from another put, or the length differs. */
export function joinChunks(found: Record<string, string>, keys: readonly string[], count: number, token: string, length: number): string | null {
  const prefix = `${token}:`;
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const part = found[keys[i] ?? ''];
    if (part === undefined || !part.startsWith(prefix)) return null;
    parts.push(part.slice(prefix.length));
  }
  const text = parts.join('');
  return text.length === length ? text : null;
}
