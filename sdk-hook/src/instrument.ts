import { trace } from '@opentelemetry/api';
import { FAIL_FAST_KINDS, type FailFastKind } from '@burnrate/contract';
import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AttemptOptions } from './attempts';
import { BoundedBatchSpanProcessor, type BoundedBatchOptions } from './boundedProcessor';
import { createCallGuard, validateBudgetGuardOptions, type BudgetGuardOptions, type CallGuard } from './budgetEnforcement/callGuard';
import { guardClient } from './budgetEnforcement/guardClient';
import { resolveExportTarget } from './endpoint';
import { instrumentBatches } from './batches';
import { wrapClient } from './fallback/wrapClient';
import type { BurnrateHealth } from './health/exportHealth';
import { ExportHealth } from './health/exportHealth';
import { safely, log, warnOnce } from './safety';
import { createMiddleware, isBurnrateMiddleware, type BurnrateMiddleware } from './middleware';
import { createPipeline, type Pipeline } from './pipeline';
import { Scopes, type Attribution, type RouteDecision } from './scope';
import { Env, Header, SCOPE_NAME, SCOPE_VERSION } from './semconv';

export interface InstrumentOptions {
  /** `service.name` of the spans (else OTEL_SERVICE_NAME). */
  serviceName?: string;
  /** Collector base URL (else BURNRATE_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT, http://localhost:4318). */
  endpoint?: string;
  /** Sent as `x-burnrate-key` (else BURNRATE_INGEST_KEY). */
  ingestKey?: string;
  /**
   * Record prompts and completions on spans burnrate creates (SDKs without native tracing),
   * truncated to `maxLength` characters per attribute (default 4096). Off by default. Clients with
   * native tracing follow the SDK's own `openTelemetry.traces.contentMode` option instead.
   */
  captureContent?: boolean | { maxLength?: number };
  /** Longest attribution / routing value kept (default 256 characters). */
  maxValueLength?: number;
  /** Spans held while the collector is slow or down; more are dropped and counted (default 2048). */
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
  /** Longest wait for an error response's body to read its error type (default 200 ms). */
  errorBodyWaitMs?: number;
  /** Replaces the OTLP exporter (tests, or another backend); spans still go through the bounded queue. */
  exporter?: SpanExporter;
  /**
   * Enforces the collector's budgets in the app: calls through clients passed to `anthropic()` in
   * the scope of a used-up budget are warned about, blocked (BudgetExceededError, nothing sent) or
   * sent to a cheaper model. Reads `/api/v1/budgets/status` at `endpoint` with `ingestKey`. Off by
   * default; invalid options throw here, at start-up.
   */
  budgetGuard?: BudgetGuardOptions;
  /**
   * Refusals the app wants at once instead of after the SDK's retries, which cannot succeed before
   * access resumes: `'spend_cap'` (the tier's monthly cap, an organisation or workspace spend
   * limit), `'usage_window'` (a subscription window that is full). Off by default; the choice is
   * recorded on every call span (`burnrate.fail_fast`). Unknown kinds throw here, at start-up.
   */
  failFast?: readonly FailFastKind[];
}

export interface Burnrate {
  /** Instruments an Anthropic client in place and returns it. Safe to call twice. */
  anthropic<Client>(client: Client): Client;
  /** For `new Anthropic({ middleware: [burnrate.middleware()] })` (SDKs with native tracing). */
  middleware(): BurnrateMiddleware;
  /** Attributes every call span made inside `fn` (across awaits), and sets OTel baggage. */
  withContext<T>(attribution: Attribution, fn: () => T): T;
  /** Records a routing decision on the next call span in this scope, or on every call inside `fn`. */
  route(decision: RouteDecision): void;
  route<T>(decision: RouteDecision, fn: () => T): T;
  /** Exports what is queued. Never rejects. */
  flush(): Promise<void>;
  /** Flushes and stops; a later instrument() starts afresh. Never rejects. */
  shutdown(): Promise<void>;
  /**
   * burnrate's span processor, for an app that builds its own OTel SDK:
   * `new NodeSDK({ spanProcessors: [yourProcessor, burnrate.spanProcessor] })`. Not needed when
   * the SDK takes processors after start (2.x and 3.x do): burnrate then joins it by itself.
   */
  readonly spanProcessor: BurnrateSpanProcessor;
  /** Spans dropped because the export queue was full. */
  droppedSpans(): number;
  /** Exported, dropped and failed span counts since start, and the last export error. */
  health(): BurnrateHealth;
  /**
   * Reads the budget status now, e.g. at start-up so the first calls are already guarded (the guard
   * lets calls through until its first answer). True when it got one; false without a guard. Never rejects.
   */
  refreshBudgets(): Promise<boolean>;
}

/**
 * Structurally an OTel SDK `SpanProcessor` (1.x, 2.x and 3.x alike), declared here so that the
 * app's SDK version decides the span types, not the one burnrate was built with.
 */
export interface BurnrateSpanProcessor {
  onStart(span: unknown, parentContext: unknown): void;
  onEnd(span: unknown): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

const DEFAULTS = {
  maxValueLength: 256,
  contentMaxLength: 4096,
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 1000,
  exportTimeoutMillis: 10_000,
  errorBodyWaitMs: 200,
};

// One per process, also across duplicate copies of this module (ESM and CJS, or two versions).
const SINGLETON = Symbol.for('@burnrate/sdk-hook.instance');
type Holder = { [SINGLETON]?: Burnrate };

/**
 * Sets up export to the burnrate collector and returns the hook. A second call returns the same
 * hook; options given to it are ignored, with a diag warning. Throws only for invalid
 * `budgetGuard` options: everything else that fails is logged and leaves the app's calls alone.
 */
export function instrument(options: InstrumentOptions = {}): Burnrate {
  validateFailFast(options.failFast);
  const holder = globalThis as Holder;
  const existing = holder[SINGLETON];
  if (existing) {
    if (Object.keys(options).some((key) => key !== 'exporter')) {
      warnOnce('instrument-twice', 'instrument() was already called: returning the first handle, new options ignored');
    }
    return existing;
  }
  if (options.budgetGuard !== undefined) validateBudgetGuardOptions(options.budgetGuard);
  const handle = createHandle(options, () => {
    if (holder[SINGLETON] === handle) delete holder[SINGLETON];
  });
  holder[SINGLETON] = handle;
  return handle;
}

function createHandle(options: InstrumentOptions, release: () => void): Burnrate {
  const pipelineOptions = {
    serviceName: options.serviceName,
    endpoint: options.endpoint,
    ingestKey: options.ingestKey,
    exporter: options.exporter,
    maxQueueSize: options.maxQueueSize ?? DEFAULTS.maxQueueSize,
    maxExportBatchSize: Math.min(options.maxExportBatchSize ?? DEFAULTS.maxExportBatchSize, options.maxQueueSize ?? DEFAULTS.maxQueueSize),
    scheduledDelayMillis: options.scheduledDelayMillis ?? DEFAULTS.scheduledDelayMillis,
    exportTimeoutMillis: options.exportTimeoutMillis ?? DEFAULTS.exportTimeoutMillis,
  };
  const pipeline: Pipeline = safely('set up span export', () => createPipeline(pipelineOptions)) ?? detachedPipeline(pipelineOptions);
  const maxValueLength = options.maxValueLength ?? DEFAULTS.maxValueLength;
  const scopes = new Scopes(maxValueLength);
  const attempt: AttemptOptions = {
    errorBodyWaitMs: options.errorBodyWaitMs ?? DEFAULTS.errorBodyWaitMs,
    failFast: [...new Set(options.failFast ?? [])],
  };
  const budgetGuard = options.budgetGuard && startBudgetGuard(options, options.budgetGuard, scopes, maxValueLength);
  // The middleware asks first, per attempt, whether the guard is on: the earliest point of every
  // natively traced call, so it is also where burnrate attaches (inside the SDK's span, whose end
  // the joined processor still sees).
  const middleware = createMiddleware(scopes, attempt, () => {
    pipeline.attach();
    return budgetGuard?.active === true;
  });
  const contentMaxLength = contentLimit(options.captureContent);
  const fallback = {
    settings: { tracer: pipeline.tracerProvider.getTracer(SCOPE_NAME, SCOPE_VERSION), contentMaxLength },
    scopes,
    attempt,
  };
  const instrumented = new WeakSet<object>();
  let stopped: Promise<void> | undefined;

  return {
    anthropic<Client>(client: Client): Client {
      safely('instrument the client', () => {
        if (typeof client !== 'object' || client === null || instrumented.has(client)) return;
        instrumented.add(client);
        const native = nativeTracing(client);
        if (native) {
          if (!native.middleware.some(isBurnrateMiddleware)) native.middleware.push(middleware);
          if (contentMaxLength !== undefined && native.contentMode !== 'content') {
            warnOnce('content-native', "captureContent does not apply to clients with native tracing: set the SDK's openTelemetry.traces.contentMode");
          }
        } else {
          wrapClient(client as Record<string, unknown>, fallback);
        }
        instrumentBatches(client, { tracer: fallback.settings.tracer, scopes });
        // Outermost, over the fallback's wrapper too: the guard decides before any span or request.
        if (budgetGuard) guardClient(client, { guard: budgetGuard, settings: fallback.settings, scopes });
      });
      return client;
    },
    middleware: () => middleware,
    withContext: (attribution, fn) => {
      pipeline.attach();
      return scopes.withContext(attribution, fn);
    },
    route: ((decision: RouteDecision, fn?: () => unknown) => {
      pipeline.attach();
      return fn ? scopes.route(decision, fn) : scopes.route(decision);
    }) as Burnrate['route'],
    async flush() {
      try {
        await pipeline.processor.forceFlush();
      } catch (problem) {
        log.debug('flush failed', problem);
      }
    },
    shutdown() {
      stopped ??= (async () => {
        budgetGuard?.close();
        try {
          await pipeline.shutdown();
        } catch (problem) {
          log.debug('shutdown failed', problem);
        }
        release();
      })();
      return stopped;
    },
    spanProcessor: pipeline.processor as BurnrateSpanProcessor,
    droppedSpans: () => pipeline.processor.droppedSpans,
    health: () => {
      const { health } = pipeline.processor;
      return {
        exportedSpans: health.exported,
        droppedSpans: health.dropped,
        failedSpans: health.failed,
        queuedSpans: pipeline.processor.queuedSpans,
        lastError: health.lastError && { ...health.lastError },
      };
    },
    refreshBudgets: async () => (budgetGuard?.active ? budgetGuard.refresh() : false),
  };
}

function validateFailFast(kinds: unknown): void {
  if (kinds === undefined) return;
  if (!Array.isArray(kinds) || kinds.some((k) => !(FAIL_FAST_KINDS as readonly unknown[]).includes(k))) {
    throw new TypeError(`failFast must be a list of ${FAIL_FAST_KINDS.map((k) => `'${k}'`).join(', ')}; got ${JSON.stringify(kinds)}`);
  }
}

/**
 * The guard reads the budget status where spans go, with the same key: one collector, one
 * credential. A guard that cannot start leaves calls unguarded (fail open) and says so.
 */
function startBudgetGuard(options: InstrumentOptions, guardOptions: BudgetGuardOptions, scopes: Scopes, maxValueLength: number): CallGuard | undefined {
  try {
    const target = resolveExportTarget(options);
    return createCallGuard(guardOptions, {
      endpoint: target.url,
      ingestKey: target.headers[Header.ingestKey],
      serviceName: options.serviceName ?? process.env[Env.serviceName],
      scopes,
      maxValueLength,
    });
  } catch (problem) {
    log.error('could not start the budget guard: calls are not guarded', problem);
    return undefined;
  }
}

/** When export cannot be set up at all, the hook still runs (and records nothing): never throw. */
function detachedPipeline(options: BoundedBatchOptions): Pipeline {
  log.error('could not set up span export: burnrate records nothing in this process');
  const exporter: SpanExporter = {
    export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
    shutdown: async () => {},
  };
  const processor = new BoundedBatchSpanProcessor(exporter, options, new ExportHealth({ url: '', hasKey: false }));
  return { tracerProvider: trace.getTracerProvider(), processor, attach: () => {}, shutdown: () => processor.shutdown() };
}

function contentLimit(option: InstrumentOptions['captureContent']): number | undefined {
  if (!option) return undefined;
  const max = option === true ? undefined : option.maxLength;
  return max !== undefined && Number.isInteger(max) && max > 0 ? max : DEFAULTS.contentMaxLength;
}

/**
 * A client whose SDK traces natively (0.134+ / 1.x, tracing not turned off) and runs middleware:
 * burnrate adds to the SDK's span instead of making its own.
 */
function nativeTracing(client: object): { middleware: unknown[]; contentMode: unknown } | undefined {
  const { openTelemetry, middleware } = client as {
    openTelemetry?: { traces?: { enabled?: unknown; contentMode?: unknown } };
    middleware?: unknown;
  };
  if (openTelemetry?.traces?.enabled !== true || !Array.isArray(middleware)) return undefined;
  return { middleware, contentMode: openTelemetry.traces.contentMode };
}

/**
 * burnrate's span processor for an app's own OTel SDK, in one line:
 * `new NodeSDK({ spanProcessors: [yourProcessor, burnrateSpanProcessor()] })`. It is the processor
 * of the process's one burnrate instance (started here with `options` if `instrument()` was not
 * called yet), so a later `instrument()` finds it in the SDK and adds nothing twice.
 */
export function burnrateSpanProcessor(options?: InstrumentOptions): BurnrateSpanProcessor {
  return instrument(options).spanProcessor;
}
