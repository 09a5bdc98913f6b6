// The alert rules of AlertSettings evaluated over the "Conversas" records: which conditions hold right now.
import type { AlertSettings, Capacity } from '../../../shared/dto';
import { ALERT_PERCENTS } from '../capacity';
import { businessMs, type BusinessCalendar } from '../business-hours';
import type { ConversationRecord } from '../columns';
import { hasCustomerMessage, slaOutcome } from '../metrics/kpis';
import { formatPercent } from '../report/html';

/** The five rules of issue 6. */
export type AlertRule = 'unanswered' | 'sla' | 'frustration' | 'sync-failures' | 'volume' | 'capacity';

/** Portuguese names of the rules, for the e-mail and the "Alertas" sheet. */
export const RULE_LABELS: Readonly<Record<AlertRule, string>> = {
  unanswered: 'Conversa sem resposta',
  sla: 'Taxa de SLA abaixo da meta',
  frustration: 'Frustração alta em conversa nova',
  'sync-failures': 'Sincronização falhando',
  volume: 'Volume acima da previsão',
  capacity: 'Capacidade da planilha',
};

/** One condition that holds now; `key` identifies it for de-duplication (one alert until it clears). */
export interface AlertCondition {
  key: string;
  rule: AlertRule;
  /** The conversation it is about, or null for a global condition (SLA, sync, volume). */
  conversationId: string | null;
  /** Untrusted text from the sheet (contact name, title): escape before showing. */
  subject: string | null;
  /** Portuguese description with the numbers. */
  detail: string;
}

/** What the rules look at besides the records. */
export interface AlertInput {
  records: readonly ConversationRecord[];
  nowMs: number;
  settings: AlertSettings;
  /** SLA target of the first response, seconds. */
  slaSeconds: number;
  /** Business hours (metrics.md §6): when on, the SLA rule measures business seconds, as the dashboard's SLA rate. */
  calendar?: BusinessCalendar;
  /** Scheduled syncs failed in a row (0 after a success). */
  syncFailures: number;
  /** The last sync's message (shown with the sync rule). */
  lastSyncMessage: string | null;
  /** Today's volume so far against the forecast's upper band; null when there is no forecast. */
  volume: { date: string; today: number; expected: number; high: number } | null;
  /** The spreadsheet's capacity as of the sync (null when unknown): alerts at 80 % and 90 %, always on with alerts. */
  capacity?: Capacity | null;
}

/**
 * The unanswered rule looks at customer messages of the last 7 days only: a conversation left waiting for months is
 * not something to page anyone about, and switching alerts on must not mail the whole backlog.
 */
export const UNANSWERED_LOOKBACK_MS = 7 * 24 * 3_600_000;

/** A conversation counts as "new" for the frustration rule when created within this window. */
export const NEW_CONVERSATION_MS = 24 * 3_600_000;

/**
 * Conversations a per-conversation rule reports at most, the longest waiting / the newest first. The de-duplication
 * state must remember every condition it alerted within one 9 KB property (~800 hashed keys, see state.ts): two
 * rules of 300 always fit, whereas a pruned key whose condition still holds would be alerted again on every run.
 */
export const MAX_CONDITIONS_PER_RULE = 300;

/** How long an unanswered row has waited since its first customer message (else its creation), on business time when on. */
function waitedMs(record: ConversationRecord, created: number, nowMs: number, calendar: BusinessCalendar | undefined): number {
  if (!calendar?.on) return nowMs - created;
  return businessMs(calendar, record.first_customer_message_at?.getTime() ?? created, nowMs) ?? 0;
}

const MINUTE = 60_000;

function subjectOf(record: ConversationRecord): string | null {
  const parts = [record.contact_name, record.title].filter((p): p is string => p !== null && p !== '');
  return parts.length > 0 ? parts.join(' — ') : null;
}

/**
 * The conditions that hold at `nowMs`, in rule order; per-conversation rules keep at most `MAX_CONDITIONS_PER_RULE`:
 * - unanswered: `awaiting_reply` and the last customer message older than `unansweredMinutes` (but within 7 days),
 *   longest waiting first;
 * - sla: first-response SLA rate of the conversations created in the last `slaWindowHours` below `slaRateBelow`
 *   (a conversation still inside its SLA time without an answer has not missed yet and is left out);
 * - frustration: `frustration_level` ≥ 4 on a conversation created in the last 24 h, newest first;
 * - sync-failures: `syncFailures` scheduled syncs in a row failed;
 * - volume: today's conversations so far above the forecast's upper band for today.
 * A rule whose threshold is 0 (or switch is off) is off.
 */
export function evaluateAlerts(input: AlertInput): AlertCondition[] {
  const { settings, nowMs } = input;
  const out: AlertCondition[] = [];
  if (settings.unansweredMinutes > 0) {
    const before = nowMs - settings.unansweredMinutes * MINUTE;
    const since = nowMs - UNANSWERED_LOOKBACK_MS;
    const waiting: Array<{ record: ConversationRecord; id: string; last: number }> = [];
    for (const r of input.records) {
      const last = r.last_customer_message_at;
      if (r.conversation_id === null || r.awaiting_reply !== true || last === null) continue;
      if (last.getTime() > before || last.getTime() < since) continue;
      waiting.push({ record: r, id: r.conversation_id, last: last.getTime() });
    }
    waiting.sort((a, b) => a.last - b.last);
    for (const { record, id, last } of waiting.slice(0, MAX_CONDITIONS_PER_RULE)) {
      const waited = Math.floor((nowMs - last) / MINUTE);
      out.push({
        key: `u:${id}`,
        rule: 'unanswered',
        conversationId: id,
        subject: subjectOf(record),
        detail: `aguardando resposta há ${waited} min (limite ${settings.unansweredMinutes} min)`,
      });
    }
  }
  if (settings.slaRateBelow > 0 && settings.slaWindowHours > 0) {
    const businessTime = input.calendar?.on === true;
    const from = nowMs - settings.slaWindowHours * 3_600_000;
    let withCustomer = 0;
    let within = 0;
    for (const r of input.records) {
      const created = r.created_at?.getTime();
      if (created === undefined || created < from || created > nowMs || !hasCustomerMessage(r)) continue;
      const answered = r.first_response_time !== null;
      // Still inside its SLA time without an answer: not a miss yet (on business time: business seconds waited).
      if (!answered && waitedMs(r, created, nowMs, input.calendar) < input.slaSeconds * 1000) continue;
      const outcome = slaOutcome(r, input.slaSeconds, businessTime);
      if (outcome === null) continue;
      withCustomer++;
      if (outcome) within++;
    }
    const rate = withCustomer > 0 ? within / withCustomer : null;
    if (rate !== null && rate < settings.slaRateBelow) {
      out.push({
        key: 'sla',
        rule: 'sla',
        conversationId: null,
        subject: null,
        detail: `${formatPercent(rate)} das ${withCustomer} conversas das últimas ${settings.slaWindowHours} h respondidas em até ${input.slaSeconds} s${businessTime ? ' em horário de atendimento' : ''} (meta ${formatPercent(settings.slaRateBelow)})`,
      });
    }
  }
  if (settings.highFrustration) {
    const frustrated: Array<{ record: ConversationRecord; id: string; level: number; created: number }> = [];
    for (const r of input.records) {
      const created = r.created_at?.getTime();
      if (r.conversation_id === null || created === undefined || nowMs - created > NEW_CONVERSATION_MS) continue;
      if (r.frustration_level === null || r.frustration_level < 4) continue;
      frustrated.push({ record: r, id: r.conversation_id, level: r.frustration_level, created });
    }
    frustrated.sort((a, b) => b.created - a.created);
    for (const { record, id, level } of frustrated.slice(0, MAX_CONDITIONS_PER_RULE)) {
      out.push({
        key: `f:${id}`,
        rule: 'frustration',
        conversationId: id,
        subject: subjectOf(record),
        detail: `nível de frustração ${level} de 5`,
      });
    }
  }
  if (settings.syncFailures > 0 && input.syncFailures >= settings.syncFailures) {
    out.push({
      key: 'sync',
      rule: 'sync-failures',
      conversationId: null,
      subject: input.lastSyncMessage,
      detail: `${input.syncFailures} sincronizações agendadas seguidas falharam (limite ${settings.syncFailures})`,
    });
  }
  if (settings.volumeAboveForecast && input.volume && input.volume.today > input.volume.high) {
    const v = input.volume;
    out.push({
      key: `v:${v.date}`,
      rule: 'volume',
      conversationId: null,
      subject: null,
      detail: `${v.today} conversas hoje (${v.date}), acima da faixa prevista (esperado ${v.expected.toFixed(1)}, máximo ${v.high.toFixed(1)})`,
    });
  }
  const capacity = input.capacity;
  // One condition per threshold passed: each alerts once, and again only after the sheet went back below it.
  for (const threshold of capacity ? ALERT_PERCENTS : []) {
    if (!capacity || capacity.percent < threshold) continue;
    const full = capacity.projectedFullDate === null ? '' : `; cheia por volta de ${capacity.projectedFullDate} neste ritmo`;
    const retention = capacity.suggestedRetentionDays ? `; sugestão: manter só as mensagens dos últimos ${capacity.suggestedRetentionDays} dias` : '';
    out.push({
      key: `cap:${threshold}`,
      rule: 'capacity',
      conversationId: null,
      subject: null,
      detail: `A planilha passou de ${threshold} % do limite de 10 milhões de células (${capacity.cellsUsed} células, ${String(capacity.percent).replace('.', ',')} %)${full}${retention}`,
    });
  }
  return out;
}
