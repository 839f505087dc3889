// POST /v1/traces (OTLP/HTTP): decode → normalize → price → write, on the shared OTLP edge.
import { Router } from 'express';
import type { CallRow } from '../normalize/callRow';
import { normalize } from '../normalize/normalize';
import { decodeTraces } from '../otlp/decode';
import { encodeExportResponse } from '../otlp/exportMessages';
import { notUnderstoodMessage, type IngestHealth } from '../ingestHealth/ingestHealth';
import type { RowBatch } from '../store/writer';
import { otlpRoute, refusedMessage, stampIngestKey } from './otlpRoute';
import { readBody, type BodyLimits } from '../api/readBody';
import { allow } from '../auth/policy';

export interface TracesRouteDeps {
  /** Resolves once the batch is durable; the writer reports what the insert made of it to ingest health. */
  write: (batch: RowBatch) => Promise<void>;
  /** Throws a refusal (503 + Retry-After) before the body is read and decoded, when the store is behind. */
  admit?: () => void;
  health: IngestHealth;
  priceCalls: (calls: CallRow[]) => void;
  limits: BodyLimits;
}

export function tracesRouter(deps: TracesRouteDeps): Router {
  const router = Router();
  router.post(
    '/v1/traces',
    allow('ingest'),
    otlpRoute(async (req, res, encoding) => {
      deps.admit?.();
      const batch = normalize(decodeTraces(await readBody(req, deps.limits), encoding));
      stampIngestKey(res, batch.calls);
      deps.priceCalls(batch.calls);
      await deps.write(batch);
      deps.health.record(batch.scopes, batch.rejected, batch.merged);
      const messages = [batch.rejected.length > 0 ? refusedMessage(batch.rejected, 'span') : undefined, notUnderstoodMessage(batch.scopes)].filter(
        (m) => m !== undefined,
      );
      const partial = messages.length > 0 ? { rejected: batch.rejected.length, errorMessage: messages.join('. ') } : undefined;
      return encodeExportResponse('traces', partial, encoding);
    }),
  );
  return router;
}
