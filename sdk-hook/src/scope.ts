import { AsyncLocalStorage } from 'node:async_hooks';
import { context, propagation, type Attributes, type Context } from '@opentelemetry/api';
import { log } from './safety';
import { AttributionKeys, Burnrate } from './semconv';

export type Attribution = { -readonly [K in keyof typeof AttributionKeys]?: string };

export interface RouteDecision {
  /** The routing rule that decided, e.g. `cheap-first`. */
  name: string;
  reason?: string;
  /** The model the caller asked for. */
  requested?: string;
  /** The model the rule sent the call to. */
  chosen?: string;
  /** When this call is a fallback: the model that failed before it. */
  fallbackFrom?: string;
}

interface Scope {
  readonly parent: Scope | undefined;
  readonly attribution: Attribution;
  /** From `route(decision, fn)`: every call made inside fn records it. */
  readonly route: RouteDecision | undefined;
  /** From `route(decision)`: the next call made in this scope (or below it) takes it. */
  pending?: RouteDecision | undefined;
}

const ROUTE_ATTRIBUTES: ReadonlyArray<readonly [keyof RouteDecision, string]> = [
  ['name', Burnrate.routeName],
  ['reason', Burnrate.routeReason],
  ['requested', Burnrate.routeRequestedModel],
  ['chosen', Burnrate.routeChosenModel],
  ['fallbackFrom', Burnrate.routeFallbackFrom],
];

const ATTRIBUTION_NAMES = new Set<string>(Object.values(AttributionKeys));

/**
 * Attribution and routing travel with the async flow: our own AsyncLocalStorage holds them (so
 * they work whether or not the app registered an OTel context manager), and the attribution is
 * also put in the OTel baggage so the app's HTTP instrumentation carries it to downstream
 * services, whose hook reads it back from there.
 */
// Module-wide, so a client instrumented before a shutdown()/instrument() cycle still reads the
// scopes the new handle opens.
const storage = new AsyncLocalStorage<Scope>();
// Outside any withContext(): route(decision) applies to the next call anywhere in the process.
const root: Scope = { parent: undefined, attribution: {}, route: undefined };

export class Scopes {
  constructor(private readonly maxValueLength: number) {}

  withContext<T>(attribution: Attribution, fn: () => T): T {
    let entered: { scope: Scope; ctx: Context } | undefined;
    try {
      const outer = this.current();
      const added = this.cleanAttribution(attribution);
      const scope: Scope = {
        parent: outer,
        attribution: { ...outer.attribution, ...added },
        route: outer.route,
      };
      entered = { scope, ctx: withBaggage(context.active(), added) };
    } catch (problem) {
      log.debug('could not read the attribution', problem); // it costs the attribution, never the call
    }
    if (!entered) return fn();
    const { scope, ctx } = entered;
    return storage.run(scope, () => context.with(ctx, fn));
  }

  route(decision: RouteDecision): void;
  route<T>(decision: RouteDecision, fn: () => T): T;
  route<T>(decision: RouteDecision, fn?: () => T): T | undefined {
    let clean: RouteDecision | undefined;
    try {
      clean = this.cleanRoute(decision);
    } catch (problem) {
      log.debug('could not read the routing decision', problem);
      clean = undefined;
    }
    if (!fn) {
      if (clean) this.current().pending = clean;
      return undefined;
    }
    if (!clean) return fn();
    const outer = this.current();
    return storage.run({ parent: outer, attribution: outer.attribution, route: clean }, fn);
  }

  /**
   * The attribution and routing attributes of a call span that starts now. Consumes a pending
   * `route(decision)`, so call it once per call span.
   */
  takeCallAttributes(): Attributes {
    const scope = this.current();
    const attributes: Attributes = { ...this.fromBaggage(context.active()) };
    for (const [key, value] of Object.entries(scope.attribution)) {
      if (value !== undefined) attributes[AttributionKeys[key as keyof Attribution]] = value;
    }
    const route = scope.route ?? takePending(scope);
    for (const [key, name] of route ? ROUTE_ATTRIBUTES : []) {
      const value = route?.[key];
      if (value !== undefined) attributes[name] = value;
    }
    return attributes;
  }

  /** Who is calling now (the scope's attribution over the baggage's), as the call span will say. Consumes nothing. */
  attribution(): Attribution {
    const scoped = this.current().attribution;
    const fromBaggage = this.fromBaggage(context.active());
    const attribution: Attribution = {};
    for (const key of Object.keys(AttributionKeys) as Array<keyof Attribution>) {
      const value = scoped[key] ?? fromBaggage[AttributionKeys[key]];
      if (typeof value === 'string') attribution[key] = value;
    }
    return attribution;
  }

  private current(): Scope {
    return storage.getStore() ?? root;
  }

  /** Attribution that arrived as baggage (set upstream, possibly in another service). */
  private fromBaggage(ctx: Context): Attributes {
    const baggage = propagation.getBaggage(ctx);
    if (!baggage) return {};
    const attributes: Attributes = {};
    for (const [name, entry] of baggage.getAllEntries()) {
      if (ATTRIBUTION_NAMES.has(name)) {
        const value = this.bound(entry.value);
        if (value !== undefined) attributes[name] = value;
      }
    }
    return attributes;
  }

  private cleanAttribution(input: Attribution): Attribution {
    const clean: Attribution = {};
    for (const key of Object.keys(AttributionKeys) as Array<keyof Attribution>) {
      const value = this.bound(input?.[key]);
      if (value !== undefined) clean[key] = value;
    }
    return clean;
  }

  private cleanRoute(input: RouteDecision): RouteDecision | undefined {
    const name = this.bound(input?.name);
    if (name === undefined) return undefined;
    const clean: RouteDecision = { name };
    for (const [key] of ROUTE_ATTRIBUTES) {
      const value = this.bound(input[key]);
      if (value !== undefined) clean[key] = value;
    }
    return clean;
  }

  /** Values are bounded: they become attributes and baggage on every call. */
  private bound(value: unknown): string | undefined {
    if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
    if (typeof value !== 'string' || value.length === 0) return undefined;
    return value.length > this.maxValueLength ? value.slice(0, this.maxValueLength) : value;
  }
}

function takePending(scope: Scope): RouteDecision | undefined {
  for (let at: Scope | undefined = scope; at; at = at.parent) {
    if (at.pending) {
      const decision = at.pending;
      at.pending = undefined;
      return decision;
    }
  }
  return undefined;
}

function withBaggage(ctx: Context, attribution: Attribution): Context {
  let baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
  for (const [key, value] of Object.entries(attribution)) {
    if (value !== undefined) {
      baggage = baggage.setEntry(AttributionKeys[key as keyof Attribution], { value });
    }
  }
  return propagation.setBaggage(ctx, baggage);
}
