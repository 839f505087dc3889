// A seeded fuzz of everything a caller can send: OTLP bodies (JSON and protobuf captures mutated
// at the byte level) and every API route in the router table with hostile query strings, path
// parameters and JSON bodies. Every case must get a 2xx, or a 4xx (or a 503 with Retry-After)
// whose body says why; never a 5xx, a hang or a crash. Valid calls sent between the cases must
// all be stored exactly once: bad input loses nothing else.
//
// 25,000 cases. An HTTP case costs milliseconds (the routes query the store), so only a share go
// over HTTP (FUZZ_API_HTTP_CASES, 2,000: API routes, and OTLP bodies through the real edge); the
// rest are OTLP bodies through the decoder in-process (test/support/decoderFuzz.ts), which run
// in full. FUZZ_API_CASES, FUZZ_API_HTTP_CASES, FUZZ_API_MS (the HTTP share's time bound on a
// slow machine) and FUZZ_API_SEED replay a run; the log line prints how many of each ran.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { startCollector, type RunningCollector } from '../support/collector';
import { postFinanceCalls } from '../support/financeCalls';
import { fixtureJson, fixtureNames, fixtureProtobuf } from '../support/fixtures';
import { seededRandom } from '../support/random';
import { listRoutes, type RouteInfo } from '../support/routes';
import { decodeInProcess } from '../support/decoderFuzz';

const CASES = Number(process.env.FUZZ_API_CASES ?? 25_000);
const HTTP_CASES = Math.min(CASES, Number(process.env.FUZZ_API_HTTP_CASES ?? 2_000));
const TIME_BUDGET_MS = Number(process.env.FUZZ_API_MS ?? 120_000);
const SEED = Number(process.env.FUZZ_API_SEED ?? 20261206);
const BASELINE_EVERY = 100;

const rand = seededRandom(SEED);
let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_MAX_BODY_BYTES: '2000000' }, DEFAULT_MODULES);
});
afterAll(async () => running?.stop());

const NOW = Date.now();
const HOSTILE_TEXT = [
  '',
  ' ',
  'x'.repeat(5000),
  "'; DROP TABLE llm_calls; --",
  '{x:String}',
  '%',
  '%zz',
  '..',
  '../../etc/passwd',
  '\u0000',
  '\ud800',
  '😀',
  '<script>alert(1)</script>',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '18446744073709551616',
  '2026-13-45',
  '1970-01-01T00:00:00Z',
  '2200-01-01T00:00:00Z',
  new Date(NOW - 86_400_000).toISOString(),
  new Date(NOW).toISOString(),
  'cost_usd',
  'calls',
  'attempts',
  'team',
  'model',
  'user',
  '1h',
  '1d',
  '5m',
  'csv',
  'json',
  'asc',
  'desc',
  'ok',
  'error',
];
const PARAM_NAMES = [
  'from',
  'to',
  'metric',
  'groupBy',
  'interval',
  'limit',
  'by',
  'month',
  'months',
  'q',
  'sort',
  'order',
  'offset',
  'team',
  'project',
  'model',
  'status',
  'at',
  'format',
  'scenario',
  'timeZone',
  'actor',
  'action',
  'service',
  'feature',
  'user',
  'route',
  'withinDays',
  'back',
  'x',
];
const BODY_KEYS = [
  'name',
  'scope',
  'kind',
  'value',
  'period',
  'amountUsd',
  'timeZone',
  'thresholdsPercent',
  'condition',
  'budgetIds',
  'url',
  'username',
  'role',
  'password',
  'dimension',
  'values',
  'enabled',
  'channelIds',
  'overlapHours',
  'expiresInDays',
  'what',
  'rows',
  'from',
  'to',
  'id',
  '__proto__',
  'constructor',
];
const HOSTILE_VALUES = (): unknown[] => [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  0.5,
  2 ** 63,
  ...HOSTILE_TEXT.slice(0, 20),
  [],
  {},
  [[[[]]]],
  { kind: 'team', value: 'x' },
  { kind: rand.pick(['budget_threshold', 'key_spend_spike', 'error_ratio', 'nope']) },
];

const text = () => rand.pick(HOSTILE_TEXT);
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as a client that does not check would send it
  }
};

function queryString(): string {
  const parts: string[] = [];
  for (let i = 0, n = rand.int(5); i < n; i++) {
    const name = rand.pick(PARAM_NAMES);
    const form = rand.int(6);
    parts.push(form === 0 ? `${name}[]=${encode(text())}` : form === 1 ? `${name}[a]=${encode(text())}` : `${name}=${encode(text())}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function body(depth = 0): unknown {
  if (depth > 3 || rand.next() < 0.3) return rand.pick(HOSTILE_VALUES());
  const out: Record<string, unknown> = {};
  for (let i = 0, n = rand.int(6); i < n; i++) out[rand.pick(BODY_KEYS)] = body(depth + 1);
  return out;
}

function pathOf(route: RouteInfo): string {
  return route.path.replace(/:(\w+)/g, () => (rand.next() < 0.5 ? encode(text()) : `fuzz-${rand.int(1000)}`) || 'empty');
}

// Not fuzzed: signing out and the costly admin jobs (re-pricing, evaluation, sending digests),
// which are tested on their own; the OTLP routes are fuzzed with real captures below.
const SKIP = new Set(['DELETE /api/v1/session', 'POST /api/v1/admin/reprice', 'POST /api/v1/alerts/evaluate', 'POST /api/v1/finance/digests/:id/send']);

function mutate(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  switch (rand.int(3)) {
    case 0:
      for (let i = 0, n = 1 + rand.int(8); i < n; i++) out[rand.int(out.length)] = rand.int(256);
      return out;
    case 1:
      return out.subarray(0, rand.int(out.length));
    default: {
      const at = rand.int(out.length);
      return Buffer.concat([out.subarray(0, at), Buffer.from(Array.from({ length: 1 + rand.int(16) }, () => rand.int(256))), out.subarray(at)]);
    }
  }
}

type Case = { label: string; url: string; init: RequestInit } | { label: string; decoder: { body: Buffer; encoding: 'json' | 'protobuf' } };

/** Case `n` of the seed's sequence: generated up front, so a case is the same however the run is scheduled. */
function makeCases(routes: RouteInfo[], captures: { type: string; body: Buffer }[]): Case[] {
  // Exactly HTTP_CASES go over HTTP, spread evenly through the run, so each meets the state the others left.
  const overHttp = (n: number) => Math.floor(((n + 1) * HTTP_CASES) / CASES) > Math.floor((n * HTTP_CASES) / CASES);
  return Array.from({ length: CASES }, (_, n): Case => {
    if (!overHttp(n)) {
      const capture = rand.pick(captures);
      const encoding = capture.type === 'application/json' ? 'json' : 'protobuf';
      return { label: `case ${n}: decoder in-process (${encoding}, mutated)`, decoder: { body: mutate(capture.body), encoding } };
    }
    if (rand.next() < 0.25) {
      const capture = rand.pick(captures);
      return {
        label: `case ${n}: POST /v1/traces (${capture.type}, mutated)`,
        url: '/v1/traces',
        init: { method: 'POST', headers: { 'content-type': capture.type }, body: new Uint8Array(mutate(capture.body)) },
      };
    }
    const route = rand.pick(routes);
    const path = `${pathOf(route)}${queryString()}`;
    const sent = route.method === 'GET' ? undefined : rand.next() < 0.1 ? '{"unterminated' : JSON.stringify(body());
    return {
      label: `case ${n}: ${route.method} ${path.slice(0, 200)}${sent ? ` ${sent.slice(0, 200)}` : ''}`,
      url: path,
      init: { method: route.method, headers: sent ? { 'content-type': 'application/json' } : {}, body: sent, redirect: 'manual' },
    };
  });
}

// A few requests in flight, as real clients send them: the engine's queries overlap the HTTP and
// JSON work, which is what bounds the run's time on a small machine.
const IN_FLIGHT = 4;

it(`answers ${CASES} hostile API and OTLP inputs with a 2xx or a 4xx that says why, and loses nothing (seed ${SEED})`, async () => {
  const routes = listRoutes(running.collector.app).filter((r) => r.access !== 'ingest' && !SKIP.has(`${r.method} ${r.path}`));
  const captures = fixtureNames().flatMap((name) => [
    { type: 'application/json', body: fixtureJson(name) },
    { type: 'application/x-protobuf', body: fixtureProtobuf(name) },
  ]);
  const cases = makeCases(routes, captures);
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  const decoded = { ok: 0, partial: 0, rejected: 0 };
  let baselines = 0;
  let next = 0;
  let ran = 0;
  let ranHttp = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < cases.length && problems.length < 20) {
      const index = next++;
      const c = cases[index]!;
      if ('decoder' in c) {
        try {
          const outcome = decodeInProcess(c.decoder.body, c.decoder.encoding);
          decoded[outcome.kind]++;
          if (outcome.kind !== 'ok' && !outcome.reason) problems.push(`${c.label} → ${outcome.kind} without a reason`);
        } catch (error) {
          problems.push(`${c.label} → threw (the route's 500): ${(error as Error).message.slice(0, 300)}`);
        }
        ran++;
        continue;
      }
      if (Date.now() - started > TIME_BUDGET_MS) continue; // the HTTP share's bound on a slow machine
      if (ranHttp % BASELINE_EVERY === 0) {
        const at = new Date(NOW - 60_000 + baselines++);
        await postFinanceCalls(running.url, [{ at, model: 'claude-sonnet-4-5', service: 'fuzz-baseline', input: 10, output: 1 }]);
      }
      const res = await fetch(`${running.url}${c.url}`, c.init);
      const answer = await res.text();
      ran++;
      ranHttp++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const retryable = res.status === 503 && res.headers.get('retry-after') !== null;
      if (res.status >= 500 && !retryable) problems.push(`${c.label} → ${res.status} ${answer.slice(0, 300)}`);
      else if (res.status >= 400 && res.status < 500 && res.headers.get('content-type')?.includes('json') && !/"message":"[^"]+"/.test(answer)) {
        problems.push(`${c.label} → ${res.status} without a reason: ${answer.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  console.log(
    `api fuzz (seed ${SEED}): ${ran} of ${CASES} cases in ${Date.now() - started} ms: ${ran - ranHttp} through the decoder in-process ${JSON.stringify(decoded)}, ` +
      `${ranHttp} of ${HTTP_CASES} over HTTP, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
  );
  expect(problems).toEqual([]);
  // Every in-process case runs; the HTTP share is bounded by FUZZ_API_MS on a slow machine.
  expect(ran - ranHttp).toBe(CASES - HTTP_CASES);
  expect(ranHttp).toBeGreaterThanOrEqual(Math.min(HTTP_CASES, 1000));
  expect(decoded.ok + decoded.partial).toBeGreaterThan(0);
  expect(decoded.rejected).toBeGreaterThan(0);
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  const range = `from=${new Date(NOW - 3_600_000).toISOString()}&to=${new Date(NOW + 3_600_000).toISOString()}`;
  await vi.waitFor(async () => expect((await (await fetch(`${running.url}/api/v1/summary?${range}&service=fuzz-baseline`)).json()).calls).toBe(baselines), {
    timeout: 15_000,
  });
}, 900_000);
