import Anthropic from '@anthropic-ai/sdk';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { instrument, type Burnrate } from './index';
import { Header } from './semconv';
import { apiError, message, networkError, PARAMS, Script, sse, streamEvents } from '../../test/support/sdkHook/scriptedFetch';
import { captureDiag, diagMessages } from '../../test/support/sdkHook/spans';

// The real OTLP exporter pointed at a collector that is down, erroring or hanging: the app's
// calls give the same results and errors, at the same speed, and memory stays bounded.

captureDiag();

/** Every kind of outcome the app can see, as comparable data. */
async function workload(client: Anthropic): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  const settle = async (run: () => Promise<unknown>) => {
    try {
      outcomes.push({ ok: await run() });
    } catch (error) {
      const e = error as Error & { status?: number };
      outcomes.push({ error: e.constructor.name, message: e.message, status: e.status });
    }
  };
  await settle(() => client.messages.create(PARAMS));
  await settle(async () => {
    const events: unknown[] = [];
    for await (const event of await client.messages.create({ ...PARAMS, stream: true })) events.push(event);
    return events;
  });
  await settle(() => client.messages.stream(PARAMS).finalMessage());
  await settle(() => client.messages.create(PARAMS)); // 429, then 200
  await settle(() => client.messages.create(PARAMS)); // 400
  await settle(() => client.messages.create(PARAMS)); // network failure, retried, fails again
  return outcomes;
}

function workloadScript(): Script {
  return new Script().then(
    message(),
    sse(streamEvents()),
    sse(streamEvents()),
    apiError(429, 'rate_limit_error', { 'retry-after-ms': '1' }),
    message(),
    apiError(400, 'invalid_request_error'),
    networkError(),
    networkError(),
  );
}

const client = (script: Script) => new Anthropic({ apiKey: 'k', fetch: script.fetch, maxRetries: 1 });

async function medianCallMs(c: Anthropic, script: Script, calls: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    script.then(message());
    const start = performance.now();
    await c.messages.create(PARAMS);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(calls / 2)]!;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const servers: Server[] = [];
async function collector(kind: 'down' | 'erroring' | 'slow'): Promise<string> {
  const server = createServer((_req, res) => {
    if (kind === 'erroring') res.writeHead(503).end('unavailable');
    // slow: never answers
  });
  const port = await listen(server);
  if (kind === 'down') await new Promise((resolve) => server.close(resolve));
  else servers.push(server);
  return `http://127.0.0.1:${port}`;
}

let plainOutcomes: unknown[];
let plainMedianMs: number;
beforeAll(async () => {
  // Before any instrument(): the app as it runs without burnrate.
  plainOutcomes = await workload(client(workloadScript()));
  const script = new Script();
  plainMedianMs = await medianCallMs(client(script), script, 40);
});
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

describe('export', () => {
  it('exports-otlp-protobuf-with-ingest-key', async () => {
    const received: Array<{ url?: string; type?: string; key?: string; bytes: number }> = [];
    const server = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        received.push({ url: req.url, type: req.headers['content-type'], key: req.headers[Header.ingestKey] as string, bytes });
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    servers.push(server);
    const burnrate = instrument({ endpoint: `http://127.0.0.1:${await listen(server)}`, ingestKey: 'secret' });
    await burnrate.anthropic(client(new Script().then(message()))).messages.create(PARAMS);
    await burnrate.shutdown();
    expect(received).toEqual([{ url: '/v1/traces', type: 'application/x-protobuf', key: 'secret', bytes: expect.any(Number) }]);
    expect(received[0]!.bytes).toBeGreaterThan(100);
  });
});

describe('export encoding', () => {
  it('exports-otlp-json-when-OTEL_EXPORTER_OTLP_PROTOCOL-says-so', async () => {
    const received: Array<{ type?: string; spans: string[] }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> };
        received.push({
          type: req.headers['content-type'],
          spans: body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name))),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    servers.push(server);
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
    try {
      const burnrate = instrument({ endpoint: `http://127.0.0.1:${await listen(server)}` });
      await burnrate.anthropic(client(new Script().then(message()))).messages.create(PARAMS);
      await burnrate.shutdown();
      expect(burnrate.health()).toMatchObject({ exportedSpans: 1, failedSpans: 0 });
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
    }
    expect(received).toEqual([{ type: 'application/json', spans: ['anthropic.messages.create'] }]);
  });
});

describe('a collector in trouble changes nothing for the app', () => {
  // A failed assertion must not leave its handle behind: instrument() would return it to the next case.
  let current: Burnrate | undefined;
  afterEach(async () => {
    await current?.shutdown();
    current = undefined;
    vi.restoreAllMocks();
  });

  for (const kind of ['down', 'erroring', 'slow'] as const) {
    it(`collector-${kind}-changes-nothing`, async () => {
      diagMessages.length = 0;
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const burnrate = (current = instrument({
        endpoint: await collector(kind),
        exportTimeoutMillis: 300,
        scheduledDelayMillis: 1,
        maxQueueSize: 8,
        maxExportBatchSize: 4,
      }));
      const outcomes = await workload(burnrate.anthropic(client(workloadScript())));
      expect(outcomes).toEqual(plainOutcomes);

      const script = new Script();
      const median = await medianCallMs(burnrate.anthropic(client(script)), script, 40);
      // Export runs in the background: a call never waits for it (a blocked call would take the
      // 300 ms export timeout). Half that timeout tells the two apart even on a loaded machine;
      // the tracing's own cost is measured by the overhead benchmark, not here.
      expect(median).toBeLessThan(plainMedianMs + 150);

      const started = Date.now();
      await expect(burnrate.flush()).resolves.toBeUndefined();
      await expect(burnrate.shutdown()).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5000);
      if (kind === 'slow') expect(burnrate.droppedSpans()).toBeGreaterThan(0); // bounded, counted
      const health = burnrate.health();
      expect(health.exportedSpans).toBe(0);
      expect(health.failedSpans).toBeGreaterThan(0);
      expect(health.lastError?.message).toEqual(expect.any(String));
      // Said on the console, once per cause however many exports failed (and spans dropped). An
      // erroring collector may also run into the export timeout first, a cause of its own.
      const said = warn.mock.calls.map(([message]) => String(message));
      const causes = {
        down: ['cannot reach the collector'],
        erroring: ['exporting spans to the collector', 'did not answer in time'],
        slow: ['did not answer in time'],
      }[kind];
      const failures = said.filter((m) => causes.some((cause) => m.includes(cause)));
      expect(failures.length).toBeGreaterThanOrEqual(1);
      for (const cause of [...causes, 'queue is full']) expect(said.filter((m) => m.includes(cause)).length).toBeLessThanOrEqual(1);
      warn.mockRestore();
    });
  }
});
