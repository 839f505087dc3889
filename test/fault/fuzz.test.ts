// Fuzzes both OTLP decoders: the shared fixtures, mutated at the byte level (protobuf and JSON
// text) and at the structure level (JSON values swapped for hostile ones). 25,000 cases by
// default, all run (the count is the point, not a time slot): most go straight through the same
// functions the route calls (decode → normalize → the export response), which takes well under
// a millisecond a case; a share goes through the real HTTP route and the store behind it, so the
// edge (body reading, status codes, the write) is fuzzed too. Every case must be answered 200
// (maybe with a partial success that says why) or a 4xx that says why; never a crash, a hang or
// a 5xx. FUZZ_CASES, FUZZ_HTTP_CASES and FUZZ_SEED change the run; the log line prints the counts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OtlpEncoding } from '../../collector/src/otlp/decode';
import { decodeInProcess, type DecoderOutcome } from '../support/decoderFuzz';
import { fixtureJson, fixtureNames, fixtureProtobuf } from '../support/fixtures';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { seededRandom } from '../support/random';

const CASES = Number(process.env.FUZZ_CASES ?? 25_000);
/** Of CASES, how many go over HTTP (the rest run in-process). */
const HTTP_CASES = Math.min(CASES, Number(process.env.FUZZ_HTTP_CASES ?? 1_000));
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_MAX_BODY_BYTES: '2000000', BURNRATE_BATCH_INTERVAL_MS: '5' });
});
afterAll(async () => running?.stop());

const rand = seededRandom(SEED);

const HOSTILE_VALUES: unknown[] = [
  null,
  -1,
  0,
  1e300,
  -1e300,
  'NaN',
  'Infinity',
  '-5',
  '18446744073709551616',
  1.5,
  '',
  'x'.repeat(100_000),
  '\u0000\uffff\ud800',
  [],
  {},
  [[[[[]]]]],
  { intValue: '-9' },
  { doubleValue: 'NaN' },
  { intValue: '99999999999999999999' },
  { stringValue: '\ud800' },
  { arrayValue: { values: [{ kvlistValue: { values: [{ key: 'k', value: { intValue: 1 } }] } }] } },
  true,
  'AAAA',
];

function mutateBytes(body: Buffer): Buffer {
  const out = Buffer.from(body);
  const kind = rand.int(4);
  if (kind === 0) {
    for (let i = 0, n = 1 + rand.int(8); i < n; i++) out[rand.int(out.length)] = rand.int(256);
    return out;
  }
  if (kind === 1) return out.subarray(0, rand.int(out.length));
  if (kind === 2) {
    const at = rand.int(out.length);
    return Buffer.concat([out.subarray(0, at), Buffer.from(Array.from({ length: 1 + rand.int(16) }, () => rand.int(256))), out.subarray(at)]);
  }
  const start = rand.int(out.length);
  const slice = out.subarray(start, start + rand.int(64));
  return Buffer.concat([out, slice, slice]);
}

function mutateJsonValue(root: unknown): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach((v, i) => (nodes.push({ parent: value, key: i }), visit(v)));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        nodes.push({ parent: value as Record<string, unknown>, key: k });
        visit(v);
      }
  };
  visit(root);
  for (let i = 0, n = 1 + rand.int(3); i < n && nodes.length > 0; i++) {
    const { parent, key } = rand.pick(nodes);
    if (rand.next() < 0.2 && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
    else (parent as Record<string | number, unknown>)[key] = structuredClone(rand.pick(HOSTILE_VALUES));
  }
  return root;
}

async function overHttp(body: Buffer, encoding: OtlpEncoding): Promise<DecoderOutcome | { kind: 'failed'; status: number; text: string }> {
  const res = await postTraces(running.url, body, { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf' });
  const text = encoding === 'json' ? await res.text() : '';
  if (encoding === 'protobuf') await res.arrayBuffer();
  if (res.status === 200)
    return text.includes('partialSuccess') ? { kind: 'partial', reason: /"errorMessage":"([^"]+)"/.exec(text)?.[1] ?? '' } : { kind: 'ok' };
  // Only JSON answers are read for a message: a protobuf Status is bytes.
  if (res.status >= 400 && res.status < 500)
    return { kind: 'rejected', reason: encoding === 'json' ? (/"message":"([^"]+)"/.exec(text)?.[1] ?? '') : 'protobuf status' };
  return { kind: 'failed', status: res.status, text };
}

it(`survives ${CASES} mutated exports, ${HTTP_CASES} of them over HTTP (seed ${SEED})`, async () => {
  const seeds = fixtureNames().flatMap((name) => [
    { encoding: 'json' as const, body: fixtureJson(name) },
    { encoding: 'protobuf' as const, body: fixtureProtobuf(name) },
  ]);
  const counts = { inProcess: { ok: 0, partial: 0, rejected: 0 }, http: { ok: 0, partial: 0, rejected: 0 } };
  const problems: string[] = [];
  const started = Date.now();
  // Spread the HTTP cases evenly through the run, so they meet every kind of mutation.
  const httpEvery = HTTP_CASES > 0 ? CASES / HTTP_CASES : Infinity;
  let nextHttp = 0;
  for (let n = 0; n < CASES && problems.length < 20; n++) {
    const seed = rand.pick(seeds);
    const structural = seed.encoding === 'json' && rand.next() < 0.6;
    const body = structural ? Buffer.from(JSON.stringify(mutateJsonValue(JSON.parse(seed.body.toString())))) : mutateBytes(seed.body);
    const viaHttp = n >= nextHttp && counts.http.ok + counts.http.partial + counts.http.rejected < HTTP_CASES;
    if (viaHttp) nextHttp += httpEvery;
    let outcome;
    try {
      outcome = viaHttp ? await overHttp(body, seed.encoding) : decodeInProcess(body, seed.encoding);
    } catch (error) {
      problems.push(`case ${n} (${seed.encoding}, in-process): threw ${(error as Error).stack?.split('\n').slice(0, 3).join(' ')}`);
      continue;
    }
    if (outcome.kind === 'failed') {
      problems.push(`case ${n} (${seed.encoding}, http): answered ${outcome.status} ${outcome.text.slice(0, 200)}`);
      continue;
    }
    counts[viaHttp ? 'http' : 'inProcess'][outcome.kind]++;
    if (outcome.kind !== 'ok' && !outcome.reason)
      problems.push(`case ${n} (${seed.encoding}, ${viaHttp ? 'http' : 'in-process'}): ${outcome.kind} without a reason`);
  }
  const ran = Object.values(counts).reduce((sum, c) => sum + c.ok + c.partial + c.rejected, 0);
  console.log(
    `fuzz (seed ${SEED}): ${ran} cases in ${Date.now() - started} ms, ${ran - HTTP_CASES} in-process ${JSON.stringify(counts.inProcess)}, ${HTTP_CASES} over HTTP ${JSON.stringify(counts.http)}`,
  );
  expect(problems).toEqual([]);
  expect(ran).toBe(CASES);
  expect(counts.http.ok + counts.http.partial + counts.http.rejected).toBe(HTTP_CASES);
  // Each kind of answer happened, in-process and over HTTP: the fuzz reached past the decoders into normalization.
  for (const where of [counts.inProcess, ...(HTTP_CASES >= 100 ? [counts.http] : [])]) {
    expect(where.ok).toBeGreaterThan(0);
    expect(where.partial).toBeGreaterThan(0);
    expect(where.rejected).toBeGreaterThan(0);
  }
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
}, 600_000);
