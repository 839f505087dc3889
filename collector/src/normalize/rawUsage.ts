// Some instrumentations keep the API's raw answer (OpenInference's output.value, the Vercel AI
// SDK's provider metadata): its usage has the 5-minute / 1-hour cache-write split that their own
// token attributes lose. Read only the numbers; anything malformed is ignored, not guessed.
import type { ReportedUsage } from './usage';

interface RawUsage {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_read_input_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
  cache_creation?: { ephemeral_5m_input_tokens?: unknown; ephemeral_1h_input_tokens?: unknown };
}

const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);

function parse(json: string | undefined): Record<string, unknown> | undefined {
  if (!json || json[0] !== '{') return undefined;
  try {
    const parsed = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Anthropic's usage object as reported usage (its input excludes cache), or undefined. */
export function rawAnthropicUsage(usage: unknown): ReportedUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as RawUsage;
  if (count(u.input_tokens) === undefined && count(u.output_tokens) === undefined) return undefined;
  return {
    input: count(u.input_tokens),
    inputIncludesCache: false,
    output: count(u.output_tokens),
    cacheRead: count(u.cache_read_input_tokens),
    cacheWriteTotal: count(u.cache_creation_input_tokens),
    cacheWrite5m: count(u.cache_creation?.ephemeral_5m_input_tokens),
    cacheWrite1h: count(u.cache_creation?.ephemeral_1h_input_tokens),
  };
}

/** A JSON Message (OpenInference's output.value): its id and its usage. */
export function rawMessage(json: string | undefined): { id?: string; usage?: ReportedUsage } {
  const message = parse(json);
  if (!message) return {};
  return { id: typeof message.id === 'string' ? message.id : undefined, usage: rawAnthropicUsage(message.usage) };
}

/** The Vercel AI SDK's ai.response.providerMetadata: { anthropic: { usage: {...} } }. */
export function providerMetadataUsage(json: string | undefined): ReportedUsage | undefined {
  const metadata = parse(json);
  const anthropic = metadata?.anthropic;
  return typeof anthropic === 'object' && anthropic !== null ? rawAnthropicUsage((anthropic as { usage?: unknown }).usage) : undefined;
}

/** A JSON object attribute's boolean field (OpenInference's llm.invocation_parameters.stream). */
export function jsonFlag(json: string | undefined, field: string): boolean | undefined {
  const value = parse(json)?.[field];
  return typeof value === 'boolean' ? value : undefined;
}
