// Per-call overhead of burnrate on a real Anthropic client, against an in-process scripted fetch
// (so the numbers are the hook's own cost, not the network's). Run: npx tsx sdk-hook/bench/overhead.bench.ts
//
// Variants, all measured in the same process, interleaved run by run so drift hits them alike:
//   plain 1.x      @anthropic-ai/sdk 1.x, openTelemetry: false (no tracing at all)
//   native 1.x     the SDK's own tracing alone (spans exported through burnrate's pipeline)
//   noop-mw 1.x    native tracing + a middleware that does nothing (the SDK's cost of any middleware)
//   burnrate 1.x   native tracing + burnrate's middleware (attempt events, rate limits, attribution)
//   plain 0.x      @anthropic-ai/sdk 0.137, openTelemetry: false
//   fallback 0.x   the same client wrapped by burnrate's fallback (its own span + wrapped fetch)
// Each run times CALLS sequential non-streaming calls per variant after a warm-up, in blocks of
// BLOCK calls taken by the variants in turn; a variant's figure is the median over RUNS of its
// per-run median wall time, and of its mean CPU time per call.

import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { instrument } from '../src/index';
import { MESSAGE, PARAMS, RATE_LIMITS } from '../../test/support/sdkHook/scriptedFetch';

const RUNS = Number(process.env['RUNS'] ?? 7);
const CALLS = Number(process.env['CALLS'] ?? 2000);
const WARMUP = 300;
const BLOCK = 100;

const body = JSON.stringify(MESSAGE);
const headers = { 'content-type': 'application/json', 'request-id': 'req_bench', ...RATE_LIMITS };
const fetch = async () => new Response(body, { status: 200, headers });

// Spans are batched and handed to an exporter that drops them: export cost without a network.
const discard: SpanExporter = { export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => {} };
const burnrate = instrument({ serviceName: 'bench', exporter: discard });

type Client = { messages: { create(params: typeof PARAMS): Promise<unknown> } };
const variants: Array<[string, Client]> = [
  ['plain 1.x', new Anthropic({ apiKey: 'k', fetch, openTelemetry: false })],
  ['native 1.x', new Anthropic({ apiKey: 'k', fetch })],
  // What any middleware costs inside the SDK (it normalises the request, builds a context).
  ['noop-mw 1.x', new Anthropic({ apiKey: 'k', fetch, middleware: [(request, next) => next(request)] })],
  ['burnrate 1.x', burnrate.anthropic(new Anthropic({ apiKey: 'k', fetch }))],
  ['plain 0.x', new Anthropic0({ apiKey: 'k', fetch, openTelemetry: false }) as unknown as Client],
  ['fallback 0.x', burnrate.anthropic(new Anthropic0({ apiKey: 'k', fetch, openTelemetry: false })) as unknown as Client],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One run: every variant takes BLOCK calls in turn until each has made CALLS, so load spikes hit all alike. */
async function run(runIndex: number): Promise<Map<string, { wallUs: number; cpuUs: number }>> {
  const times = new Map(variants.map(([name]) => [name, [] as number[]]));
  const cpu = new Map(variants.map(([name]) => [name, 0]));
  for (const [, client] of variants) for (let i = 0; i < WARMUP; i++) await client.messages.create(PARAMS);
  for (let done = 0; done < CALLS; done += BLOCK) {
    for (let v = 0; v < variants.length; v++) {
      const [name, client] = variants[(v + runIndex + done / BLOCK) % variants.length]!;
      const own = times.get(name)!;
      const started = process.cpuUsage();
      for (let i = 0; i < BLOCK; i++) {
        const start = performance.now();
        await client.messages.create(PARAMS);
        own.push(performance.now() - start);
      }
      const used = process.cpuUsage(started);
      cpu.set(name, cpu.get(name)! + used.user + used.system);
    }
  }
  await burnrate.flush();
  return new Map(variants.map(([name]) => [name, { wallUs: median(times.get(name)!) * 1000, cpuUs: cpu.get(name)! / CALLS }]));
}

const results = new Map<string, { wall: number[]; cpu: number[] }>(variants.map(([name]) => [name, { wall: [], cpu: [] }]));
const ratios = { burnrateVsPlain: [] as number[], burnrateVsNative: [] as number[], fallbackVsPlain: [] as number[] };

for (let r = 0; r < RUNS; r++) {
  const perRun = await run(r);
  for (const [name, { wallUs, cpuUs }] of perRun) {
    results.get(name)!.wall.push(wallUs);
    results.get(name)!.cpu.push(cpuUs);
  }
  const wall = (name: string) => perRun.get(name)!.wallUs;
  ratios.burnrateVsPlain.push(wall('burnrate 1.x') / wall('plain 1.x'));
  ratios.burnrateVsNative.push(wall('burnrate 1.x') / wall('native 1.x'));
  ratios.fallbackVsPlain.push(wall('fallback 0.x') / wall('plain 0.x'));
}

const fig = (n: number) => n.toFixed(1).padStart(8);
console.log(`node ${process.version}, ${RUNS} runs x ${CALLS} calls per variant (median of per-run medians)\n`);
console.log('variant          wall µs/call   cpu µs/call');
const summary = new Map<string, { wall: number; cpu: number }>();
for (const [name] of variants) {
  const { wall, cpu } = results.get(name)!;
  summary.set(name, { wall: median(wall), cpu: median(cpu) });
  console.log(`${name.padEnd(16)} ${fig(median(wall))}       ${fig(median(cpu))}`);
}
const delta = (a: string, b: string) => {
  const x = summary.get(a)!;
  const y = summary.get(b)!;
  return `wall ${(x.wall - y.wall).toFixed(1)} µs, cpu ${(x.cpu - y.cpu).toFixed(1)} µs`;
};
console.log('');
console.log(`burnrate 1.x over native 1.x:  ${delta('burnrate 1.x', 'native 1.x')}  (ratio ${median(ratios.burnrateVsNative).toFixed(3)})`);
console.log(`burnrate 1.x over noop-mw 1.x: ${delta('burnrate 1.x', 'noop-mw 1.x')}`);
console.log(`burnrate 1.x over plain 1.x:   ${delta('burnrate 1.x', 'plain 1.x')}  (ratio ${median(ratios.burnrateVsPlain).toFixed(3)})`);
console.log(`fallback 0.x over plain 0.x:   ${delta('fallback 0.x', 'plain 0.x')}  (ratio ${median(ratios.fallbackVsPlain).toFixed(3)})`);
console.log(`dropped spans: ${burnrate.droppedSpans()}`);
await burnrate.shutdown();
