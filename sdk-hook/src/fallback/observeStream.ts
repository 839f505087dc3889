// Watches the app's read of an SDK `Stream` without replacing it: the app keeps the SDK's own
// object (its `tee()`, `toReadableStream()`, `controller` all still work), and only the instance's
// iterator factory is wrapped, the way the SDK's native tracing does it.

export type StreamEnd =
  | { reason: 'completed' } // the body ended and the app read all of it
  | { reason: 'canceled' } // the app broke out, returned, or aborted
  | { reason: 'failed'; error: unknown }; // reading threw

export interface StreamObserver<Item> {
  /** Each item, after the app has received it, with its arrival time (performance.now()). */
  onItem(item: Item, arrivedAt: number): void;
  /** Exactly once, however the read ends. */
  onEnd(end: StreamEnd): void;
}

/**
 * Each item is handed to the app first and read for telemetry only when the app asks for the
 * next one (or the read ends), so the app never waits on telemetry and never sees an item that
 * telemetry touched. `signal` is the request's abort signal: an abort before the read begins
 * ends the observation as canceled.
 */
export function observeStream<Item>(stream: AsyncIterable<Item>, signal: AbortSignal | undefined, observer: StreamObserver<Item>): void {
  let ended = false;
  let pending: { item: Item; arrivedAt: number } | undefined;
  const flush = () => {
    const held = pending;
    pending = undefined;
    if (held) {
      try {
        observer.onItem(held.item, held.arrivedAt);
      } catch {}
    }
  };
  const end = (how: StreamEnd) => {
    if (ended) return;
    flush();
    ended = true;
    signal?.removeEventListener('abort', cancel);
    try {
      observer.onEnd(how);
    } catch {}
  };
  const cancel = () => end({ reason: 'canceled' });
  if (signal?.aborted) return cancel();
  signal?.addEventListener('abort', cancel, { once: true });

  const factory = iteratorFactory(stream);
  const iterate = factory.get();
  let observed = false;
  factory.set(function (this: AsyncIterable<Item>) {
    const source = iterate.call(this);
    if (observed) return source;
    observed = true;
    // From here the iterator sees every way the read ends. The SDK's Stream also aborts its own
    // controller when it fails or is closed, which must not read as the app's abort.
    signal?.removeEventListener('abort', cancel);
    const iterator: AsyncIterableIterator<Item> = {
      async next() {
        flush();
        let result: IteratorResult<Item>;
        try {
          result = await source.next();
        } catch (error) {
          end({ reason: 'failed', error });
          throw error;
        }
        if (result.done) end({ reason: signal?.aborted ? 'canceled' : 'completed' });
        else if (!ended) pending = { item: result.value, arrivedAt: performance.now() };
        return result;
      },
      async return(value?: unknown) {
        end({ reason: 'canceled' });
        return (await source.return?.(value)) ?? { done: true, value: undefined };
      },
      async throw(error?: unknown) {
        end({ reason: 'canceled' });
        if (source.throw) return source.throw(error);
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  });
}

type Factory<Item> = (this: AsyncIterable<Item>) => AsyncIterator<Item>;

/**
 * Every SDK version's Stream keeps the body's iterator factory in an own `iterator` field, which
 * `[Symbol.asyncIterator]()` calls. In 0.137 and 1.x `tee()` goes through `[Symbol.asyncIterator]()`
 * too, but 0.39's calls `this.iterator()` directly, so a wrap of the symbol alone never sees a
 * tee'd read there: the field is wrapped when it is there, the symbol otherwise.
 */
function iteratorFactory<Item>(stream: AsyncIterable<Item>): { get(): Factory<Item>; set(f: Factory<Item>): void } {
  const fields = stream as unknown as Record<PropertyKey, unknown>;
  const ownField = Object.hasOwn(stream, 'iterator') && typeof fields['iterator'] === 'function';
  const key: PropertyKey = ownField ? 'iterator' : Symbol.asyncIterator;
  return {
    get: () => fields[key] as Factory<Item>,
    set: (f) => {
      fields[key] = f;
    },
  };
}
