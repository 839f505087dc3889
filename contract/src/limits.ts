// What stopped a call: the limit class of a failed attempt, worked out the same way by the
// sdk-hook (from the response) and the collector (from whatever an instrumentation recorded).
// How the API says each (checked 2026-12-06, see test/fixtures/limits/README.md):
// - per-minute rate limit: 429 rate_limit_error with retry-after and anthropic-ratelimit-* headers
// - overload: 529 overloaded_error
// - the usage tier's monthly spend cap: 429 rate_limit_error, error.details.error_code
//   "enforced_spend_limit_reached", no retry-after; access resumes 00:00 UTC on the 1st of the next
//   month ("You will regain access on 2026-09-01 at 00:00 UTC.")
// - a spend limit the customer set: 400 invalid_request_error, "You have reached your specified
//   (workspace) API usage limits…", naming when access resumes (the Claude Code workspace's may
//   be a 429 with retry-after instead)
// - a subscription's usage window: anthropic-ratelimit-unified-status and -5h/-7d utilization and
//   reset headers (a spent fraction, not a remaining count)

export const LIMIT_CLASSES = ['rate_limit', 'overloaded', 'spend_cap_tier', 'spend_limit_org', 'spend_limit_workspace', 'usage_window', 'other'] as const;
export type LimitClass = (typeof LIMIT_CLASSES)[number];

/** Refusals no retry can get past before access resumes (the 1st of the month, a window's reset). */
export const UNRETRYABLE_LIMIT_CLASSES: ReadonlySet<LimitClass> = new Set(['spend_cap_tier', 'spend_limit_org', 'spend_limit_workspace', 'usage_window']);

/** Spend caps and limits: while one is in force, every call of the organisation or workspace is refused. */
export const SPEND_LIMIT_CLASSES: ReadonlySet<LimitClass> = new Set(['spend_cap_tier', 'spend_limit_org', 'spend_limit_workspace']);

/** What `instrument({ failFast })` accepts: `spend_cap` is every spend cap or limit. */
export const FAIL_FAST_KINDS = ['spend_cap', 'usage_window'] as const;
export type FailFastKind = (typeof FAIL_FAST_KINDS)[number];

export function failFastCovers(kinds: readonly FailFastKind[], limitClass: LimitClass): boolean {
  return (kinds.includes('spend_cap') && SPEND_LIMIT_CLASSES.has(limitClass)) || (kinds.includes('usage_window') && limitClass === 'usage_window');
}

export const SPEND_CAP_ERROR_CODE = 'enforced_spend_limit_reached';

export const RATE_LIMIT_BUCKETS = ['requests', 'input_tokens', 'output_tokens', 'tokens'] as const;
export type RateLimitBucket = (typeof RATE_LIMIT_BUCKETS)[number];

/** The unified windows a subscription account reports, by their header infix. */
export const USAGE_WINDOWS = ['5h', '7d'] as const;
export type UsageWindow = (typeof USAGE_WINDOWS)[number];

export interface UnifiedUsage {
  /** anthropic-ratelimit-unified-status: allowed, allowed_warning, rejected. */
  status?: string;
  /** anthropic-ratelimit-unified-representative-claim: which window speaks for the account (five_hour…). */
  claim?: string;
  windows: Partial<Record<UsageWindow, { utilization?: number; reset?: string }>>;
}

export interface RefusalFacts {
  status?: number;
  errorType?: string;
  /** error.details.error_code of the body. */
  errorCode?: string;
  message?: string;
  /** anthropic-ratelimit-<bucket>-remaining of the refused response. */
  remaining?: Partial<Record<RateLimitBucket, number>>;
  unified?: UnifiedUsage;
  /** When the refusal happened: the tier cap's resume time is the next 1st from here. */
  at?: Date;
}

export interface LimitVerdict {
  limitClass: LimitClass;
  /** The rate-limit bucket or the usage window, when known; else ''. */
  detail: string;
  /** ISO time access resumes, when the API said or the class implies it. */
  resumesAt?: string;
}

const ORG_LIMIT = /specified API usage limits/i;
const WORKSPACE_LIMIT = /specified workspace API usage limits/i;
// The tier cap's message, for instrumentations that keep the message but not error.details.
const TIER_CAP = /monthly API usage threshold|based on your organization's API tier|enforced_spend_limit_reached/i;
const REGAIN = /regain access on (\d{4}-\d{2}-\d{2})(?: at (\d{2}:\d{2})(?::(\d{2}))? ?UTC)?/i;
const BUCKET_WORDS: Array<[RegExp, RateLimitBucket]> = [
  [/input tokens per minute/i, 'input_tokens'],
  [/output tokens per minute/i, 'output_tokens'],
  [/requests per minute/i, 'requests'],
  [/tokens per minute/i, 'tokens'],
];
const CLAIM_WINDOWS: Record<string, UsageWindow> = { five_hour: '5h', '5h': '5h', seven_day: '7d', '7d': '7d', weekly: '7d' };

/** "You will regain access on 2026-09-01 at 00:00 UTC." → 2026-09-01T00:00:00.000Z */
export function resumeTimeFromMessage(message: string | undefined): string | undefined {
  const match = message ? REGAIN.exec(message) : null;
  if (!match) return undefined;
  const at = Date.parse(`${match[1]}T${match[2] ?? '00:00'}:${match[3] ?? '00'}Z`);
  return Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}

/** 00:00 UTC on the first day of the month after `at`. */
export function firstOfNextMonthUtc(at: Date): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)).toISOString();
}

/** The limit class of a failed attempt; undefined for an attempt that did not fail. */
export function classifyRefusal(facts: RefusalFacts): LimitVerdict | undefined {
  const { status, errorType, errorCode, message } = facts;
  const failed = (status !== undefined && status >= 400) || Boolean(errorType) || Boolean(errorCode);
  if (!failed) return undefined;
  const at = facts.at ?? new Date();
  if (errorCode === SPEND_CAP_ERROR_CODE || (message && TIER_CAP.test(message))) {
    return { limitClass: 'spend_cap_tier', detail: '', resumesAt: resumeTimeFromMessage(message) ?? firstOfNextMonthUtc(at) };
  }
  if (message && WORKSPACE_LIMIT.test(message)) return withResume({ limitClass: 'spend_limit_workspace', detail: '' }, message);
  if (message && ORG_LIMIT.test(message)) return withResume({ limitClass: 'spend_limit_org', detail: '' }, message);
  const window = refusedWindow(facts.unified);
  if (window && (status === 429 || errorType === 'rate_limit_error')) {
    const reset = window === 'any' ? undefined : facts.unified?.windows[window]?.reset;
    return { limitClass: 'usage_window', detail: window === 'any' ? '' : window, ...(reset ? { resumesAt: reset } : {}) };
  }
  if (status === 529 || errorType === 'overloaded_error') return { limitClass: 'overloaded', detail: '' };
  if (status === 429 || errorType === 'rate_limit_error') return { limitClass: 'rate_limit', detail: rateLimitBucket(facts) };
  return { limitClass: 'other', detail: '' };
}

function withResume(verdict: LimitVerdict, message: string): LimitVerdict {
  const resumesAt = resumeTimeFromMessage(message);
  return resumesAt ? { ...verdict, resumesAt } : verdict;
}

/** The window that refused the call: the representative claim, else a full one; 'any' when neither says. */
function refusedWindow(unified: UnifiedUsage | undefined): UsageWindow | 'any' | undefined {
  if (!unified?.status || unified.status === 'allowed' || unified.status === 'allowed_warning') return undefined;
  const claimed = unified.claim ? CLAIM_WINDOWS[unified.claim] : undefined;
  if (claimed) return claimed;
  const full = USAGE_WINDOWS.find((w) => (unified.windows[w]?.utilization ?? 0) >= 1);
  return full ?? 'any';
}

function rateLimitBucket(facts: RefusalFacts): string {
  for (const [pattern, bucket] of BUCKET_WORDS) if (facts.message && pattern.test(facts.message)) return bucket;
  const empty = RATE_LIMIT_BUCKETS.find((b) => facts.remaining?.[b] === 0);
  return empty ?? '';
}

/** A unified reset as sent (epoch seconds or an RFC 3339 time) → ISO, or undefined. */
export function unifiedResetIso(raw: string): string | undefined {
  const text = raw.trim();
  if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1000).toISOString();
  const at = Date.parse(text);
  return text.length <= 64 && Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}

/** A unified utilization (0.42) → number in [0, 10], else undefined. */
export function unifiedUtilization(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return value <= 10 ? value : undefined;
}
