// Wraps a route: a request the query layer cannot serve (WidgetRequestError) is the caller's
// mistake, so it answers 400 with the reason; anything else goes to the error middleware.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { badRequest } from '../api/errors';
import { WidgetRequestError } from '../store/query/filters';

export function handle(route: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    route(req, res).catch((error: unknown) => next(error instanceof WidgetRequestError ? badRequest(error.message) : error));
  };
}
