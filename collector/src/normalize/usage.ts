// One rule for tokens in a row: input is uncached input; cache reads and the two cache-write
// TTLs are separate. Conventions differ on whether their input count already holds the cache
// tokens; this is where that difference is undone.
import type { TokenUsage } from './callRow';

export interface ReportedUsage {
  input?: number;
  /** Whether `input` already contains cache reads and writes (Anthropic SDK, OpenInference, new GenAI). */
  inputIncludesCache: boolean;
  output?: number;
  cacheRead?: number;
  cacheWriteTotal?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
}

export function toTokenUsage(reported: ReportedUsage): TokenUsage {
  const cacheRead = reported.cacheRead ?? 0;
  const write1h = reported.cacheWrite1h ?? 0;
  const splitWrites = (reported.cacheWrite5m ?? 0) + write1h;
  const writeTotal = Math.max(reported.cacheWriteTotal ?? 0, splitWrites);
  // A write whose TTL nobody reported is priced as the default 5-minute write.
  const write5m = writeTotal - write1h;
  const input = reported.input ?? 0;
  const cached = cacheRead + writeTotal;
  // If an "including" count is smaller than its own cache parts, the exporter did not include
  // them after all; taking it as uncached is the only reading that is not negative.
  const uncached = reported.inputIncludesCache && input >= cached ? input - cached : input;
  return {
    inputTokens: uncached,
    outputTokens: reported.output ?? 0,
    cacheReadTokens: cacheRead,
    cacheWrite5mTokens: write5m,
    cacheWrite1hTokens: write1h,
  };
}
