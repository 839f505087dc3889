// How the guard's decision for a call reaches that call's span. The guard decides in burnrate's
// wrapper of `create`/`stream`, before the SDK starts; the span is made later, by the SDK (native
// tracing: burnrate's middleware decorates it on the first attempt) or by burnrate's fallback
// wrapper. The decision rides in the call's own request options under a symbol key: the SDK
// spreads those options, symbol keys included, all the way to `ctx.options` of the middleware (and
// from `stream()` into the `create()` it makes), so it stays with this one call and never leaks to
// another call made in the same async context. The SDK reads options by name, never by iterating
// symbols, and sends none of them over the wire.
import type { Attributes } from '@opentelemetry/api';
import { Burnrate } from './semconv';

const HANDOFF = Symbol.for('@burnrate/sdk-hook.guarded-call');

/** The caller's request options with the decision's attributes on them (a copy: the caller's object stays as it was). */
export function withGuardAttributes(options: unknown, attributes: Attributes): Record<PropertyKey, unknown> {
  return { ...(typeof options === 'object' && options !== null ? options : {}), [HANDOFF]: attributes };
}

/** The attributes the guard decided for the call made with these options; undefined when no guard decided. */
export function guardAttributesOf(options: unknown): Attributes | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const attributes = (options as Record<PropertyKey, unknown>)[HANDOFF];
  return typeof attributes === 'object' && attributes !== null ? (attributes as Attributes) : undefined;
}

const ROUTE_NAMES: readonly string[] = [
  Burnrate.routeName,
  Burnrate.routeReason,
  Burnrate.routeRequestedModel,
  Burnrate.routeChosenModel,
  Burnrate.routeFallbackFrom,
];

/**
 * A call span's burnrate attributes: the scope's (attribution, routing), and the guard's. A guard
 * downgrade is the last routing decision the call went through, so it replaces the app's own
 * `route()` record whole rather than mixing its rule name with the guard's models.
 */
export function callAttributes(scoped: Attributes, guarded: Attributes | undefined): Attributes {
  if (!guarded || Object.keys(guarded).length === 0) return scoped;
  const merged: Attributes = { ...scoped };
  if (Burnrate.routeName in guarded) for (const name of ROUTE_NAMES) delete merged[name];
  return Object.assign(merged, guarded);
}
