// Typed errors with an HTTP status, one middleware that turns them into answers. Error labels
// are few and fixed, so logs and metrics stay low-cardinality.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log/logger';
import { ScopeRefusedError } from '../store/readScope';
import { StoreError } from '../store/gateway';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly label:
      'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'too_large' | 'unsupported_media_type' | 'unavailable' | 'too_many_requests' | 'internal',
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'bad_request', message);

/** express.json()'s errors carry a status and a type: a bad or too large body is the client's. */
function bodyParserError(error: unknown): HttpError | undefined {
  const e = error as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'bad_request', `the body is not valid JSON: ${e.message}`);
  if (e?.type === 'entity.too.large') return new HttpError(413, 'too_large', 'the body is too large');
  if (typeof e?.type === 'string' && e.status && e.status >= 400 && e.status < 500) return new HttpError(400, 'bad_request', e.message ?? 'bad request body');
  return undefined;
}

/** The router could not decode a percent-escape in the path: the client's mistake, one log line. */
function malformedPath(error: unknown, path: string, log: Logger): HttpError | undefined {
  if (!(error instanceof URIError)) return undefined;
  log.warn(`burnrate: 400 for a malformed path (${JSON.stringify(path.slice(0, 200))}): a percent-escape does not decode`);
  return new HttpError(400, 'bad_request', 'the path is malformed: a percent-escape (%xx) does not decode');
}

// ClickHouse's words for a disk that is full or read-only (NOT_ENOUGH_SPACE, ENOSPC, EROFS).
const DISK_TROUBLE = /not enough space|No space left on device|Read-only file system|errno: (28|30)\b/i;

/**
 * The store's disk is full or read-only: the change was not made, and may be once space is freed.
 * A 503 with Retry-After says so; a 500 would read as a bug, and the caller would not retry.
 */
function storeDiskTrouble(error: unknown, log: Logger): HttpError | undefined {
  if (!(error instanceof StoreError) || !DISK_TROUBLE.test(error.message)) return undefined;
  log.warn(`burnrate: 503 because the store cannot write: ${error.message.slice(0, 300)}`);
  return new HttpError(
    503,
    'unavailable',
    `the store cannot write (its disk is full or read-only); nothing was changed. Retry later. (${error.message.slice(0, 200)})`,
    { 'Retry-After': '30' },
  );
}

export const errorMiddleware: ErrorRequestHandler = (error, req, res, _next) => {
  const httpError =
    error instanceof HttpError
      ? error
      : error instanceof ScopeRefusedError
        ? new HttpError(403, 'forbidden', error.message)
        : (storeDiskTrouble(error, req.logger) ?? bodyParserError(error) ?? malformedPath(error, req.path, req.logger));
  if (!httpError) req.logger.error({ err: error as unknown }, 'burnrate: unexpected error');
  const status = httpError?.status ?? 500;
  for (const [name, value] of Object.entries(httpError?.headers ?? {})) res.setHeader(name, value);
  res.status(status).json({ error: httpError?.label ?? 'internal', message: httpError?.message ?? 'internal error; see the collector log' });
};
