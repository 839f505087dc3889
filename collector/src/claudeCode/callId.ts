// Claude Code's log records carry no id of their own, and the trace/span ids some carry belong to
// the whole interaction (every request of one prompt shares them), so neither can key a call.
// The key is a hash of what identifies one event: a retried export hashes to the same key and the
// writer stores it once; two different requests differ in sequence, timestamp or request id.
import { createHash } from 'node:crypto';

export interface CallIds {
  traceId: string; // 32 lowercase hex
  spanId: string; // 16 lowercase hex
}

export function stableCallIds(parts: readonly string[]): CallIds {
  // JSON keeps the parts apart: ["a", "bc"] and ["ab", "c"] hash differently.
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return { traceId: digest.slice(0, 32), spanId: digest.slice(32, 48) };
}
