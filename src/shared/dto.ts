// JSON-safe types that cross google.script.run (contract.md): no Date, times are ISO-8601 strings.

/** Stored settings as the sidebar and dialog see them; the API key never leaves the server. */
export interface SettingsView {
  apiKeySet: boolean;
  baseUrl: string;
  agentIds: string[];
  /** `YYYY-MM-DD`, or null until chosen (then 90 days before the first sync). */
  syncStart: string | null;
  reconcileDays: number;
  /** 0 = off; 1, 5, 10, 15, 30, 60 (an Editor add-on: 0 or 60). */
  syncIntervalMinutes: number;
  slaSeconds: number;
  abandonMinutes: number;
  csatVariables: string[];
  /** Rebuild the generated sheets after each scheduled sync (issue 5). */
  rebuildAfterSync: boolean;
  /** Alert rules and recipients (issue 6). */
  alerts: AlertSettings;
  /** Scheduled e-mail report (issue 6). */
  report: ReportSettings;
  /** `bound` (clasp-pushed into one spreadsheet) or `addon` (Editor add-on): decides the allowed intervals. */
  deployment: 'bound' | 'addon';
  /** The intervals this deployment accepts, for the dialog's select. */
  allowedIntervals: number[];
  /** The spreadsheet's time zone, for display. */
  timeZone: string;
  /** Whether the user asking holds the runScheduledSync trigger (Apps Script triggers belong to one user). */
  syncTriggerActive?: boolean;
  /** metrics.md §6 (contract.md): per-weekday `["HH:mm","HH:mm"]` intervals; all empty = off. */
  businessHours: BusinessHours;
  /** `YYYY-MM-DD` days closed all day (spreadsheet time zone). */
  holidays: string[];
  /** Keep messages of the last N days in "Mensagens" (0 = all, or 7–3,650). Optional until issue 11. */
  messageRetentionDays?: number;
  /** Whether the user (not the automatic rule at 90 %) chose `messageRetentionDays`. Optional until issue 11. */
  messageRetentionChosen?: boolean;
  /** The spreadsheet's capacity as of the last measure, for Configurações. Optional until issue 11. */
  capacity?: Capacity | null;
}

/** Business hours per weekday: each a list of `["HH:mm","HH:mm"]` intervals (start < end, not overlapping). */
export interface BusinessHours {
  mon: Array<[string, string]>;
  tue: Array<[string, string]>;
  wed: Array<[string, string]>;
  thu: Array<[string, string]>;
  fri: Array<[string, string]>;
  sat: Array<[string, string]>;
  sun: Array<[string, string]>;
}

export interface AlertSettings {
  enabled: boolean;
  recipients: string[];
  /** Unanswered conversations waiting longer than this many minutes (0 = rule off). */
  unansweredMinutes: number;
  /** SLA rate of the last `slaWindowHours` below `slaRateBelow` (0–1; 0 = rule off). */
  slaWindowHours: number;
  slaRateBelow: number;
  /** A new conversation with frustration level >= 4. */
  highFrustration: boolean;
  /** Sync failing this many times in a row (0 = rule off). */
  syncFailures: number;
  /** Today's volume above the forecast's upper band. */
  volumeAboveForecast: boolean;
}

export interface ReportSettings {
  /** `off`, `daily` or `weekly` (Mondays). */
  frequency: 'off' | 'daily' | 'weekly';
  recipients: string[];
  /** Hour of day (0–23, spreadsheet time zone) at or after which the report goes out. */
  hour: number;
  attachPdf: boolean;
}

/** A partial update of the settings; `apiKey` is write-only (empty string clears it). */
export interface SettingsPatch {
  apiKey?: string;
  baseUrl?: string;
  agentIds?: string[];
  syncStart?: string | null;
  reconcileDays?: number;
  syncIntervalMinutes?: number;
  slaSeconds?: number;
  abandonMinutes?: number;
  csatVariables?: string[];
  rebuildAfterSync?: boolean;
  alerts?: Partial<AlertSettings>;
  report?: Partial<ReportSettings>;
  /** 0 = keep every message, or 7–3,650: "Mensagens" keeps the messages of the last N days (contract.md). */
  messageRetentionDays?: number;
  /** The weekdays named replace theirs; the others keep theirs (metrics.md §6). */
  businessHours?: Partial<BusinessHours>;
  holidays?: string[];
}

/** The result of one sync run (contract.md). */
export interface SyncReport {
  ok: boolean;
  complete: boolean;
  conversationsListed: number;
  conversationsWritten: number;
  messagesFetched: number;
  apiCalls: number;
  durationMs: number;
  startedAt: string;
  finishedAt: string;
  message: string;
  /** Spreadsheet capacity as of this run (contract.md). */
  capacity: Capacity;
}

/** Cells used by the whole spreadsheet against Sheets' 10,000,000-cell limit (contract.md). */
export interface Capacity {
  /** Grid size of every tab (rows x columns, empty cells included). */
  cellsUsed: number;
  cellLimit: number;
  /** 0–100. */
  percent: number;
  /** `YYYY-MM-DD` at the growth rate of the last 30 days, or null. */
  projectedFullDate: string | null;
  /**
   * Beyond contract.md, for the sidebar and Configurações: from 70 % on, the `messageRetentionDays` that keeps the
   * sheet under 80 % for a year at the current rate (null below 70 % or when no N does).
   */
  suggestedRetentionDays?: number | null;
}

/** Dashboard filters (contract.md, metrics.md §3). */
export interface Filters {
  from?: string;
  to?: string;
  channels?: string[];
  statuses?: string[];
  priorities?: string[];
  agentIds?: string[];
}

export interface Stats {
  mean: number | null;
  median: number | null;
  p90: number | null;
  n: number;
}

export interface Kpis {
  volume: number;
  resolutionRate: number | null;
  escalationRate: number | null;
  containmentRate: number | null;
  slaRate: number | null;
  unanswered: number;
  abandoned: number;
  firstResponse: Stats;
  resolution: Stats;
  satisfaction: { mean: number | null; top2Rate: number | null; n: number };
  frustration: { mean: number | null; highRate: number | null; n: number };
}

export interface KeyCount {
  key: string;
  count: number;
}

export interface Breakdown {
  key: string;
  volume: number;
  resolutionRate: number | null;
  escalationRate: number | null;
  firstResponseMedian: number | null;
  resolutionMedian: number | null;
  satisfactionMean: number | null;
  frustrationMean: number | null;
}

export interface SeriesPoint {
  created: number;
  resolved: number;
  escalated: number;
  firstResponseMedian: number | null;
}

export interface FrustrationLevelRow {
  level: number;
  count: number;
  escalationRate: number | null;
  resolutionRate: number | null;
  firstResponseMean: number | null;
}

/** Everything the sidebar and the generated sheets show (contract.md `DashboardData`). */
export interface DashboardData {
  generatedAt: string;
  timeZone: string;
  filters: Filters;
  lastSync: SyncReport | null;
  kpis: Kpis;
  previous: Kpis | null;
  byStatus: KeyCount[];
  byChannel: KeyCount[];
  byPriority: KeyCount[];
  agents: Breakdown[];
  channels: Breakdown[];
  daily: Array<SeriesPoint & { date: string }>;
  weekly: Array<SeriesPoint & { week: string }>;
  monthly: Array<SeriesPoint & { month: string }>;
  /** 7 x 24 counts; [0] = Monday, hours 0–23 in the spreadsheet time zone. */
  heatmap: number[][];
  firstResponseBands: Array<{ label: string; count: number }>;
  frustrationLevels: FrustrationLevelRow[];
  frustrationCorrelations: {
    firstResponse: number | null;
    resolution: number | null;
    satisfaction: number | null;
  };
  /** The values the filter lists offer, built from the data (sidebar). */
  options?: { channels: string[]; statuses: string[]; priorities: string[]; agentIds: string[] };
  /** Tomorrow's expected volume from the demand forecast (issue 6), when available. */
  forecastTomorrow?: { expected: number; low: number; high: number; model: string } | null;
  /** Spreadsheet capacity as of now (contract.md). */
  capacity: Capacity;
  /** Business-time KPIs (metrics.md §6); null while business hours are off. */
  businessHours: BusinessHoursKpis | null;
  /** Human operators (metrics.md §7), by conversations descending, then key. */
  operators: OperatorRow[];
  /** Durable AI resolution (metrics.md §8). */
  durableAi: DurableAi;
}

/** metrics.md §6: statistics over business seconds (resolution in business minutes). */
export interface BusinessHoursKpis {
  firstResponse: Stats;
  firstHumanResponse: Stats;
  resolution: Stats;
  /** Share of conversations created outside business hours (0–1), null over zero rows. */
  outsideHoursRate: number | null;
}

/** metrics.md §7: one human operator (key = userId; label = e-mail, else name, else the id). */
export interface OperatorRow {
  key: string;
  label: string;
  conversations: number;
  resolutionRate: number | null;
  satisfactionMean: number | null;
  firstHumanResponseMedian: number | null;
  handlingMedian: number | null;
}

/** metrics.md §8. */
export interface DurableAi {
  aiResolved: number;
  durable: number;
  pending: number;
  rate: number | null;
}
