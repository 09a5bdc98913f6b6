// State of a local runtime that outlives executions: spreadsheet, stores, caches, locks, triggers, mail, UI records.
import type { BookModel } from './sheet-model';
import type { HttpClient } from './http-client';

export interface CacheEntry {
  value: string;
  expiresAt: number;
}

export interface TriggerRecord {
  id: string;
  handler: string;
  type: 'CLOCK';
  everyMinutes?: number;
  everyHours?: number;
  user: string;
}

export interface MailRecord {
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  attachments: Array<{ name: string; contentType: string; size: number }>;
}

/** Who holds a lock: an execution number, or 'external' for holdDocumentLock(). */
export type LockHolder = number | 'external';

export interface RuntimeState {
  clockMs: number;
  readonly scriptTimeZone: string;
  readonly installation: 'bound' | 'addon';
  /** Alternative readings of assumed behaviours (RuntimeOptions.readings). */
  readonly readings: { clearRemovesCharts: boolean; userTriggersOmitClock: boolean };
  readonly defaultUser: string;
  readonly distDir: string;
  readonly mailQuota: number;
  readonly addonName: string;
  readonly book: BookModel;
  readonly userProperties: Map<string, Map<string, string>>;
  readonly documentProperties: Map<string, string>;
  readonly scriptProperties: Map<string, string>;
  /** Cache stores by name: 'document', 'script', 'user:<email>'. */
  readonly caches: Map<string, Map<string, CacheEntry>>;
  /** Lock holders by name: 'document', 'script', 'user:<email>'. */
  readonly locks: Map<string, LockHolder>;
  readonly triggers: TriggerRecord[];
  nextTriggerId: number;
  readonly mail: MailRecord[];
  /** Recipients used per virtual day (yyyy-mm-dd UTC). */
  readonly mailUsed: Map<string, number>;
  readonly urlFetchDailyQuota: number;
  /** UrlFetch requests per virtual day (yyyy-mm-dd UTC). */
  readonly urlFetchUsed: Map<string, number>;
  readonly ui: {
    menus: Array<{ title: string; addon: boolean; items: Array<{ label: string; functionName: string }> }>;
    toasts: Array<{ message: string; title: string }>;
    sidebars: Array<{ file: string; title: string; html: string }>;
    dialogs: Array<{ file: string; title: string; html: string; width?: number; height?: number }>;
    alerts: Array<{ title: string; prompt: string }>;
  };
  readonly http: HttpClient;
  /** Number of the running execution (lock ownership). */
  executionNumber: number;
}
