import { AsyncLocalStorage } from 'node:async_hooks';
import { context, trace } from '@opentelemetry/api';
import { beginAttempt, recordFailure, recordResponse, stopsRetries, withoutRetry, type AttemptOptions } from '../attempts';
import { callAttributes, guardAttributesOf } from '../budgetGuardHandoff';
import { safely, warnOnce } from '../safety';
import type { Scopes } from '../scope';
import { Burnrate, SpanName } from '../semconv';
import { Call, type CallSettings } from './call';
import { observeApiPromise } from './observePromise';

// For SDKs without native tracing (before 0.134, or any client built with
// `openTelemetry: false`): burnrate makes the call span itself around the SDK methods that cost
// money, and records attempts through the client's `fetch`, which the SDK calls once per HTTP
// attempt inside its retry loop (and which exists in every SDK version, unlike `middleware`).

export interface FallbackDeps {
  settings: CallSettings;
  scopes: Scopes;
  attempt: AttemptOptions;
}

type Fetch = (url: unknown, init?: unknown) => Promise<Response>;
type AnyClient = Record<string, unknown> & { baseURL?: unknown; beta?: { messages?: unknown }; messages?: unknown };

export const WRAPPED = Symbol.for('@burnrate/sdk-hook.wrapped');

/** The call whose SDK method is running: its HTTP attempts belong to it. */
const currentCall = new AsyncLocalStorage<Call>();

export function wrapClient(client: AnyClient, deps: FallbackDeps): void {
  wrapFetch(client, deps.attempt);
  for (const resource of [client.messages, client.beta?.messages]) {
    wrapMethod(resource, 'create', SpanName.messagesCreate, client, deps);
    wrapMethod(resource, 'countTokens', SpanName.countTokens, client, deps);
  }
  // messages.stream() and the tool runners call `create` on the same resource: one span each.
}

function wrapFetch(client: AnyClient, options: AttemptOptions): void {
  const original = client['fetch'];
  if (typeof original !== 'function') {
    warnOnce('no-fetch', 'this SDK client has no fetch to wrap: calls are recorded without attempt events');
    return;
  }
  if (WRAPPED in original) return;
  const fetch = original as Fetch;
  const wrapped: Fetch = async (url, init) => {
    const attempt = safely('start the attempt', () => {
      const call = currentCall.getStore();
      if (!call?.span.isRecording()) return undefined;
      const attempt = beginAttempt(call.span);
      if (attempt.number === 1 && options.failFast.length > 0) call.span.setAttribute(Burnrate.failFast, [...options.failFast]);
      return attempt;
    });
    // `undefined` this, as the SDK calls it: fetch fails when bound to something else.
    if (!attempt) return fetch.call(undefined, url, init);
    let response: Response;
    try {
      response = await fetch.call(undefined, url, init);
    } catch (error) {
      recordFailure(attempt, error);
      throw error;
    }
    const reading = safely('record the attempt', () => recordResponse(attempt, response, options));
    const verdict = reading ? await reading : undefined;
    if (stopsRetries(verdict, options)) return safely('stop the retries', () => withoutRetry(response)) ?? response;
    return response;
  };
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  client['fetch'] = wrapped;
}

function wrapMethod(resource: unknown, method: string, spanName: string, client: AnyClient, deps: FallbackDeps): void {
  if (typeof resource !== 'object' || resource === null) return;
  const target = resource as Record<string, unknown>;
  const original = target[method];
  if (typeof original !== 'function' || WRAPPED in original) return;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const call = safely('start the call span', () =>
      Call.start(deps.settings, spanName, args[0], client.baseURL, callAttributes(deps.scopes.takeCallAttributes(), guardAttributesOf(args[1]))),
    );
    if (!call) return original.apply(this, args);
    let result: unknown;
    try {
      const ctx = trace.setSpan(context.active(), call.span);
      result = currentCall.run(call, () => context.with(ctx, () => original.apply(this, args)));
    } catch (error) {
      // The SDK threw before any request (e.g. a non-streaming call too large to wait for).
      safely('record the failure', () => call.fail(error));
      throw error;
    }
    safely('observe the call', () => observeApiPromise(result, call));
    return result;
  };
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  // An own property on this client's resource: other clients and the prototype stay as they were.
  target[method] = wrapped;
}
