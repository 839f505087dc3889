// The embedded engine's allocator. chDB carries its own jemalloc (configured by JE_MALLOC_CONF,
// not MALLOC_CONF) with ClickHouse's setting of keeping freed pages for 5 s (dirty_decay_ms:5000)
// before it gives them back. A server keeps them for its next query; here they sit in the
// collector's RSS beside Node's: under full ingest the engine's own use swings by 100 MiB within
// a second, and its pages freed in the last 5 s were the largest part of the RSS not accounted for
// by V8, Node's buffers or the engine's live allocations. Returned after 100 ms, the peak RSS fell
// by about 80 MiB at 3% of the ingest rate (0 ms: 100 MiB at 8%; npm run bench:ingest, issue 13).
// Read by jemalloc when the library loads, so it is set before the engine is imported; a value
// the user set is kept.
export const ENGINE_MALLOC_CONF = 'dirty_decay_ms:100';

/** Sets the engine allocator's configuration unless the environment has one; returns what is in effect. */
export function configureEngineAllocator(env: NodeJS.ProcessEnv = process.env): string {
  env.JE_MALLOC_CONF ??= ENGINE_MALLOC_CONF;
  return env.JE_MALLOC_CONF;
}
