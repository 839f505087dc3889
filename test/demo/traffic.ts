// Realistic synthetic Claude traffic, deterministic per UTC day: five services of five teams, a
// weekday rhythm, a model mix that shifts toward Haiku once a cost-saving route ships, cache hits
// that grow week over week, a 429 storm, and a runaway backfill that blows one day's budget.
// A day's calls depend only on the day, so a re-run sends the same ids and the collector's
// de-duplication keeps the store unchanged.

export interface SyntheticAttempt {
  startMs: number;
  durationMs: number;
  status: number;
  retryAfterS?: number;
}

export interface SyntheticCall {
  traceId: string;
  spanId: string;
  startMs: number;
  durationMs: number;
  service: string;
  team: string;
  project: string;
  feature: string;
  user: string;
  /** The support bot's chats: a user's conversation of the hour (burnrate.session); '' elsewhere. */
  session?: string;
  route: string;
  routeReason: string;
  requestedModel: string;
  servedModel: string;
  fallbackFrom: string;
  uncachedInput: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  stream: boolean;
  ttftMs: number | null;
  status: number;
  errorType: string;
  attempts: SyntheticAttempt[];
  rateLimits: { requestsLimit: number; requestsRemaining: number; tokensLimit: number; tokensRemaining: number; resetMs: number };
}

export interface TrafficPlan {
  /** Days of history, ending with the (partial) current day. */
  days: number;
  /** Calls are generated up to this instant. */
  now: Date;
  /** Average calls per weekday. */
  callsPerDay: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const MODELS = { opus: 'claude-opus-4-6', sonnet: 'claude-sonnet-4-6', haiku: 'claude-haiku-4-5' } as const;

interface ServiceSpec {
  service: string;
  team: string;
  project: string;
  features: string[];
  users: number;
  share: number;
  /** Typical prompt and answer sizes. */
  prompt: number;
  answer: number;
  stream: boolean;
}

export const SERVICES: ServiceSpec[] = [
  {
    service: 'search-api',
    team: 'search',
    project: 'search',
    features: ['autocomplete', 'rerank', 'query-rewrite'],
    users: 60,
    share: 0.34,
    prompt: 1800,
    answer: 120,
    stream: false,
  },
  {
    service: 'support-bot',
    team: 'support',
    project: 'helpdesk',
    features: ['triage', 'reply-draft', 'summarize'],
    users: 40,
    share: 0.26,
    prompt: 5200,
    answer: 450,
    stream: true,
  },
  {
    service: 'code-review',
    team: 'platform',
    project: 'devtools',
    features: ['review', 'explain'],
    users: 25,
    share: 0.16,
    prompt: 12000,
    answer: 600,
    stream: true,
  },
  {
    service: 'growth-emails',
    team: 'growth',
    project: 'lifecycle',
    features: ['subject-lines', 'personalize'],
    users: 10,
    share: 0.12,
    prompt: 2400,
    answer: 300,
    stream: false,
  },
  {
    service: 'analytics-etl',
    team: 'data',
    project: 'warehouse',
    features: ['classify', 'extract'],
    users: 4,
    share: 0.12,
    prompt: 3500,
    answer: 200,
    stream: false,
  },
];

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const hex = (rand: () => number, digits: number) => Array.from({ length: digits }, () => Math.floor(rand() * 16).toString(16)).join('');
const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
/** Roughly log-normal: most values near `median`, a long right tail. */
const skewed = (rand: () => number, median: number) => Math.max(1, Math.round(median * Math.exp((rand() + rand() + rand() - 1.5) * 0.9)));

/** Relative traffic by UTC hour: quiet nights, a working-day hump peaking mid-afternoon. */
export function hourWeight(hour: number): number {
  return 0.15 + Math.exp(-((hour - 15) ** 2) / 18);
}

export interface DayEvents {
  /** Days from the start of the plan (0 = oldest). */
  stormDay: number;
  overBudgetDay: number;
}

export function dayEvents(plan: TrafficPlan): DayEvents {
  return { stormDay: Math.max(0, plan.days - 3), overBudgetDay: Math.max(0, plan.days - 7) };
}

function modelFor(
  rand: () => number,
  progress: number,
  spec: ServiceSpec,
  cheapRoute: boolean,
): { route: string; reason: string; requested: string; served: string } {
  if (spec.service === 'code-review')
    return { route: 'quality', reason: 'long diff', requested: MODELS.opus, served: rand() < 0.75 - progress * 0.3 ? MODELS.opus : MODELS.sonnet };
  if (cheapRoute && rand() < 0.25 + progress * 0.45) return { route: 'cheap-first', reason: 'short prompt', requested: MODELS.sonnet, served: MODELS.haiku };
  const r = rand();
  const served = r < 0.12 - progress * 0.08 ? MODELS.opus : r < 0.85 ? MODELS.sonnet : MODELS.haiku;
  return { route: 'default', reason: '', requested: served, served };
}

// Roughly the output speeds people see: Opus ~50 tokens/s, Sonnet ~80, Haiku ~200.
const LATENCY_PER_TOKEN_MS: Record<string, number> = { [MODELS.opus]: 20, [MODELS.sonnet]: 12, [MODELS.haiku]: 5 };

function attemptsFor(rand: () => number, startMs: number, served: string, storm: boolean): { attempts: SyntheticAttempt[]; status: number; errorType: string } {
  const attempts: SyntheticAttempt[] = [];
  let at = startMs;
  const limitedShare = storm && served === MODELS.sonnet ? 0.45 : 0.004;
  for (let n = 1; n <= 3; n++) {
    if (rand() < limitedShare) {
      const retryAfterS = storm ? 2 + Math.floor(rand() * 6) : 1;
      attempts.push({ startMs: at, durationMs: 40 + rand() * 60, status: 429, retryAfterS });
      at += retryAfterS * 1000;
      continue;
    }
    if (served === MODELS.opus && rand() < 0.04) {
      attempts.push({ startMs: at, durationMs: 900 + rand() * 400, status: 529 });
      return { attempts, status: 529, errorType: 'overloaded_error' };
    }
    attempts.push({ startMs: at, durationMs: 0, status: 200 });
    return { attempts, status: 200, errorType: '' };
  }
  const last = attempts[attempts.length - 1]!;
  return { attempts, status: last.status, errorType: last.status === 429 ? 'rate_limit_error' : 'overloaded_error' };
}

/** Every call of one UTC day (index `day` of the plan), whether or not it is in the past yet. */
export function callsOfDay(plan: TrafficPlan, day: number): SyntheticCall[] {
  const dayStart = Math.floor(plan.now.getTime() / DAY) * DAY - (plan.days - 1 - day) * DAY;
  const rand = prng(hashString(new Date(dayStart).toISOString().slice(0, 10)));
  const progress = plan.days > 1 ? day / (plan.days - 1) : 1;
  const events = dayEvents(plan);
  const weekday = new Date(dayStart).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const dayCalls = Math.round(plan.callsPerDay * (weekend ? 0.45 : 1) * (0.9 + rand() * 0.2) * (1 + progress * 0.3));
  const weights = Array.from({ length: 24 }, (_, h) => hourWeight(h));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const cheapRoute = progress > 0.3;
  const calls: SyntheticCall[] = [];

  for (let hour = 0; hour < 24; hour++) {
    const count = Math.round((dayCalls * weights[hour]!) / weightSum);
    const storm = day === events.stormDay && hour >= 14 && hour < 17;
    const runaway = day === events.overBudgetDay && hour >= 9 && hour < 21;
    // A fixed extra load (not a share of the hour's traffic), so the day is over budget even
    // when it falls on a quiet weekend.
    const extra = runaway ? Math.round(plan.callsPerDay * 0.05) : 0;
    for (let i = 0; i < count + extra; i++) {
      const isRunaway = i >= count;
      const spec = isRunaway ? SERVICES[4]! : pickService(rand);
      const startMs = dayStart + hour * HOUR + Math.floor(rand() * HOUR);
      const choice = isRunaway ? { route: 'default', reason: '', requested: MODELS.opus, served: MODELS.opus } : modelFor(rand, progress, spec, cheapRoute);
      const outcome = attemptsFor(rand, startMs, choice.served, storm);
      let { served } = choice;
      let fallbackFrom = '';
      // A 529 on Opus falls back to Sonnet within the same call (the routing layer's fallback).
      if (outcome.status === 529 && served === MODELS.opus) {
        fallbackFrom = MODELS.opus;
        served = MODELS.sonnet;
        outcome.attempts.push({ startMs: outcome.attempts[outcome.attempts.length - 1]!.startMs + 1500, durationMs: 0, status: 200 });
        outcome.status = 200;
        outcome.errorType = '';
      }
      const ok = outcome.status === 200;
      const prompt = skewed(rand, isRunaway ? 12000 : spec.prompt);
      // Prompt caching spreads as teams adopt it: ~8% of prompt tokens read from cache at the
      // start of the period, ~60% at the end.
      const cachedShare = ok ? Math.min(0.9, (0.08 + progress * 0.52) * (0.6 + rand() * 0.8)) : 0;
      const cacheRead = Math.round(prompt * cachedShare);
      const cacheWrite = ok && rand() < 0.1 ? Math.round(prompt * 0.3) : 0;
      const output = ok ? skewed(rand, isRunaway ? 800 : spec.answer) : 0;
      const serverError = ok && rand() < 0.003;
      const lastAttempt = outcome.attempts[outcome.attempts.length - 1]!;
      if (serverError) lastAttempt.status = 500;
      const answerMs = ok ? 250 + output * (LATENCY_PER_TOKEN_MS[served] ?? 14) * (0.7 + rand() * 0.6) : lastAttempt.durationMs;
      lastAttempt.durationMs = answerMs;
      const durationMs = lastAttempt.startMs - startMs + answerMs;
      const stream = spec.stream && ok;
      const load = storm ? 0.02 : Math.max(0.05, 1 - weights[hour]! * 0.7);
      const call: SyntheticCall = {
        traceId: hex(rand, 32),
        spanId: hex(rand, 16),
        startMs,
        durationMs,
        service: spec.service,
        team: spec.team,
        project: spec.project,
        feature: isRunaway ? 'backfill' : pick(rand, spec.features),
        user: `${spec.team}-user-${Math.floor(rand() * spec.users) + 1}`,
        route: choice.route,
        routeReason: choice.reason,
        requestedModel: choice.requested,
        servedModel: served,
        fallbackFrom,
        uncachedInput: ok ? prompt - cacheRead - cacheWrite : prompt,
        output,
        cacheRead,
        cacheWrite5m: cacheWrite,
        cacheWrite1h: 0,
        stream,
        ttftMs: stream ? 300 + rand() * 900 : null,
        status: serverError ? 500 : outcome.status,
        errorType: serverError ? 'api_error' : outcome.errorType,
        attempts: outcome.attempts,
        rateLimits: {
          requestsLimit: 4000,
          requestsRemaining: Math.round(4000 * load),
          tokensLimit: 2_000_000,
          tokensRemaining: Math.round(2_000_000 * load * (0.8 + rand() * 0.2)),
          resetMs: startMs + 60_000,
        },
      };
      // Derived, not drawn: the generator's random sequence (and every figure built on it) stays as it was.
      if (spec.service === 'support-bot') call.session = `${call.user}/${new Date(startMs).toISOString().slice(0, 13)}`;
      calls.push(call);
    }
  }
  return calls.sort((a, b) => a.startMs - b.startMs);
}

function pickService(rand: () => number): ServiceSpec {
  let r = rand();
  for (const spec of SERVICES) {
    if ((r -= spec.share) <= 0) return spec;
  }
  return SERVICES[0]!;
}

/** Every call of the plan up to `now`, oldest day first. */
export function* plannedCalls(plan: TrafficPlan): Generator<SyntheticCall[]> {
  for (let day = 0; day < plan.days; day++) {
    const calls = callsOfDay(plan, day).filter((c) => c.startMs + c.durationMs < plan.now.getTime());
    if (calls.length > 0) yield calls;
  }
}
