// POST /v1/traces (OTLP/HTTP): decode → normalize → price → write, on the shared OTLP edge.
import { Router } from 'express';
import type { CallRow } from '../normalize/callRow';
import { normalize, type NormalizedBatch } from '../normalize/normalize';
import { decodeTraces } from '../otlp/decode';
import { encodeExportResponse } from '../otlp/exportMessages';
import { notUnderstoodMessage, type IngestHealth } from '../ingestHealth/ingestHealth';
import type { RowBatch } from '../store/writer';
import type { ReceivedExport } from '../store/wal/writeAheadLog';
import { ingestKeyOf, otlpRoute, refusedMessage, stampKey } from './otlpRoute';
import { readBody, type BodyLimits } from '../api/readBody';
import { allow } from '../auth/policy';

export interface TracesRouteDeps {
  /**
   * Resolves once the batch is durable; the writer reports what the insert made of it to ingest
   * health. The export itself is what the write-ahead log keeps (readTracesExport reads it again).
   */
  write: (batch: RowBatch, received: ReceivedExport) => Promise<void>;
  /** Throws a refusal (503 + Retry-After) before the body is read and decoded, when the store is behind. */
  admit?: () => void;
  health: IngestHealth;
  priceCalls: (calls: CallRow[]) => void;
  limits: BodyLimits;
}

/**
 * An export's rows: decoded as of when it came in, stamped with its key, priced. The route and a
 * replay of the write-ahead log both read exports through this, so a replay makes the same rows.
 */
export function readTracesExport(received: ReceivedExport, priceCalls: (calls: CallRow[]) => void): NormalizedBatch {
  const batch = normalize(decodeTraces(received.body, received.encoding, received.receivedAtMs));
  stampKey(received, batch.calls);
  priceCalls(batch.calls);
  return batch;
}

/** The rows alone, for the write-ahead log's replay of a logged export. */
export function tracesExportRows(received: ReceivedExport, priceCalls: (calls: CallRow[]) => void): RowBatch {
  const { calls, attempts } = readTracesExport(received, priceCalls);
  return { calls, attempts };
}

export function tracesRouter(deps: TracesRouteDeps): Router {
  const router = Router();
  router.post(
    '/v1/traces',
    allow('ingest'),
    otlpRoute(async (req, res, encoding) => {
      deps.admit?.();
      const received: ReceivedExport = { body: await readBody(req, deps.limits), encoding, receivedAtMs: Date.now(), ...ingestKeyOf(res) };
      const batch = readTracesExport(received, deps.priceCalls);
      // The rows are not held across the write: the log keeps them prepared, and they die young.
      const { scopes, rejected, merged } = batch;
      await deps.write(batch, received);
      deps.health.record(scopes, rejected, merged);
      const messages = [rejected.length > 0 ? refusedMessage(rejected, 'span') : undefined, notUnderstoodMessage(scopes)].filter((m) => m !== undefined);
      const partial = messages.length > 0 ? { rejected: rejected.length, errorMessage: messages.join('. ') } : undefined;
      return encodeExportResponse('traces', partial, encoding);
    }),
  );
  return router;
}
