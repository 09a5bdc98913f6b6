// Public entry of the Chatvolt fake: starts the HTTP server in its own worker thread and controls it asynchronously.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type {
  FakeBehaviour,
  FakeOptions,
  FakeOrganisation,
  FaultRule,
  Mutation,
  MutationResult,
  RequestLogEntry,
} from './types';
import type { WorkerCommand, WorkerReply } from './protocol';

export type {
  ApiAssignee,
  ApiContact,
  ApiConversation,
  ApiConversationVariable,
  ApiMessage,
  ApiMessagesAnswer,
  ApiPriority,
  ApiStatus,
  ApiTag,
  ApiUsage,
  ApiUser,
  FakeBehaviour,
  FakeOptions,
  FakeOrganisation,
  FaultRule,
  Mutation,
  MutationResult,
  RequestLogEntry,
} from './types';
export { generateOrganisation } from './generator';
export { LATENCY_HEADER } from './server-state';

/** A running fake Chatvolt server; every method talks to the server's worker thread. */
export interface FakeChatvolt {
  /** 'http://127.0.0.1:<port>' */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Deep copy of the data as the server holds it (API-shaped JSON objects, relations included). */
  snapshot(): Promise<FakeOrganisation>;
  /** Queue a fault. */
  fault(rule: FaultRule): Promise<void>;
  clearFaults(): Promise<void>;
  /** Changes the accepted key, endDate handling, list cap or base modelled latency while the server runs. */
  configure(behaviour: FakeBehaviour): Promise<void>;
  mutate(change: Mutation): Promise<MutationResult>;
  /** Every request served, in order. */
  requests(): Promise<RequestLogEntry[]>;
  resetRequests(): Promise<void>;
  close(): Promise<void>;
}

let workerSource: string | undefined;

/**
 * The worker bundled to one CommonJS string. Bundling with esbuild (instead of pointing the Worker at the .ts
 * file) makes the worker start the same way under vitest, tsx and plain node, none of which share a TS loader
 * with worker threads reliably on Node 20.
 */
function bundledWorker(): string {
  if (workerSource === undefined) {
    const entry = fileURLToPath(new URL('./server-worker.ts', import.meta.url));
    const result = buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    const file = result.outputFiles[0];
    if (file === undefined) throw new Error('esbuild produced no worker bundle');
    workerSource = file.text;
  }
  return workerSource;
}

/**
 * Starts a fake Chatvolt API on an ephemeral loopback port, in a worker thread so it keeps answering while the
 * main thread is blocked in `Atomics.wait` (the local UrlFetchApp).
 * @example const fake = await startFakeChatvolt({ seed: 7, conversations: 50 }); ...; await fake.close();
 */
export async function startFakeChatvolt(options: FakeOptions = {}): Promise<FakeChatvolt> {
  const worker = new Worker(bundledWorker(), { eval: true, workerData: options });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;

  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (message: WorkerReply): void => {
      if (message.kind === 'ready') {
        worker.off('error', reject);
        resolve(message.port);
      } else if (message.kind === 'failed') {
        reject(new Error(message.error));
      }
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
  });

  worker.on('message', (message: WorkerReply) => {
    if (message.kind !== 'result') return;
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(message.error));
    else waiter.resolve(message.value);
  });
  const failAll = (error: Error): void => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('fake Chatvolt worker exited')));

  const call = <T>(command: WorkerCommand): Promise<T> => {
    if (exited) return Promise.reject(new Error('fake Chatvolt is closed'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, command });
    });
  };

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: options.apiKey ?? 'test-key',
    snapshot: () => call<FakeOrganisation>({ op: 'snapshot' }),
    fault: (rule) => call<void>({ op: 'fault', rule }),
    clearFaults: () => call<void>({ op: 'clearFaults' }),
    configure: (behaviour) => call<void>({ op: 'configure', behaviour }),
    mutate: (change) => call<MutationResult>({ op: 'mutate', change }),
    requests: () => call<RequestLogEntry[]>({ op: 'requests' }),
    resetRequests: () => call<void>({ op: 'resetRequests' }),
    close: async () => {
      if (exited) return;
      await call<void>({ op: 'close' });
      await worker.terminate();
    },
  };
}
