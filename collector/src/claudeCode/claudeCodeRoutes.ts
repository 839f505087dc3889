// POST /v1/logs and POST /v1/metrics (OTLP/HTTP), the two signals Claude Code exports. The same
// edge as /v1/traces: protobuf or JSON, gzip, 400/413/415 for a bad request, 503 + Retry-After
// while the store is behind, partial_success naming the records refused. Logs become call rows
// (claudeCode/normalizeLogs.ts); metrics are validated and acknowledged but not stored, because
// Claude Code's cost and token counters count the same requests its api_request events do.
import { Router } from 'express';
import { normalizeClaudeCodeLogs } from './normalizeLogs';
import type { CallRow } from '../normalize/callRow';
import { decodeLogs } from '../otlp/decodeLogs';
import { decodeMetrics } from '../otlp/decodeMetrics';
import { encodeExportResponse } from '../otlp/exportMessages';
import type { RowBatch } from '../store/writer';
import { otlpRoute, refusedMessage, stampIngestKey } from '../ingest/otlpRoute';
import { readBody, type BodyLimits } from '../api/readBody';
import { allow } from '../auth/policy';

export interface ClaudeCodeRouteDeps {
  /** Resolves once the batch is durable (the write-ahead log); what the insert made of it is not needed here. */
  write: (batch: RowBatch) => Promise<unknown>;
  priceCalls: (calls: CallRow[]) => void;
  limits: BodyLimits;
  nowNs?: () => bigint;
  /** Where the one-time "metrics are not stored" hint goes. */
  warn: (message: string) => void;
}

const CLAUDE_CODE_METRIC_PREFIX = 'claude_code.';

export const METRICS_HINT =
  'burnrate: Claude Code metrics arrived at /v1/metrics; burnrate counts Claude Code spend from its log events instead, ' +
  'so set OTEL_LOGS_EXPORTER=otlp as well (metrics alone are acknowledged but not stored)';

export function claudeCodeRouter(deps: ClaudeCodeRouteDeps): Router {
  const router = Router();
  const nowNs = deps.nowNs ?? (() => BigInt(Date.now()) * 1_000_000n);
  let logsSeen = false;
  let hinted = false;

  router.post(
    '/v1/logs',
    allow('ingest'),
    otlpRoute(async (req, res, encoding) => {
      const batch = normalizeClaudeCodeLogs(decodeLogs(await readBody(req, deps.limits), encoding), nowNs());
      logsSeen = true;
      stampIngestKey(res, batch.calls);
      deps.priceCalls(batch.calls);
      await deps.write({ calls: batch.calls, attempts: [] });
      const partial = batch.rejected.length > 0 ? { rejected: batch.rejected.length, errorMessage: refusedMessage(batch.rejected, 'log record') } : undefined;
      return encodeExportResponse('logs', partial, encoding);
    }),
  );

  router.post(
    '/v1/metrics',
    allow('ingest'),
    otlpRoute(async (req, _res, encoding) => {
      const decoded = decodeMetrics(await readBody(req, deps.limits), encoding);
      if (!logsSeen && !hinted && decoded.metrics.some((m) => m.name.startsWith(CLAUDE_CODE_METRIC_PREFIX))) {
        hinted = true;
        deps.warn(METRICS_HINT);
      }
      return encodeExportResponse('metrics', undefined, encoding);
    }),
  );

  return router;
}
