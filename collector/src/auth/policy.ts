// Who may call what, in one place, deny by default: a route nobody listed here needs an admin.
// The walk-every-route test checks each registered route against this table as each role.
import type { KeyRecord, UserRecord } from './authStore';

export type Access = 'public' | 'ingest' | 'metrics' | 'guard' | 'session' | 'viewer' | 'admin';

export type Principal =
  | { kind: 'open' } // auth switched off (loopback only)
  | { kind: 'anonymous' }
  | { kind: 'key'; key: KeyRecord }
  | { kind: 'user'; user: UserRecord };

const READ = new Set(['GET', 'HEAD']);
const INGEST_PATHS = new Set(['/v1/traces', '/v1/logs', '/v1/metrics']);

export function requiredAccess(method: string, path: string): Access {
  if (path === '/healthz') return 'public';
  if (INGEST_PATHS.has(path)) return method === 'POST' ? 'ingest' : 'admin';
  if (path === '/metrics') return READ.has(method) ? 'metrics' : 'admin';
  if (path === '/api/v1/session') return method === 'POST' ? 'public' : 'session';
  if (path === '/api/v1/setup') return 'public'; // guarded by the one-time setup token
  // The sdk-hook's budget guard reads spend status with the app's ingest key.
  if (path === '/api/v1/budgets/status' && READ.has(method)) return 'guard';
  // Who holds keys and accounts is an admin's business, even to read.
  if (path.startsWith('/api/v1/keys') || path.startsWith('/api/v1/users')) return 'admin';
  if (path.startsWith('/api/')) return READ.has(method) ? 'viewer' : 'admin';
  if (READ.has(method) && !path.startsWith('/v1/')) return 'public'; // the dashboard's files; its data is /api
  return 'admin';
}

export function allows(principal: Principal, access: Access): boolean {
  if (principal.kind === 'open' || access === 'public') return true;
  switch (access) {
    case 'ingest':
      return principal.kind === 'key' && principal.key.scope === 'ingest';
    case 'metrics':
      return (principal.kind === 'key' && principal.key.scope === 'metrics') || principal.kind === 'user';
    case 'guard':
      return principal.kind === 'key' || principal.kind === 'user';
    case 'session':
    case 'viewer':
      return principal.kind === 'user';
    case 'admin':
      return principal.kind === 'user' && principal.user.role === 'admin';
    default: {
      const unreachable: never = access;
      return unreachable;
    }
  }
}
