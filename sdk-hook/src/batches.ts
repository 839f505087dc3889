// The Message Batches API: each succeeded result of a batch is a call that costs money (at batch
// rates), but no SDK traces it as one. burnrate wraps `messages.batches` (and the beta one):
//  - create: remembers who created the batch (the attribution in scope then), by batch id;
//  - retrieve: remembers when the batch ended (the results' time; `results()` retrieves first);
//  - results: observes each result as the app iterates (the app gets the SDK's own decoder and
//    the SDK's own items) and records each succeeded one as a call span at the batch's end time,
//    marked batch and named by `<batch id>/<custom_id>`, from which the collector derives the
//    call's identity, so reading the results twice stores each call once.
// What is remembered lives in this process: results read by another process carry the reading
// context's attribution instead.
import { ROOT_CONTEXT, SpanKind, type Attributes, type Tracer } from '@opentelemetry/api';
import { messageAttributes, requestAttributes } from './fallback/responseAttributes';
import { safely } from './safety';
import type { Scopes } from './scope';
import { AttributionKeys, Burnrate, SpanName } from './semconv';

export interface BatchDeps {
  tracer: Tracer;
  scopes: Scopes;
  /** Bounds what is remembered per process. */
  maxRemembered?: number;
}

type Json = Record<string, unknown>;
const isObj = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const WRAPPED = Symbol.for('@burnrate/sdk-hook.batches-wrapped');
const DEFAULT_MAX_REMEMBERED = 10_000;

class Remembered<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  set(key: string, value: V): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
  get(key: string): V | undefined {
    return this.map.get(key);
  }
}

export function instrumentBatches(client: unknown, deps: BatchDeps): void {
  if (!isObj(client)) return;
  const max = deps.maxRemembered ?? DEFAULT_MAX_REMEMBERED;
  const state = { creators: new Remembered<Attributes>(max), endedAt: new Remembered<number>(max) };
  const beta = isObj(client['beta']) ? client['beta'] : undefined;
  for (const messages of [client['messages'], beta?.['messages']]) {
    const batches = isObj(messages) ? messages['batches'] : undefined;
    if (isObj(batches) && !(WRAPPED in batches)) safely('instrument message batches', () => wrapBatches(batches, deps, state));
  }
}

interface State {
  creators: Remembered<Attributes>;
  endedAt: Remembered<number>;
}

/** Runs `observe` on the result of a call on a side branch; the caller gets the SDK's own promise. */
function observe(result: unknown, observe: (value: unknown) => void): void {
  if (isObj(result) && typeof result['then'] === 'function') {
    (result as unknown as PromiseLike<unknown>).then(
      (value) => safely('record the batch', () => observe(value)),
      () => undefined,
    );
  }
}

function wrapBatches(batches: Json, deps: BatchDeps, state: State): void {
  Object.defineProperty(batches, WRAPPED, { value: true });
  const original = (name: string) => {
    const method = batches[name];
    return typeof method === 'function' ? (method as (...args: unknown[]) => unknown).bind(batches) : undefined;
  };
  const create = original('create');
  const retrieve = original('retrieve');
  const results = original('results');
  if (create) {
    batches['create'] = (...args: unknown[]) => {
      const creator = safely('read the attribution', () => attributionAttributes(deps.scopes)) ?? {};
      const result = create(...args);
      observe(result, (batch) => {
        if (isObj(batch) && typeof batch['id'] === 'string') state.creators.set(batch['id'], creator);
      });
      return result;
    };
  }
  if (retrieve) {
    batches['retrieve'] = (...args: unknown[]) => {
      const result = retrieve(...args);
      observe(result, (batch) => rememberEnd(state, batch));
      return result;
    };
  }
  if (results) {
    batches['results'] = (...args: unknown[]) => {
      const batchId = typeof args[0] === 'string' ? args[0] : undefined;
      const result = results(...args);
      if (batchId === undefined || !isObj(result) || typeof result['then'] !== 'function') return result;
      // `results` is an async method (a plain Promise): the decoder it resolves to is the SDK's,
      // observed in place.
      return (result as unknown as Promise<unknown>).then((decoder) => {
        safely('observe the batch results', () => observeDecoder(decoder, (item) => recordResult(deps, state, batchId, item)));
        return decoder;
      });
    };
  }
}

function rememberEnd(state: State, batch: unknown): void {
  if (!isObj(batch) || typeof batch['id'] !== 'string') return;
  const ended = typeof batch['ended_at'] === 'string' ? Date.parse(batch['ended_at']) : NaN;
  if (!Number.isNaN(ended)) state.endedAt.set(batch['id'], ended);
}

/** Wraps the decoder's iterator so each item is seen as the app takes it, unchanged. */
function observeDecoder(decoder: unknown, onItem: (item: unknown) => void): void {
  if (!isObj(decoder)) return;
  const iterate = (decoder as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator];
  if (typeof iterate !== 'function') return;
  Object.defineProperty(decoder, Symbol.asyncIterator, {
    configurable: true,
    value: () => {
      const inner = iterate.call(decoder);
      const outer: AsyncIterator<unknown> & AsyncIterable<unknown> = {
        next: async (...args: [] | [unknown]) => {
          const step = await inner.next(...args);
          if (!step.done) safely('record a batch result', () => onItem(step.value));
          return step;
        },
        return: async (value?: unknown) => (inner.return ? inner.return(value) : { done: true, value }),
        throw: async (error?: unknown) => (inner.throw ? inner.throw(error) : Promise.reject(error)),
        [Symbol.asyncIterator]: () => outer,
      };
      return outer;
    },
  });
}

function attributionAttributes(scopes: Scopes): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(scopes.attribution())) {
    if (value !== undefined) attributes[AttributionKeys[key as keyof typeof AttributionKeys]] = value;
  }
  return attributes;
}

function recordResult(deps: BatchDeps, state: State, batchId: string, item: unknown): void {
  if (!isObj(item) || !isObj(item['result']) || item['result']['type'] !== 'succeeded') return;
  const message = item['result']['message'];
  const customId = typeof item['custom_id'] === 'string' ? item['custom_id'] : undefined;
  if (!isObj(message) || customId === undefined) return;
  // The batch's end is the results' time, the same on every read (else the read time).
  const at = state.endedAt.get(batchId) ?? Date.now();
  const attributes: Attributes = {
    ...requestAttributes(SpanName.messagesCreate, { model: message['model'] }, undefined),
    ...messageAttributes(message),
    ...(state.creators.get(batchId) ?? attributionAttributes(deps.scopes)),
    [Burnrate.batch]: true,
    [Burnrate.batchId]: batchId,
    [Burnrate.batchResultId]: `${batchId}/${customId}`,
  };
  const span = deps.tracer.startSpan(SpanName.messagesCreate, { kind: SpanKind.CLIENT, startTime: at, attributes }, ROOT_CONTEXT);
  span.end(at);
}
