// Test helper: a runtime over a hand-written Code.js in a temporary dist directory (runtime tests need no build).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRuntime, type LocalRuntime, type RuntimeOptions } from './index';

/** Writes `code` as Code.js (plus optional html pages) to a fresh directory and returns a runtime over it. */
export function runtimeWithScript(code: string, options: RuntimeOptions = {}, pages: Record<string, string> = {}): LocalRuntime {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gas-runtime-'));
  fs.writeFileSync(path.join(dir, 'Code.js'), code);
  for (const [name, html] of Object.entries(pages)) fs.writeFileSync(path.join(dir, `${name}.html`), html);
  return createRuntime({ ...options, distDir: dir });
}

/** Runs `fn` and returns its value, failing the test with the execution's message otherwise. */
export function valueOf<T>(runtime: LocalRuntime, fn: string, ...args: unknown[]): T {
  return runtime.call<T>(fn, ...args);
}

/** Runs `fn` expecting a failure; returns the error message. */
export function errorOf(runtime: LocalRuntime, fn: string, ...args: unknown[]): string {
  const result = runtime.run(fn, args);
  if (result.ok) throw new Error(`${fn} was expected to fail but returned ${JSON.stringify(result.value)}`);
  return result.error.message;
}
