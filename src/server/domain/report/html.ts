// HTML escaping and small builders for the e-mails: every untrusted string passes through escapeHtml.

/** The Chatvolt app; the API documents no per-conversation link form, so conversations are named by id. */
export const CHATVOLT_APP_URL = 'https://app.chatvolt.ai/';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text safe inside HTML element content and quoted attribute values (& < > " ').
 * @example escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A number in pt-BR (decimal comma, thousands dot) with at most `decimals` digits; "—" for null. */
export function formatNumber(value: number | null, decimals = 0): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${fraction ? `,${fraction}` : ''}`;
}

/** A 0–1 rate as a pt-BR percentage with one decimal; "—" for null. */
export function formatPercent(rate: number | null): string {
  return rate === null || !Number.isFinite(rate) ? '—' : `${formatNumber(rate * 100, 1)} %`;
}

/** Seconds as "1h 02min", "3min 05s" or "42s"; "—" for null. */
export function formatSeconds(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const total = Math.round(value);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}min`;
  if (m > 0) return `${m}min ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** A table of escaped cells; the first row is the header. */
export function htmlTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  const cell = (tag: 'th' | 'td', text: string): string =>
    `<${tag} style="border:1px solid #dadce0;padding:4px 8px;text-align:left">${escapeHtml(text)}</${tag}>`;
  const header = head ? `<tr style="background:#e8f0fe">${head.map((t) => cell('th', t)).join('')}</tr>` : '';
  return `<table style="border-collapse:collapse;font-size:13px">${header}${body
    .map((r) => `<tr>${r.map((t) => cell('td', t)).join('')}</tr>`)
    .join('')}</table>`;
}

/**
 * The e-mail frame: a heading, the given inner HTML, and the footer with the app link and, when it is a Google Sheets
 * address, a link to the spreadsheet (anything else is not linked: the footer never carries an arbitrary URL).
 */
export function emailFrame(title: string, inner: string, spreadsheetUrl: string | null = null): string {
  const sheetLink =
    spreadsheetUrl !== null && spreadsheetUrl.startsWith('https://docs.google.com/')
      ? ` · <a href="${escapeHtml(spreadsheetUrl)}">Abrir a planilha</a>`
      : '';
  return (
    `<div style="font-family:Arial,Helvetica,sans-serif;color:#202124">` +
    `<h2 style="font-size:18px">${escapeHtml(title)}</h2>${inner}` +
    `<p style="color:#5f6368;font-size:12px">Enviado pelo Chatvolt Analytics (Google Planilhas). ` +
    `<a href="${CHATVOLT_APP_URL}">Abrir o Chatvolt</a>${sheetLink}</p></div>`
  );
}
