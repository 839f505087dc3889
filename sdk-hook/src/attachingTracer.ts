import type { Span, SpanOptions, Context, Tracer } from '@opentelemetry/api';

/**
 * A tracer that settles where spans go only when one is started: `resolve` runs first (it may
 * attach burnrate to the app's tracer provider, or register burnrate's own) and returns the tracer
 * that then makes the span. Handed out while it is still open whether the app will start an OTel
 * SDK of its own, so that a client built before the app's `sdk.start()` still traces into it.
 */
export class AttachingTracer implements Tracer {
  private settled: Tracer | undefined;

  /** `resolve` says whether its answer is final (attached): then it is kept, and not asked again. */
  constructor(private readonly resolve: () => { tracer: Tracer; final: boolean }) {}

  private tracer(): Tracer {
    if (this.settled) return this.settled;
    const { tracer, final } = this.resolve();
    if (final) this.settled = tracer;
    return tracer;
  }

  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    return this.tracer().startSpan(name, options, context);
  }

  startActiveSpan: Tracer['startActiveSpan'] = ((...args: unknown[]) => {
    const tracer = this.tracer();
    return (tracer.startActiveSpan as (...inner: unknown[]) => unknown).apply(tracer, args);
  }) as Tracer['startActiveSpan'];
}
