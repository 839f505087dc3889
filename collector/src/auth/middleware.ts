// Resolves who is calling (an API key, a session cookie, or nobody) before any route runs. It
// decides nothing about the route: each route declares its own access (policy.ts allow()).
// 401 = we do not know you; 403 = we know you, and you may not.
import type { RequestHandler } from 'express';
import { HttpError } from '../api/errors';
import type { AuthStore } from './authStore';
import type { Principal } from './policy';
import type { RateLimiter } from './rateLimiter';

export const SESSION_COOKIE = 'burnrate_session';

/** One cookie's value from a Cookie header, or undefined. */
export function cookieValue(cookieHeader: string | undefined, wanted: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === wanted) return value.join('=');
  }
  return undefined;
}

export const sessionToken = (cookieHeader: string | undefined) => cookieValue(cookieHeader, SESSION_COOKIE);

function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-burnrate-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice(7);
  return undefined;
}

const KEY_REFUSED = {
  unknown: () => 'the key is not valid (unknown, mistyped or revoked)',
  revoked: () => 'the key is not valid (unknown, mistyped or revoked)',
  // Said plainly: an app whose key aged out must hear why, and that the fix is a new key.
  expired: (at?: string) => `the key expired at ${at} UTC; ask an admin for a new one (burnrate keys rotate)`,
};

export interface AuthDeps {
  store: AuthStore;
  keyLimiter: RateLimiter;
}

export function authMiddleware(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const key = presentedKey(req.headers);
      const token = sessionToken(req.headers.cookie);
      let principal: Principal = { kind: 'anonymous' };
      if (key) {
        const checked = deps.store.checkKey(key);
        // A wrong key is refused even on a public route: the caller believes it is sending data.
        if ('refused' in checked) throw new HttpError(401, 'unauthorized', KEY_REFUSED[checked.refused](checked.expiresAt));
        const record = checked.key;
        principal = { kind: 'key', key: record };
        const wait = deps.keyLimiter.take(record.id);
        if (wait > 0)
          throw new HttpError(429, 'too_many_requests', `key ${record.id} is over its rate limit; retry in ${wait} s`, { 'Retry-After': String(wait) });
        if (record.project) res.locals.ingestProject = record.project;
        res.locals.ingestKeyId = record.id;
      } else if (token) {
        const user = await deps.store.findSessionUser(token);
        if (user) principal = { kind: 'user', user };
      }
      res.locals.principal = principal;
      next();
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
