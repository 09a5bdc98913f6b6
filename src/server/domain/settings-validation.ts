// Pure validation of a settings patch: every field's type and range, with Portuguese messages naming the field.
import type { AlertSettings, ReportSettings, SettingsPatch } from '../../shared/dto';
import type { Settings } from './settings';
import { checkDay, checkHolidays, WEEKDAY_LABELS, WEEKDAYS } from './business-hours-settings';

/** Where the add-on runs: a bound script may poll every minute, an Editor add-on at most hourly. */
export type Deployment = 'bound' | 'addon';

/** Sync intervals in minutes a bound script accepts (0 = off); ScriptApp's everyMinutes takes only 1,5,10,15,30. */
const BOUND_INTERVALS: readonly number[] = [0, 1, 5, 10, 15, 30, 60];
/** An Editor add-on may keep one time-driven trigger per user and document, at most hourly. */
const ADDON_INTERVALS: readonly number[] = [0, 60];

/** The `syncIntervalMinutes` values the deployment accepts, ascending (0 = off). */
export function allowedIntervals(deployment: Deployment): number[] {
  return [...(deployment === 'addon' ? ADDON_INTERVALS : BOUND_INTERVALS)];
}

/**
 * A rejected settings patch. `field` is the dotted path of the offending field (`reconcileDays`,
 * `alerts.recipients`); the message is Portuguese and always contains `(field)` so a page can place it.
 */
export class SettingsValidationError extends Error {
  override readonly name = 'SettingsValidationError';
  readonly field: string;
  constructor(field: string, label: string, problem: string) {
    super(`${label} (${field}): ${problem}`);
    this.field = field;
  }
}

/**
 * A validated, normalised patch (strings trimmed, lists de-duplicated). `apiKey: ''` means "remove the key";
 * `alerts`/`report` hold only the sub-fields the patch named.
 */
export type ValidSettingsPatch = SettingsPatch;

/** Portuguese label of each field, as the dialog names it. */
const LABELS = {
  apiKey: 'Chave de API',
  baseUrl: 'URL base',
  agentIds: 'Agentes',
  syncStart: 'Início da sincronização',
  reconcileDays: 'Dias de reconciliação',
  syncIntervalMinutes: 'Intervalo de sincronização',
  slaSeconds: 'SLA',
  abandonMinutes: 'Abandono',
  csatVariables: 'Variáveis de CSAT',
  rebuildAfterSync: 'Recriar painéis após cada sincronização',
  alerts: 'Alertas',
  report: 'Relatório por e-mail',
  messageRetentionDays: 'Dias de mensagens mantidos',
  businessHours: 'Horário de atendimento',
  holidays: 'Feriados',
} as const satisfies Record<keyof ValidSettingsPatch, string>;

const ALERT_LABELS = {
  enabled: 'Alertas ativados',
  recipients: 'Destinatários dos alertas',
  unansweredMinutes: 'Alerta de conversa sem resposta',
  slaWindowHours: 'Janela do alerta de SLA',
  slaRateBelow: 'Limite do alerta de SLA',
  highFrustration: 'Alerta de frustração alta',
  syncFailures: 'Alerta de falhas de sincronização',
  volumeAboveForecast: 'Alerta de volume acima da previsão',
} as const satisfies Record<keyof AlertSettings, string>;

const REPORT_LABELS = {
  frequency: 'Frequência do relatório',
  recipients: 'Destinatários do relatório',
  hour: 'Hora do relatório',
  attachPdf: 'Anexar PDF ao relatório',
} as const satisfies Record<keyof ReportSettings, string>;

/** Chatvolt keys are short tokens; the cap keeps a pasted paragraph out of User Properties (9 KB a value). */
const MAX_API_KEY_LENGTH = 500;
const MAX_URL_LENGTH = 500;
/** List caps keep the stored JSON well under the 9 KB a Document Property value may hold. */
const MAX_AGENT_IDS = 50;
const MAX_AGENT_ID_LENGTH = 64;
const MAX_CSAT_VARIABLES = 20;
const MAX_CSAT_NAME_LENGTH = 64;
const MAX_RECIPIENTS = 10;
/** RFC 5321's limit on a forward path. */
const MAX_EMAIL_LENGTH = 254;
/** PropertiesService rejects a value over 9 KB (⚑ apps-script-platform.md); stay a little below. */
export const MAX_STORED_SETTINGS_BYTES = 9000;

type Check<T> = (value: unknown, fail: (problem: string) => never) => T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Compare shapes, not identities: an object built in another realm (a node:vm test runtime) has another
  // Object.prototype, yet is as plain as one google.script.run delivers.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'uma lista';
  if (typeof value === 'string') return 'um texto';
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}` : 'um número inválido';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return 'um objeto';
  return typeof value;
}

function integerIn(min: number, max: number, unit: string): Check<number> {
  return (value, fail) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`deve ser um número; recebido ${describe(value)}.`);
    if (!Number.isInteger(value) || value < min || value > max)
      return fail(`deve ser um número inteiro de ${formatInt(min)} a ${formatInt(max)} ${unit}; recebido ${describe(value)}.`);
    return value;
  };
}

function formatInt(n: number): string {
  // pt-BR thousands separator without Intl, so the message reads "86.400".
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

const booleanCheck: Check<boolean> = (value, fail) => {
  if (typeof value !== 'boolean') return fail(`deve ser verdadeiro ou falso; recebido ${describe(value)}.`);
  return value;
};

function stringList(options: {
  maxItems: number;
  maxLength: number;
  nonEmpty: boolean;
  item: (text: string) => string | null;
}): Check<string[]> {
  return (value, fail) => {
    if (!Array.isArray(value)) return fail(`deve ser uma lista de textos; recebido ${describe(value)}.`);
    const out: string[] = [];
    for (const entry of value as unknown[]) {
      if (typeof entry !== 'string') return fail(`cada item deve ser um texto; recebido ${describe(entry)}.`);
      const text = entry.trim();
      if (text === '') return fail('há um item em branco.');
      if (text.length > options.maxLength) return fail(`cada item pode ter no máximo ${options.maxLength} caracteres.`);
      const problem = options.item(text);
      if (problem) return fail(problem);
      if (!out.includes(text)) out.push(text);
    }
    if (options.nonEmpty && out.length === 0) return fail('informe ao menos um item.');
    if (out.length > options.maxItems) return fail(`no máximo ${options.maxItems} itens; recebidos ${out.length}.`);
    return out;
  };
}

const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const EMAIL_PATTERN = new RegExp(`^[A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-]+@${HOST_LABEL}(?:\\.${HOST_LABEL})+$`);
/** Scheme, host (name, IPv4 or bracketed IPv6), optional port, optional path; no query, fragment or credentials. */
const URL_PATTERN = new RegExp(
  `^(https?)://(${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$`,
);

/** True for a syntactically valid e-mail address (the subset MailApp accepts without surprises). */
export function isEmailAddress(text: string): boolean {
  return text.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(text) && !text.split('@')[0]!.includes('..');
}

const emailList = stringList({
  maxItems: MAX_RECIPIENTS,
  maxLength: MAX_EMAIL_LENGTH,
  nonEmpty: false,
  item: (text) => (isEmailAddress(text) ? null : `"${text}" não é um endereço de e-mail válido.`),
});

/** True when `text` is `YYYY-MM-DD` naming a day that exists in the Gregorian calendar. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** Fields checked without context; `syncIntervalMinutes` depends on the deployment, `alerts`/`report` are groups. */
type PlainField = Exclude<keyof ValidSettingsPatch, 'alerts' | 'report' | 'syncIntervalMinutes' | 'businessHours' | 'holidays'>;

const topLevelChecks: { [K in PlainField]-?: Check<ValidSettingsPatch[K]> } = {
  apiKey: (value, fail) => {
    if (typeof value !== 'string') return fail(`deve ser um texto; recebido ${describe(value)}.`);
    const key = value.trim();
    if (key.length > MAX_API_KEY_LENGTH) return fail(`pode ter no máximo ${MAX_API_KEY_LENGTH} caracteres.`);
    // The key travels in an Authorization header: whitespace or control characters would corrupt it.
    // eslint-disable-next-line no-control-regex
    if (/[\s\u0000-\u001f\u007f]/.test(key)) return fail('não pode conter espaços nem quebras de linha.');
    return key;
  },
  baseUrl: (value, fail) => {
    if (typeof value !== 'string') return fail(`deve ser um texto; recebido ${describe(value)}.`);
    const url = value.trim();
    if (url.length > MAX_URL_LENGTH) return fail(`pode ter no máximo ${MAX_URL_LENGTH} caracteres.`);
    const match = URL_PATTERN.exec(url);
    const port = match?.[3] === undefined ? null : Number(match[3]);
    if (!match || (port !== null && (port < 1 || port > 65535)))
      return fail('deve ser um endereço absoluto começando com http:// ou https://, sem parâmetros (ex.: https://api.chatvolt.ai).');
    // Paths are joined as `${baseUrl}/...`: a trailing slash would double it.
    return url.replace(/\/+$/, '');
  },
  agentIds: stringList({
    maxItems: MAX_AGENT_IDS,
    maxLength: MAX_AGENT_ID_LENGTH,
    nonEmpty: false,
    item: (text) => (/^[A-Za-z0-9_-]+$/.test(text) ? null : `"${text}" não é um identificador de agente válido (letras, números, - e _).`),
  }),
  syncStart: (value, fail) => {
    if (value === null) return null;
    if (typeof value !== 'string') return fail(`deve ser uma data AAAA-MM-DD ou vazio; recebido ${describe(value)}.`);
    if (!isIsoDate(value)) return fail(`"${value}" não é uma data válida no formato AAAA-MM-DD.`);
    return value;
  },
  reconcileDays: integerIn(1, 90, 'dias'),
  slaSeconds: integerIn(1, 86_400, 'segundos'),
  abandonMinutes: integerIn(1, 10_080, 'minutos'),
  csatVariables: stringList({ maxItems: MAX_CSAT_VARIABLES, maxLength: MAX_CSAT_NAME_LENGTH, nonEmpty: true, item: () => null }),
  rebuildAfterSync: booleanCheck,
  messageRetentionDays: (value, fail) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`deve ser um número; recebido ${describe(value)}.`);
    if (!Number.isInteger(value) || (value !== 0 && (value < 7 || value > 3650)))
      return fail(`deve ser 0 (manter todas) ou um número inteiro de 7 a 3.650 dias; recebido ${describe(value)}.`);
    return value;
  },
};

const alertChecks: { [K in keyof AlertSettings]-?: Check<AlertSettings[K]> } = {
  enabled: booleanCheck,
  recipients: emailList,
  unansweredMinutes: integerIn(0, 10_080, 'minutos (0 desliga a regra)'),
  slaWindowHours: integerIn(1, 720, 'horas'),
  slaRateBelow: (value, fail) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1)
      return fail(`deve ser uma fração de 0 a 1 (ex.: 0,8 para 80%; 0 desliga a regra); recebido ${describe(value)}.`);
    return value;
  },
  highFrustration: booleanCheck,
  syncFailures: integerIn(0, 100, 'falhas seguidas (0 desliga a regra)'),
  volumeAboveForecast: booleanCheck,
};

const reportChecks: { [K in keyof ReportSettings]-?: Check<ReportSettings[K]> } = {
  frequency: (value, fail) => {
    if (value !== 'off' && value !== 'daily' && value !== 'weekly')
      return fail(`deve ser "off", "daily" ou "weekly"; recebido ${describe(value)}.`);
    return value;
  },
  recipients: emailList,
  hour: integerIn(0, 23, 'horas'),
  attachPdf: booleanCheck,
};

function failer(field: string, label: string): (problem: string) => never {
  return (problem) => {
    throw new SettingsValidationError(field, label, problem);
  };
}

function validateGroup<T extends object>(
  group: 'alerts' | 'report',
  value: unknown,
  checks: { [K in keyof T]-?: Check<T[K]> },
  labels: Record<keyof T, string>,
): Partial<T> {
  if (!isPlainObject(value)) throw new SettingsValidationError(group, LABELS[group], `deve ser um objeto; recebido ${describe(value)}.`);
  const out: Partial<T> = {};
  for (const name of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(checks, name))
      throw new SettingsValidationError(`${group}.${name}`, LABELS[group], 'campo desconhecido.');
    const key = name as keyof T;
    out[key] = checks[key](value[name], failer(`${group}.${name}`, labels[key]));
  }
  return out;
}

/**
 * Validates and normalises a settings patch from outside (google.script.run, a Make scenario).
 * Throws a SettingsValidationError naming the first bad field; returns the clean patch otherwise.
 * Example: `validateSettingsPatch({ reconcileDays: 0 }, 'bound')` throws
 * `Dias de reconciliação (reconcileDays): deve ser um número inteiro de 1 a 90 dias; recebido 0.`
 */
export function validateSettingsPatch(patch: unknown, deployment: Deployment): ValidSettingsPatch {
  if (!isPlainObject(patch))
    throw new SettingsValidationError('patch', 'Configurações', `envie um objeto com os campos a alterar; recebido ${describe(patch)}.`);
  const out: ValidSettingsPatch = {};
  for (const name of Object.keys(patch)) {
    const value = patch[name];
    if (name === 'alerts') out.alerts = validateGroup<AlertSettings>('alerts', value, alertChecks, ALERT_LABELS);
    else if (name === 'report') out.report = validateGroup<ReportSettings>('report', value, reportChecks, REPORT_LABELS);
    else if (name === 'syncIntervalMinutes') out.syncIntervalMinutes = checkInterval(value, deployment);
    else if (name === 'businessHours') out.businessHours = checkBusinessHours(value);
    else if (name === 'holidays') out.holidays = checkHolidays(value, isIsoDate, failer('holidays', LABELS.holidays));
    else if (Object.prototype.hasOwnProperty.call(topLevelChecks, name)) {
      const key = name as keyof typeof topLevelChecks;
      (out as Record<string, unknown>)[key] = topLevelChecks[key](value, failer(key, LABELS[key]));
    } else {
      throw new SettingsValidationError(name, 'Configurações', 'campo desconhecido.');
    }
  }
  return out;
}

/** Per weekday: the field is `businessHours.tue`, the label "Horário de atendimento (terça)". */
function checkBusinessHours(value: unknown): Partial<NonNullable<ValidSettingsPatch['businessHours']>> {
  if (!isPlainObject(value))
    throw new SettingsValidationError('businessHours', LABELS.businessHours, `deve ser um objeto com os dias mon … sun; recebido ${describe(value)}.`);
  const out: NonNullable<ValidSettingsPatch['businessHours']> = {};
  for (const name of Object.keys(value)) {
    const day = WEEKDAYS.find((d) => d === name);
    if (day === undefined) throw new SettingsValidationError(`businessHours.${name}`, LABELS.businessHours, 'dia desconhecido (use mon, tue, wed, thu, fri, sat, sun).');
    out[day] = checkDay(value[name], failer(`businessHours.${day}`, `${LABELS.businessHours} (${WEEKDAY_LABELS[day]})`));
  }
  return out;
}

function checkInterval(value: unknown, deployment: Deployment): number {
  const fail = failer('syncIntervalMinutes', LABELS.syncIntervalMinutes);
  const allowed = allowedIntervals(deployment);
  if (typeof value !== 'number' || !allowed.includes(value)) {
    const list = allowed.join(', ');
    return fail(
      deployment === 'addon'
        ? `como complemento do Editor, só 0 (desligado) ou 60 minutos (o Google permite um gatilho por hora); recebido ${describe(value)}.`
        : `deve ser um destes minutos: ${list} (0 desliga); recebido ${describe(value)}.`,
    );
  }
  return value;
}

/** The document settings (everything but the key) after applying a validated patch; `alerts`/`report` merge by field. */
export function applySettingsPatch(current: Omit<Settings, 'apiKey'>, patch: ValidSettingsPatch): Omit<Settings, 'apiKey'> {
  const next: Omit<Settings, 'apiKey'> = {
    baseUrl: patch.baseUrl ?? current.baseUrl,
    agentIds: patch.agentIds ?? current.agentIds,
    syncStart: patch.syncStart === undefined ? current.syncStart : patch.syncStart,
    reconcileDays: patch.reconcileDays ?? current.reconcileDays,
    syncIntervalMinutes: patch.syncIntervalMinutes ?? current.syncIntervalMinutes,
    slaSeconds: patch.slaSeconds ?? current.slaSeconds,
    abandonMinutes: patch.abandonMinutes ?? current.abandonMinutes,
    csatVariables: patch.csatVariables ?? current.csatVariables,
    rebuildAfterSync: patch.rebuildAfterSync ?? current.rebuildAfterSync,
    alerts: { ...current.alerts, ...patch.alerts },
    report: { ...current.report, ...patch.report },
    messageRetentionDays: patch.messageRetentionDays ?? current.messageRetentionDays,
    businessHours: { ...current.businessHours, ...patch.businessHours },
    holidays: patch.holidays ?? current.holidays,
  };
  return next;
}

/**
 * Rules that span fields, checked on the merged settings: alerts and reports need somebody to write to, and
 * the stored JSON must fit one Document Property. Throws a SettingsValidationError naming the field.
 */
export function checkMergedSettings(next: Omit<Settings, 'apiKey'>, storedJson: string): void {
  if (next.alerts.enabled && next.alerts.recipients.length === 0)
    throw new SettingsValidationError('alerts.recipients', ALERT_LABELS.recipients, 'informe ao menos um e-mail para ativar os alertas.');
  if (next.report.frequency !== 'off' && next.report.recipients.length === 0)
    throw new SettingsValidationError('report.recipients', REPORT_LABELS.recipients, 'informe ao menos um e-mail para enviar o relatório.');
  if (utf8Length(storedJson) > MAX_STORED_SETTINGS_BYTES) {
    // Name the longest list: it is the one worth shortening.
    const lists: Array<[field: string, label: string, size: number]> = [
      ['agentIds', LABELS.agentIds, utf8Length(JSON.stringify(next.agentIds))],
      ['csatVariables', LABELS.csatVariables, utf8Length(JSON.stringify(next.csatVariables))],
      ['alerts.recipients', ALERT_LABELS.recipients, utf8Length(JSON.stringify(next.alerts.recipients))],
      ['report.recipients', REPORT_LABELS.recipients, utf8Length(JSON.stringify(next.report.recipients))],
      ['holidays', LABELS.holidays, utf8Length(JSON.stringify(next.holidays))],
    ];
    const [field, label] = lists.reduce((a, b) => (b[2] > a[2] ? b : a));
    throw new SettingsValidationError(field, label, 'as configurações passariam do limite de 9 KB de uma propriedade do documento; encurte esta lista.');
  }
}

/** UTF-8 size of a string without TextEncoder (absent on Apps Script). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
