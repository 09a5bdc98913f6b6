// Every method the runtime exposes to scripts exists in Apps Script's own type definitions (@types/google-apps-script).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ChartOptions, ChartsService, ConditionalFormatRule, ConditionalFormatRuleBuilder, ContainerInfo, EmbeddedChart, EmbeddedChartBuilder } from './charts';
import { GasObject } from './execution';
import { ScriptApp, Trigger, TriggerBuilder, ClockTriggerBuilder } from './script-app';
import { Range, Sheet, Spreadsheet, SpreadsheetApp } from './spreadsheet-app';
import { Cache, CacheService, Lock, LockService, Properties, PropertiesService } from './stores';
import { HtmlOutput, HtmlService, Menu, Ui } from './ui';
import { HTTPResponse, UrlFetchApp } from './url-fetch';
import { Blob, Logger, MailApp, Session, User, Utilities } from './utilities';

/** Member names of every interface declared in the Apps Script typings, by interface name. */
function appsScriptInterfaces(): Map<string, Set<string>> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@types/google-apps-script/package.json'));
  const out = new Map<string, Set<string>>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.d.ts'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.ES2020);
    const visit = (node: ts.Node): void => {
      if (ts.isInterfaceDeclaration(node)) {
        const members = out.get(node.name.text) ?? new Set<string>();
        for (const m of node.members) if (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) members.add(m.name.text);
        out.set(node.name.text, members);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

/** Names a script can reach on instances of `cls` (same rule as Execution.expose). */
function exposedNames(cls: { prototype: object }): string[] {
  const names = new Set<string>();
  let proto: object | null = cls.prototype;
  while (proto && proto !== GasObject.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor' && !name.startsWith('_')) names.add(name);
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return [...names].sort();
}

// Runtime class → Apps Script interface name (Charts is typed as `Charts` in the Charts namespace).
const CLASSES: Array<[{ prototype: object }, string]> = [
  [SpreadsheetApp, 'SpreadsheetApp'],
  [Spreadsheet, 'Spreadsheet'],
  [Sheet, 'Sheet'],
  [Range, 'Range'],
  [EmbeddedChartBuilder, 'EmbeddedChartBuilder'],
  [EmbeddedChart, 'EmbeddedChart'],
  [ChartOptions, 'ChartOptions'],
  [ContainerInfo, 'ContainerInfo'],
  [ConditionalFormatRuleBuilder, 'ConditionalFormatRuleBuilder'],
  [ConditionalFormatRule, 'ConditionalFormatRule'],
  [ChartsService, 'Charts'],
  [Ui, 'Ui'],
  [Menu, 'Menu'],
  [HtmlService, 'HtmlService'],
  [HtmlOutput, 'HtmlOutput'],
  [PropertiesService, 'PropertiesService'],
  [Properties, 'Properties'],
  [CacheService, 'CacheService'],
  [Cache, 'Cache'],
  [LockService, 'LockService'],
  [Lock, 'Lock'],
  [ScriptApp, 'ScriptApp'],
  [Trigger, 'Trigger'],
  [TriggerBuilder, 'TriggerBuilder'],
  [ClockTriggerBuilder, 'ClockTriggerBuilder'],
  [Session, 'Session'],
  [User, 'User'],
  [Utilities, 'Utilities'],
  [Blob, 'Blob'],
  [Logger, 'Logger'],
  [MailApp, 'MailApp'],
  [UrlFetchApp, 'UrlFetchApp'],
  [HTTPResponse, 'HTTPResponse'],
];

describe('exposed API surface', () => {
  const interfaces = appsScriptInterfaces();
  it.each(CLASSES.map(([cls, name]) => [name, cls] as const))('%s exposes only members Apps Script has', (name, cls) => {
    const known = interfaces.get(name);
    expect(known, `interface ${name} in @types/google-apps-script`).toBeDefined();
    expect(exposedNames(cls).filter((m) => !known?.has(m))).toEqual([]);
  });
});
