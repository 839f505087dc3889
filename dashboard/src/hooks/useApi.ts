// The data hook every widget builds on: loading → ready | error, keeping the last data on
// screen while a refresh or a filter change loads (so charts do not flash). Identical requests
// made at the same moment by several widgets share one fetch.
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure, getJson } from '../api/client';

export type Loadable<T> = { status: 'loading' } | { status: 'error'; error: ApiFailure; retry: () => void } | { status: 'ready'; data: T; updating: boolean };

const inFlight = new Map<string, Promise<unknown>>();

function shared<T>(url: string): Promise<T> {
  let pending = inFlight.get(url) as Promise<T> | undefined;
  if (!pending) {
    pending = getJson<T>(url).finally(() => inFlight.delete(url));
    inFlight.set(url, pending);
  }
  return pending;
}

interface Held<T> {
  url: string | null;
  data?: T;
  error?: ApiFailure;
  loading: boolean;
}

/**
 * `url` null: nothing to load yet (a dependency is still loading). `optional404`: a 404 means
 * "not there" (data undefined), not an error. `reloadKey`: a change re-reads the same URL.
 */
export function useApi<T>(url: string | null, options: { optional404?: boolean; reloadKey?: number | string } = {}): Loadable<T> {
  const [held, setHeld] = useState<Held<T>>({ url: null, loading: true });
  const [attempt, setAttempt] = useState(0);
  const { optional404, reloadKey } = options;
  useEffect(() => {
    if (url === null) return;
    let current = true;
    setHeld((h) => ({ ...h, url, loading: true }));
    shared<T>(url).then(
      (data) => current && setHeld({ url, data, loading: false }),
      (error: unknown) => {
        if (!current) return;
        const failure = error instanceof ApiFailure ? error : new ApiFailure(url, 0, String((error as Error)?.message ?? error));
        // An endpoint another part of burnrate may not ship yet: absent, not broken.
        if (optional404 && failure.status === 404) setHeld({ url, data: undefined, loading: false });
        else setHeld({ url, error: failure, loading: false });
      },
    );
    return () => {
      current = false;
    };
  }, [url, attempt, optional404, reloadKey]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  if (held.error && !held.loading) return { status: 'error', error: held.error, retry };
  if (held.data === undefined && (held.loading || url === null)) return { status: 'loading' };
  return { status: 'ready', data: held.data as T, updating: held.loading };
}

/** Shapes ready data with a pure transform, passing loading and error through. */
export function mapLoadable<T, U>(loadable: Loadable<T>, shape: (data: T) => U): Loadable<U> {
  return loadable.status === 'ready' ? { status: 'ready', data: shape(loadable.data), updating: loadable.updating } : loadable;
}

/** Two loadables as one: ready when both are, the first error otherwise. */
export function bothLoadables<A, B>(a: Loadable<A>, b: Loadable<B>): Loadable<[A, B]> {
  if (a.status === 'error') return a;
  if (b.status === 'error') return b;
  if (a.status === 'loading' || b.status === 'loading') return { status: 'loading' };
  return { status: 'ready', data: [a.data, b.data], updating: a.updating || b.updating };
}
