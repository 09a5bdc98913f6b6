// Messages between the fake's controller (index.ts) and its server worker (server-worker.ts).
import type { FakeBehaviour, FaultRule, Mutation } from './types';

/** A control command sent to the worker. */
export type WorkerCommand =
  | { op: 'snapshot' }
  | { op: 'fault'; rule: FaultRule }
  | { op: 'clearFaults' }
  | { op: 'configure'; behaviour: FakeBehaviour }
  | { op: 'mutate'; change: Mutation }
  | { op: 'requests' }
  | { op: 'resetRequests' }
  | { op: 'close' };

/** A command with its correlation id. */
export interface WorkerRequest {
  id: number;
  command: WorkerCommand;
}

/** What the worker posts back. */
export type WorkerReply =
  | { kind: 'ready'; port: number }
  | { kind: 'failed'; error: string }
  | { kind: 'result'; id: number; value?: unknown; error?: string };
