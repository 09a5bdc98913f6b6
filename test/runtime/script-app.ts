// ScriptApp: time-driven triggers with the bound-script and Editor add-on rules, enums, installation source.
import { Execution, GasError, GasObject } from './execution';
import type { RuntimeState, TriggerRecord } from './state';

/** What ScriptApp.getOAuthToken() returns; the stand-in Google endpoints (url-fetch.ts) accept only it. */
export const OAUTH_TOKEN = 'ya29.local-runtime-fake-token';
/** Triggers per user per script (apps-script-platform.md, Quotas). */
export const MAX_TRIGGERS_PER_USER = 20;
const MINUTE_STEPS = [1, 5, 10, 15, 30];
const HOUR_STEPS = [1, 2, 4, 6, 8, 12];

export class Trigger extends GasObject {
  constructor(
    exec: Execution,
    readonly record: TriggerRecord,
  ) {
    super('Trigger', exec);
  }
  getUniqueId(): string {
    return this.record.id;
  }
  getHandlerFunction(): string {
    return this.record.handler;
  }
  getEventType(): string {
    return 'CLOCK';
  }
  getTriggerSource(): string {
    return 'CLOCK';
  }
}

export class ClockTriggerBuilder extends GasObject {
  everyMinutesValue: number | undefined;
  everyHoursValue: number | undefined;
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
    readonly handler: string,
  ) {
    super('ClockTriggerBuilder', exec);
  }
  everyMinutes(n: number): ClockTriggerBuilder {
    if (this.state.installation === 'addon')
      throw new GasError("Add-ons can't create time-based triggers that run more frequently than once per hour.");
    if (!MINUTE_STEPS.includes(n)) throw new GasError('Invalid argument: minutes. The value must be 1, 5, 10, 15 or 30.');
    this.everyMinutesValue = n;
    this.everyHoursValue = undefined;
    return this;
  }
  everyHours(n: number): ClockTriggerBuilder {
    if (!HOUR_STEPS.includes(n)) throw new GasError('Invalid argument: hours. The value must be 1, 2, 4, 6, 8 or 12.');
    this.everyHoursValue = n;
    this.everyMinutesValue = undefined;
    return this;
  }
  create(): Trigger {
    if (this.everyMinutesValue === undefined && this.everyHoursValue === undefined)
      throw new GasError('The trigger needs a schedule: call everyMinutes or everyHours before create.');
    const user = this.exec.settings.user;
    const mine = this.state.triggers.filter((t) => t.user === user);
    if (mine.length >= MAX_TRIGGERS_PER_USER)
      throw new GasError('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
    if (this.state.installation === 'addon' && mine.some((t) => t.type === 'CLOCK'))
      throw new GasError('This add-on has created too many time-based triggers in this document for this Google user account.');
    const record: TriggerRecord = {
      id: String(5_000_000_000 + this.state.nextTriggerId++),
      handler: this.handler,
      type: 'CLOCK',
      user,
      ...(this.everyMinutesValue === undefined ? {} : { everyMinutes: this.everyMinutesValue }),
      ...(this.everyHoursValue === undefined ? {} : { everyHours: this.everyHoursValue }),
    };
    this.state.triggers.push(record);
    return new Trigger(this.exec, record);
  }
}

export class TriggerBuilder extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
    readonly handler: string,
  ) {
    super('TriggerBuilder', exec);
  }
  timeBased(): ClockTriggerBuilder {
    return new ClockTriggerBuilder(this.exec, this.state, this.handler);
  }
}

export class ScriptApp extends GasObject {
  constructor(
    exec: Execution,
    readonly state: RuntimeState,
  ) {
    super('ScriptApp', exec);
  }
  get EventType(): Record<string, string> {
    return { CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT', ON_FORM_SUBMIT: 'ON_FORM_SUBMIT', ON_CHANGE: 'ON_CHANGE' };
  }
  get AuthMode(): Record<string, string> {
    return { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' };
  }
  get InstallationSource(): Record<string, string> {
    return { APPS_MARKETPLACE_DOMAIN_ADD_ON: 'APPS_MARKETPLACE_DOMAIN_ADD_ON', ADD_ON: 'ADD_ON', NONE: 'NONE' };
  }
  get TriggerSource(): Record<string, string> {
    return { SPREADSHEETS: 'SPREADSHEETS', CLOCK: 'CLOCK' };
  }
  getInstallationSource(): string {
    return this.state.installation === 'addon' ? 'ADD_ON' : 'NONE';
  }
  getOAuthToken(): string {
    return OAUTH_TOKEN;
  }
  newTrigger(functionName: string): TriggerBuilder {
    if (typeof functionName !== 'string' || functionName === '') throw new GasError('Invalid argument: functionName');
    return new TriggerBuilder(this.exec, this.state, functionName);
  }
  getProjectTriggers(): Trigger[] {
    return this.state.triggers.filter((t) => t.user === this.exec.settings.user).map((t) => new Trigger(this.exec, t));
  }
  /** The runtime models one spreadsheet, so the user's triggers "in" it are all of the user's triggers. */
  getUserTriggers(container: unknown): Trigger[] {
    const id = (container as { getId?: unknown } | null)?.getId;
    if (typeof id !== 'function') throw new GasError("The parameters (" + typeof container + ") don't match the method signature for ScriptApp.getUserTriggers.");
    // Assumed: an add-on's clock trigger counts as one "in" the document (README); the other reading is an option.
    if (this.state.readings.userTriggersOmitClock) return [];
    return this.getProjectTriggers();
  }
  deleteTrigger(trigger: unknown): void {
    if (!(trigger instanceof Trigger)) throw new GasError("The parameters don't match the method signature for ScriptApp.deleteTrigger.");
    const at = this.state.triggers.findIndex((t) => t.id === trigger.record.id);
    if (at >= 0) this.state.triggers.splice(at, 1);
  }
}
