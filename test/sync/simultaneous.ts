// Simultaneous executions on the local runtime (which runs one at a time): each reads the Document Properties as they were before any of them wrote.
import type { LocalRuntime } from '../runtime/index';

type Change = { key: string; value: string | undefined };

function changes(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Change[] {
  const out: Change[] = [];
  for (const [key, value] of after) if (before.get(key) !== value) out.push({ key, value });
  for (const key of before.keys()) if (!after.has(key)) out.push({ key, value: undefined });
  return out;
}

/**
 * Runs `executions` as if they overlapped: each one starts from the Document Properties as they were before all of
 * them (none reads what another wrote), then every write of each lands, in order. Cell writes are not rolled back:
 * every edit did happen in the sheet. What a read-modify-write of one shared property loses, this loses too.
 */
export function simultaneously(rt: LocalRuntime, executions: Array<() => unknown>): void {
  const store = rt.properties.document;
  const before = new Map(store);
  const writes: Change[][] = [];
  for (const execute of executions) {
    store.clear();
    for (const [key, value] of before) store.set(key, value);
    execute();
    writes.push(changes(before, store));
  }
  store.clear();
  for (const [key, value] of before) store.set(key, value);
  for (const change of writes.flat()) {
    if (change.value === undefined) store.delete(change.key);
    else store.set(change.key, change.value);
  }
}
