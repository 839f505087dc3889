// The OTLP/HTTP edge every export endpoint shares (/v1/traces, /v1/logs, /v1/metrics): choose
// the encoding from Content-Type, run the handler, and answer per the OTLP/HTTP spec in the
// request's encoding — 200 with the handler's response, 400 for a body that cannot be decoded,
// 413 too large, 415 another content type, 503 + Retry-After while the store cannot take more.
import type { NextFunction, Request, Response } from 'express';
import { encodeErrorStatus, OtlpDecodeError, type OtlpEncoding } from '../otlp/exportMessages';
import type { SpanRejection } from '../otlp/model';
import { StoreError } from '../store/gateway';
import { BackpressureError } from '../store/writer';
import { HttpError } from '../api/errors';

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

/** The partial_success message: how many were refused and the first few reasons. */
export function refusedMessage(rejected: SpanRejection[], noun: string): string {
  const shown = rejected.slice(0, MAX_REASONS_IN_MESSAGE).map((r) => r.reason);
  const more = rejected.length - shown.length;
  return `${rejected.length} ${noun}(s) refused: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

function send(res: Response, status: number, body: Buffer, encoding: OtlpEncoding): void {
  res
    .status(status)
    .type(encoding === 'json' ? 'application/json' : 'application/x-protobuf')
    .send(body);
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

export type OtlpHandler = (req: Request, res: Response, encoding: OtlpEncoding) => Promise<Buffer>;

/** An Express handler that runs one OTLP export handler and answers in the request's encoding, errors included. */
export function otlpRoute(handle: OtlpHandler) {
  return async (req: Request, res: Response, next: NextFunction) => {
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
      // A refusal the writer already logged (rate-limited, per cause) gets no line per request.
      const logged = error instanceof BackpressureError && error.logged;
      if (httpError.status >= 500 && !logged) req.logger.warn(`burnrate: ${req.path} answered ${httpError.status}: ${(error as Error).message}`);
      for (const [name, value] of Object.entries(httpError.headers)) res.setHeader(name, value);
      send(res, httpError.status, encodeErrorStatus(httpError.message, encoding), encoding);
    }
  };
}

/** The ingest key that sent this request: its project and id (none when auth is off). */
export function ingestKeyOf(res: Response): { project?: string; keyId?: string } {
  return { project: res.locals.ingestProject as string | undefined, keyId: res.locals.ingestKeyId as string | undefined };
}

/** A key writes for its project, whatever its spans or events say, and each call carries the key's id. */
export function stampIngestKey(res: Response, calls: { project: string; keyId?: string }[]): void {
  stampKey(ingestKeyOf(res), calls);
}

export function stampKey({ project, keyId }: { project?: string; keyId?: string }, calls: { project: string; keyId?: string }[]): void {
  for (const call of calls) {
    if (project) call.project = project;
    if (keyId) call.keyId = keyId;
  }
}
