// Laminar (@lmnr-ai/lmnr, and lmnr on PyPI). Its model spans come from OpenLLMetry's
// instrumentations, which it registers on a tracer provider of its own; its span processor adds
// lmnr.span.* to every span. So they read as OpenLLMetry's do (uncached input, one cache-write
// total, OpenAI's stop words undone), counted under Laminar's name. Its resource is its own
// (service.name "laminar-tracer-resource"), not the app's.
import { Laminar } from '../../../semconv';
import type { Adapter } from '../../callFacts';
import { openLlmetryAdapter } from '../openLlmetry/adapter';

export const laminarAdapter: Adapter = (span, scopeName, context) => {
  const a = span.attributes;
  if (!a.has(Laminar.sdkVersion) && !a.has(Laminar.instrumentationSource)) return undefined;
  const facts = openLlmetryAdapter(span, scopeName, context);
  return facts && { ...facts, instrumentation: 'laminar' };
};
