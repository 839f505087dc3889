// Who may call what. Each route declares its access where it is defined, as its first handler:
//   router.get('/api/v1/users', allow('admin'), handler)
// so the decision belongs to the route that actually runs, whatever case, slashes or encoding
// the request's path used to reach it (Express matches paths case-insensitively; a check on the
// path string once let `/API/v1/users` through). A route that declares nothing cannot start:
// createCollector refuses to build an app with one (see undeclaredRoutes).
import type { RequestHandler } from 'express';
import { HttpError } from '../api/errors';
import type { KeyRecord, UserRecord } from './authStore';

export type Access = 'public' | 'ingest' | 'metrics' | 'guard' | 'session' | 'viewer' | 'organisation' | 'scoped-admin' | 'admin';

export type Principal =
  | { kind: 'open' } // auth switched off (loopback only)
  | { kind: 'anonymous' }
  | { kind: 'key'; key: KeyRecord }
  | { kind: 'user'; user: UserRecord };

/** A signed-in person who reads the whole organisation (not a viewer limited to some teams or projects). */
const wholeOrganisation = (principal: Principal) => principal.kind === 'user' && !principal.user.scope;

export function allows(principal: Principal, access: Access): boolean {
  if (principal.kind === 'open' || access === 'public') return true;
  switch (access) {
    case 'ingest':
      return principal.kind === 'key' && principal.key.scope === 'ingest';
    case 'metrics':
      // /metrics also carries the alert evaluator's state (rule and budget names), held in
      // memory where the store's read scope cannot filter it: closed to limited viewers.
      return (principal.kind === 'key' && principal.key.scope === 'metrics') || wholeOrganisation(principal);
    case 'guard':
      // The sdk-hook's budget guard reads spend status with the app's ingest key; a metrics key
      // is for Prometheus and reads /metrics only.
      return (principal.kind === 'key' && principal.key.scope === 'ingest') || principal.kind === 'user';
    case 'session':
    case 'viewer':
      return principal.kind === 'user';
    case 'organisation':
      // Routes that answer from memory (not through the store, whose reads are limited to a
      // viewer's scope) and show the whole organisation.
      return wholeOrganisation(principal);
    case 'scoped-admin':
      // Any admin, one limited to some teams, projects or tenants included: the route itself
      // checks that what it shows or changes lies in that admin's scope (auth/adminScope.ts).
      return principal.kind === 'user' && principal.user.role === 'admin';
    case 'admin':
      // Deny by default: a route not written for scoped admins is for admins of the whole
      // organisation only (people, channels, settings, the audit log).
      return principal.kind === 'user' && principal.user.role === 'admin' && !principal.user.scope;
    default: {
      const unreachable: never = access;
      return unreachable;
    }
  }
}

const DENIED: Record<Access, string> = {
  public: '',
  ingest: 'this endpoint needs an ingest key: send Authorization: Bearer brk_… or x-burnrate-key',
  metrics: 'this endpoint needs a metrics key, or a signed-in user who sees the whole organisation',
  guard: 'this endpoint needs an ingest key or a signed-in user',
  session: 'sign in first (POST /api/v1/session)',
  viewer: 'sign in first (POST /api/v1/session)',
  organisation: 'this shows the whole organisation; your access is limited to some teams or projects',
  'scoped-admin': 'this needs an admin',
  admin: 'this needs an admin of the whole organisation (an admin limited to some teams, projects or tenants cannot do it)',
};

const ACCESS = Symbol('burnrate:access');
type AccessCheck = RequestHandler & { [ACCESS]: Access };

/** The route's declared access, checked against the principal the auth middleware resolved. */
export function allow(access: Access): RequestHandler {
  const check: RequestHandler = (_req, res, next) => {
    const principal = (res.locals.principal as Principal | undefined) ?? { kind: 'anonymous' };
    if (allows(principal, access)) return next();
    const known = principal.kind !== 'anonymous';
    next(new HttpError(known ? 403 : 401, known ? 'forbidden' : 'unauthorized', DENIED[access]));
  };
  return Object.assign(check, { [ACCESS]: access }) satisfies AccessCheck;
}

/** What a route's first handler declares, or undefined when it declares nothing. */
export function declaredAccess(handler: unknown): Access | undefined {
  return typeof handler === 'function' ? (handler as Partial<AccessCheck>)[ACCESS] : undefined;
}
