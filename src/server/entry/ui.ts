// Menu, sidebar and dialog entry points (contract.md): onOpen builds the menu and nothing else.

/** The menu items, each naming a top-level function of the bundle (checked by the bundle test). */
export const MENU_ITEMS: ReadonlyArray<readonly [label: string, functionName: string]> = [
  ['Atualizar agora', 'syncNow'],
  ['Abrir painel', 'showSidebar'],
  ['Gerar painéis', 'rebuildDashboards'],
  ['Gerar previsão', 'rebuildForecast'],
  ['Configurações', 'showSettings'],
];

/** Simple trigger: may run in AuthMode.NONE (an add-on not yet enabled in this document), so it touches no service but the UI. */
export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const ui = SpreadsheetApp.getUi();
  const menu = isAddOnOpen(e) ? ui.createAddonMenu() : ui.createMenu('Chatvolt Analytics');
  for (const [label, functionName] of MENU_ITEMS) menu.addItem(label, functionName);
  menu.addToUi();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}

function isAddOnOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): boolean {
  // Bound scripts get LIMITED in onOpen; only an add-on sees NONE. Otherwise ask where the script came from.
  if (e && e.authMode === ScriptApp.AuthMode.NONE) return true;
  try {
    return ScriptApp.getInstallationSource() !== ScriptApp.InstallationSource.NONE;
  } catch {
    return false;
  }
}

export function showSidebar(): void {
  const page = HtmlService.createHtmlOutputFromFile('sidebar').setTitle('Chatvolt Analytics');
  SpreadsheetApp.getUi().showSidebar(page);
}

export function showSettings(): void {
  const page = HtmlService.createHtmlOutputFromFile('settings').setWidth(520).setHeight(680);
  SpreadsheetApp.getUi().showModalDialog(page, 'Configurações — Chatvolt Analytics');
}
