// Records every change and every export as it finishes: who (the principal the auth middleware
// resolved), what (the route that ran, by its pattern, and its parameters), how it ended (the
// status, refusals included) and from where. Reads are not changes and ingest is data, so neither
// is recorded, except a read a route marks as an export. Bodies are never kept: they hold passwords.
import type { Request, RequestHandler, Response } from 'express';
import { declaredAccess, type Principal } from '../auth/policy';
import type { Gateway } from '../store/gateway';
import { appendAudit, type AuditEntry } from './auditTable';

/** A read that hands data out of burnrate (CSV, FOCUS…): recorded like a change. */
export function markExport(res: Response, what: string): void {
  res.locals.auditExport = what;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
// The routes whose caller names itself in the body (sign-in, first-run setup).
const SELF_NAMING = new Set(['/api/v1/session', '/api/v1/setup']);

function actorOf(req: Request, principal: Principal | undefined, routePath: string): Pick<AuditEntry, 'actor' | 'actorKind'> {
  switch (principal?.kind) {
    case 'user':
      return { actor: principal.user.username, actorKind: 'user' };
    case 'key':
      return { actor: principal.key.id, actorKind: 'key' };
    case 'open':
      return { actor: '', actorKind: 'open' };
    default: {
      const named = SELF_NAMING.has(routePath) ? (req.body as { username?: unknown } | undefined)?.username : undefined;
      return { actor: typeof named === 'string' ? named : '', actorKind: 'anonymous' };
    }
  }
}

export interface AuditRecorderDeps {
  gateway: Gateway;
  /** Where a failed write is reported; an audit entry that cannot be kept is never silent. */
  warn: (message: string) => void;
}

export function auditRecorder(deps: AuditRecorderDeps): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      const route = req.route as { path?: string; stack?: { handle: unknown }[] } | undefined;
      if (!route?.path) return;
      const exported = res.locals.auditExport as string | undefined;
      if (READS.has(req.method) && !exported) return;
      if (declaredAccess(route.stack?.[0]?.handle) === 'ingest') return;
      const target = { ...req.params, ...(exported ? { export: exported } : {}) };
      const entry: AuditEntry = {
        at: new Date(),
        ...actorOf(req, res.locals.principal as Principal | undefined, route.path),
        action: `${req.method} ${route.path}`,
        target: Object.keys(target).length > 0 ? JSON.stringify(target) : '',
        status: res.statusCode,
        address: req.ip ?? '',
        userAgent: String(req.headers['user-agent'] ?? ''),
      };
      appendAudit(deps.gateway, entry).catch((error: Error) =>
        deps.warn(`burnrate: an audit entry could not be written (${entry.action} by ${entry.actor || 'anonymous'}): ${error.message}`),
      );
    });
    next();
  };
}
