// The optional budget guard: reads the collector's budget status on an interval, in the
// background (never on the call path; the timer is unref'd so it never keeps the app alive), and
// answers check() synchronously from the last answer. When the collector cannot be reached, or
// its last answer is too old, the guard fails open (allows every call) and says so once per
// outage through the OTel diagnostics logger.
import { diag } from '@opentelemetry/api';
import { DEFAULT_ENDPOINT } from '../endpoint';
import { Env, Header } from '../semconv';
import { decide, type DowngradeOptions, type GuardCall, type GuardDecision, type GuardMode } from './decide';
import { BUDGET_STATUS_PATH, parseStatus, type BudgetSnapshot } from './statusSnapshot';

const log = diag.createComponentLogger({ namespace: '@burnrate/sdk-hook/guard' });

export interface BudgetStatusGuardOptions {
  mode: GuardMode;
  /** The collector's base URL (a …/v1/traces URL is accepted too). Default BURNRATE_ENDPOINT, else http://localhost:4318. */
  endpoint?: string;
  /** How often to read the status. Default 30 s. */
  intervalMs?: number;
  /** Needed when the collector has auth on; default BURNRATE_INGEST_KEY. */
  ingestKey?: string;
  /** Required for mode 'downgrade'. */
  downgrade?: DowngradeOptions;
  /** A status older than this is not trusted (fail open). Default three intervals. */
  staleAfterMs?: number;
  /** Per request. Default the smaller of the interval and 5 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface BudgetStatusGuard {
  /** Synchronous; never does I/O. */
  check(call: GuardCall): GuardDecision;
  /** Reads the status now; resolves true when it got a valid answer. Never rejects. */
  refresh(): Promise<boolean>;
  /** Epoch ms of the last valid answer. */
  readonly lastUpdatedMs: number | undefined;
  close(): void;
}

export function budgetStatusUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/v1\/traces$/, '') + BUDGET_STATUS_PATH;
  return url.toString();
}

export function createBudgetStatusGuard(options: BudgetStatusGuardOptions): BudgetStatusGuard {
  if (options.mode === 'downgrade' && !options.downgrade) throw new Error("budget guard: mode 'downgrade' needs a downgrade map");
  const intervalMs = Math.max(100, options.intervalMs ?? 30_000);
  const staleAfterMs = options.staleAfterMs ?? 3 * intervalMs;
  const timeoutMs = options.timeoutMs ?? Math.min(intervalMs, 5_000);
  const url = budgetStatusUrl(options.endpoint ?? process.env[Env.endpoint] ?? DEFAULT_ENDPOINT);
  const ingestKey = options.ingestKey ?? process.env[Env.ingestKey];
  const headers: Record<string, string> = { accept: 'application/json', ...(ingestKey ? { [Header.ingestKey]: ingestKey } : {}) };
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;

  let budgets: BudgetSnapshot[] = [];
  let lastUpdatedMs: number | undefined;
  let unreachable = false;
  let inFlight: Promise<boolean> | undefined;
  const warned = new Set<string>();

  function failed(why: string): false {
    if (!unreachable) log.warn(`cannot read budget status from ${url} (${why}); allowing every call until it answers`);
    unreachable = true;
    return false;
  }

  async function poll(): Promise<boolean> {
    try {
      const response = await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) return failed(`HTTP ${response.status}`);
      const parsed = parseStatus(await response.json());
      if (!parsed) return failed('the answer is not a budget status');
      budgets = parsed;
      lastUpdatedMs = now();
      if (unreachable) log.info(`budget status from ${url} is readable again`);
      unreachable = false;
      return true;
    } catch (error) {
      return failed((error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message);
    }
  }

  const refresh = () => (inFlight ??= poll().finally(() => (inFlight = undefined)));
  void refresh();
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();

  return {
    check(call) {
      try {
        const at = now();
        if (lastUpdatedMs === undefined) return { action: 'allow', reason: unreachable ? 'collector-unreachable' : 'no-status-yet' };
        if (at - lastUpdatedMs > staleAfterMs) {
          if (!unreachable) failed(`no valid answer for ${Math.round((at - lastUpdatedMs) / 1000)} s`);
          return { action: 'allow', reason: 'collector-unreachable' };
        }
        const decision = decide(budgets, call, options.mode, options.downgrade, at);
        if (decision.action === 'warn') {
          for (const b of decision.budgets) {
            // Once per budget and period, not once per call.
            const key = `${b.id}@${b.resetsAt}`;
            if (!warned.has(key))
              log.warn(`budget "${b.name}" is used up ($${b.spentUsd} of $${b.amountUsd}); calls in its scope continue (${decision.reason})`);
            warned.add(key);
          }
        }
        return decision;
      } catch (error) {
        // The guard must never break a call.
        log.debug('budget check failed; allowing the call', error);
        return { action: 'allow', reason: 'guard-error' };
      }
    },
    refresh,
    get lastUpdatedMs() {
      return lastUpdatedMs;
    },
    close() {
      clearInterval(timer);
    },
  };
}
