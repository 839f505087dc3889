// The senders of bench:ingest, in their own process (forked by ingest.bench.ts), so that the
// collector's figures are its own. One 512-span protobuf export is encoded once; each send copies
// it and writes fresh trace, span and request ids over the old ones (fixed-width fields found in
// the encoded bytes), so every export is new calls without encoding in the hot loop.
// Phases come from the parent over IPC; each answers with its acknowledgement latencies.
import { randomFillSync } from 'node:crypto';
import { Agent, request } from 'node:http';
import { encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { syntheticExport } from '../support/syntheticSpans';

export type SenderPhase = { kind: 'full'; seconds: number } | { kind: 'paced'; seconds: number; spansPerSecond: number };

export interface SenderReport {
  ackedSpans: number;
  refused: number;
  seconds: number;
  latenciesMs: number[];
  /** Paced: exports not sent because 16 were already waiting (the collector is slower than the pace). */
  skipped: number;
}

export const SPANS_PER_EXPORT = 512;
export const CONNECTIONS = 4;
const REQUEST_ID_HEX = 24;

/** A template export and where, in its bytes, the ids to renew are. */
export function template(startNs: bigint): { bytes: Buffer; ids: { at: number; length: number; hex: boolean }[] } {
  const body = syntheticExport(SPANS_PER_EXPORT, 0, startNs);
  const spans = body.resourceSpans[0]!.scopeSpans[0]!.spans;
  for (const span of spans) {
    const requestId = span.attributes.find((a) => a.key === 'anthropic.request.id')!;
    requestId.value = { stringValue: `req_${randomFillSync(Buffer.alloc(REQUEST_ID_HEX / 2)).toString('hex')}` };
  }
  const bytes = encodeTraceRequestFromJson(body);
  const ids: { at: number; length: number; hex: boolean }[] = [];
  const find = (needle: Buffer, hex: boolean) => {
    const at = bytes.indexOf(needle);
    if (at < 0 || bytes.indexOf(needle, at + 1) >= 0) throw new Error('an id is not found exactly once in the encoded export');
    ids.push({ at, length: needle.length, hex });
  };
  for (const span of spans) {
    find(Buffer.from(span.traceId, 'hex'), false);
    find(Buffer.from(span.spanId, 'hex'), false);
    const requestId = String(span.attributes.find((a) => a.key === 'anthropic.request.id')!.value.stringValue);
    find(Buffer.from(requestId.slice(4), 'latin1'), true);
  }
  return { bytes, ids };
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');

export function freshExport(t: ReturnType<typeof template>): Buffer {
  const out = Buffer.from(t.bytes);
  const random = randomFillSync(Buffer.alloc(t.ids.reduce((n, id) => n + id.length, 0)));
  let r = 0;
  for (const id of t.ids) {
    for (let i = 0; i < id.length; i++) out[id.at + i] = id.hex ? HEX[random[r++]! & 15]! : random[r++]!;
  }
  return out;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function post(url: URL, body: Buffer): Promise<{ status: number; retryAfterSeconds: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfterSeconds: Number(res.headers['retry-after'] ?? 0) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(url: URL, t: ReturnType<typeof template>, phase: SenderPhase): Promise<SenderReport> {
  const report: SenderReport = { ackedSpans: 0, refused: 0, seconds: 0, latenciesMs: [], skipped: 0 };
  const started = performance.now();
  const deadline = started + phase.seconds * 1000;
  const send = async (scheduledAt: number) => {
    const { status, retryAfterSeconds } = await post(url, freshExport(t));
    // From when the export was due, not when a connection was free: no coordinated omission.
    // Acknowledgements only: a refusal is quick and would flatter the percentiles.
    if (status === 200) {
      report.latenciesMs.push(performance.now() - scheduledAt);
      report.ackedSpans += SPANS_PER_EXPORT;
    } else {
      report.refused++;
      // As an OTLP exporter does: this connection waits what the 503 asked (within the phase).
      if (retryAfterSeconds > 0) await new Promise((r) => setTimeout(r, Math.min(retryAfterSeconds * 1000, Math.max(0, deadline - performance.now()))));
    }
  };
  if (phase.kind === 'full') {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < deadline) await send(performance.now());
      }),
    );
  } else {
    const every = (SPANS_PER_EXPORT / phase.spansPerSecond) * 1000;
    // Bounded: a collector slower than the pace would otherwise queue exports without end.
    const inFlight = new Set<Promise<void>>();
    for (let k = 0; started + k * every < deadline; k++) {
      const due = started + k * every;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (inFlight.size >= CONNECTIONS * 4) {
        report.skipped++;
        continue;
      }
      const sending: Promise<void> = send(due).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    await Promise.all(inFlight);
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

if (process.send) {
  const url = new URL(process.argv[2]!);
  const t = template(BigInt(process.argv[3]!));
  process.on('message', (phase: SenderPhase) => {
    run(url, t, phase).then(
      (report) => process.send!(report),
      (error: Error) => process.send!({ error: error.message }),
    );
  });
  process.send('ready');
}
