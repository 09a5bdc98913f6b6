// Ui (menus, sidebars, dialogs, alerts) and HtmlService over the built pages in distDir.
import fs from 'node:fs';
import path from 'node:path';
import { Execution, GasError, GasObject } from './execution';
import type { RuntimeState } from './state';

export class HtmlOutput extends GasObject {
  title = '';
  width: number | undefined;
  height: number | undefined;
  constructor(
    exec: Execution,
    readonly file: string,
    public content: string,
  ) {
    super('HtmlOutput', exec);
  }
  setTitle(title: string): HtmlOutput {
    this.title = String(title);
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  setWidth(width: number): HtmlOutput {
    this.width = width;
    return this;
  }
  getWidth(): number | null {
    return this.width ?? null;
  }
  setHeight(height: number): HtmlOutput {
    this.height = height;
    return this;
  }
  getHeight(): number | null {
    return this.height ?? null;
  }
  getContent(): string {
    return this.content;
  }
  setContent(content: string): HtmlOutput {
    this.content = String(content);
    return this;
  }
  append(addedContent: string): HtmlOutput {
    this.content += String(addedContent);
    return this;
  }
}

export class HtmlService extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('HtmlService', exec);
  }
  createHtmlOutputFromFile(filename: string): HtmlOutput {
    const name = String(filename).replace(/\.html$/, '');
    const file = path.join(this.state.distDir, `${name}.html`);
    if (!/^[\w.-]+$/.test(name) || !fs.existsSync(file)) throw new GasError(`No HTML file named ${name} was found.`);
    return new HtmlOutput(this.exec, `${name}.html`, fs.readFileSync(file, 'utf8'));
  }
  createHtmlOutput(html?: string): HtmlOutput {
    return new HtmlOutput(this.exec, '', html === undefined ? '' : String(html));
  }
}

export class Menu extends GasObject {
  readonly items: Array<{ label: string; functionName: string }> = [];
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
    readonly title: string,
    readonly addon: boolean,
  ) {
    super('Menu', exec);
  }
  addItem(caption: string, functionName: string): Menu {
    if (typeof caption !== 'string' || typeof functionName !== 'string') throw new GasError("The parameters don't match the method signature for Menu.addItem.");
    this.items.push({ label: caption, functionName });
    return this;
  }
  addSeparator(): Menu {
    return this;
  }
  addToUi(): void {
    // Re-adding a menu with the same title replaces it, like reopening the document.
    const menus = this.state.ui.menus;
    const at = menus.findIndex((m) => m.title === this.title && m.addon === this.addon);
    const record = { title: this.title, addon: this.addon, items: [...this.items] };
    if (at >= 0) menus[at] = record;
    else menus.push(record);
  }
}

export class Ui extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('Ui', exec);
  }
  get Button(): Record<string, string> {
    return { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
  }
  get ButtonSet(): Record<string, string> {
    return { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
  }
  createMenu(caption: string): Menu {
    if (typeof caption !== 'string' || caption === '') throw new GasError('Invalid argument: caption');
    return new Menu(this.exec, this.state, caption, false);
  }
  createAddonMenu(): Menu {
    // The title of an add-on menu comes from the Marketplace listing, not from the script.
    return new Menu(this.exec, this.state, this.state.addonName, true);
  }
  showSidebar(userInterface: unknown): void {
    if (!(userInterface instanceof HtmlOutput)) throw new GasError("The parameters don't match the method signature for Ui.showSidebar.");
    this.state.ui.sidebars.push({ file: userInterface.file, title: userInterface.title, html: userInterface.content });
  }
  private _dialog(userInterface: unknown, title: string, method: string): void {
    if (!(userInterface instanceof HtmlOutput)) throw new GasError(`The parameters don't match the method signature for Ui.${method}.`);
    this.state.ui.dialogs.push({
      file: userInterface.file,
      title: String(title),
      html: userInterface.content,
      ...(userInterface.width === undefined ? {} : { width: userInterface.width }),
      ...(userInterface.height === undefined ? {} : { height: userInterface.height }),
    });
  }
  showModalDialog(userInterface: unknown, title: string): void {
    this._dialog(userInterface, title, 'showModalDialog');
  }
  showModelessDialog(userInterface: unknown, title: string): void {
    this._dialog(userInterface, title, 'showModelessDialog');
  }
  alert(titleOrPrompt: string, prompt?: unknown): string {
    // Nobody is there to click: the alert is recorded and answered with OK.
    const hasTitle = typeof prompt === 'string';
    this.state.ui.alerts.push({ title: hasTitle ? String(titleOrPrompt) : '', prompt: hasTitle ? prompt : String(titleOrPrompt) });
    return 'OK';
  }
}
