// Typed promise wrapper over google.script.run, the only way client pages reach the server.
import type { ServerApi } from '../../shared/server-api';

/** The part of google.script.run's fluent runner the pages use. */
interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
  [name: string]: unknown;
}

/** The minimal `google` global HtmlService injects into add-on pages (no Apps Script types on the client). */
interface GoogleClientGlobal {
  script: {
    run: ScriptRunner;
    host: { close(): void };
  };
}

declare global {
  var google: GoogleClientGlobal | undefined;
}

/** An error raised by the server (or by the transport), carrying the server's message. */
export class ServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerError';
  }
}

function toServerError(error: unknown): ServerError {
  if (error instanceof Error) return new ServerError(error.message);
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === 'string') return new ServerError(message);
  }
  return new ServerError(typeof error === 'string' ? error : 'Erro desconhecido no servidor.');
}

function runner(): ScriptRunner {
  const run = globalThis.google?.script?.run;
  if (!run) throw new ServerError('Esta página só funciona dentro da planilha (google.script.run indisponível).');
  return run;
}

/**
 * Calls a server function by name and resolves with its (JSON-safe) result; rejects with a ServerError
 * carrying the server's message. Each call builds a fresh runner chain, as google.script.run requires
 * handlers to be set per call.
 */
export function callServer<K extends keyof ServerApi>(
  name: K,
  ...args: Parameters<ServerApi[K]>
): Promise<ReturnType<ServerApi[K]>> {
  return new Promise((resolve, reject) => {
    let chained: ScriptRunner;
    try {
      chained = runner()
        .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
        .withFailureHandler((error) => reject(toServerError(error)));
    } catch (error) {
      reject(toServerError(error));
      return;
    }
    const fn = chained[name];
    if (typeof fn !== 'function') {
      reject(new ServerError(`Função do servidor indisponível: ${String(name)}.`));
      return;
    }
    (fn as (...a: unknown[]) => void).apply(chained, args);
  });
}

/** Closes the dialog or sidebar hosting this page (google.script.host.close). */
export function closeHost(): void {
  globalThis.google?.script?.host?.close();
}
