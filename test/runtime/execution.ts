// One execution of the local runtime: call counting, modelled time, faults, authorization, and the host↔script bridge.
import vm from 'node:vm';
import { callCostMs, payloadCostMs } from './latency';

/** An error as Apps Script services throw it (the script sees an Error named 'Exception' with this message). */
export class GasError extends Error {
  override readonly name = 'Exception';
}

/** Ends the execution (abortAtCall fault, time limit): every later service call throws it again. */
export class ExecutionAbort extends Error {}

/** Base of every object a script can see: only prototype methods and getters whose names do not start with '_' are visible. */
export abstract class GasObject {
  protected constructor(
    readonly gasClass: string,
    readonly exec: Execution,
  ) {}
}

/** Per-execution options as the runtime resolved them. */
export interface ExecutionSettings {
  authMode: 'NONE' | 'LIMITED' | 'FULL';
  trigger: 'ui' | 'time' | 'simple';
  user: string;
  abortAtCall: number | undefined;
  limitMs: number;
}

/** Calls allowed in AuthMode.NONE: building the menu (apps-script-platform.md: "build the menu only"), logging, local utilities. */
function allowedWithoutAuth(cls: string, method: string): boolean {
  if (cls === 'SpreadsheetApp' && method === 'getUi') return true;
  if (cls === 'Ui') return method === 'createMenu' || method === 'createAddonMenu';
  return cls === 'Menu' || cls === 'Logger' || (cls === 'Utilities' && method !== 'sleep');
}

/** Services a simple trigger (AuthMode.LIMITED) may not use: they need the user's authorization. */
function needsFullAuth(cls: string, method: string): boolean {
  if (cls === 'UrlFetchApp' || cls === 'MailApp') return true;
  return cls === 'ScriptApp' && ['newTrigger', 'getProjectTriggers', 'getUserTriggers', 'deleteTrigger', 'getOAuthToken'].includes(method);
}

const SCRIPT_BRIDGE = `({
  date: (ms) => new Date(ms),
  array: () => [],
  object: () => ({}),
  error: (name, message) => { const e = new Error(message); e.name = name; return e; },
})`;

interface ScriptBridge {
  date(ms: number): Date;
  array(): unknown[];
  object(): Record<string, unknown>;
  error(name: string, message: string): Error;
}

/** State of one execution; services charge time and count calls through it. */
export class Execution {
  calls = 0;
  readonly callsByMethod: Record<string, number> = {};
  modelledMs = 0;
  /** CPU time (µs, this process) spent inside service calls: the runtime's own work, not the script's. */
  serviceCpuMicros = 0;
  readonly logs: string[] = [];
  /** Set once the execution was killed; the run ends with this error. */
  abort: { name: string; message: string } | null = null;
  private readonly bridge: ScriptBridge;
  private readonly proxies = new WeakMap<object, object>();
  private static readonly targets = new WeakMap<object, object>();

  constructor(
    readonly settings: ExecutionSettings,
    readonly context: vm.Context,
    private readonly advanceClock: (ms: number) => void,
  ) {
    this.bridge = vm.runInContext(SCRIPT_BRIDGE, context) as ScriptBridge;
  }

  /** Adds modelled time (and moves the virtual clock); kills the execution past its limit. */
  charge(ms: number): void {
    if (ms <= 0) return;
    this.modelledMs += ms;
    this.advanceClock(ms);
    if (this.modelledMs > this.settings.limitMs && !this.abort) {
      this.abort = { name: 'Exception', message: 'Exceeded maximum execution time' };
      throw new ExecutionAbort(this.abort.message);
    }
  }

  /** Counts one service call and applies the fault switch, the kill state and the authorization mode. */
  enter(cls: string, method: string): void {
    if (this.abort) throw new ExecutionAbort(this.abort.message);
    this.calls += 1;
    const key = `${cls}.${method}`;
    this.callsByMethod[key] = (this.callsByMethod[key] ?? 0) + 1;
    if (this.settings.abortAtCall !== undefined && this.calls === this.settings.abortAtCall) {
      this.abort = { name: 'ExecutionAborted', message: `Execution aborted at service call ${this.calls} (${key})` };
      throw new ExecutionAbort(this.abort.message);
    }
    const { authMode } = this.settings;
    if ((authMode === 'NONE' && !allowedWithoutAuth(cls, method)) || (authMode === 'LIMITED' && needsFullAuth(cls, method)))
      throw new GasError(`You do not have permission to call ${key}`);
    this.charge(callCostMs(cls, method));
  }

  /** The script-side view of a host object (a Proxy exposing only its public API). */
  expose<T extends GasObject>(target: T): object {
    const existing = this.proxies.get(target);
    if (existing) return existing;
    const methods = new Map<string, (...args: unknown[]) => unknown>();
    const proxy = new Proxy(target, {
      get: (t, prop) => {
        if (typeof prop !== 'string' || prop.startsWith('_') || prop === 'constructor') return undefined;
        if (prop === 'toString') return () => t.gasClass;
        const descriptor = findDescriptor(t, prop);
        if (!descriptor) return undefined;
        if (descriptor.get) return this.toScript(descriptor.get.call(t));
        if (typeof descriptor.value !== 'function') return undefined;
        let wrapped = methods.get(prop);
        if (!wrapped) {
          const fn = descriptor.value as (...args: unknown[]) => unknown;
          wrapped = (...args: unknown[]) => this.invoke(t, prop, fn, args);
          methods.set(prop, wrapped);
        }
        return wrapped;
      },
      set: () => true,
      has: (t, prop) => typeof prop === 'string' && !prop.startsWith('_') && findDescriptor(t, prop) !== undefined,
      ownKeys: () => [],
      getOwnPropertyDescriptor: () => undefined,
    });
    this.proxies.set(target, proxy);
    Execution.targets.set(proxy, target);
    return proxy;
  }

  private invoke(target: GasObject, method: string, fn: (...args: unknown[]) => unknown, args: unknown[]): unknown {
    const cpuStart = process.cpuUsage();
    try {
      this.enter(target.gasClass, method);
      const hostArgs = args.map((a) => this.toHost(a));
      const result = fn.apply(target, hostArgs);
      this.charge(payloadCostMs(target.gasClass, method, hostArgs, result));
      return this.toScript(result);
    } catch (error) {
      throw this.scriptError(error);
    } finally {
      const used = process.cpuUsage(cpuStart);
      this.serviceCpuMicros += used.user + used.system;
    }
  }

  /** Converts a host error into an Error of the script's realm (so `instanceof Error` holds there). */
  scriptError(error: unknown): Error {
    if (error instanceof ExecutionAbort) return this.bridge.error(this.abort?.name ?? 'Exception', error.message);
    if (error instanceof GasError) return this.bridge.error('Exception', error.message);
    if (error instanceof Error) return this.bridge.error(error.name, error.message);
    return this.bridge.error('Exception', String(error));
  }

  /** Script value → host value: unwraps exposed objects, copies Dates, arrays and plain objects. */
  toHost(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    const target = Execution.targets.get(value);
    if (target) return target;
    if (Object.prototype.toString.call(value) === '[object Date]') return new Date(Date.prototype.getTime.call(value));
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
    if (Array.isArray(value)) return Array.from(value as unknown[], (v) => this.toHost(v));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = this.toHost((value as Record<string, unknown>)[key]);
    return out;
  }

  /** Host value → script value: exposes service objects, re-creates Dates, arrays and plain objects in the script's realm. */
  toScript(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof GasObject) return this.expose(value);
    if (value instanceof Date) return this.bridge.date(value.getTime());
    if (Array.isArray(value)) {
      const out = this.bridge.array();
      for (const v of value) out.push(this.toScript(v));
      return out;
    }
    const out = this.bridge.object();
    for (const key of Object.keys(value)) out[key] = this.toScript((value as Record<string, unknown>)[key]);
    return out;
  }
}

function findDescriptor(target: object, prop: string): PropertyDescriptor | undefined {
  let proto: object | null = Object.getPrototypeOf(target) as object | null;
  while (proto && proto !== GasObject.prototype && proto !== Object.prototype) {
    const d = Object.getOwnPropertyDescriptor(proto, prop);
    if (d) return d;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return undefined;
}
