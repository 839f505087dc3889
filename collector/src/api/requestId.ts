// Every request gets an id: the caller's X-Request-Id when it sends a sane one (a proxy or a client
// tracing its own calls), else a new one. The id is echoed in the answer's X-Request-Id and carried
// by every line logged for the request (req.logger), so a complaint with an id finds its lines.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../log/logger';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id (X-Request-Id). */
    id: string;
    /** The collector's logger, every line carrying this request's id. */
    logger: Logger;
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';
// A caller's id is kept only when it is short and plain, so it cannot forge a log line or flood one.
const ACCEPTED_ID = /^[\w.:/+=@-]{1,128}$/;

export function requestIdOf(incoming: string | string[] | undefined): string {
  const id = Array.isArray(incoming) ? incoming[0] : incoming;
  return id !== undefined && ACCEPTED_ID.test(id) ? id : randomUUID();
}

/** First on the app: ids the request, echoes the id, and gives the request its logger. Logs each answer at debug. */
export function requestIds(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    req.id = requestIdOf(req.headers['x-request-id']);
    req.logger = logger.child({ requestId: req.id });
    res.setHeader(REQUEST_ID_HEADER, req.id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.logger.debug({ method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request answered');
    });
    next();
  };
}
