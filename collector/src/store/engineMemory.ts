// The embedded engine's own memory, as it tracks it (system.metrics MemoryTracking): the share of
// the collector's RSS that chDB's allocations take, beside V8's heap, Node's buffers and the
// library's mapped code. Only for the embedded store: a server's figure is the server's.
import type { Gateway } from './gateway';

export async function engineMemoryBytes(gateway: Gateway): Promise<number | undefined> {
  if (gateway.kind !== 'embedded') return undefined;
  const rows = await gateway.query<{ value: string | number }>('engine-memory', `SELECT value FROM system.metrics WHERE metric = 'MemoryTracking'`);
  const bytes = Number(rows[0]?.value);
  return Number.isFinite(bytes) ? bytes : undefined;
}
