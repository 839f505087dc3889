import { context, propagation, trace, type TracerProvider } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { AttachingTracer } from './attachingTracer';
import { BoundedBatchSpanProcessor, type BoundedBatchOptions } from './boundedProcessor';
import { resolveExportTarget } from './endpoint';
import { createOtlpExporter } from './exporter';
import { ExportHealth } from './health/exportHealth';
import { safely, log } from './safety';
import { Env, Header, Resource } from './semconv';

export interface PipelineOptions extends BoundedBatchOptions {
  serviceName?: string | undefined;
  endpoint?: string | undefined;
  ingestKey?: string | undefined;
  exporter?: SpanExporter | undefined;
}

export interface Pipeline {
  /** Where burnrate's own spans (fallback wrapper) are made: starting one attaches first. */
  readonly tracerProvider: TracerProvider;
  readonly processor: BoundedBatchSpanProcessor;
  /**
   * Settles, once, where the spans go: into the app's tracer provider if the app registered one
   * by now, else burnrate registers its own. Called at the first span or scope, not at
   * `instrument()`, so an app that starts its own OTel SDK after `instrument()` still can.
   */
  attach(): void;
  shutdown(): Promise<void>;
}

type State = 'pending' | 'joined' | 'own' | 'apart';

/**
 * OTLP/HTTP export (protobuf, or JSON when OTEL_EXPORTER_OTLP_PROTOCOL says so) through a bounded
 * batch processor, attached where the SDK's native spans are made: the global tracer provider.
 *
 * If the app registered one, burnrate's processor joins it (the app keeps its exporters, its
 * context manager and propagators; nothing is registered twice). If none is registered yet,
 * burnrate waits: the API's tracer provider proxy gets a stand-in whose tracers attach when they
 * start their first span. Only then, if the app still has no provider, burnrate registers its own
 * (with the AsyncLocalStorage context manager and the W3C trace-context + baggage propagators).
 * So `instrument()` may come before or after the app's `sdk.start()`.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const target = resolveExportTarget(options);
  if (target.invalid !== undefined) {
    log.warn(`endpoint ${JSON.stringify(target.invalid)} is not an http(s) URL; exporting to ${target.url}`);
  }
  // The exporter's own deadline comes first, so its error (which names the cause: a refused
  // connection, a 401) is what health reports; the processor's timeout is the backstop for an
  // exporter that never calls back.
  const exporter = options.exporter ?? createOtlpExporter(target, Math.floor(options.exportTimeoutMillis * 0.9));
  const health = new ExportHealth({ url: target.url, hasKey: target.headers[Header.ingestKey] !== undefined });
  const processor = new BoundedBatchSpanProcessor(exporter, options, health);
  const own = new NodeTracerProvider({ resource: resource(options), spanProcessors: [processor] });

  let state: State = 'pending';
  let joined: TracerProvider | undefined;

  const attach = () => {
    if (state !== 'pending') return;
    const app = registeredProvider(standIn);
    if (!app) {
      own.register();
      state = 'own';
      return;
    }
    if (hasProcessor(app, processor) || joinProvider(app, processor)) {
      joined = app;
      state = 'joined';
      return;
    }
    // The app's provider takes no new processor after construction: its native SDK spans stay the
    // app's (the app can add `burnrate.spanProcessor` itself); burnrate's own spans still export.
    log.warn(
      'the registered tracer provider does not accept another span processor: add burnrate.spanProcessor ' +
        "to your OTel SDK's spanProcessors so the Anthropic SDK's spans reach burnrate",
    );
    state = 'apart';
  };
  const safeAttach = () => void safely('attach to the tracer provider', attach);

  // Native SDK tracers handed out while pending: once attached, the app's provider or burnrate's.
  const standIn: TracerProvider = {
    getTracer: (name, version, tracerOptions) =>
      new AttachingTracer(() => {
        safeAttach();
        return { tracer: (registeredProvider(standIn) ?? own).getTracer(name, version, tracerOptions), final: state !== 'pending' };
      }),
  };
  // Burnrate's own spans: where its processor is.
  const ownSpans: TracerProvider = {
    getTracer: (name, version, tracerOptions) =>
      new AttachingTracer(() => {
        safeAttach();
        return { tracer: (state === 'joined' && joined ? joined : own).getTracer(name, version, tracerOptions), final: state !== 'pending' };
      }),
  };

  if (!registeredProvider(standIn)) safely('wait for the first span', () => standInUntilUsed(standIn));
  else safeAttach(); // the app's SDK runs already: join it now

  return {
    tracerProvider: ownSpans,
    processor,
    attach: safeAttach,
    async shutdown() {
      const was = state;
      state = 'apart'; // no attaching after shutdown
      removeStandIn(standIn);
      if (was === 'joined' || was === 'pending') {
        await processor.shutdown();
        return;
      }
      await own.shutdown();
      // Only what burnrate registered itself, so a later instrument() can register afresh.
      if (was === 'own' && registeredProvider(standIn) === own) {
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

/** The provider behind the API's global proxy, or undefined when none (or only our stand-in) is set. */
function registeredProvider(standIn: TracerProvider): TracerProvider | undefined {
  const global = trace.getTracerProvider();
  const delegate = asProxy(global)?.getDelegate() ?? global;
  if (delegate === standIn || delegate.constructor?.name === 'NoopTracerProvider') return undefined;
  return delegate;
}

/**
 * With nothing registered, `trace.getTracerProvider()` is the API's own proxy, not yet registered.
 * Giving it a delegate registers nothing (the app's `sdk.start()` still succeeds and replaces it),
 * yet tracers asked for meanwhile (the Anthropic client asks at construction) come from the
 * stand-in, whose spans attach burnrate first.
 */
function standInUntilUsed(standIn: TracerProvider): void {
  asProxy(trace.getTracerProvider())?.setDelegate(standIn);
}

function removeStandIn(standIn: TracerProvider): void {
  // Nothing else was registered: resetting the API drops the stand-in (and registers nothing).
  if (asProxy(trace.getTracerProvider())?.getDelegate() === standIn) trace.disable();
}

interface ProxyLike {
  getDelegate(): TracerProvider;
  setDelegate(delegate: TracerProvider): void;
}

/**
 * The API's ProxyTracerProvider, known by shape rather than `instanceof`: with two copies of
 * @opentelemetry/api in an app (one nested under a dependency), the registered proxy may be the
 * other copy's class.
 */
function asProxy(provider: TracerProvider): ProxyLike | undefined {
  const candidate = provider as Partial<ProxyLike>;
  return typeof candidate.getDelegate === 'function' && typeof candidate.setDelegate === 'function' ? (candidate as ProxyLike) : undefined;
}

/** The processors of an SDK 2.x / 3.x provider (private, read by shape, guarded). */
function processorsOf(provider: TracerProvider): unknown[] | undefined {
  const active = (provider as { _activeSpanProcessor?: { _spanProcessors?: unknown } })._activeSpanProcessor;
  return Array.isArray(active?._spanProcessors) ? active._spanProcessors : undefined;
}

/** The app passed burnrate's processor to its own SDK (the documented recipe): nothing to add. */
function hasProcessor(provider: TracerProvider, processor: SpanProcessor): boolean {
  return processorsOf(provider)?.includes(processor) === true;
}

/**
 * SDK 1.x providers had `addSpanProcessor`; 2.x and 3.x providers take processors only in their
 * constructor but keep them in a MultiSpanProcessor whose list their own tracers read on every
 * span, so appending to it is seen at once (also by a span already started: `onEnd` reads the
 * list when the span ends). Both are checked by shape and guarded.
 */
function joinProvider(provider: TracerProvider, processor: SpanProcessor): boolean {
  try {
    const legacy = provider as { addSpanProcessor?: (processor: SpanProcessor) => void };
    if (typeof legacy.addSpanProcessor === 'function') {
      legacy.addSpanProcessor(processor);
      return true;
    }
    const processors = processorsOf(provider);
    if (processors) {
      processors.push(processor);
      return true;
    }
  } catch (problem) {
    log.debug('could not join the registered tracer provider', problem);
  }
  return false;
}
