// The userId → label map of human operators (metrics.md §7): e-mail, else name, learnt from assignees; bounded to one property.
import type { ChatvoltConversation } from './chatvolt';

/** Document Property holding the map (JSON object, most recently seen last). */
export const OPERATOR_LABELS_KEY = 'operators.labels.v1';
/** Bounds that keep the JSON well under the 9 KB a property value may hold (⚑ apps-script-platform.md). */
const MAX_OPERATORS = 150;
const MAX_LABEL_LENGTH = 80;
const MAX_ID_LENGTH = 64;
const MAX_JSON_CHARS = 8000;

/** userId → label. */
export type OperatorLabels = Readonly<Record<string, string>>;

/** The stored map, or an empty one when absent or unreadable (labels then fall back to the ids). */
export function parseOperatorLabels(json: string | null | undefined): OperatorLabels {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [id, label] of Object.entries(parsed as Record<string, unknown>)) if (typeof label === 'string') out[id] = label;
    return out;
  } catch {
    return {};
  }
}

/**
 * The map after learning from `conversations`' assignees (`{user: {id, name, email}}` and the other shapes,
 * normalised by the parser): label = e-mail, else name. When something is new, the entries seen move to the end; past
 * the bounds the least recently seen leave first. Returns the new JSON, or null when nothing changed (no property write).
 */
export function learnOperatorLabels(storedJson: string | null | undefined, conversations: readonly ChatvoltConversation[]): string | null {
  const current = parseOperatorLabels(storedJson);
  const learnt = new Map<string, string>();
  for (const conversation of conversations) {
    for (const assignee of conversation.assignees ?? []) {
      const id = assignee.id?.trim() ?? '';
      const label = (assignee.email?.trim() || assignee.name?.trim()) ?? '';
      if (id === '' || label === '' || id.length > MAX_ID_LENGTH) continue;
      learnt.delete(id);
      learnt.set(id, label.slice(0, MAX_LABEL_LENGTH));
    }
  }
  // Recency is refreshed only when something is new: an unchanged map costs no property write.
  if ([...learnt].every(([id, label]) => current[id] === label)) return null;
  const merged = new Map<string, string>(Object.entries(current));
  for (const [id, label] of learnt) {
    merged.delete(id);
    merged.set(id, label);
  }
  const entries = [...merged];
  while (entries.length > MAX_OPERATORS) entries.shift();
  let json = JSON.stringify(Object.fromEntries(entries));
  while (json.length > MAX_JSON_CHARS && entries.length > 0) {
    entries.shift();
    json = JSON.stringify(Object.fromEntries(entries));
  }
  return json;
}

/** The label of an operator: its learnt e-mail or name, else the id itself (metrics.md §7). */
export function operatorLabel(labels: OperatorLabels, id: string): string {
  return Object.prototype.hasOwnProperty.call(labels, id) ? (labels[id] as string) : id;
}
