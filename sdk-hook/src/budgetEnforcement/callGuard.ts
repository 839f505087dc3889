// Turns the budget guard's decision for one call into what happens to the call: the params it is
// sent with and what its span records, or a BudgetExceededError before anything is sent. The
// decision reads the guard's last status (no I/O) and the caller's attribution at call time.
import type { Attributes } from '@opentelemetry/api';
import { createBudgetStatusGuard, type ExceededBudget, type GuardCall, type GuardMode } from '../budgetGuard';
import type { Scopes } from '../scope';
import { Burnrate, BurnrateValue } from '../semconv';

export interface BudgetGuardOptions {
  /** What to do with a call in the scope of a used-up budget. */
  mode: GuardMode;
  /** For mode 'downgrade': one step down per entry, e.g. { 'claude-opus-4-6': 'claude-sonnet-4-6' }. */
  downgrade?: Readonly<Record<string, string>>;
  /** For mode 'downgrade', when the model has no entry: let the call through with a warning (default) or block it. */
  whenNoDowngrade?: 'warn' | 'block';
  /** How often the collector's budget status is read (default 30 s). */
  intervalMs?: number;
}

export interface GuardedCall {
  /** The params to send: the caller's own object, or a copy with the cheaper model. */
  params: Record<string, unknown>;
  /** What the call span records of the decision: {} when the guard let the call be. */
  attributes: Attributes;
}

export interface CallGuard {
  /**
   * Synchronous and without I/O. Throws the guard's BudgetExceededError when the call is blocked;
   * undefined when the params name no model (nothing to match a budget against).
   */
  apply(params: unknown): GuardedCall | undefined;
  /** Reads the budget status now. Never rejects. */
  refresh(): Promise<boolean>;
  /** False once closed: calls then pass as they are. */
  readonly active: boolean;
  /** Stops the polling timer. */
  close(): void;
}

export interface CallGuardDeps {
  /** The exporter's: a base or /v1/traces URL. */
  endpoint: string;
  ingestKey: string | undefined;
  serviceName: string | undefined;
  scopes: Scopes;
  maxValueLength: number;
}

const MODES = new Set<string>(['warn', 'block', 'downgrade']);

/** Misconfiguration fails at start-up, with the option's name, instead of leaving calls unguarded. */
export function validateBudgetGuardOptions(options: BudgetGuardOptions): void {
  const problem = (what: string) => new TypeError(`instrument({ budgetGuard }): ${what}`);
  if (typeof options !== 'object' || options === null) throw problem('must be an object');
  if (!MODES.has(options.mode)) throw problem(`mode must be 'warn', 'block' or 'downgrade', not ${JSON.stringify(options.mode)}`);
  if (options.mode === 'downgrade') {
    const map = options.downgrade;
    if (typeof map !== 'object' || map === null || Object.keys(map).length === 0) throw problem("mode 'downgrade' needs a downgrade map");
    for (const [from, to] of Object.entries(map)) {
      if (typeof to !== 'string' || to.length === 0) throw problem(`downgrade[${JSON.stringify(from)}] must be a model id`);
    }
  }
  if (options.whenNoDowngrade !== undefined && options.whenNoDowngrade !== 'warn' && options.whenNoDowngrade !== 'block') {
    throw problem("whenNoDowngrade must be 'warn' or 'block'");
  }
  if (options.intervalMs !== undefined && !(Number.isFinite(options.intervalMs) && options.intervalMs > 0)) {
    throw problem('intervalMs must be a positive number');
  }
}

export function createCallGuard(options: BudgetGuardOptions, deps: CallGuardDeps): CallGuard {
  const guard = createBudgetStatusGuard({
    mode: options.mode,
    endpoint: deps.endpoint,
    ingestKey: deps.ingestKey,
    intervalMs: options.intervalMs,
    downgrade: options.mode === 'downgrade' ? { models: { ...options.downgrade }, whenNoDowngrade: options.whenNoDowngrade } : undefined,
  });
  const bound = (value: string) => (value.length > deps.maxValueLength ? value.slice(0, deps.maxValueLength) : value);
  let active = true;

  return {
    apply(params) {
      if (!active || typeof params !== 'object' || params === null) return undefined;
      const body = params as Record<string, unknown>;
      if (typeof body['model'] !== 'string') return undefined;
      const who = deps.scopes.attribution();
      const call: GuardCall = {
        model: body['model'],
        service: deps.serviceName,
        team: who.team,
        project: who.project,
        feature: who.feature,
        user: who.user,
      };
      const decision = guard.check(call);
      switch (decision.action) {
        case 'allow':
          return { params: body, attributes: {} };
        case 'warn':
          return { params: body, attributes: { [Burnrate.guardAction]: decision.action } };
        case 'block':
          throw decision.error;
        case 'downgrade':
          return {
            params: { ...body, model: decision.toModel },
            attributes: {
              [Burnrate.guardAction]: decision.action,
              [Burnrate.routeName]: BurnrateValue.guardRouteName,
              [Burnrate.routeReason]: bound(exceededReason(decision.budgets)),
              [Burnrate.routeRequestedModel]: decision.fromModel,
              [Burnrate.routeChosenModel]: decision.toModel,
            },
          };
        default: {
          const never: never = decision;
          throw new Error(`unknown guard decision ${JSON.stringify(never)}`);
        }
      }
    },
    refresh: () => guard.refresh(),
    get active() {
      return active;
    },
    close() {
      active = false;
      guard.close();
    },
  };
}

/** `budget "team search" exceeded`: which budget sent the call to a cheaper model. */
export function exceededReason(budgets: readonly ExceededBudget[]): string {
  const names = budgets.map((b) => JSON.stringify(b.name)).join(', ');
  return `${budgets.length === 1 ? 'budget' : 'budgets'} ${names} exceeded`;
}
