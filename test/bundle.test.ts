// The built dist/Code.js in the local runtime: top-level functions, no modules left, menu and pages as the contract says.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type LocalRuntime } from './runtime/index';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const codeFile = path.join(root, 'dist', 'Code.js');

/** contract.md, "Top-level functions of dist/Code.js", written out here on purpose (not imported from src). */
const CONTRACT_FUNCTIONS = [
  'exportCsv',
  'getDashboard',
  'getSettings',
  // Beyond contract.md (issue 12, README "Top-level functions"): the simple trigger logging a person's edits of
  // "Conversas", so the metrics snapshot re-reads those rows.
  'onEdit',
  'onInstall',
  'onOpen',
  'rebuildDashboards',
  // Beyond contract.md (issue 6, README "Top-level functions"): writes the "Previsão" sheet.
  'rebuildForecast',
  'refreshDashboard',
  'runScheduledSync',
  'saveSettings',
  'showSettings',
  'showSidebar',
  'syncNow',
];

/** What onOpen may touch: the UI's menu builder and nothing else (safe in AuthMode.NONE). */
const MENU_ONLY = new Set(['SpreadsheetApp.getUi', 'Ui.createMenu', 'Ui.createAddonMenu', 'Menu.addItem', 'Menu.addSeparator', 'Menu.addToUi']);

let bound: LocalRuntime;

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` builds here when dist/ is missing.
  if (!fs.existsSync(codeFile)) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  bound = createRuntime();
});

afterAll(() => {
  bound.dispose();
});

describe('dist/Code.js', () => {
  it('defines exactly the contract top-level functions', () => {
    // A new entry point changes the public contract: add it to contract.md and to CONTRACT_FUNCTIONS together.
    expect(bound.topLevelFunctions(), 'top-level functions of dist/Code.js vs contract.md').toEqual([...CONTRACT_FUNCTIONS].sort());
  });
  it('keeps no import or export statement', () => {
    const code = fs.readFileSync(codeFile, 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });
});

describe('onOpen', () => {
  it('builds the Chatvolt Analytics menu of a bound script, each item naming a top-level function', () => {
    const result = bound.run('onOpen', [{ authMode: 'LIMITED' }], { authMode: 'LIMITED', trigger: 'simple' });
    expect(result.ok).toBe(true);
    const menu = bound.ui.menus.find((m) => m.title === 'Chatvolt Analytics' && !m.addon);
    expect(menu).toBeDefined();
    expect(menu?.items.map((i) => [i.label, i.functionName])).toEqual([
      ['Atualizar agora', 'syncNow'],
      ['Abrir painel', 'showSidebar'],
      ['Gerar painéis', 'rebuildDashboards'],
      ['Gerar previsão', 'rebuildForecast'],
      ['Configurações', 'showSettings'],
    ]);
    const functions = new Set(bound.topLevelFunctions());
    for (const item of menu?.items ?? []) expect(functions.has(item.functionName), item.functionName).toBe(true);
  });
  it('builds an add-on menu in AuthMode.NONE and touches no other service', () => {
    const addon = createRuntime({ installation: 'addon' });
    const result = addon.run('onOpen', [{ authMode: 'NONE' }], { authMode: 'NONE', trigger: 'simple' });
    expect(result.ok).toBe(true);
    expect(addon.ui.menus).toHaveLength(1);
    expect(addon.ui.menus[0]?.addon).toBe(true);
    expect(Object.keys(result.stats.callsByMethod).filter((k) => !MENU_ONLY.has(k))).toEqual([]);
    addon.dispose();
  });
  it('onInstall builds the same menu', () => {
    const addon = createRuntime({ installation: 'addon' });
    expect(addon.run('onInstall', [{ authMode: 'FULL' }]).ok).toBe(true);
    expect(addon.ui.menus.map((m) => m.addon)).toEqual([true]);
    addon.dispose();
  });
});

describe('pages', () => {
  it('showSidebar opens sidebar.html', () => {
    bound.call('showSidebar');
    expect(bound.ui.sidebars.at(-1)?.file).toBe('sidebar.html');
    expect(bound.ui.sidebars.at(-1)?.html).toBe(fs.readFileSync(path.join(root, 'dist', 'sidebar.html'), 'utf8'));
  });
  it('showSettings opens settings.html in a dialog', () => {
    bound.call('showSettings');
    expect(bound.ui.dialogs.at(-1)?.file).toBe('settings.html');
  });
});
