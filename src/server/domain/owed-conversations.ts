// The conversations owed messages at the wall, stored apart from the capacity state: several Document Properties keys.
/**
 * Document Properties keys holding the owed conversation ids, one id a line. Apps Script allows 9 KB a value and
 * 500 KB a store (apps-script-platform.md ⚑): eight keys of at most `OWED_CHARS_PER_KEY` characters take at most
 * 64 KB, an eighth of the store — about 2,400 Chatvolt ids (cuids, 25 characters plus the line break), a week and
 * more of every conversation of a team with 300 a day changing while the sheet is full. The capacity state
 * (`capacity.v1`) stays a few hundred characters.
 */
export const OWED_STATE_KEYS: readonly string[] = Array.from({ length: 8 }, (_, i) => `capacity.owed.${i}`);

/** Characters a key holds at most: under 9 KB (9,216 bytes) with the key's name, ids being ASCII. */
export const OWED_CHARS_PER_KEY = 8000;

/** The stored ids, oldest first, without repeats or blanks (`values` as read by one getMany). */
export function parseOwed(values: Readonly<Record<string, string | null | undefined>>): string[] {
  const ids = new Set<string>();
  for (const key of OWED_STATE_KEYS) {
    for (const id of (values[key] ?? '').split('\n')) if (id.trim() !== '') ids.add(id.trim());
  }
  return [...ids];
}

/**
 * The values to store for `ids` (oldest first): every key, '' for an unused one. When they do not all fit, the
 * oldest are dropped and counted, so the caller can say so instead of forgetting them silently.
 * @example packOwed(['c1', 'c2']) // { values: { 'capacity.owed.0': 'c1\nc2', 'capacity.owed.1': '', … }, kept: ['c1', 'c2'], dropped: 0 }
 */
export function packOwed(ids: readonly string[]): { values: Record<string, string>; kept: string[]; dropped: number } {
  const count = OWED_STATE_KEYS.length;
  // Filled newest first from the last key backwards, so what overflows is the oldest; reading the keys in order then
  // gives oldest first.
  const chunks: string[][] = OWED_STATE_KEYS.map(() => []);
  let key = count - 1;
  let size = 0;
  let kept = 0;
  for (let i = ids.length - 1; i >= 0; i--) {
    const id = ids[i] as string;
    const cost = id.length + 1;
    if (size + cost > OWED_CHARS_PER_KEY) {
      key -= 1;
      size = 0;
    }
    // An id longer than a key (none from Chatvolt) ends the list like a full store.
    if (key < 0 || cost > OWED_CHARS_PER_KEY) break;
    (chunks[key] as string[]).unshift(id);
    size += cost;
    kept += 1;
  }
  const values: Record<string, string> = {};
  OWED_STATE_KEYS.forEach((name, i) => {
    values[name] = (chunks[i] as string[]).join('\n');
  });
  return { values, kept: ids.slice(ids.length - kept), dropped: ids.length - kept };
}
