// The alert e-mail (Portuguese HTML with every sheet-sourced string escaped) and the "Alertas" sheet log rows.
import { emailFrame, escapeHtml } from '../report/html';
import { RULE_LABELS, type AlertCondition, type AlertRule } from './rules';

/** The log sheet's name and header. */
export const ALERTS_SHEET = 'Alertas';
export const ALERTS_HEADER = ['Data/hora', 'Regra', 'Conversa', 'Contato / título', 'Detalhe', 'E-mail'] as const;

/** Conversations listed per rule in one e-mail; the rest are counted (all are in the "Alertas" sheet). */
export const MAX_LISTED_PER_RULE = 30;

/** A rendered e-mail. */
export interface EmailContent {
  subject: string;
  htmlBody: string;
  /** Plain-text alternative. */
  body: string;
}

const RULE_ORDER: AlertRule[] = ['capacity', 'sync-failures', 'volume', 'sla', 'unanswered', 'frustration'];

/**
 * The e-mail for the conditions that just started holding, grouped by rule. Conversations are named by id (the
 * Chatvolt app documents no per-conversation link); contact names and titles come from the sheet and are escaped.
 */
export function renderAlertEmail(
  fresh: readonly AlertCondition[],
  spreadsheetName: string,
  spreadsheetUrl: string | null = null,
): EmailContent {
  const sections: string[] = [];
  const lines: string[] = [];
  const rules = RULE_ORDER.filter((rule) => fresh.some((c) => c.rule === rule));
  for (const rule of rules) {
    const items = fresh.filter((c) => c.rule === rule);
    const listed = items.slice(0, MAX_LISTED_PER_RULE);
    const rest = items.length - listed.length;
    const li = listed.map((c) => {
      const who = c.conversationId !== null ? `<b>Conversa ${escapeHtml(c.conversationId)}</b>` : '';
      const subject = c.subject !== null ? ` — ${escapeHtml(c.subject)}` : '';
      return `<li>${who}${subject}${who || subject ? ': ' : ''}${escapeHtml(c.detail)}</li>`;
    });
    if (rest > 0) li.push(`<li>… e mais ${rest} (veja a aba “${ALERTS_SHEET}”)</li>`);
    sections.push(`<h3 style="font-size:15px">${escapeHtml(RULE_LABELS[rule])} (${items.length})</h3><ul>${li.join('')}</ul>`);
    lines.push(`${RULE_LABELS[rule]} (${items.length}):`);
    for (const c of listed) {
      lines.push(`- ${c.conversationId !== null ? `Conversa ${c.conversationId}` : ''}${c.subject !== null ? ` — ${c.subject}` : ''}: ${c.detail}`);
    }
    if (rest > 0) lines.push(`- … e mais ${rest} (veja a aba "${ALERTS_SHEET}")`);
  }
  const labels = rules.map((rule) => RULE_LABELS[rule]).join(', ');
  const subject = `Chatvolt Analytics: ${fresh.length} alerta(s) — ${labels}`;
  const intro = `<p>Novos alertas na planilha <b>${escapeHtml(spreadsheetName)}</b>. Cada condição é avisada uma vez, até deixar de valer.</p>`;
  return {
    subject,
    htmlBody: emailFrame('Alertas do Chatvolt Analytics', intro + sections.join(''), spreadsheetUrl),
    body: `Novos alertas na planilha ${spreadsheetName}.\n\n${lines.join('\n')}\n\nChatvolt: https://app.chatvolt.ai/`,
  };
}

/** One "Alertas" row per fresh condition: time, rule, conversation, contact/title, detail, the e-mail outcome. */
export function alertLogRows(fresh: readonly AlertCondition[], at: Date, emailNote: string): Array<Array<string | Date>> {
  return fresh.map((c) => [at, RULE_LABELS[c.rule], c.conversationId ?? '', c.subject ?? '', c.detail, emailNote]);
}
