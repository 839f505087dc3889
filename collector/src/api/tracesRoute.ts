// POST /v1/traces (OTLP/HTTP). Thin edge: choose the encoding, read the body under limits,
// then decode → normalize → price → write. Answers follow the OTLP/HTTP spec, in the request's
// encoding: 200 (+ partial_success when spans were refused), 400, 413, 415, 503 + Retry-After.
import { Router, type Request, type Response } from 'express';
import type { CallRow } from '../normalize/callRow';
import { normalize } from '../normalize/normalize';
import { OtlpDecodeError, decodeTraces, encodeErrorStatus, encodeTraceResponse, type OtlpEncoding } from '../otlp/decode';
import type { SpanRejection } from '../otlp/model';
import { StoreError } from '../store/gateway';
import { BackpressureError, type RowBatch } from '../store/writer';
import { HttpError } from './errors';
import { readBody, type BodyLimits } from './readBody';

export interface TracesRouteDeps {
  write: (batch: RowBatch) => Promise<{ inserted: number; duplicates: number }>;
  priceCalls: (calls: CallRow[]) => void;
  limits: BodyLimits;
}

const CONTENT_TYPES: Record<string, OtlpEncoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

const STORE_RETRY_AFTER_SECONDS = 5;
const MAX_REASONS_IN_MESSAGE = 5;

function encodingOf(req: Request): OtlpEncoding {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const encoding = CONTENT_TYPES[type];
  if (!encoding) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type ${type || '(none)'} is not supported; send application/x-protobuf or application/json`);
  }
  return encoding;
}

export function partialSuccessMessage(rejected: SpanRejection[]): string {
  const shown = rejected.slice(0, MAX_REASONS_IN_MESSAGE).map((r) => r.reason);
  const more = rejected.length - shown.length;
  return `${rejected.length} span(s) refused: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

function send(res: Response, status: number, body: Buffer, encoding: OtlpEncoding): void {
  res.status(status).type(encoding === 'json' ? 'application/json' : 'application/x-protobuf').send(body);
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof OtlpDecodeError) return new HttpError(400, 'bad_request', error.message);
  if (error instanceof BackpressureError) {
    return new HttpError(503, 'unavailable', error.message, { 'Retry-After': String(error.retryAfterSeconds) });
  }
  if (error instanceof StoreError) {
    return new HttpError(503, 'unavailable', 'the store is not accepting writes right now; retry later', { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) });
  }
  throw error;
}

export function tracesRouter(deps: TracesRouteDeps): Router {
  const router = Router();
  router.post('/v1/traces', async (req, res, next) => {
    let encoding: OtlpEncoding = 'json';
    try {
      encoding = encodingOf(req);
      const decoded = decodeTraces(await readBody(req, deps.limits), encoding);
      const batch = normalize(decoded);
      // A key writes spans for its project, whatever the spans say.
      const project = res.locals.ingestProject as string | undefined;
      if (project) for (const call of batch.calls) call.project = project;
      deps.priceCalls(batch.calls);
      await deps.write(batch);
      const partial = batch.rejected.length > 0 ? { rejectedSpans: batch.rejected.length, errorMessage: partialSuccessMessage(batch.rejected) } : undefined;
      send(res, 200, encodeTraceResponse(partial, encoding), encoding);
    } catch (error) {
      let httpError: HttpError;
      try {
        httpError = toHttpError(error);
      } catch (unexpected) {
        next(unexpected);
        return;
      }
      if (httpError.status >= 500) console.warn(`burnrate: /v1/traces answered ${httpError.status}: ${(error as Error).message}`);
      for (const [name, value] of Object.entries(httpError.headers)) res.setHeader(name, value);
      send(res, httpError.status, encodeErrorStatus(httpError.message, encoding), encoding);
    }
  });
  return router;
}
