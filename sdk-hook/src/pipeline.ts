import { context, propagation, ProxyTracerProvider, trace, type TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { BoundedBatchSpanProcessor, type BoundedBatchOptions } from './bounded-processor';
import { resolveExportTarget } from './endpoint';
import { log } from './safety';
import { Env, Resource } from './semconv';

export interface PipelineOptions extends BoundedBatchOptions {
  serviceName?: string | undefined;
  endpoint?: string | undefined;
  ingestKey?: string | undefined;
  exporter?: SpanExporter | undefined;
}

export interface Pipeline {
  /** Where burnrate's own spans (fallback wrapper) are created: it always feeds `processor`. */
  readonly tracerProvider: TracerProvider;
  readonly processor: BoundedBatchSpanProcessor;
  shutdown(): Promise<void>;
}

/**
 * OTLP/HTTP protobuf export through a bounded batch processor, attached where the SDK's native
 * spans are created: the global tracer provider. If the app registered one, burnrate's processor
 * joins it (the app keeps its exporters); if none, burnrate registers its own, which also sets the
 * AsyncLocalStorage context manager and the W3C trace-context + baggage propagators.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const target = resolveExportTarget(options);
  if (target.invalid !== undefined) {
    log.warn(`endpoint ${JSON.stringify(target.invalid)} is not an http(s) URL; exporting to ${target.url}`);
  }
  const exporter =
    options.exporter ?? new OTLPTraceExporter({ url: target.url, headers: target.headers, timeoutMillis: options.exportTimeoutMillis });
  const processor = new BoundedBatchSpanProcessor(exporter, options);

  const existing = registeredProvider();
  if (existing) {
    if (joinProvider(existing, processor)) {
      return { tracerProvider: existing, processor, shutdown: () => processor.shutdown() };
    }
    // The app's provider takes no new processor after construction: its native SDK spans stay the
    // app's (the app can add `burnrate.spanProcessor` itself); burnrate's own spans still export.
    log.warn(
      'the registered tracer provider does not accept another span processor: add burnrate.spanProcessor ' +
        "to your OTel SDK's spanProcessors so the Anthropic SDK's spans reach burnrate",
    );
    const own = new NodeTracerProvider({ resource: resource(options), spanProcessors: [processor] });
    return { tracerProvider: own, processor, shutdown: () => own.shutdown() };
  }

  const provider = new NodeTracerProvider({ resource: resource(options), spanProcessors: [processor] });
  provider.register();
  return {
    tracerProvider: provider,
    processor,
    async shutdown() {
      await provider.shutdown();
      // Only what burnrate registered itself, so a later instrument() can register afresh.
      if (registeredProvider() === provider) {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}

function resource(options: PipelineOptions) {
  const serviceName = options.serviceName ?? process.env[Env.serviceName];
  const base = defaultResource();
  return serviceName ? base.merge(resourceFromAttributes({ [Resource.serviceName]: serviceName })) : base;
}

/** The app's tracer provider behind the API's global proxy, or undefined when none is set. */
function registeredProvider(): TracerProvider | undefined {
  const global = trace.getTracerProvider();
  const delegate = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  return delegate.constructor?.name === 'NoopTracerProvider' ? undefined : delegate;
}

/**
 * SDK 1.x providers had `addSpanProcessor`; 2.x providers take processors only in their
 * constructor but keep them in a MultiSpanProcessor whose list their own tracers read on every
 * span, so appending to it is seen at once. Both are checked by shape and guarded.
 */
function joinProvider(provider: TracerProvider, processor: SpanProcessor): boolean {
  try {
    const legacy = provider as { addSpanProcessor?: (processor: SpanProcessor) => void };
    if (typeof legacy.addSpanProcessor === 'function') {
      legacy.addSpanProcessor(processor);
      return true;
    }
    const active = (provider as { _activeSpanProcessor?: { _spanProcessors?: unknown } })._activeSpanProcessor;
    if (Array.isArray(active?._spanProcessors)) {
      active._spanProcessors.push(processor);
      return true;
    }
  } catch (problem) {
    log.debug('could not join the registered tracer provider', problem);
  }
  return false;
}
