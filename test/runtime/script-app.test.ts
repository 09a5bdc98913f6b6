// ScriptApp triggers (bound vs add-on), MailApp quota, HtmlService pages and Ui records in the local runtime.
import { describe, expect, it } from 'vitest';
import { errorOf, runtimeWithScript, valueOf } from './fixture';

const CODE = `
function every(min) { return ScriptApp.newTrigger('runScheduledSync').timeBased().everyMinutes(min).create().getUniqueId(); }
function hourly(h) { return ScriptApp.newTrigger('runScheduledSync').timeBased().everyHours(h).create().getUniqueId(); }
function list() { return ScriptApp.getProjectTriggers().map(function (t) {
  return [t.getHandlerFunction(), t.getEventType() === ScriptApp.EventType.CLOCK]; }); }
function removeAll() { ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); }); return ScriptApp.getProjectTriggers().length; }
function listInBook() { return ScriptApp.getUserTriggers(SpreadsheetApp.getActiveSpreadsheet()).map(function (t) { return t.getHandlerFunction(); }); }
function listInNothing() { return ScriptApp.getUserTriggers('x'); }
function source() { return ScriptApp.getInstallationSource() === ScriptApp.InstallationSource.NONE ? 'bound' : 'addon'; }
function mail(n) {
  const to = Array.from({ length: n }, function (_, i) { return 'p' + i + '@example.com'; }).join(',');
  MailApp.sendEmail({ to: to, subject: 'Relatório', body: 'texto', htmlBody: '<b>x</b>',
    attachments: [Utilities.newBlob('a,b\\n1,2', 'text/csv', 'dados.csv')] });
  return MailApp.getRemainingDailyQuota();
}
function mailPositional() { MailApp.sendEmail('a@example.com', 'Assunto', 'corpo', { htmlBody: '<i>h</i>', cc: 'b@example.com' });
  return MailApp.getRemainingDailyQuota(); }
function page() { const out = HtmlService.createHtmlOutputFromFile('sidebar').setTitle('Painel');
  SpreadsheetApp.getUi().showSidebar(out); return out.getContent().length; }
function dialog() { SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput('<p>x</p>').setWidth(300).setHeight(200), 'Título'); }
function missingPage() { HtmlService.createHtmlOutputFromFile('nope'); }
function user() { return [Session.getActiveUser().getEmail(), Session.getScriptTimeZone(), ScriptApp.getOAuthToken().length > 0]; }
`;

describe('time-driven triggers', () => {
  it('lists the current user triggers of the spreadsheet with getUserTriggers, and rejects a non-document', () => {
    const rt = runtimeWithScript(CODE);
    valueOf(rt, 'every', 15);
    expect(valueOf(rt, 'listInBook')).toEqual(['runScheduledSync']);
    expect(rt.run('listInBook', [], { user: 'outra@example.com' })).toMatchObject({ ok: true, value: [] });
    expect(errorOf(rt, 'listInNothing')).toMatch(/getUserTriggers/);
  });
  it('accepts only the everyMinutes and everyHours steps Apps Script accepts', () => {
    const rt = runtimeWithScript(CODE);
    for (const n of [1, 5, 10, 15, 30]) valueOf(rt, 'every', n);
    for (const n of [1, 2, 4, 6, 8, 12]) valueOf(rt, 'hourly', n);
    expect(errorOf(rt, 'every', 7)).toMatch(/^Invalid argument: minutes/);
    expect(errorOf(rt, 'hourly', 3)).toMatch(/^Invalid argument: hours/);
    expect(rt.triggers).toHaveLength(11);
    expect(rt.triggers[0]).toMatchObject({ handler: 'runScheduledSync', type: 'CLOCK', everyMinutes: 1, user: 'analista@example.com' });
  });
  it('allows at most 20 triggers per user, and lists only the current user triggers', () => {
    const rt = runtimeWithScript(CODE);
    for (let i = 0; i < 20; i += 1) valueOf(rt, 'every', 15);
    expect(errorOf(rt, 'every', 15)).toBe(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
    expect(rt.run('every', [15], { user: 'outra@example.com' }).ok).toBe(true);
    expect(rt.run('list', [], { user: 'outra@example.com' })).toMatchObject({ ok: true, value: [['runScheduledSync', true]] });
    expect(valueOf(rt, 'removeAll')).toBe(0);
    expect(rt.triggers.map((t) => t.user)).toEqual(['outra@example.com']);
  });
  it('an Editor add-on may create one hourly trigger per user and document, never per minute', () => {
    const rt = runtimeWithScript(CODE, { installation: 'addon' });
    expect(valueOf(rt, 'source')).toBe('addon');
    expect(errorOf(rt, 'every', 15)).toBe("Add-ons can't create time-based triggers that run more frequently than once per hour.");
    valueOf(rt, 'hourly', 1);
    expect(errorOf(rt, 'hourly', 1)).toBe(
      'This add-on has created too many time-based triggers in this document for this Google user account.',
    );
    expect(rt.triggers).toHaveLength(1);
  });
  it('a bound script reports installation source NONE', () => {
    expect(valueOf(runtimeWithScript(CODE), 'source')).toBe('bound');
  });
});

describe('MailApp', () => {
  it('records messages with attachments and counts every recipient against the daily quota', () => {
    const rt = runtimeWithScript(CODE, { mailQuota: 5 });
    expect(valueOf(rt, 'mail', 3)).toBe(2);
    expect(rt.mail[0]).toEqual({
      to: 'p0@example.com,p1@example.com,p2@example.com',
      subject: 'Relatório',
      body: 'texto',
      htmlBody: '<b>x</b>',
      attachments: [{ name: 'dados.csv', contentType: 'text/csv', size: 7 }], // 'a,b' + newline + '1,2'
    });
    expect(errorOf(rt, 'mail', 3)).toBe('Service invoked too many times for one day: email.');
    expect(rt.mail).toHaveLength(1);
  });
  it('accepts the positional form, counting cc recipients too', () => {
    const rt = runtimeWithScript(CODE, { mailQuota: 10 });
    expect(valueOf(rt, 'mailPositional')).toBe(8);
    expect(rt.mail).toEqual([{ to: 'a@example.com', subject: 'Assunto', body: 'corpo', htmlBody: '<i>h</i>', attachments: [] }]);
  });
  it('gives the quota back on the next day of the virtual clock', () => {
    const rt = runtimeWithScript(CODE, { mailQuota: 2 });
    valueOf(rt, 'mail', 2);
    rt.clock.advance(24 * 3600 * 1000);
    expect(valueOf(rt, 'mail', 1)).toBe(1);
  });
});

describe('HtmlService and Ui', () => {
  it('opens built pages from distDir in sidebars and dialogs', () => {
    const rt = runtimeWithScript(CODE, {}, { sidebar: '<html>painel</html>' });
    expect(valueOf(rt, 'page')).toBe(19);
    expect(rt.ui.sidebars).toEqual([{ file: 'sidebar.html', title: 'Painel', html: '<html>painel</html>' }]);
    valueOf(rt, 'dialog');
    expect(rt.ui.dialogs).toEqual([{ file: '', title: 'Título', html: '<p>x</p>', width: 300, height: 200 }]);
  });
  it('throws for a page that was not built', () => {
    expect(errorOf(runtimeWithScript(CODE), 'missingPage')).toBe('No HTML file named nope was found.');
  });
  it('reports the active user, the script time zone and a token', () => {
    const rt = runtimeWithScript(CODE, { scriptTimeZone: 'Europe/Lisbon' });
    expect(rt.run('user', [], { user: 'x@example.com' })).toMatchObject({ ok: true, value: ['x@example.com', 'Europe/Lisbon', true] });
  });
});
