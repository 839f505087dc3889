// Resolves who is calling (ingest key, session cookie, or nobody) and enforces the policy before
// any route runs. 401 = we do not know you; 403 = we know you, and you may not.
import type { RequestHandler } from 'express';
import { HttpError } from '../api/errors';
import type { AuthStore } from './authStore';
import { allows, requiredAccess, type Access, type Principal } from './policy';
import type { RateLimiter } from './rateLimiter';

export const SESSION_COOKIE = 'burnrate_session';

export function sessionToken(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-burnrate-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice(7);
  return undefined;
}

const DENIED: Record<Access, string> = {
  public: '',
  ingest: 'this endpoint needs an ingest key: send Authorization: Bearer brk_… or x-burnrate-key',
  metrics: 'this endpoint needs a metrics key or a signed-in user',
  guard: 'this endpoint needs an ingest key or a signed-in user',
  session: 'sign in first (POST /api/v1/session)',
  viewer: 'sign in first (POST /api/v1/session)',
  admin: 'this needs an admin',
};

export interface AuthDeps {
  store: AuthStore;
  keyLimiter: RateLimiter;
}

export function authMiddleware(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const access = requiredAccess(req.method, req.path);
      const key = presentedKey(req.headers);
      const token = sessionToken(req.headers.cookie);
      let principal: Principal = { kind: 'anonymous' };
      if (key) {
        const record = deps.store.findKey(key);
        // A wrong key is refused even on a public route: the caller believes it is sending data.
        if (!record) throw new HttpError(401, 'unauthorized', 'the key is not valid (unknown, mistyped or revoked)');
        principal = { kind: 'key', key: record };
        const wait = deps.keyLimiter.take(record.id);
        if (wait > 0) throw new HttpError(429, 'too_many_requests', `key ${record.id} is over its rate limit; retry in ${wait} s`, { 'Retry-After': String(wait) });
      } else if (token) {
        const user = await deps.store.findSessionUser(token);
        if (user) principal = { kind: 'user', user };
      }
      res.locals.principal = principal;
      if (allows(principal, access)) {
        if (principal.kind === 'key' && principal.key.project) res.locals.ingestProject = principal.key.project;
        next();
        return;
      }
      const known = principal.kind !== 'anonymous';
      throw new HttpError(known ? 403 : 401, known ? 'forbidden' : 'unauthorized', DENIED[access]);
    } catch (error) {
      next(error);
    }
  };
}

/** With auth off every caller is trusted; still records a principal so routes need no branch. */
export const openAccess: RequestHandler = (_req, res, next) => {
  res.locals.principal = { kind: 'open' } satisfies Principal;
  next();
};
