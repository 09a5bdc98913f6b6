// Local runtime implementation (being filled in): wires the in-memory services into node:vm executions.
import type { LocalRuntime, RuntimeOptions } from './index';

/** Builds a LocalRuntime; see index.ts for the contract. */
export function createLocalRuntime(_options: RuntimeOptions): LocalRuntime {
  throw new Error('Local runtime not implemented yet');
}
