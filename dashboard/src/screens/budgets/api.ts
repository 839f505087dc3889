// The Budgets screen's reads and writes of /api/v1/budgets and /api/v1/alerts: one request
// function with a readable failure, and one hook per resource with the four screen states.
import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../../collector/src/api/contract';

export class RequestFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new RequestFailure(0, 'the collector did not answer');
  }
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      message = ((await res.json()) as ApiError).message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new RequestFailure(res.status, message);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string; retry: () => void }
  | { status: 'ready'; data: T; reload: () => void };

/** GETs `path`, again every `refreshMs` (spend moves) and whenever reload() is called after a change. */
export function useResource<T>(path: string, refreshMs = 30_000): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    request<T>('GET', path).then(
      (data) => current && setState({ data }),
      (error: RequestFailure) => current && setState((s) => ({ data: s.data, error: error.message })),
    );
    const timer = setInterval(reload, refreshMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [path, tick, refreshMs, reload]);
  // Data already on screen stays there if a refresh fails; the error shows only with nothing to show.
  if (state.data !== undefined) return { status: 'ready', data: state.data, reload };
  if (state.error !== undefined) return { status: 'error', message: state.error, retry: reload };
  return { status: 'loading' };
}
