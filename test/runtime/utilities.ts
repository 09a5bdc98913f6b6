// Utilities (formatDate, sleep, blobs, base64, digests, UUIDs), Session, Logger and MailApp.
import crypto from 'node:crypto';
import { format as formatLog } from 'node:util';
import { Execution, GasError, GasObject } from './execution';
import { PatternError, formatDate } from './format-date';
import type { RuntimeState } from './state';
import { isValidTimeZone } from './time-zone';

/** Bytes as Apps Script returns them: Java's signed bytes (-128…127). */
export function toBytes(data: Uint8Array | number[]): number[] {
  return Array.from(data, (b) => (b > 127 ? b - 256 : b));
}

function bytesOf(data: unknown): number[] {
  if (typeof data === 'string') return toBytes(new Uint8Array(Buffer.from(data, 'utf8')));
  if (data instanceof Blob) return [...data.bytes];
  if (Array.isArray(data)) return (data as unknown[]).map((b) => Number(b));
  throw new GasError("The parameters don't match the method signature.");
}

function buffer(bytes: number[]): Buffer {
  return Buffer.from(bytes.map((b) => b & 255));
}

export class Blob extends GasObject {
  constructor(
    exec: Execution,
    public bytes: number[],
    public contentType: string | null,
    public name: string | null,
  ) {
    super('Blob', exec);
  }
  getBytes(): number[] {
    return [...this.bytes];
  }
  getDataAsString(_charset?: string): string {
    return buffer(this.bytes).toString('utf8');
  }
  setDataFromString(text: string): Blob {
    this.bytes = bytesOf(String(text));
    return this;
  }
  getContentType(): string | null {
    return this.contentType;
  }
  setContentType(contentType: string): Blob {
    this.contentType = contentType;
    return this;
  }
  getName(): string | null {
    return this.name;
  }
  setName(name: string): Blob {
    this.name = name;
    return this;
  }
  copyBlob(): Blob {
    return new Blob(this.exec, [...this.bytes], this.contentType, this.name);
  }
}

const DIGESTS: Record<string, string> = { MD2: 'md2', MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };

export class Utilities extends GasObject {
  constructor(exec: Execution) {
    super('Utilities', exec);
  }
  get DigestAlgorithm(): Record<string, string> {
    return Object.fromEntries(Object.keys(DIGESTS).map((k) => [k, k]));
  }
  get Charset(): Record<string, string> {
    return { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' };
  }
  formatDate(date: unknown, timeZone: unknown, format: unknown): string {
    if (!(date instanceof Date) || typeof timeZone !== 'string' || typeof format !== 'string')
      throw new GasError("The parameters don't match the method signature for Utilities.formatDate.");
    if (!isValidTimeZone(timeZone)) throw new GasError(`Invalid argument: timeZone`);
    if (Number.isNaN(date.getTime())) throw new GasError('Invalid argument: date');
    try {
      return formatDate(date.getTime(), timeZone, format);
    } catch (error) {
      if (error instanceof PatternError) throw new GasError(`Invalid argument: ${format}`);
      throw error;
    }
  }
  sleep(milliseconds: number): void {
    // Apps Script caps one sleep at 5 minutes; here it only moves the virtual clock.
    if (typeof milliseconds !== 'number' || milliseconds < 0 || milliseconds > 300_000) throw new GasError('Invalid argument: milliseconds');
    this.exec.charge(milliseconds);
  }
  newBlob(data: unknown, contentType?: string, name?: string): Blob {
    return new Blob(this.exec, bytesOf(data), contentType ?? null, name ?? null);
  }
  base64Encode(data: unknown): string {
    return buffer(bytesOf(data)).toString('base64');
  }
  base64EncodeWebSafe(data: unknown): string {
    return buffer(bytesOf(data)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }
  base64Decode(encoded: string): number[] {
    return toBytes(new Uint8Array(Buffer.from(String(encoded), 'base64')));
  }
  base64DecodeWebSafe(encoded: string): number[] {
    return toBytes(new Uint8Array(Buffer.from(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
  }
  computeDigest(algorithm: string, value: unknown): number[] {
    const name = DIGESTS[algorithm];
    if (!name) throw new GasError('Invalid argument: algorithm');
    return toBytes(new Uint8Array(crypto.createHash(name).update(buffer(bytesOf(value))).digest()));
  }
  computeHmacSha256Signature(value: unknown, key: unknown): number[] {
    return toBytes(new Uint8Array(crypto.createHmac('sha256', buffer(bytesOf(key))).update(buffer(bytesOf(value))).digest()));
  }
  getUuid(): string {
    return crypto.randomUUID();
  }
}

export class User extends GasObject {
  constructor(
    exec: Execution,
    readonly email: string,
  ) {
    super('User', exec);
  }
  getEmail(): string {
    return this.email;
  }
}

export class Session extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('Session', exec);
  }
  getActiveUser(): User {
    return new User(this.exec, this.exec.settings.user);
  }
  getEffectiveUser(): User {
    return new User(this.exec, this.exec.settings.user);
  }
  getScriptTimeZone(): string {
    return this.state.scriptTimeZone;
  }
  getActiveUserLocale(): string {
    return 'pt_BR';
  }
  getTemporaryActiveUserKey(): string {
    return crypto.createHash('sha256').update(this.exec.settings.user).digest('hex').slice(0, 32);
  }
}

export class Logger extends GasObject {
  constructor(exec: Execution) {
    super('Logger', exec);
  }
  log(data: unknown, ...values: unknown[]): Logger {
    this.exec.logs.push(formatLog(typeof data === 'string' ? data : JSON.stringify(data), ...values));
    return this;
  }
}

function recipients(list: unknown): string[] {
  if (list === undefined || list === null || list === '') return [];
  return String(list)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export class MailApp extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('MailApp', exec);
  }
  private _day(): string {
    return new Date(this.state.clockMs).toISOString().slice(0, 10);
  }
  getRemainingDailyQuota(): number {
    return Math.max(0, this.state.mailQuota - (this.state.mailUsed.get(this._day()) ?? 0));
  }
  sendEmail(first: unknown, subject?: unknown, body?: unknown, options?: unknown): void {
    const message = (typeof first === 'object' && first !== null ? first : { ...((options as object | undefined) ?? {}), to: first, subject, body }) as Record<
      string,
      unknown
    >;
    const to = recipients(message.to);
    const count = to.length + recipients(message.cc).length + recipients(message.bcc).length;
    if (count === 0) throw new GasError('Failed to send email: no recipient');
    if (count > this.getRemainingDailyQuota()) throw new GasError('Service invoked too many times for one day: email.');
    const attachments = Array.isArray(message.attachments) ? (message.attachments as unknown[]) : [];
    if (!attachments.every((a) => a instanceof Blob)) throw new GasError('Invalid argument: attachments');
    this.state.mailUsed.set(this._day(), (this.state.mailUsed.get(this._day()) ?? 0) + count);
    this.state.mail.push({
      to: to.join(','),
      subject: String(message.subject ?? ''),
      body: String(message.body ?? ''),
      ...(typeof message.htmlBody === 'string' ? { htmlBody: message.htmlBody } : {}),
      attachments: (attachments as Blob[]).map((a) => ({ name: a.name ?? '', contentType: a.contentType ?? 'application/octet-stream', size: a.bytes.length })),
    });
  }
}
