// Applies the budget guard to a client's calls, on every SDK version and for both span paths.
//
// Why burnrate wraps `messages.create` / `messages.stream` (and beta.messages') instead of acting
// in the SDK's `middleware`: middleware runs per HTTP attempt inside the request the SDK already
// built, after it started the call span (with the requested model on it), resolved credentials
// (which may mean a token exchange over HTTP) and set the timeout for that model. A downgrade there
// means re-encoding the JSON body and correcting the span after the fact; a block there reaches a
// `messages.stream()` caller as an AnthropicError wrapping ours (MessageStream wraps every error
// that is not the SDK's own), not as a BudgetExceededError. Wrapping the methods decides once per
// call, in the caller's async context, before the SDK does anything: a blocked call throws from
// `create()`/`stream()` itself, as the SDK's own argument checks do, with nothing sent; a
// downgraded call is made with the cheaper model from the start, so the SDK's span, timeout and
// request all agree. The same wrapper serves 0.39, which has no middleware at all.
//
// `countTokens` is not guarded: it is free, so no budget is spent by it.
import { BudgetExceededError } from '../budgetGuard';
import { Call, type CallSettings } from '../fallback/call';
import { WRAPPED } from '../fallback/wrapClient';
import { safely, log } from '../safety';
import type { Scopes } from '../scope';
import { Burnrate, SpanName } from '../semconv';
import type { CallGuard, GuardedCall } from './callGuard';
import { callAttributes, guardAttributesOf, withGuardAttributes } from '../budgetGuardHandoff';

export interface GuardClientDeps {
  guard: CallGuard;
  /** burnrate's own tracer: a refused call never reaches the SDK, so burnrate makes its span. */
  settings: CallSettings;
  scopes: Scopes;
}

type Method = 'create' | 'stream';
type AnyClient = { baseURL?: unknown; messages?: unknown; beta?: { messages?: unknown } };

/** Where a wrapper reads its guard, so a later instrument() handle can take over a wrapped client. */
interface Slot {
  deps: GuardClientDeps;
}

const GUARDED = Symbol.for('@burnrate/sdk-hook.guarded');

export function guardClient(client: AnyClient, deps: GuardClientDeps): void {
  for (const resource of [client.messages, client.beta?.messages]) {
    for (const method of ['create', 'stream'] as const) wrapMethod(resource, method, client, deps);
  }
}

function wrapMethod(resource: unknown, method: Method, client: AnyClient, deps: GuardClientDeps): void {
  if (typeof resource !== 'object' || resource === null) return;
  const target = resource as Record<string, unknown>;
  const original = target[method];
  if (typeof original !== 'function') return;
  const installed = (original as { [GUARDED]?: Slot })[GUARDED];
  if (installed) {
    installed.deps = deps;
    return;
  }
  const slot: Slot = { deps };
  const wrapped = function (this: unknown, params: unknown, options?: unknown, ...rest: unknown[]): unknown {
    const call = decide(slot.deps, method, params, options, client);
    if (!call) return original.call(this, params, options, ...rest);
    return original.call(this, call.params, withGuardAttributes(options, call.attributes), ...rest);
  };
  Object.defineProperty(wrapped, GUARDED, { value: slot });
  // Over a fallback wrapper, keep its mark: a later handle must see the method as instrumented.
  if (WRAPPED in original) Object.defineProperty(wrapped, WRAPPED, { value: true });
  // An own property on this client's resource, like the fallback's: other clients stay as they were.
  target[method] = wrapped;
}

/** undefined: make the call as the caller asked. Throws only the guard's BudgetExceededError. */
function decide(deps: GuardClientDeps, method: Method, params: unknown, options: unknown, client: AnyClient): GuardedCall | undefined {
  // The create() that a guarded stream() makes: decided there already, and deciding again would
  // downgrade the downgraded model once more.
  if (guardAttributesOf(options) !== undefined) return undefined;
  try {
    return deps.guard.apply(params);
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) {
      log.debug('could not apply the budget guard; the call goes as asked', error);
      return undefined;
    }
    safely('record the refused call', () => recordRefusal(deps, method, params, client, error));
    throw error;
  }
}

/** A refused call still shows, as a failed call span with the guard's action, so dashboards count it. */
function recordRefusal(deps: GuardClientDeps, method: Method, params: unknown, client: AnyClient, error: unknown): void {
  const body = method === 'stream' ? { ...(params as object), stream: true } : params;
  const attributes = callAttributes(deps.scopes.takeCallAttributes(), { [Burnrate.guardAction]: 'block' });
  Call.start(deps.settings, SpanName.messagesCreate, body, client.baseURL, attributes).fail(error);
}
