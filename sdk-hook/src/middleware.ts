import { trace, type Span } from '@opentelemetry/api';
import { beginAttempt, recordFailure, recordResponse, stopsRetries, withoutRetry, type AttemptOptions } from './attempts';
import { callAttributes, guardAttributesOf } from './budgetGuardHandoff';
import { billingRequestAttributes } from './fallback/responseAttributes';
import { safely, warnOnce } from './safety';
import { Burnrate } from './semconv';
import { tapUsage } from './usageTap';
import type { Scopes } from './scope';

/**
 * Structurally the SDK's `Middleware` (@anthropic-ai/sdk ≥ 0.101), without importing its types,
 * so the hook compiles against any SDK version the app has.
 */
export type BurnrateMiddleware = <Request extends { url: string; headers: Headers }>(
  request: Request,
  next: (request: Request) => Promise<Response>,
  ctx: { readonly options?: unknown },
) => Promise<Response>;

const BRAND = Symbol.for('@burnrate/sdk-hook.middleware');

export function isBurnrateMiddleware(value: unknown): boolean {
  return typeof value === 'function' && BRAND in value;
}

/**
 * The SDK runs middleware per HTTP attempt, inside its retry loop, with the call span it started
 * in `ctx.options.__span` and active in the context. The middleware adds one attempt event per
 * call of it, the rate-limit headers, and on the first attempt the caller's attribution and
 * routing (the ALS scope is the caller's: the SDK's async chain started inside it) and what the
 * budget guard did (decided before the SDK started: see budgetEnforcement/guardClient.ts).
 *
 * It rethrows what `next` throws as the same object: the SDK tells fetch-origin errors (retried,
 * wrapped in APIConnectionError) from middleware errors (thrown as-is) by identity.
 */
export function createMiddleware(scopes: Scopes, options: AttemptOptions, guardActive: () => boolean = () => false): BurnrateMiddleware {
  const middleware: BurnrateMiddleware = async (request, next, ctx) => {
    const attempt = safely('start the attempt', () => {
      if (guardActive()) warnIfUnguarded(ctx?.options);
      const span = callSpanOf(ctx);
      if (!span) return undefined;
      const attempt = beginAttempt(span);
      if (attempt.number === 1) {
        span.setAttributes(callAttributes(scopes.takeCallAttributes(), guardAttributesOf(ctx.options)));
        if (isMessagesCall(ctx.options)) span.setAttributes(billingRequestAttributes((ctx.options as { body?: unknown }).body, true));
        if (options.failFast.length > 0) span.setAttribute(Burnrate.failFast, [...options.failFast]);
      }
      return attempt;
    });
    if (!attempt) return next(request);
    let response: Response;
    try {
      response = await next(request);
    } catch (error) {
      recordFailure(attempt, error);
      throw error;
    }
    const reading = safely('record the attempt', () => recordResponse(attempt, response, options));
    const verdict = reading ? await reading : undefined;
    if (stopsRetries(verdict, options)) response = safely('stop the retries', () => withoutRetry(response)) ?? response;
    if (!isMessagesCall(ctx.options)) return response;
    return safely('tap the usage', () => tapUsage(attempt.span, response)) ?? response;
  };
  Object.defineProperty(middleware, BRAND, { value: true });
  return middleware;
}

const MESSAGES_PATH = '/v1/messages';

/** A `messages.create` (beta or not): the one call whose usage carries billing facts. */
function isMessagesCall(options: unknown): boolean {
  const path = (options as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && path.split('?')[0] === MESSAGES_PATH;
}

/**
 * The guard applies where `burnrate.anthropic(client)` wrapped the client's methods. A client that
 * only has the middleware (`new Anthropic({ middleware: [burnrate.middleware()] })`) sends its
 * messages unguarded: say so once rather than let the app believe it is guarded.
 */
function warnIfUnguarded(options: unknown): void {
  const path = (options as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string' || path.split('?')[0] !== MESSAGES_PATH || guardAttributesOf(options) !== undefined) return;
  warnOnce('guard-unwrapped-client', 'a client sends messages without the budget guard: pass it through burnrate.anthropic(client) to guard its calls');
}

const SDK_SCOPE_PREFIX = 'com.anthropic.sdk';

function callSpanOf(ctx: { readonly options?: unknown } | undefined): Span | undefined {
  // No options: the chain runs for a credential exchange, not an API call.
  const options = ctx?.options as { __span?: { span?: Span } } | undefined;
  if (!options) return undefined;
  const span = options.__span?.span ?? sdkActiveSpan();
  return span && typeof span.isRecording === 'function' && span.isRecording() ? span : undefined;
}

/**
 * Should `__span` ever be renamed, the active span is the call span, but only if the SDK made
 * it: with the client's tracing off, the active span is the app's own and is not ours to touch.
 */
function sdkActiveSpan(): Span | undefined {
  const span = trace.getActiveSpan() as (Span & { instrumentationScope?: { name?: string } }) | undefined;
  return span?.instrumentationScope?.name?.startsWith(SDK_SCOPE_PREFIX) ? span : undefined;
}
