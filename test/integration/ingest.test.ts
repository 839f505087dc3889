// OTLP/HTTP in, priced rows in the embedded store, totals out of the query API: real server,
// real chDB, the shared fixtures as the exports.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpType } from '../../collector/src/otlp/exportMessages';
import { asAnotherCall, fixtureJson, fixtureNames, fixtureProtobuf, fixtureRange } from '../support/fixtures';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTO_TYPE = { 'content-type': 'application/x-protobuf' };
const RANGE = fixtureRange();

const responseType = otlpType('ExportTraceServiceResponse');

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_MAX_BODY_BYTES: '200000', BURNRATE_MAX_DECOMPRESSED_BYTES: '1000000' });
});
afterAll(async () => running?.stop());

async function summary() {
  const res = await fetch(`${running.url}/api/v1/summary?${RANGE}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('POST /v1/traces then /api/v1/summary', () => {
  it('stores every fixture, JSON and protobuf, and totals them exactly', async () => {
    for (const name of fixtureNames()) {
      const jsonRes = await postTraces(running.url, fixtureJson(name), JSON_TYPE);
      expect(jsonRes.status).toBe(200);
      expect(await jsonRes.json()).toEqual({});
      const pbRes = await postTraces(running.url, fixtureProtobuf(name), PROTO_TYPE);
      expect(pbRes.status).toBe(200);
      expect(pbRes.headers.get('content-type')).toContain('application/x-protobuf');
      expect(responseType.toObject(responseType.decode(new Uint8Array(await pbRes.arrayBuffer())))).toEqual({});
    }
    const s = await summary();
    // 7 fixtures, each captured twice (JSON and protobuf files are separate captures).
    expect(s.calls).toBe(14);
    expect(s.errors).toBe(2); // native-429-exhausted, twice
    expect(s.unpricedCalls).toBe(0);
    // Uncached input per capture: 1200 (cache) + 500 + 3000 + 900 + 1200 + 1200 = 8000.
    expect(s.inputTokens).toBe(16_000);
    expect(s.outputTokens).toBe(2 * (350 + 80 + 64 + 120 + 350 + 350));
    expect(s.cacheReadTokens).toBe(2 * (8192 + 1000 + 8192 + 8192));
    expect(s.cacheWrite5mTokens).toBe(2 * (1024 + 2048 + 2048));
    expect(s.cacheWrite1hTokens).toBe(2 * 1024);
    // Attempts: 429-retried 3, 429-exhausted 3, 529-retried 2, four single calls: 12 per capture.
    expect(s.attempts).toBe(24);
    expect(s.retriedAttempts).toBe(2 * 5);
    expect(s.rateLimitedAttempts).toBe(2); // the exhausted call's last attempt; earlier statuses unknown
    // Cost, by hand from the published prices (USD per MTok → nano-dollars per token ×1000):
    //  sonnet-4-6 cache call: 1200×3000 + 350×15000 + 8192×300 + 1024×3750 + 1024×6000 = 21,291,600
    //  sonnet-4-6 429-retried: 500×3000 + 80×15000 = 2,700,000
    //  opus-4-6 529-retried: 3000×5000 + 64×25000 + 1000×500 = 17,100,000
    //  haiku-4-5 stream: 900×1000 + 120×5000 = 1,500,000
    //  openinference & openllmetry (sonnet-4-6, 2048 written as 5m): 1200×3000 + 350×15000 + 8192×300 + 2048×3750 = 18,987,600 each
    //  opus-4-6 429-exhausted: no tokens, 0
    const perCapture = 21_291_600n + 2_700_000n + 17_100_000n + 1_500_000n + 2n * 18_987_600n;
    expect(s.costNanoUsd).toBe((2n * perCapture).toString());
    expect(s.costUsd).toBe(Number(2n * perCapture) / 1e9);
  });

  it('an exporter retry of the same export is not counted twice', async () => {
    const before = await summary();
    for (const name of ['native-create-cache', 'openllmetry-create']) {
      expect((await postTraces(running.url, fixtureJson(name), JSON_TYPE)).status).toBe(200);
      expect((await postTraces(running.url, fixtureProtobuf(name), PROTO_TYPE)).status).toBe(200);
    }
    const after = await summary();
    expect(after).toEqual(before);
  });

  it('breakdown by model', async () => {
    const res = await fetch(`${running.url}/api/v1/breakdown?by=model&${RANGE}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    const byKey = Object.fromEntries(body.rows.map((r: { key: string; calls: number; costNanoUsd: string }) => [r.key, [r.calls, r.costNanoUsd]]));
    expect(byKey).toEqual({
      'claude-sonnet-4-6': [8, String(2n * (21_291_600n + 2_700_000n + 2n * 18_987_600n))],
      'claude-opus-4-6': [4, String(2n * 17_100_000n)],
      'claude-haiku-4-5': [2, String(2n * 1_500_000n)],
    });
  });

  it('gzip-encoded JSON is accepted', async () => {
    const body = JSON.parse(fixtureJson('native-stream').toString());
    body.resourceSpans[0].scopeSpans[0].spans[0] = asAnotherCall(body.resourceSpans[0].scopeSpans[0].spans[0], 'aaaaaaaaaaaaaaa1');
    const before = (await summary()).calls;
    const res = await postTraces(running.url, gzipSync(JSON.stringify(body)), { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect((await summary()).calls).toBe(before + 1);
  });

  it('partial success: the bad span is refused with a reason, the good one beside it kept', async () => {
    const body = JSON.parse(fixtureJson('native-create-cache').toString());
    const spans = body.resourceSpans[0].scopeSpans[0].spans;
    const good = asAnotherCall(spans[0], 'bbbbbbbbbbbbbbb1');
    const bad = { ...asAnotherCall(spans[0], 'bbbbbbbbbbbbbbb2'), traceId: 'nothex' };
    body.resourceSpans[0].scopeSpans[0].spans = [good, bad];
    const before = (await summary()).calls;
    const res = await postTraces(running.url, JSON.stringify(body), JSON_TYPE);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.partialSuccess.rejectedSpans).toBe('1');
    expect(answer.partialSuccess.errorMessage).toContain('traceId must be 16 non-zero bytes');
    expect((await summary()).calls).toBe(before + 1);
  });

  it('400 with a clear message for a body that cannot be decoded', async () => {
    const json = await postTraces(running.url, '{"resourceSpans": [', JSON_TYPE);
    expect(json.status).toBe(400);
    expect((await json.json()).message).toMatch(/not valid JSON/);
    const pb = await postTraces(running.url, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), PROTO_TYPE);
    expect(pb.status).toBe(400);
    const status = pb.headers.get('content-type');
    expect(status).toContain('application/x-protobuf');
    const shape = await postTraces(running.url, '{"resourceSpans": 5}', JSON_TYPE);
    expect((await shape.json()).message).toBe('resourceSpans must be an array');
  });

  it('415 for another content type or encoding', async () => {
    const res = await postTraces(running.url, 'hello', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect((await res.json()).message).toContain('application/x-protobuf or application/json');
    const br = await postTraces(running.url, 'x', { ...JSON_TYPE, 'content-encoding': 'br' });
    expect(br.status).toBe(415);
  });

  it('413 above the body limit, and for a gzip bomb under it', async () => {
    const big = await postTraces(running.url, Buffer.alloc(300_000, 0x20), JSON_TYPE);
    expect(big.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(50_000_000, 0x20)); // ~50 KB on the wire, 50 MB inside
    expect(bomb.length).toBeLessThan(200_000);
    const res = await postTraces(running.url, bomb, { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toContain('decompresses to more than');
  });

  it('/healthz answers once the store is ready', async () => {
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', store: 'embedded', writeAheadLog: { entries: expect.any(Number) } });
  });

  it('bad query parameters are a 400 that names them', async () => {
    const cases: [string, string][] = [
      ['/api/v1/summary?from=yesterday', 'from'],
      ['/api/v1/summary?from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z', 'from must be before to'],
      ['/api/v1/breakdown?by=color', 'by must be one of'],
      ["/api/v1/breakdown?by=model'--", 'by must be one of'],
      ['/api/v1/breakdown?by=model&limit=-1', 'limit'],
    ];
    for (const [path, message] of cases) {
      const res = await fetch(`${running.url}${path}`);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toContain(message);
    }
  });
});
