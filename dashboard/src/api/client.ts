// The one way the dashboard talks to the API: JSON in and out, and a typed failure that says
// what failed. A 401 (no session, or it expired) is also told to whoever listens, so the page
// can ask the user to sign in again wherever the request came from.
import type { ApiError } from './types';

export class ApiFailure extends Error {
  constructor(
    readonly path: string,
    /** 0 when no answer came (the collector is down or unreachable). */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type UnauthorizedListener = (failure: ApiFailure) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called on every 401 answer; returns the unsubscribe. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function call<T>(method: 'GET' | WriteMethod, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiFailure(path, 0, 'the collector did not answer');
  }
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      message = ((await res.json()) as ApiError).message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    const failure = new ApiFailure(path, res.status, message);
    if (res.status === 401) for (const listener of unauthorizedListeners) listener(failure);
    throw failure;
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> => call<T>('GET', path, undefined, signal);

/** A change (create, edit, delete); resolves to the answer's JSON, undefined for a 204. */
export const sendJson = <T = unknown>(method: WriteMethod, path: string, body?: unknown): Promise<T> => call<T>(method, path, body);
