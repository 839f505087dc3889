// Hostile input, case by case: each gets a clear answer and costs nothing else.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { asAnotherCall, fixtureJson, fixtureRange } from '../support/fixtures';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { Burnrate, GenAi } from '../../collector/src/semconv';

const JSON_TYPE = { 'content-type': 'application/json' };
const RANGE = fixtureRange();

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_REQUEST_TIMEOUT_MS: '1500', BURNRATE_MAX_BODY_BYTES: '4000000' });
});
afterAll(async () => running?.stop());

let nextSpan = 1;
/** A span of an OTLP/JSON export, as the tests below edit it. */
type JsonSpan = { spanId: string; startTimeUnixNano?: string; endTimeUnixNano?: string; attributes: { key: string; value: unknown }[] };
/** The native-create-cache capture with a fresh span id, edited by `edit`. */
function exportWith(edit: (span: JsonSpan) => void) {
  const body = JSON.parse(fixtureJson('native-create-cache').toString());
  const span = asAnotherCall(body.resourceSpans[0].scopeSpans[0].spans[0], (nextSpan++).toString(16).padStart(16, 'a'));
  body.resourceSpans[0].scopeSpans[0].spans[0] = span;
  edit(span);
  return body;
}

async function calls(): Promise<number> {
  return (await (await fetch(`${running.url}/api/v1/summary?${RANGE}`)).json()).calls;
}

async function post(body: unknown) {
  const res = await postTraces(running.url, JSON.stringify(body), JSON_TYPE);
  return { status: res.status, body: await res.json() };
}

const setAttr = (span: JsonSpan, key: string, value: unknown) => {
  span.attributes = span.attributes.filter((a) => a.key !== key);
  span.attributes.push({ key, value });
};

describe('hostile exports', () => {
  it('a huge attribute is bounded, the call kept', async () => {
    const before = await calls();
    const res = await post(exportWith((s) => setAttr(s, Burnrate.feature, { stringValue: 'f'.repeat(2_000_000) })));
    expect(res.status).toBe(200);
    expect(await calls()).toBe(before + 1);
    const features = await (await fetch(`${running.url}/api/v1/breakdown?by=feature&${RANGE}`)).json();
    expect(Math.max(...features.rows.map((r: { key: string }) => r.key.length))).toBe(128);
  });

  it('deep nesting: JSON and protobuf each answered, no crash', async () => {
    let deep: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 1000; i++) deep = { kvlistValue: { values: [{ key: 'k', value: deep }] } };
    const json = await post(exportWith((s) => setAttr(s, 'deep', deep)));
    expect([200, 400]).toContain(json.status);
    const pbBody = encodeTraceRequestFromJson(exportWith((s) => setAttr(s, 'deep', { stringValue: 'x' })));
    // Hand-made protobuf: 100k nested AnyValue.array_value messages (field 5) blows naive recursion.
    let nested = Buffer.from([0x0a, 0x01, 0x78]);
    for (let i = 0; i < 20_000; i++) nested = Buffer.concat([Buffer.from([0x2a]), varint(nested.length), nested]);
    const res = await postTraces(running.url, Buffer.concat([pbBody, Buffer.from([0x0a]), varint(nested.length), nested]), {
      'content-type': 'application/x-protobuf',
    });
    expect([200, 400]).toContain(res.status);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  it('invalid UTF-8 in a string is replaced, not fatal', async () => {
    const text = JSON.stringify(exportWith((s) => setAttr(s, Burnrate.team, { stringValue: 'TEAMMARK' })));
    const bytes = Buffer.from(text);
    const at = bytes.indexOf('TEAMMARK');
    bytes[at] = 0xc3; // a lead byte with no continuation
    bytes[at + 1] = 0x28;
    const res = await postTraces(running.url, bytes, JSON_TYPE);
    expect(res.status).toBe(200);
  });

  for (const [label, value, reason] of [
    ['negative', { intValue: '-5' }, GenAi.outputTokens],
    ['NaN', { doubleValue: 'NaN' }, GenAi.outputTokens],
    ['absurd', { intValue: '900000000000' }, GenAi.outputTokens],
  ] as const) {
    it(`${label} token count: that span refused with the reason, its neighbour kept`, async () => {
      const body = exportWith((s) => setAttr(s, GenAi.outputTokens, value));
      const good = exportWith(() => undefined).resourceSpans[0].scopeSpans[0].spans[0];
      body.resourceSpans[0].scopeSpans[0].spans.push(good);
      const before = await calls();
      const res = await post(body);
      expect(res.status).toBe(200);
      expect(res.body.partialSuccess.rejectedSpans).toBe('1');
      expect(res.body.partialSuccess.errorMessage).toContain(reason);
      expect(await calls()).toBe(before + 1);
    });
  }

  it('timestamps far in the future or the past are refused with the reason', async () => {
    const future = await post(exportWith((s) => ((s.startTimeUnixNano = '4102444800000000000'), (s.endTimeUnixNano = '4102444800000000001'))));
    expect(future.body.partialSuccess.errorMessage).toContain('in the future');
    const past = await post(exportWith((s) => ((s.startTimeUnixNano = '1000'), (s.endTimeUnixNano = '2000'))));
    expect(past.body.partialSuccess.errorMessage).toContain('startTimeUnixNano');
  });

  it('duplicate span ids in one export are stored once', async () => {
    const body = exportWith(() => undefined);
    const span = body.resourceSpans[0].scopeSpans[0].spans[0];
    body.resourceSpans[0].scopeSpans[0].spans = [span, span, span];
    const before = await calls();
    expect((await post(body)).status).toBe(200);
    expect(await calls()).toBe(before + 1);
  });

  it('ids of the wrong length are refused with the reason', async () => {
    const res = await post(exportWith((s) => (s.spanId = 'abc')));
    expect(res.body.partialSuccess.errorMessage).toContain('spanId must be 8 non-zero bytes');
  });

  it('a slow client that never finishes its body is cut off', async () => {
    const { port } = new URL(running.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"resourceSpans":');
      });
      let received = '';
      socket.on('data', (d) => (received += d.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer === '' || /^HTTP\/1\.1 (408|400)/.test(answer)).toBe(true);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
}
