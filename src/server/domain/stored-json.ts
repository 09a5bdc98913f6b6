// Reading JSON the add-on stored itself (Document Properties): anything unreadable is simply absent.

/**
 * The object `json` holds, or null when it is empty, not JSON, an array or not an object (callers still check the
 * fields they need). Stored state is advisory: a caller treats null as "start over".
 * @example parseStoredObject('{"v":1}') // { v: 1 }; parseStoredObject('oops') // null
 */
export function parseStoredObject(json: string | null | undefined): Record<string, unknown> | null {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
}
