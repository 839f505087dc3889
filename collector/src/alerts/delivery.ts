// Sends one notification request, retrying with exponential backoff what may succeed later
// (network failures, timeouts, 408, 425, 429, 5xx; a Retry-After is honoured up to the cap) and
// giving up at once on what will not (any other 4xx). Every attempt is reported for the log.
// The log keeps the status and a short error class, never the receiver's body nor the URL: a
// channel pointed inside the network must not become a way to read internal services, and
// viewers read the log.
import type { OutgoingRequest } from './notifiers';
import { REFUSED_CODE } from './outbound';

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

// Network failures by their system error code: what on-call needs, with no address in it.
const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

/** A short class for a failed attempt; never the error's own message, which may quote the URL. */
export function failureClass(problem: unknown, timeoutMs: number): string {
  const e = problem as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (isRefusedDestination(problem)) return 'destination refused: an internal address (see BURNRATE_OUTBOUND_ALLOW)';
  const code = e?.cause?.code;
  if (code) return `${NETWORK_FAILURES[code] ?? 'network error'} (${code})`;
  if (/redirect/i.test(`${e?.message ?? ''} ${e?.cause?.message ?? ''}`)) return 'redirect refused';
  return 'network error';
}

function isRefusedDestination(problem: unknown): boolean {
  const e = problem as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === REFUSED_CODE || e?.cause?.code === REFUSED_CODE;
}

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
/**
 * fetch refuses a URL with user:password@ in it; receivers behind basic auth are common, so the
 * credentials travel as an Authorization header instead.
 */
function withoutUrlCredentials(request: OutgoingRequest): { url: string; headers: Record<string, string> } {
  const url = new URL(request.url);
  if (!url.username && !url.password) return { url: request.url, headers: request.headers };
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  return { url: url.href, headers: { ...request.headers, authorization: `Basic ${basic}` } };
}

export async function sendWithRetry(
  request: OutgoingRequest,
  policy: DeliveryPolicy,
  report: (r: AttemptReport) => Promise<void> | void,
  options: SendOptions = {},
): Promise<boolean> {
  const doFetch = options.fetch ?? fetch;
  const target = withoutUrlCredentials(request);
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    let httpStatus = 0;
    let error = '';
    let retryable = true;
    let delay: number | undefined;
    try {
      const response = await doFetch(target.url, {
        method: 'POST',
        headers: target.headers,
        body: request.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
        redirect: 'error',
      });
      httpStatus = response.status;
      // Drain the body so the connection is reused; what the receiver said is not kept.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        await report({ attempt, outcome: 'sent', httpStatus, error: '', durationMs: performance.now() - started });
        return true;
      }
      error = `HTTP ${response.status}`;
      retryable = response.status >= 500 || RETRYABLE_STATUS.has(response.status);
      delay = retryAfterMs(response);
    } catch (problem) {
      error = failureClass(problem, policy.timeoutMs);
      // An internal destination stays internal: trying again cannot help.
      retryable = !isRefusedDestination(problem);
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
