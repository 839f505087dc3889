// 100,000 spans in one OTLP export (protobuf, ~24 MB): every call stored exactly once, within a
// bound, and the API keeps answering while the engine takes them. BIG_EXPORT_SPANS changes the size.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { GenAi, Resource } from '../../collector/src/semconv';
import { startCollector, type RunningCollector } from '../support/collector';

const SPANS = Number(process.env.BIG_EXPORT_SPANS ?? 100_000);

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_MAX_BODY_BYTES: String(64 * 1024 * 1024), BURNRATE_MAX_DECOMPRESSED_BYTES: String(64 * 1024 * 1024) });
});
afterAll(async () => running?.stop());

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

it(`stores all ${SPANS} spans of one export once, and answers reads meanwhile`, async () => {
  const start = BigInt(Date.now() - 600_000) * 1_000_000n;
  const spans = Array.from({ length: SPANS }, (_, i) => ({
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'chat claude-haiku-4-5',
    kind: 3,
    startTimeUnixNano: (start + BigInt(i) * 1000n).toString(),
    endTimeUnixNano: (start + BigInt(i) * 1000n + 500_000_000n).toString(),
    attributes: [
      str(GenAi.providerName, 'anthropic'),
      str(GenAi.operationName, 'chat'),
      str(GenAi.requestModel, 'claude-haiku-4-5'),
      int(GenAi.inputTokens, 10 + (i % 7)),
      int(GenAi.outputTokens, 3),
    ],
  }));
  const body = encodeTraceRequestFromJson({
    resourceSpans: [
      {
        resource: { attributes: [str(Resource.serviceName, 'big-export')] },
        scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.anthropic' }, spans }],
      },
    ],
  });
  const started = Date.now();
  const sent = fetch(`${running.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array(body) });
  // While the export is taken, the API answers.
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  const res = await sent;
  await res.arrayBuffer();
  expect(res.status).toBe(200);
  const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}&service=big-export`;
  await vi.waitFor(async () => expect((await (await fetch(`${running.url}/api/v1/summary?${range}`)).json()).calls).toBe(SPANS), {
    timeout: 120_000,
    interval: 1000,
  });
  console.log(`big export: ${SPANS} spans (${(body.length / 1048576).toFixed(1)} MiB protobuf) acknowledged and queryable in ${Date.now() - started} ms`);
}, 300_000);
