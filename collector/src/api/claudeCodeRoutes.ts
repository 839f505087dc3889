// POST /v1/logs and POST /v1/metrics (OTLP/HTTP), the two signals Claude Code exports. The same
// edge as /v1/traces: protobuf or JSON, gzip, 400/413/415 for a bad request, 503 + Retry-After
// while the store is behind, partial_success naming the records refused. Logs become call rows
// (claudeCode/normalizeLogs.ts); metrics are validated and acknowledged but not stored, because
// Claude Code's cost and token counters count the same requests its api_request events do.
import { Router, type Request, type Response } from 'express';
import { normalizeClaudeCodeLogs } from '../claudeCode/normalizeLogs';
import type { CallRow } from '../normalize/callRow';
import { OtlpDecodeError, encodeErrorStatus, type OtlpEncoding } from '../otlp/decode';
import { decodeLogs, encodeLogsResponse } from '../otlp/decodeLogs';
import { decodeMetrics, encodeMetricsResponse } from '../otlp/decodeMetrics';
import type { SpanRejection } from '../otlp/model';
import { StoreError } from '../store/gateway';
import { BackpressureError, type RowBatch } from '../store/writer';
import { HttpError } from './errors';
import { readBody, type BodyLimits } from './readBody';

export interface ClaudeCodeRouteDeps {
  write: (batch: RowBatch) => Promise<{ inserted: number; duplicates: number }>;
  priceCalls: (calls: CallRow[]) => void;
  limits: BodyLimits;
  nowNs?: () => bigint;
  /** Where the one-time "metrics are not stored" hint goes. */
  warn?: (message: string) => void;
}

const CONTENT_TYPES: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

const STORE_RETRY_AFTER_SECONDS = 5;
const MAX_REASONS_IN_MESSAGE = 5;
const CLAUDE_CODE_METRIC_PREFIX = 'claude_code.';

export const METRICS_HINT =
  'burnrate: Claude Code metrics arrived at /v1/metrics; burnrate counts Claude Code spend from its log events instead, ' +
  'so set OTEL_LOGS_EXPORTER=otlp as well (metrics alone are acknowledged but not stored)';

function encodingOf(req: Request): OtlpEncoding {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const encoding = CONTENT_TYPES[type];
  if (!encoding) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type ${type || '(none)'} is not supported; send application/x-protobuf or application/json`);
  }
  return encoding;
}

function refusedMessage(rejected: SpanRejection[]): string {
  const shown = rejected.slice(0, MAX_REASONS_IN_MESSAGE).map((r) => r.reason);
  const more = rejected.length - shown.length;
  return `${rejected.length} log record(s) refused: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

function send(res: Response, status: number, body: Buffer, encoding: OtlpEncoding): void {
  res.status(status).type(encoding === 'json' ? 'application/json' : 'application/x-protobuf').send(body);
}

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof OtlpDecodeError) return new HttpError(400, 'bad_request', error.message);
  if (error instanceof BackpressureError) return new HttpError(503, 'unavailable', error.message, { 'Retry-After': String(error.retryAfterSeconds) });
  if (error instanceof StoreError) {
    return new HttpError(503, 'unavailable', 'the store is not accepting writes right now; retry later', { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) });
  }
  return undefined;
}

type Handler = (req: Request, res: Response, encoding: OtlpEncoding) => Promise<Buffer>;

/** Runs one OTLP export handler and answers in the request's encoding, errors included. */
function otlpRoute(path: string, handle: Handler) {
  return async (req: Request, res: Response, next: (error: unknown) => void) => {
    let encoding: OtlpEncoding = 'json';
    try {
      encoding = encodingOf(req);
      send(res, 200, await handle(req, res, encoding), encoding);
    } catch (error) {
      const httpError = toHttpError(error);
      if (!httpError) {
        next(error);
        return;
      }
      if (httpError.status >= 500) console.warn(`burnrate: ${path} answered ${httpError.status}: ${(error as Error).message}`);
      for (const [name, value] of Object.entries(httpError.headers)) res.setHeader(name, value);
      send(res, httpError.status, encodeErrorStatus(httpError.message, encoding), encoding);
    }
  };
}

export function claudeCodeRouter(deps: ClaudeCodeRouteDeps): Router {
  const router = Router();
  const nowNs = deps.nowNs ?? (() => BigInt(Date.now()) * 1_000_000n);
  const warn = deps.warn ?? ((message: string) => console.warn(message));
  let logsSeen = false;
  let hinted = false;

  router.post(
    '/v1/logs',
    otlpRoute('/v1/logs', async (req, res, encoding) => {
      const batch = normalizeClaudeCodeLogs(decodeLogs(await readBody(req, deps.limits), encoding), nowNs());
      logsSeen = true;
      // A key writes calls for its project, whatever the events say (as on /v1/traces).
      const project = res.locals.ingestProject as string | undefined;
      if (project) for (const call of batch.calls) call.project = project;
      deps.priceCalls(batch.calls);
      await deps.write({ calls: batch.calls, attempts: [] });
      const partial = batch.rejected.length > 0 ? { rejectedLogRecords: batch.rejected.length, errorMessage: refusedMessage(batch.rejected) } : undefined;
      return encodeLogsResponse(partial, encoding);
    }),
  );

  router.post(
    '/v1/metrics',
    otlpRoute('/v1/metrics', async (req, _res, encoding) => {
      const decoded = decodeMetrics(await readBody(req, deps.limits), encoding);
      if (!logsSeen && !hinted && decoded.metrics.some((m) => m.name.startsWith(CLAUDE_CODE_METRIC_PREFIX))) {
        hinted = true;
        warn(METRICS_HINT);
      }
      return encodeMetricsResponse(encoding);
    }),
  );

  return router;
}
