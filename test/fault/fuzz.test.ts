// Fuzzes both OTLP decoders through the real HTTP route: the shared fixtures, mutated at the
// byte level (protobuf and JSON text) and at the structure level (JSON values swapped for
// hostile ones). Bounded in count and time. Every case must be answered 200 (maybe with a
// partial success that says why) or a 4xx that says why; never a crash, a hang or a 5xx.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureJson, fixtureNames, fixtureProtobuf } from '../support/fixtures';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { seededRandom } from '../support/random';

const CASES = Number(process.env.FUZZ_CASES ?? 2500);
const TIME_BUDGET_MS = Number(process.env.FUZZ_MS ?? 40_000);
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

it(`survives ${CASES} mutated exports (seed ${SEED})`, async () => {
  const seeds = fixtureNames().flatMap((name) => [
    { encoding: 'json' as const, body: fixtureJson(name) },
    { encoding: 'protobuf' as const, body: fixtureProtobuf(name) },
  ]);
  const counts = { ok: 0, partial: 0, rejected: 0 };
  const problems: string[] = [];
  const started = Date.now();
  let ran = 0;
  for (; ran < CASES && Date.now() - started < TIME_BUDGET_MS; ran++) {
    const seed = rand.pick(seeds);
    const structural = seed.encoding === 'json' && rand.next() < 0.6;
    const body = structural ? Buffer.from(JSON.stringify(mutateJsonValue(JSON.parse(seed.body.toString())))) : mutateBytes(seed.body);
    const type = seed.encoding === 'json' ? 'application/json' : 'application/x-protobuf';
    const res = await postTraces(running.url, body, { 'content-type': type });
    const text = seed.encoding === 'json' ? await res.text() : '';
    if (seed.encoding === 'protobuf') await res.arrayBuffer();
    if (res.status === 200) {
      if (text.includes('partialSuccess')) {
        counts.partial++;
        if (!/"errorMessage":"[^"]+"/.test(text)) problems.push(`case ${ran}: partial success without a reason: ${text.slice(0, 200)}`);
      } else counts.ok++;
    } else if (res.status >= 400 && res.status < 500) {
      counts.rejected++;
      if (seed.encoding === 'json' && !/"message":"[^"]+"/.test(text)) problems.push(`case ${ran}: ${res.status} without a message`);
    } else {
      problems.push(`case ${ran}: answered ${res.status} ${text.slice(0, 200)}`);
    }
  }
  console.log(`fuzz: ${ran} cases in ${Date.now() - started} ms: ${counts.ok} accepted, ${counts.partial} partial, ${counts.rejected} refused`);
  expect(problems).toEqual([]);
  expect(ran).toBeGreaterThanOrEqual(Math.min(CASES, 500));
  // Each kind of answer happened: the fuzz reached past the decoders into normalization.
  expect(counts.ok).toBeGreaterThan(0);
  expect(counts.partial).toBeGreaterThan(0);
  expect(counts.rejected).toBeGreaterThan(0);
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
});
