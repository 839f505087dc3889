// Sends one notification request, retrying with exponential backoff what may succeed later
// (network failures, timeouts, 408, 425, 429, 5xx; a Retry-After is honoured up to the cap) and
// giving up at once on what will not (any other 4xx). Every attempt is reported for the log.
import type { OutgoingRequest } from './notifiers';

export interface DeliveryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 60_000, timeoutMs: 10_000 };

export interface AttemptReport {
  attempt: number;
  outcome: 'sent' | 'retrying' | 'failed';
  /** 0 when no HTTP answer came. */
  httpStatus: number;
  error: string;
  durationMs: number;
}

export interface SendOptions {
  fetch?: typeof fetch;
  /** Aborted when the collector stops: the pending wait ends and the delivery gives up. */
  signal?: AbortSignal;
  random?: () => number;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);
const MAX_ERROR_BODY_CHARS = 300;

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoffMs(policy: DeliveryPolicy, attempt: number, random: () => number): number {
  // ±20% jitter, so channels that failed together do not all retry in the same instant.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.8 + 0.4 * random());
}

function wait(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves true once the receiver accepted it (2xx), false when it gave up. Never rejects. */
export async function sendWithRetry(request: OutgoingRequest, policy: DeliveryPolicy, report: (r: AttemptReport) => Promise<void> | void, options: SendOptions = {}): Promise<boolean> {
  const doFetch = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    let httpStatus = 0;
    let error = '';
    let retryable = true;
    let delay: number | undefined;
    try {
      const response = await doFetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
        redirect: 'error',
      });
      httpStatus = response.status;
      const text = await response.text().catch(() => '');
      if (response.ok) {
        await report({ attempt, outcome: 'sent', httpStatus, error: '', durationMs: performance.now() - started });
        return true;
      }
      error = `HTTP ${response.status}${text ? `: ${text.slice(0, MAX_ERROR_BODY_CHARS)}` : ''}`;
      retryable = response.status >= 500 || RETRYABLE_STATUS.has(response.status);
      delay = retryAfterMs(response);
    } catch (problem) {
      const e = problem as Error & { cause?: { code?: string; message?: string } };
      error = e.name === 'TimeoutError' ? `no answer within ${policy.timeoutMs} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : e.cause?.message ? ` (${e.cause.message})` : ''}`;
    }
    const last = !retryable || attempt >= policy.maxAttempts || options.signal?.aborted;
    await report({ attempt, outcome: last ? 'failed' : 'retrying', httpStatus, error, durationMs: performance.now() - started });
    if (last) return false;
    const waitMs = Math.min(policy.maxDelayMs, delay ?? backoffMs(policy, attempt, random));
    if (!(await wait(waitMs, options.signal))) {
      await report({ attempt, outcome: 'failed', httpStatus, error: 'the collector stopped before the next attempt', durationMs: 0 });
      return false;
    }
  }
}
