// The embedded engine's own memory, as it tracks it (system.metrics MemoryTracking): the share of
// the collector's RSS that chDB's allocations take, beside V8's heap, Node's buffers and the
// library's mapped code. Only for the embedded store: a server's figure is the server's.
import type { Gateway } from './gateway';

async function engineMemoryBytes(gateway: Gateway): Promise<number | undefined> {
  const rows = await gateway.query<{ value: string | number }>('engine-memory', `SELECT value FROM system.metrics WHERE metric = 'MemoryTracking'`);
  const bytes = Number(rows[0]?.value);
  return Number.isFinite(bytes) ? bytes : undefined;
}

export interface EngineHealth {
  engineMemoryBytes?: number;
  /** The allocator configuration the engine was loaded with: ours (engineAllocator.ts) or the user's. */
  engineAllocator?: string;
}

/** What /healthz shows of the embedded engine; nothing for a server. The store being down leaves its memory out. */
export async function engineHealth(gateway: Gateway): Promise<EngineHealth> {
  if (gateway.kind !== 'embedded') return {};
  return { engineMemoryBytes: await engineMemoryBytes(gateway).catch(() => undefined), engineAllocator: process.env.JE_MALLOC_CONF };
}
