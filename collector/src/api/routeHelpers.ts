// Small helpers every feature's JSON routes share: a JSON body that fails as a 400, a zod check
// that answers in one readable sentence, a PATCH body, a path parameter, a 404 that names the id.
import express, { type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { badRequest, HttpError } from './errors';
import { describeIssues } from './validation';

const parseJson = express.json({ limit: '64kb' });

/** JSON bodies for the config APIs; a body that is not JSON is a 400 that says so, not a 500. */
export const jsonBody: RequestHandler = (req, res, next) => {
  parseJson(req, res, (error?: unknown) => {
    if (error)
      next(
        new HttpError(
          (error as { status?: number }).status === 413 ? 413 : 400,
          (error as { status?: number }).status === 413 ? 'too_large' : 'bad_request',
          `the body is not valid JSON: ${(error as Error).message}`,
        ),
      );
    else next();
  });
};

export function validated<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(describeIssues(parsed.error));
  return parsed.data;
}

export function patchBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object of the fields to change');
  return body as Record<string, unknown>;
}

export const param = (req: Request, name: string) => String(req.params[name]);

export const notFound = (what: string, id: string) => new HttpError(404, 'not_found', `no ${what} with id ${JSON.stringify(id.slice(0, 100))}`);
