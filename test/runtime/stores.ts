// PropertiesService, CacheService and LockService over the runtime's persistent state, with Apps Script's limits.
import { Execution, GasError, GasObject } from './execution';
import type { CacheEntry, RuntimeState } from './state';

/** ⚑ PropertiesService value / store: 9 KB / 500 KB (apps-script-platform.md, Quotas). */
export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;
/** ⚑ CacheService key / value / TTL: 250 chars / 100 KB / 6 h (apps-script-platform.md, Quotas). */
export const MAX_CACHE_KEY_CHARS = 250;
export const MAX_CACHE_VALUE_BYTES = 100 * 1024;
export const MAX_CACHE_TTL_SECONDS = 21_600;
const DEFAULT_CACHE_TTL_SECONDS = 600;

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function storeBytes(store: Map<string, string>): number {
  let total = 0;
  for (const [k, v] of store) total += bytes(k) + bytes(v);
  return total;
}

export class Properties extends GasObject {
  constructor(
    exec: Execution,
    readonly store: Map<string, string>,
  ) {
    super('Properties', exec);
  }
  /** Validates a write of `values` (after deleting the others when `replace`), then applies it. */
  private _write(values: Record<string, unknown>, replace: boolean): void {
    const next = replace ? new Map<string, string>() : new Map(this.store);
    for (const [key, value] of Object.entries(values)) {
      const text = String(value);
      if (bytes(text) > MAX_PROPERTY_VALUE_BYTES) throw new GasError('Argument too large: value');
      next.set(key, text);
    }
    if (storeBytes(next) > MAX_PROPERTY_STORE_BYTES)
      throw new GasError('You have exceeded the property storage quota. Please remove some properties and try again.');
    this.store.clear();
    for (const [k, v] of next) this.store.set(k, v);
  }
  getProperty(key: string): string | null {
    return this.store.get(String(key)) ?? null;
  }
  setProperty(key: string, value: unknown): Properties {
    if (typeof key !== 'string' || key === '') throw new GasError('Invalid argument: key');
    this._write({ [key]: value }, false);
    return this;
  }
  setProperties(properties: unknown, deleteAllOthers?: boolean): Properties {
    if (typeof properties !== 'object' || properties === null) throw new GasError("The parameters don't match the method signature for Properties.setProperties.");
    this._write(properties as Record<string, unknown>, deleteAllOthers === true);
    return this;
  }
  getProperties(): Record<string, string> {
    return Object.fromEntries(this.store);
  }
  getKeys(): string[] {
    return [...this.store.keys()];
  }
  deleteProperty(key: string): Properties {
    this.store.delete(String(key));
    return this;
  }
  deleteAllProperties(): Properties {
    this.store.clear();
    return this;
  }
}

export class PropertiesService extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('PropertiesService', exec);
  }
  getUserProperties(): Properties {
    const user = this.exec.settings.user;
    let store = this.state.userProperties.get(user);
    if (!store) {
      store = new Map();
      this.state.userProperties.set(user, store);
    }
    return new Properties(this.exec, store);
  }
  getDocumentProperties(): Properties {
    return new Properties(this.exec, this.state.documentProperties);
  }
  getScriptProperties(): Properties {
    return new Properties(this.exec, this.state.scriptProperties);
  }
}

export class Cache extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
    readonly store: Map<string, CacheEntry>,
  ) {
    super('Cache', exec);
  }
  private _live(key: string): string | null {
    const entry = this.store.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.state.clockMs) {
      this.store.delete(key);
      return null;
    }
    return entry.value;
  }
  private _check(key: unknown, value?: unknown): string {
    if (typeof key !== 'string' || key === '') throw new GasError('Invalid argument: key');
    if (key.length > MAX_CACHE_KEY_CHARS) throw new GasError('Argument too large: key');
    if (value !== undefined && bytes(String(value)) > MAX_CACHE_VALUE_BYTES) throw new GasError('Argument too large: value');
    return key;
  }
  private _expiry(ttl: unknown): number {
    const seconds = ttl === undefined ? DEFAULT_CACHE_TTL_SECONDS : Number(ttl);
    if (!Number.isFinite(seconds) || seconds < 1) throw new GasError('Invalid argument: expirationInSeconds');
    // TTLs past 6 hours are silently capped.
    return this.state.clockMs + Math.min(seconds, MAX_CACHE_TTL_SECONDS) * 1000;
  }
  get(key: string): string | null {
    return this._live(this._check(key));
  }
  getAll(keys: unknown): Record<string, string> {
    if (!Array.isArray(keys)) throw new GasError("The parameters don't match the method signature for Cache.getAll.");
    const out: Record<string, string> = {};
    for (const key of keys) {
      const value = this._live(this._check(key));
      if (value !== null) out[key as string] = value;
    }
    return out;
  }
  put(key: string, value: unknown, expirationInSeconds?: number): void {
    this._check(key, value);
    this.store.set(key, { value: String(value), expiresAt: this._expiry(expirationInSeconds) });
  }
  putAll(values: unknown, expirationInSeconds?: number): void {
    if (typeof values !== 'object' || values === null) throw new GasError("The parameters don't match the method signature for Cache.putAll.");
    const entries = Object.entries(values as Record<string, unknown>);
    for (const [k, v] of entries) this._check(k, v);
    const expiresAt = this._expiry(expirationInSeconds);
    for (const [k, v] of entries) this.store.set(k, { value: String(v), expiresAt });
  }
  remove(key: string): void {
    this.store.delete(this._check(key));
  }
  removeAll(keys: unknown): void {
    if (!Array.isArray(keys)) throw new GasError("The parameters don't match the method signature for Cache.removeAll.");
    for (const key of keys) this.store.delete(this._check(key));
  }
}

export class CacheService extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('CacheService', exec);
  }
  private _cache(name: string): Cache {
    let store = this.state.caches.get(name);
    if (!store) {
      store = new Map();
      this.state.caches.set(name, store);
    }
    return new Cache(this.exec, this.state, store);
  }
  getDocumentCache(): Cache {
    return this._cache('document');
  }
  getScriptCache(): Cache {
    return this._cache('script');
  }
  getUserCache(): Cache {
    return this._cache(`user:${this.exec.settings.user}`);
  }
}

export class Lock extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
    readonly name: string,
  ) {
    super('Lock', exec);
  }
  private _acquire(): boolean {
    const holder = this.state.locks.get(this.name);
    if (holder !== undefined && holder !== this.state.executionNumber) return false;
    this.state.locks.set(this.name, this.state.executionNumber);
    return true;
  }
  tryLock(timeoutInMillis: number): boolean {
    if (this._acquire()) return true;
    // Executions run one after another here, so the holder cannot release while we wait: the whole timeout passes.
    this.exec.charge(Math.max(0, Number(timeoutInMillis) || 0));
    return false;
  }
  waitLock(timeoutInMillis: number): void {
    if (!this.tryLock(timeoutInMillis)) throw new GasError('Lock timeout: another process was holding the lock for too long.');
  }
  releaseLock(): void {
    if (this.state.locks.get(this.name) === this.state.executionNumber) this.state.locks.delete(this.name);
  }
  hasLock(): boolean {
    return this.state.locks.get(this.name) === this.state.executionNumber;
  }
}

export class LockService extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('LockService', exec);
  }
  getDocumentLock(): Lock {
    return new Lock(this.exec, this.state, 'document');
  }
  getScriptLock(): Lock {
    return new Lock(this.exec, this.state, 'script');
  }
  getUserLock(): Lock {
    return new Lock(this.exec, this.state, `user:${this.exec.settings.user}`);
  }
}
