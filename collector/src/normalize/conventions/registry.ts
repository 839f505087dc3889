// Every normalizer convention, in ONE list. Each has its own folder beside this file
// (conventions/<folder>/adapter.ts and its test); registry.test.ts checks that the folders on disk
// and this list agree, and that every capture in test/fixtures belongs to a convention here.
// Adding an adapter: a folder, and one line below.
import type { Span } from '../../otlp/model';
import type { Adapter } from '../callFacts';
import type { Instrumentation } from '../callRow';
import { anthropicSdkAdapter } from './anthropicSdk/adapter';
import { genAiAdapter } from './genAi/adapter';
import { laminarAdapter } from './laminar/adapter';
import { isLogfireStreamOpening, logfireAdapter } from './logfire/adapter';
import { langtraceAdapter } from './langtrace/adapter';
import { openInferenceAdapter } from './openInference/adapter';
import { openLitAdapter } from './openLit/adapter';
import { openLlmetryAdapter } from './openLlmetry/adapter';
import { otelPythonAdapter } from './otelPython/adapter';
import { vercelAiAdapter } from './vercelAi/adapter';

export interface Convention {
  /** Its folder under conventions/. */
  folder: string;
  adapter: Adapter;
  /** What its rows say in `instrumentation`. */
  instrumentation: Instrumentation;
  /**
   * The names its captures go by in test/fixtures: conformance/<name>/ (and "<name>+<other>" when
   * stacked with another instrumentation) and otlp/<name>-<scenario>.*.
   */
  captures: readonly string[];
  /**
   * Spans of this convention that look like model calls but are understood not to be one (their
   * call is another span): no adapter reads them, and they are not counted as not understood.
   */
  notACall?: (span: Span) => boolean;
}

/**
 * Most specific first: the first adapter that reads a span wins. The SDK's own spans also carry
 * gen_ai.* names, and OpenLLMetry's and OpenLIT's too, so the generic GenAI reading comes last.
 */
export const CONVENTIONS: readonly Convention[] = [
  { folder: 'anthropicSdk', instrumentation: 'anthropic-sdk', adapter: anthropicSdkAdapter, captures: ['native'] },
  // Laminar's model spans are OpenLLMetry's, stamped by Laminar's span processor: before OpenLLMetry.
  { folder: 'laminar', instrumentation: 'laminar', adapter: laminarAdapter, captures: ['laminar'] },
  { folder: 'openLlmetry', instrumentation: 'openllmetry', adapter: openLlmetryAdapter, captures: ['openllmetry'] },
  { folder: 'openLit', instrumentation: 'openlit', adapter: openLitAdapter, captures: ['openlit'] },
  { folder: 'openInference', instrumentation: 'openinference', adapter: openInferenceAdapter, captures: ['openinference'] },
  { folder: 'vercelAi', instrumentation: 'vercel-ai', adapter: vercelAiAdapter, captures: ['vercel-ai'] },
  { folder: 'langtrace', instrumentation: 'langtrace', adapter: langtraceAdapter, captures: ['langtrace'] },
  { folder: 'otelPython', instrumentation: 'otel-python', adapter: otelPythonAdapter, captures: ['otel-python'] },
  { folder: 'logfire', instrumentation: 'logfire', adapter: logfireAdapter, captures: ['logfire'], notACall: isLogfireStreamOpening },
  { folder: 'genAi', instrumentation: 'genai', adapter: genAiAdapter, captures: [] },
];

/** Whether any convention understands this span as no call of its own. */
export function isUnderstoodNotACall(span: Span): boolean {
  return CONVENTIONS.some((c) => c.notACall?.(span) === true);
}

export function conventionNamed(folder: string): Convention {
  const convention = CONVENTIONS.find((c) => c.folder === folder);
  if (!convention) throw new Error(`no convention in folder ${folder}`);
  return convention;
}
