// The one request policy of the Chatvolt client: retries with backoff, Retry-After, the run's deadline, probe-first keys.
import {
  backoffMs,
  classifyAnswer,
  describeFailure,
  fingerprintKey,
  MAX_ATTEMPTS,
  MAX_RETRY_WAIT_MS,
  MEASURED_ROUNDS,
  networkReason,
  parseRetryAfter,
  rememberedRoundMs,
  roundFits,
  seconds,
  SLOW_ROUND_MS,
  slowNote,
  UNMEASURED_ROUND_MS,
  type PolicyMemory,
} from '../domain/request-policy';
import { NetworkError, type Clock, type HttpPort, type HttpResponse } from './ports';

/**
 * What went wrong, for callers that map errors to messages or decide whether to go on: `auth` (key rejected),
 * `rate_limited` (429/419/503 after the retries), `unavailable` (5xx or broken bodies after the retries),
 * `network` (no answer after the retries), `http` (another 4xx), `format` (JSON of an unexpected shape),
 * `deadline` (the next round could not end before the run's deadline: a stop, not a failure).
 */
export type ChatvoltErrorCode = 'auth' | 'rate_limited' | 'unavailable' | 'http' | 'format' | 'network' | 'deadline';

/** A Chatvolt call failed or had to stop; `message` is plain Portuguese and names the call (e.g. `GET /conversation/abc`). */
export class ChatvoltError extends Error {
  override readonly name = 'ChatvoltError';
  constructor(
    message: string,
    readonly code: ChatvoltErrorCode,
    readonly call: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The first words of the message for a bad key, as users know them. */
export const INVALID_KEY_MESSAGE = 'Chave de API inválida';

/** One GET of a round; `label` names it in messages without the query (`GET /conversation`). */
export interface PolicyRequest {
  label: string;
  url: string;
  headers: Record<string, string>;
}

/** A usable answer: a 2xx with its parsed JSON body, or a 404 (`value` null). */
export interface PolicyAnswer {
  status: number;
  value: unknown;
}

export interface RequestPolicyOptions {
  http: HttpPort;
  clock: Clock;
  apiKey: string;
  /** Epoch ms after which no round may end; default none. */
  deadline?: number;
  /** What the previous run left (accepted key, measured latency). */
  memory?: PolicyMemory | null;
  /** Jitter source in [0, 1). */
  random: () => number;
}

/** Sends rounds of requests under the policy's rules; see createRequestPolicy. */
export interface RequestPolicy {
  /** Sends the requests as one `fetchAll` (plus retry rounds); answers in request order. Throws ChatvoltError. */
  send(requests: readonly PolicyRequest[]): PolicyAnswer[];
  /** HTTP requests sent so far, retries included. */
  apiCalls(): number;
  /** Requests sent again after a temporary failure. */
  retries(): number;
  /** Rounds that still fit before the deadline at the expected round duration (Infinity before any measurement). */
  roundsLeft(): number;
  /** The expected round duration when it is slow enough to mention (≥ SLOW_ROUND_MS), else null. */
  slowRoundMs(): number | null;
  /** What to store for the next run. */
  memory(): PolicyMemory;
}

interface Failure {
  label: string;
  detail: string;
  code: 'rate_limited' | 'unavailable' | 'network';
}

/**
 * Creates the policy of one run. Its rules, each with its reason:
 * - A key this document has not yet seen accepted is **probed**: the first request goes alone, so a rejected key
 *   costs one request per run instead of a fan-out of dozens. Acceptance is remembered as a short hash of the key
 *   (never the key), so a proven key pays nothing more; a rejection forgets it.
 * - 401/403 are never retried (the same key gets the same answer) and stop the run with a clear message.
 * - 429/419/503 wait for `Retry-After` (up to 30 s), else back off; 5xx, non-JSON 2xx bodies (truncated JSON, HTML
 *   pages) and network failures retry **the failed requests only**, with exponential backoff and jitter, at most
 *   MAX_ATTEMPTS tries each: a flaky API costs a few seconds, a persistent outage ends with a message in under a
 *   minute.
 * - Each round's duration is measured; a round (or a wait before one) that could not end by the deadline at the
 *   longest recent duration is not started: the run stops with code `deadline` (or the code of the failure it was
 *   retrying, since that failure is why it ran out of time) and keeps what earlier rounds got.
 * - Other 4xx fail at once: the request or the account is wrong and repeating it changes nothing.
 */
export function createRequestPolicy(options: RequestPolicyOptions): RequestPolicy {
  const { http, clock } = options;
  const deadline = options.deadline ?? Infinity;
  const fingerprint = fingerprintKey(options.apiKey);
  let accepted: string | null = options.memory?.acceptedKey ?? null;
  let proven = accepted === fingerprint;
  const remembered = rememberedRoundMs(options.memory ?? null, clock.now());
  // The longest of these is the next round's expected duration; the remembered one counts until replaced.
  const recent: number[] = remembered > 0 ? [remembered] : [];
  // This run's own last rounds: what the next run will be told (a remembered slowness must not outlive itself).
  const measuredThisRun: number[] = [];
  let sent = 0;
  let retried = 0;

  const expected = (): number => (recent.length === 0 ? 0 : Math.max(...recent));
  /** The duration the deadline check allows for the next round: the expected one, or a cautious one unmeasured. */
  const allowed = (): number => (recent.length === 0 ? UNMEASURED_ROUND_MS : expected());
  const measure = (ms: number): void => {
    recent.push(Math.max(0, ms));
    while (recent.length > MEASURED_ROUNDS) recent.shift();
    measuredThisRun.push(Math.max(0, ms));
    while (measuredThisRun.length > MEASURED_ROUNDS) measuredThisRun.shift();
  };

  const deadlineStop = (failure: Failure | null): ChatvoltError => {
    const slow = expected() >= SLOW_ROUND_MS ? slowNote(expected()) : '';
    const unstable =
      failure === null
        ? ''
        : `O Chatvolt está instável (${failure.detail} em ${failure.label}) e o tempo desta execução acabou; a importação continua na próxima execução.`;
    // Out of time while retrying is a failure of that kind (the run's caller decides what to keep); otherwise a stop.
    return new ChatvoltError([unstable, slow].filter(Boolean).join(' '), failure?.code ?? 'deadline', failure?.label ?? 'Chatvolt');
  };

  const reject = (request: PolicyRequest, response: HttpResponse): ChatvoltError => {
    proven = false;
    accepted = null;
    return new ChatvoltError(
      `${INVALID_KEY_MESSAGE}: o Chatvolt recusou a chave (HTTP ${response.status} em ${request.label}). Confira-a em Configurações; nada foi gravado.`,
      'auth',
      request.label,
      response.status,
    );
  };

  const exhausted = (failure: Failure, status: number | null): ChatvoltError => {
    const code = failure.code;
    const message =
      code === 'rate_limited'
        ? `O Chatvolt limitou as requisições (${failure.detail} em ${failure.label}) e as novas tentativas se esgotaram. Nada foi perdido; a próxima execução tenta de novo.`
        : code === 'network'
          ? `Falha de rede ao chamar o Chatvolt (${failure.label}): ${failure.detail}, ${MAX_ATTEMPTS} tentativas. Nada foi perdido; a próxima execução tenta de novo.`
          : `O Chatvolt está instável ou fora do ar: ${failure.label} falhou ${MAX_ATTEMPTS} vezes seguidas (${failure.detail}). Nada foi perdido; a próxima execução tenta de novo.`;
    return new ChatvoltError(message, code, failure.label, status);
  };

  const round = (requests: readonly PolicyRequest[]): PolicyAnswer[] => {
    const results: Array<PolicyAnswer | undefined> = new Array(requests.length);
    const attempts = requests.map(() => 0);
    let pending = requests.map((_, i) => i);
    let last: Failure | null = null;
    while (pending.length > 0) {
      if (!roundFits(clock.now(), allowed(), deadline)) throw deadlineStop(last);
      const started = clock.now();
      sent += pending.length;
      let responses: HttpResponse[] | null = null;
      let lost = '';
      try {
        responses = http.fetchAll(pending.map((i) => ({ url: requests[i]?.url ?? '', headers: requests[i]?.headers ?? {} })));
      } catch (error) {
        // fetchAll throws for the whole batch when one request gets no answer: every pending request is retried.
        if (!(error instanceof NetworkError)) throw error;
        lost = networkReason(error.message);
      }
      measure(clock.now() - started);
      const retry: number[] = [];
      let wait = 0;
      const again = (index: number, failure: Failure, status: number | null, delay: number) => {
        attempts[index] = (attempts[index] ?? 0) + 1;
        last = failure;
        if ((attempts[index] ?? 0) >= MAX_ATTEMPTS) throw exhausted(failure, status);
        if (delay > MAX_RETRY_WAIT_MS) throw exhausted({ ...failure, detail: `${failure.detail}, pediu para aguardar ${seconds(delay)}` }, status);
        wait = Math.max(wait, delay);
        retry.push(index);
      };
      pending.forEach((index, k) => {
        const request = requests[index] as PolicyRequest;
        const backoff = backoffMs(attempts[index] ?? 0, options.random());
        if (responses === null) {
          again(index, { label: request.label, detail: lost, code: 'network' }, null, backoff);
          return;
        }
        const response = responses[k];
        if (!response) throw new Error('fetchAll returned fewer responses than requests');
        let value: unknown = null;
        let isJson = false;
        if (response.status >= 200 && response.status <= 299) {
          try {
            value = JSON.parse(response.body) as unknown;
            isJson = true;
          } catch {
            isJson = false;
          }
        }
        const kind = classifyAnswer(response.status, isJson);
        if (kind === 'auth') throw reject(request, response);
        const detail = describeFailure(response.status, response.body);
        if (kind === 'throttled') {
          // The server says how long to wait: honour it; without it, back off like any temporary failure.
          const asked = parseRetryAfter(response.headers['retry-after'], clock.now());
          again(index, { label: request.label, detail, code: 'rate_limited' }, response.status, asked ?? backoff);
          return;
        }
        if (kind === 'transient') {
          again(index, { label: request.label, detail, code: 'unavailable' }, response.status, backoff);
          return;
        }
        // Any other answer passed the key check.
        proven = true;
        accepted = fingerprint;
        if (kind === 'fatal') {
          throw new ChatvoltError(`Erro HTTP ${response.status} do Chatvolt em ${request.label} (${detail}).`, 'http', request.label, response.status);
        }
        results[index] = { status: response.status, value: kind === 'ok' ? value : null };
      });
      if (retry.length > 0) {
        retried += retry.length;
        // Waiting is only worth it when the retry round can still end by the deadline.
        if (!roundFits(clock.now() + wait, allowed(), deadline)) throw deadlineStop(last);
        clock.sleep(wait);
      }
      pending = retry;
    }
    return results.map((answer) => {
      if (!answer) throw new Error('missing answer');
      return answer;
    });
  };

  const send = (requests: readonly PolicyRequest[]): PolicyAnswer[] => {
    const first = requests[0];
    if (!proven && first !== undefined && requests.length > 1) {
      // Probe: the unproven key goes out once; the rest follow only if it was accepted.
      const head = round([first]);
      return [...head, ...round(requests.slice(1))];
    }
    return round(requests);
  };

  return {
    send,
    apiCalls: () => sent,
    retries: () => retried,
    roundsLeft: () => {
      const ms = expected();
      return ms <= 0 ? Infinity : Math.max(0, Math.floor((deadline - clock.now()) / ms));
    },
    slowRoundMs: () => (expected() >= SLOW_ROUND_MS ? expected() : null),
    memory: () =>
      measuredThisRun.length > 0
        ? { v: 1, acceptedKey: accepted, roundMs: Math.max(...measuredThisRun), at: clock.now() }
        : { v: 1, acceptedKey: accepted, roundMs: options.memory?.roundMs ?? 0, at: options.memory?.at ?? 0 },
  };
}
