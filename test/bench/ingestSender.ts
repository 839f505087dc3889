// The senders of bench:ingest, in their own process (forked by ingest.bench.ts), so that the
// collector's figures are its own. Each send is a fresh copy of one encoded export (senderExports.ts),
// stamped with the time it is sent (its spans end just before, as a live app's do), unless
// BENCH_FIXED_START=1: then every call of the run starts in the same second, a worst case for
// memory of recent calls, which must then hold every call stored (memoryHoles.ts).
// Phases come from the parent over IPC; each answers with its acknowledgement latencies.
import { Agent, request } from 'node:http';
import { freshExport, SPANS_PER_EXPORT, template, type ExportTemplate } from './senderExports';

export type SenderPhase = { kind: 'full'; seconds: number } | { kind: 'paced'; seconds: number; spansPerSecond: number };

export interface SenderReport {
  ackedSpans: number;
  refused: number;
  seconds: number;
  latenciesMs: number[];
  /** Paced: exports not sent because 16 were already waiting (the collector is slower than the pace). */
  skipped: number;
}

export const CONNECTIONS = 4;

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

const STAMPED = process.env.BENCH_FIXED_START !== '1';
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

async function run(url: URL, t: ExportTemplate, phase: SenderPhase): Promise<SenderReport> {
  const report: SenderReport = { ackedSpans: 0, refused: 0, seconds: 0, latenciesMs: [], skipped: 0 };
  const started = performance.now();
  const deadline = started + phase.seconds * 1000;
  const send = async (scheduledAt: number) => {
    const { status, retryAfterSeconds } = await post(url, freshExport(t, STAMPED ? nowNs() : undefined));
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
