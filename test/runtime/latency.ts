// Latency model of the local runtime: the modelled cost (ms) of each Apps Script service call, charged to the virtual clock.
//
// Sources: Google's Apps Script best-practices guide
// (https://developers.google.com/apps-script/guides/support/best-practices: "every call to a service takes
// time", 70 s cell by cell vs 1 s batched) and the measurements collected in /work/shared/apps-script-platform.md
// ("Speed"). Where no public number exists the constant is an estimate and says so; the goal is the right
// order of magnitude, so that call counts and batching decisions show up in modelled time.

/** PropertiesService get/set: "≈ 30–60 ms each" (apps-script-platform.md, Speed). Midpoint of the range. */
export const PROPERTIES_CALL_MS = 45;
/** CacheService get: "Cache get ≈ 3 ms" (apps-script-platform.md, Speed). */
export const CACHE_GET_MS = 3;
/** CacheService put: "put ≈ 90 ms" (apps-script-platform.md, Speed). */
export const CACHE_PUT_MS = 90;
/** SpreadsheetApp.flush with pending writes: "one flush can turn a 50 ms write into 600 ms" (worst case, Speed). */
export const FLUSH_WITH_WRITES_MS = 600;
/** SpreadsheetApp.flush with nothing pending: the base write cost of the same sentence (50 ms). */
export const FLUSH_IDLE_MS = 50;
/** Range.getValues base cost. Estimate: one Sheets round trip; Google's batched example reads a 100×100 block in about 1 s. */
export const GET_VALUES_BASE_MS = 50;
/** Range.getValues per cell. Estimate: 10,000 cells ≈ 100 ms on top of the base (same best-practices example). */
export const GET_VALUES_PER_CELL_MS = 0.01;
/** Range.setValues base cost: "a 50 ms write" (apps-script-platform.md, Speed). */
export const SET_VALUES_BASE_MS = 50;
/** Range.setValues per cell. Estimate: writes cost about three times reads per cell (10,000 cells ≈ 300 ms). */
export const SET_VALUES_PER_CELL_MS = 0.03;
/**
 * UrlFetchApp.fetch round trip on top of the real loopback time. Measured: 3 sequential fetches = 1.77 s,
 * so one ≈ 590 ms (apps-script-platform.md, Speed).
 */
export const URLFETCH_ROUNDTRIP_MS = 590;
/** fetchAll: each extra request of the batch. Measured: fetchAll of 3 = 0.93 s = 590 + 2 × 170 (Speed). */
export const URLFETCH_ALL_EXTRA_PER_REQUEST_MS = 170;
/**
 * Payload size, per KB (1,024 bytes) read or written, on top of the per-call and per-cell costs, for Range
 * getValues/setValues, Properties and Cache values. Estimate, and a floor (issue 12 asks for at least 0.1 ms per KB):
 * Apps Script moves values between the script and the backing service as serialized text, so a 100 KB cache value
 * or a 50,000-character cell is not free, and packing data into long strings cannot dodge the per-cell cost.
 * 0.1 ms/KB = 10 MB/s, the order of a backend RPC's serialization throughput.
 */
export const TEXT_PER_KB_MS = 0.1;
/** Size of one non-text value (number, date, boolean) on the wire: a double. Estimate. */
export const NON_TEXT_VALUE_BYTES = 8;

/** Bytes of a value as sent or received: UTF-8 bytes of strings, NON_TEXT_VALUE_BYTES per other value, summed over arrays and objects (keys included). */
export function payloadBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += payloadBytes(item);
    return total;
  }
  if (value instanceof Date || typeof value !== 'object') return NON_TEXT_VALUE_BYTES;
  let total = 0;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) total += utf8Bytes(key) + payloadBytes(item);
  return total;
}

function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ASCII is the common case: one byte per UTF-16 unit. Surrogate pairs count 2 + 2 = 4 bytes.
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/** Calls whose payload (result for reads, arguments for writes) is charged TEXT_PER_KB_MS. */
const PAYLOAD_READS = new Set(['Range.getValues', 'Range.getValue', 'Range.getDisplayValues', 'Properties.getProperty', 'Properties.getProperties', 'Cache.get', 'Cache.getAll']);
const PAYLOAD_WRITES = new Set(['Range.setValues', 'Range.setValue', 'Properties.setProperty', 'Properties.setProperties', 'Cache.put', 'Cache.putAll']);

/** The size-dependent cost (ms) of a call's payload: the result of a read, the arguments of a write; 0 for other calls. */
export function payloadCostMs(className: string, method: string, args: readonly unknown[], result: unknown): number {
  const key = `${className}.${method}`;
  if (PAYLOAD_READS.has(key)) return (payloadBytes(result) / 1024) * TEXT_PER_KB_MS;
  // Cache and Properties writes: the keys and values, not a TTL or the deleteAllOthers flag.
  const data = className === 'Range' ? args : args.filter((a) => typeof a === 'string' || (typeof a === 'object' && a !== null));
  if (PAYLOAD_WRITES.has(key)) return (payloadBytes(data) / 1024) * TEXT_PER_KB_MS;
  return 0;
}

/**
 * JavaScript on Apps Script's V8 is slower than Node on a developer machine (shared, throttled instances): the
 * benchmarks report the script's own CPU time in Node (service calls excluded) × this factor as the compute estimate.
 * Estimate (issue 12's figure).
 */
export const SCRIPT_CPU_FACTOR = 3;

/** Other Spreadsheet/Sheet/Range calls that reach the Sheets backend (getSheetByName, insertSheet, formats). Estimate. */
export const SPREADSHEET_CALL_MS = 10;
/** LockService acquire/release when uncontended. Estimate (one backend round trip, like a property get). */
export const LOCK_CALL_MS = 30;
/** ScriptApp trigger management (newTrigger…create, getProjectTriggers, getUserTriggers, deleteTrigger). Estimate. */
export const TRIGGER_CALL_MS = 150;
/** MailApp.sendEmail. Estimate (a backend call plus the mail queue). */
export const MAIL_SEND_MS = 300;
/** Local object calls (builders, HtmlOutput setters, Blob, Utilities.formatDate, enums): no backend round trip. */
export const LOCAL_CALL_MS = 0;
/** Calls that reach some backend but have no measurement here (Session, Ui, toasts). Estimate. */
export const DEFAULT_CALL_MS = 5;

/** Execution limit: "one execution … 6 min" (apps-script-platform.md, Quotas ⚑). */
export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;
/** Simple triggers (onOpen, onEdit): "30 s" (apps-script-platform.md, Quotas). */
export const SIMPLE_TRIGGER_LIMIT_MS = 30 * 1000;

const LOCAL_CLASSES = new Set([
  'EmbeddedChartBuilder',
  'EmbeddedChart',
  'ChartOptions',
  'ContainerInfo',
  'ConditionalFormatRuleBuilder',
  'ConditionalFormatRule',
  'GradientCondition',
  'BooleanCondition',
  'HtmlOutput',
  'Blob',
  'HTTPResponse',
  'Menu',
  'Trigger',
  'TriggerBuilder',
  'ClockTriggerBuilder',
  'User',
  'Utilities',
]);

/** Fixed cost of one call 'Class.method'; size-dependent parts (cells, HTTP) are charged by the service itself. */
export function callCostMs(className: string, method: string): number {
  const key = `${className}.${method}`;
  switch (key) {
    case 'Range.getValues':
    case 'Range.getValue':
    case 'Range.getFormulas':
    case 'Range.getNumberFormats':
      return GET_VALUES_BASE_MS;
    case 'Range.setValues':
    case 'Range.setValue':
    case 'Range.setFormula':
    case 'Range.setFormulas':
      return SET_VALUES_BASE_MS;
    case 'SpreadsheetApp.flush':
      return 0; // charged by the service: depends on pending writes
    case 'UrlFetchApp.fetch':
    case 'UrlFetchApp.fetchAll':
      return 0; // charged by the service: round trip + real loopback time
    case 'Utilities.sleep':
      return 0; // charged by the service: the requested time
    case 'ScriptApp.getOAuthToken':
    case 'ScriptApp.getInstallationSource':
      return DEFAULT_CALL_MS;
    case 'MailApp.getRemainingDailyQuota':
      return DEFAULT_CALL_MS;
    default:
      break;
  }
  if (className === 'Properties') return PROPERTIES_CALL_MS;
  if (className === 'Cache') return method.startsWith('get') ? CACHE_GET_MS : CACHE_PUT_MS;
  if (className === 'Lock') return method === 'hasLock' ? LOCAL_CALL_MS : LOCK_CALL_MS;
  if (className === 'ScriptApp') return TRIGGER_CALL_MS;
  if (className === 'MailApp') return MAIL_SEND_MS;
  if (LOCAL_CLASSES.has(className)) return LOCAL_CALL_MS;
  if (className === 'Spreadsheet' || className === 'Sheet' || className === 'Range' || className === 'SpreadsheetApp')
    return SPREADSHEET_CALL_MS;
  return DEFAULT_CALL_MS;
}
