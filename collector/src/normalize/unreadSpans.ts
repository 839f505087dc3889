// Never silently ignore a model call: a span that no adapter read but whose attributes look like
// a model call's (gen_ai.*, llm.*, ai.*) is counted, per instrumentation scope, as not understood.
// Some are understood without being calls: a call to another provider's model, the Vercel AI
// SDK's per-attempt spans (its call span is read; these are its attempts), and Logfire's span that
// opens a stream (the stream's log span is read as the call).
import type { Span } from '../otlp/model';
import { GenAi, OpenInference, VercelAi } from '../semconv';
import { stringAttr } from './attributes';
import { isClaudeModel } from './callFacts';
import { isUnderstoodNotACall } from './conventions/registry';
import { isVercelAiAttempt } from './conventions/vercelAi/adapter';

const MODEL_CALL_PREFIXES = [GenAi.prefix, OpenInference.llmPrefix, VercelAi.prefix];

export type UnreadKind = 'not-understood' | 'other-provider' | 'not-a-call';

function looksLikeModelCall(span: Span): boolean {
  for (const key of span.attributes.keys()) {
    for (const prefix of MODEL_CALL_PREFIXES) if (key.startsWith(prefix)) return true;
  }
  return false;
}

function namedProvider(span: Span): string | undefined {
  const a = span.attributes;
  return (
    stringAttr(a, GenAi.providerName) ??
    stringAttr(a, GenAi.system) ??
    stringAttr(a, OpenInference.provider) ??
    stringAttr(a, OpenInference.system) ??
    stringAttr(a, VercelAi.modelProvider)
  );
}

function namedModel(span: Span): string | undefined {
  const a = span.attributes;
  return stringAttr(a, GenAi.requestModel) ?? stringAttr(a, GenAi.responseModel) ?? stringAttr(a, OpenInference.modelName) ?? stringAttr(a, VercelAi.modelId);
}

/** Why a span that no adapter read was left: only 'not-understood' is worth telling. */
export function unreadKind(span: Span): UnreadKind {
  if (!looksLikeModelCall(span)) return 'not-a-call';
  if (isVercelAiAttempt(stringAttr(span.attributes, VercelAi.operationId))) return 'not-a-call';
  if (isUnderstoodNotACall(span)) return 'not-a-call';
  const provider = namedProvider(span)?.toLowerCase();
  const model = namedModel(span);
  if (provider !== undefined && !provider.startsWith('anthropic') && !isClaudeModel(model)) return 'other-provider';
  if (provider === undefined && model !== undefined && !isClaudeModel(model)) return 'other-provider';
  return 'not-understood';
}
