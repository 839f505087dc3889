import { safely, warnOnce } from '../safety';
import type { Call, ResponseLike } from './call';

/**
 * The SDK's `APIPromise` internals that every version since 0.x's first `withResponse()` has had
 * (read in 0.39, 0.137 and 1.x, and tested on each): `responsePromise` (the HTTP response and
 * its props), `parseResponse` (read lazily by `parse()` on the first then/await),
 * `parsedPromise` (set once a parse began) and the public `asResponse()`.
 */
interface ApiPromiseShape {
  responsePromise: Promise<unknown>;
  parseResponse: (...args: unknown[]) => unknown;
  parsedPromise?: unknown;
  asResponse: (...args: unknown[]) => Promise<unknown>;
}

interface ResponseProps {
  response: ResponseLike;
  options?: { stream?: unknown };
  controller?: AbortController;
}

// By shape, not `instanceof Response`: 0.39's default transport is node-fetch.
const isProps = (value: unknown): value is ResponseProps => {
  const response = (value as { response?: Partial<ResponseLike> } | null | undefined)?.response;
  return typeof response?.status === 'number' && typeof response.headers?.get === 'function';
};

function isApiPromise(value: unknown): value is ApiPromiseShape {
  const p = value as Partial<ApiPromiseShape> | undefined;
  return (
    typeof p?.parseResponse === 'function' &&
    typeof p.asResponse === 'function' &&
    typeof (p.responsePromise as Promise<unknown> | undefined)?.then === 'function'
  );
}

/**
 * Observes an API call through the SDK's own APIPromise, which goes back to the app unchanged
 * (same object, same class: `withResponse()`, `asResponse()` keep working). Only three instance
 * fields are wrapped, each passing values and errors through as the same objects:
 * - `responsePromise`: the response's status and request id, or the call's error. Rejections are
 *   rethrown, so an app that drops the promise sees the same unhandled rejection as before.
 * - `parseResponse`: the parsed body, or for a stream the Stream whose read ends the span.
 * - `asResponse`: an app that takes the raw Response and never parses ends the span there, as
 *   the SDK's native tracing does.
 */
export function observeApiPromise(promise: unknown, call: Call): void {
  if (!isApiPromise(promise)) {
    warnOnce('api-promise-shape', 'this SDK version returns an unrecognised APIPromise: calls are recorded without their response');
    call.succeedWithoutBody();
    return;
  }
  let rawOnly = false;
  const endIfRawOnly = () => {
    if (rawOnly && call.hasResponse && promise.parsedPromise === undefined) call.succeedWithoutBody();
  };

  promise.responsePromise = promise.responsePromise.then(
    (props) => {
      safely('observe the response', () => {
        if (isProps(props)) call.onResponse(props.response);
        endIfRawOnly();
      });
      return props;
    },
    (error: unknown) => {
      safely('record the failure', () => call.fail(error));
      throw error;
    },
  );

  const parseResponse = promise.parseResponse;
  promise.parseResponse = function (this: unknown, ...args: unknown[]) {
    const props = args.find(isProps);
    let parsed: unknown;
    try {
      parsed = parseResponse.apply(this, args);
    } catch (error) {
      safely('record the failure', () => call.fail(error));
      throw error;
    }
    // A side branch: the SDK's own promise goes back to parse() unchanged.
    Promise.resolve(parsed).then(
      (data) => safely('observe the parsed response', () => onParsed(call, data, props)),
      (error: unknown) => safely('record the failure', () => call.fail(error)),
    );
    return parsed;
  };

  const asResponse = promise.asResponse;
  promise.asResponse = function (this: unknown, ...args: unknown[]) {
    rawOnly = true;
    const response = asResponse.apply(this, args);
    safely('observe asResponse', endIfRawOnly); // the response may already be in
    return response;
  };
}

function onParsed(call: Call, data: unknown, props: ResponseProps | undefined): void {
  const streamed = props?.options?.stream === true && typeof data === 'object' && data !== null && Symbol.asyncIterator in data;
  if (streamed) call.watchStream(data as AsyncIterable<unknown>, props?.controller?.signal);
  else call.succeed(data);
}
