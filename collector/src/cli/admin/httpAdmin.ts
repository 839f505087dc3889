// Keys, users and budgets through a running collector's API, signed in with the session from
// `burnrate login` (none is needed when the collector runs with auth off, on loopback).
import type { Budget, BudgetListResponse, BudgetStatusResponse, UserListResponse } from '@burnrate/contract';
import { SESSION_COOKIE } from '../../auth/middleware';
import { AdminError, type Admin, type KeySummary } from './admin';
import { savedSession } from './sessionFile';

export class ApiCallError extends AdminError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function apiCaller(url: string, session = savedSession(url)) {
  return async function call<T = undefined>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (session) headers.cookie = `${SESSION_COOKIE}=${session}`;
    const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) {
      const detail = ((await res.json().catch(() => ({}))) as { message?: string }).message ?? `HTTP ${res.status}`;
      if (res.status === 401) throw new ApiCallError(401, `the collector at ${url} needs sign-in: run burnrate login (${detail})`);
      if (res.status === 403) throw new ApiCallError(403, `the collector at ${url} refused: ${detail}`);
      throw new ApiCallError(res.status, detail);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

export function httpAdmin(url: string): Admin {
  const call = apiCaller(url);
  // A change to something that is not there: false, for the command to say so.
  const existed = (change: Promise<unknown>) => change.then(() => true, rethrowUnlessMissing);
  return {
    where: `the collector at ${url}`,
    listKeys: async () => (await call<{ keys: KeySummary[] }>('GET', '/api/v1/keys')).keys,
    createKey: (input) => call<{ key: string; record: KeySummary }>('POST', '/api/v1/keys', input),
    revokeKey: (id) => existed(call('DELETE', `/api/v1/keys/${encodeURIComponent(id)}`)),
    rotateKey: async (id, overlapHours, expiresInDays) => {
      try {
        return await call<{ key: string; record: KeySummary; oldExpiresAt: string }>('POST', `/api/v1/keys/${encodeURIComponent(id)}/rotate`, {
          overlapHours,
          expiresInDays,
        });
      } catch (error) {
        if (/\b404\b|not_found|no live key/.test(String((error as Error).message))) return undefined;
        throw error;
      }
    },
    listUsers: async () => (await call<UserListResponse>('GET', '/api/v1/users')).users,
    createUser: async (username, role, password) => {
      await call('POST', '/api/v1/users', { username, role, password });
    },
    setPassword: (username, password) => existed(call('PUT', `/api/v1/users/${encodeURIComponent(username)}`, { password })),
    disableUser: (username) => existed(call('POST', `/api/v1/users/${encodeURIComponent(username)}/disable`)),
    budgetStatuses: async () => (await call<BudgetStatusResponse>('GET', '/api/v1/budgets/status')).budgets,
    saveBudget: async (input) => {
      const { budgets } = await call<BudgetListResponse>('GET', '/api/v1/budgets');
      const existing = budgets.find((b) => b.name === input.name);
      const budget = existing
        ? await call<Budget>('PATCH', `/api/v1/budgets/${encodeURIComponent(existing.id)}`, input)
        : await call<Budget>('POST', '/api/v1/budgets', input);
      return { budget, created: !existing };
    },
    close: async () => undefined,
  };
}

function rethrowUnlessMissing(error: unknown): false {
  if (error instanceof ApiCallError && error.status === 404) return false;
  throw error;
}
