// An OTLP exporter in its own process, for fault tests and the ack bench: real protobuf exports of
// the SDK's call spans (syntheticSpans), resent until a 200 as an exporter with retries does, a
// ledger of every acknowledged span. Refusals are tallied: a 503 must carry Retry-After.
//   node --import tsx test/support/otlpSender.ts '<json SenderPlan>'
// Runs until SIGTERM (or plan.seconds), finishes the exports in flight (each until acknowledged,
// for at most plan.drainSeconds), writes the ledger to plan.ledgerFile, and exits 0.
import { writeFileSync } from 'node:fs';
import { encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { syntheticExport } from './syntheticSpans';

export interface SenderPlan {
  url: string;
  connections: number;
  spansPerExport: number;
  ledgerFile: string;
  /** Exports per second over all connections; unset: as fast as acknowledgements come. */
  exportsPerSecond?: number;
  seconds?: number;
  /** After a stop, how long an export in flight keeps being resent. */
  drainSeconds?: number;
  /** Distinguishes the call ids of several senders into one store. */
  senderId?: number;
  /**
   * Build every export (exportsPerSecond × seconds) before the clock starts: building one takes
   * tens of ms, and a sender busy building answers its own responses late, which would be
   * counted as the collector's latency.
   */
  pregenerate?: boolean;
}

export interface SenderLedger {
  acked: string[];
  exportsSent: number;
  exportsAcked: number;
  /** Exports still unacknowledged when the sender stopped (they were never acknowledged). */
  exportsAbandoned: number;
  refusedWithRetryAfter: number;
  refusedWithoutRetryAfter: number;
  otherStatuses: Record<string, number>;
  connectionErrors: number;
  /** Milliseconds from the first send of an export to its 200 (retries included). */
  ackMs: number[];
  /** Milliseconds of single requests answered 200 (the collector's own acknowledgement latency). */
  requestMs: number[];
  elapsedMs: number;
}

async function run(plan: SenderPlan): Promise<void> {
  const ledger: SenderLedger = {
    acked: [],
    exportsSent: 0,
    exportsAcked: 0,
    exportsAbandoned: 0,
    refusedWithRetryAfter: 0,
    refusedWithoutRetryAfter: 0,
    otherStatuses: {},
    connectionErrors: 0,
    ackMs: [],
    requestMs: [],
    elapsedMs: 0,
  };
  let stopping = false;
  let stopAt = Infinity;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopAt = Date.now() + (plan.drainSeconds ?? 60) * 1000;
  };
  process.on('SIGTERM', stop);
  const started = Date.now();
  const startNs = BigInt(started - 3_600_000) * 1_000_000n;
  let next = 0;
  const build = (n: number) => {
    const first = ((plan.senderId ?? 0) * 10_000_000 + n) * plan.spansPerExport;
    const json = syntheticExport(plan.spansPerExport, first, startNs + BigInt(n) * 1_000_000_000n);
    return { body: new Uint8Array(encodeTraceRequestFromJson(json)), ids: json.resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => `${s.traceId}/${s.spanId}`) };
  };
  const prebuilt =
    plan.pregenerate && plan.exportsPerSecond && plan.seconds
      ? Array.from({ length: Math.ceil(plan.exportsPerSecond * plan.seconds) }, (_, n) => build(n))
      : undefined;
  // Prebuilt exports run out by themselves; the timer only bounds a sender that falls behind.
  if (plan.seconds) setTimeout(stop, plan.seconds * 1000 + (prebuilt ? 5000 : 0));
  const clockStart = Date.now();
  // Open-loop pacing when a rate is set: export n is due at n / rate seconds after the start.
  const dueAt = (n: number) => (plan.exportsPerSecond ? clockStart + (n * 1000) / plan.exportsPerSecond : 0);

  async function connection(): Promise<void> {
    while (!stopping) {
      const n = next++;
      if (prebuilt && n >= prebuilt.length) return;
      const wait = dueAt(n) - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (stopping) return;
      const { body, ids } = prebuilt ? prebuilt[n]! : build(n);
      if (prebuilt) prebuilt[n] = undefined as never; // sent: let it go
      ledger.exportsSent++;
      const sentAt = performance.now();
      for (;;) {
        if (Date.now() > stopAt) {
          ledger.exportsAbandoned++;
          return;
        }
        let retryAfter = 0.2;
        try {
          const t0 = performance.now();
          const res = await fetch(`${plan.url}/v1/traces`, { method: 'POST', body, headers: { 'content-type': 'application/x-protobuf' } });
          await res.arrayBuffer();
          if (res.status === 200) {
            ledger.requestMs.push(performance.now() - t0);
            ledger.ackMs.push(performance.now() - sentAt);
            ledger.exportsAcked++;
            for (const id of ids) ledger.acked.push(id);
            break;
          }
          const header = res.headers.get('retry-after');
          if (res.status === 503 && header && Number(header) > 0) {
            ledger.refusedWithRetryAfter++;
            // Honour it, but a fault test cannot wait whole seconds per refusal: a tenth of it.
            retryAfter = Number(header) / 10;
          } else if (res.status === 503) ledger.refusedWithoutRetryAfter++;
          else ledger.otherStatuses[res.status] = (ledger.otherStatuses[res.status] ?? 0) + 1;
        } catch {
          ledger.connectionErrors++; // the collector is down (killed) or restarting
        }
        await new Promise((r) => setTimeout(r, retryAfter * 1000));
      }
    }
  }

  await Promise.all(Array.from({ length: plan.connections }, connection));
  ledger.elapsedMs = Date.now() - clockStart;
  writeFileSync(plan.ledgerFile, JSON.stringify(ledger));
  process.exit(0);
}

if (process.argv[2]) void run(JSON.parse(process.argv[2]) as SenderPlan);
