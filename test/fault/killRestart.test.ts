// Under continuous load, kill -9 the collector several times and restart it on the same data.
// The sender behaves like an OTLP exporter: it resends an export until it gets a 200, and keeps
// a ledger of acknowledged span ids. At the end the store must hold exactly those spans: none
// missing, none twice (also physically: no duplicate rows waiting for a merge).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openGateway } from '../../collector/src/store/gateway';
import { spawnCollector, type CollectorProcess } from '../support/collectorProcess';
import { syntheticExport } from '../support/syntheticSpans';
import { removeTestDir } from '../support/removeTestDir';

const KILLS = 3;
const SENDERS = 4;
const SPANS_PER_EXPORT = 50;
const RUN_MS_BETWEEN_KILLS = 1500;

const dataDir = mkdtempSync(join(tmpdir(), 'burnrate-kill-'));
const port = String(20000 + Math.floor(Math.random() * 20000));
afterAll(() => removeTestDir(dataDir));

it(`kill -9 ${KILLS} times under load: stored calls equal the acknowledged spans exactly`, async () => {
  const env = { BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: port, BURNRATE_BATCH_INTERVAL_MS: '50' };
  let current: CollectorProcess = await spawnCollector(env);
  const acked = new Set<string>();
  let sentExports = 0;
  let stopping = false;
  const startNs = BigInt(Date.now() - 60_000) * 1_000_000n;

  async function sender(id: number): Promise<void> {
    for (let n = 0; !stopping; n++) {
      const first = (id * 1_000_000 + n) * SPANS_PER_EXPORT;
      const body = syntheticExport(SPANS_PER_EXPORT, first, startNs + BigInt(first) * 1_000n);
      const payload = JSON.stringify(body);
      sentExports++;
      // Resend until acknowledged, as an exporter with retries does.
      for (;;) {
        try {
          const res = await fetch(`${current.url}/v1/traces`, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } });
          await res.arrayBuffer();
          if (res.status === 200) break;
        } catch {
          // connection refused or reset: the collector is down
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const span of body.resourceSpans[0]!.scopeSpans[0]!.spans) acked.add(`${span.traceId}/${span.spanId}`);
    }
  }

  const senders = Array.from({ length: SENDERS }, (_, i) => sender(i));
  for (let kill = 0; kill < KILLS; kill++) {
    await new Promise((r) => setTimeout(r, RUN_MS_BETWEEN_KILLS));
    current.child.kill('SIGKILL');
    await current.exited;
    current = await spawnCollector(env);
  }
  await new Promise((r) => setTimeout(r, RUN_MS_BETWEEN_KILLS));
  stopping = true;
  await Promise.all(senders);
  current.child.kill('SIGTERM'); // graceful: drains batches, releases the data directory
  expect(await current.exited).toBe(0);

  const gateway = await openGateway({ kind: 'embedded', dataDir, database: 'burnrate' });
  try {
    const rows = await gateway.query<{ trace_id: string; span_id: string }>('test', `SELECT trace_id, span_id FROM ${gateway.table('llm_calls')}`);
    const stored = rows.map((r) => `${r.trace_id}/${r.span_id}`);
    const storedSet = new Set(stored);
    expect(stored.length).toBe(storedSet.size); // no duplicate rows at all
    const missing = [...acked].filter((k) => !storedSet.has(k));
    const extra = [...storedSet].filter((k) => !acked.has(k));
    expect({ missing: missing.length, extra: extra.length }).toEqual({ missing: 0, extra: 0 });
    expect(acked.size).toBe(sentExports * SPANS_PER_EXPORT);
    expect(acked.size).toBeGreaterThan(1000);
  } finally {
    await gateway.close();
  }
  // Each of the four starts takes 10–15 s on a loaded 2-core machine (tsx, chDB, migrations).
}, 240_000);
