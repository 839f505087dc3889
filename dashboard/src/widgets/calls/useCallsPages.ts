// The Calls list's data: the total, and pages of rows fetched as the virtual list scrolls to
// them (never the whole range at once). A new scope, search or refresh starts over, but the old
// rows stay on screen until the new ones arrive, so an auto-refresh does not blank the list.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure, getJson } from '../../api/client';
import type { ViewScope } from '../../api/requests';
import type { CallListRow, CallSort, CallsResponse } from '../../api/types';
import { widgetRequests } from '../../api/widgetRequests';

export const PAGE_SIZE = 200;

export interface CallsAskState {
  q: string;
  sort: CallSort;
  order: 'asc' | 'desc';
}

interface Held {
  key: string;
  total?: number;
  pages: Map<number, CallListRow[]>;
  error?: ApiFailure;
}

export function useCallsPages(scope: ViewScope, ask: CallsAskState) {
  const pageUrl = useCallback(
    (page: number) => widgetRequests.callsPage(scope, { q: ask.q || undefined, sort: ask.sort, order: ask.order, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    [scope, ask.q, ask.sort, ask.order],
  );
  const key = pageUrl(0);
  const [held, setHeld] = useState<Held>({ key, pages: new Map() });
  const [attempt, setAttempt] = useState(0);
  const requested = useRef(new Set<number>());
  const current = useRef({ key, pageUrl });
  current.current = { key, pageUrl };

  const load = useCallback((page: number) => {
    const { key: forKey, pageUrl: urlOf } = current.current;
    if (requested.current.has(page)) return;
    requested.current.add(page);
    getJson<CallsResponse>(urlOf(page)).then(
      (data) => {
        if (current.current.key !== forKey) return; // an answer for a view already left
        setHeld((h) =>
          h.key === forKey
            ? { ...h, total: data.total, pages: new Map(h.pages).set(page, data.rows), error: undefined }
            : { key: forKey, total: data.total, pages: new Map([[page, data.rows]]) },
        );
      },
      (error: unknown) => {
        requested.current.delete(page);
        if (current.current.key !== forKey) return;
        const failure = error instanceof ApiFailure ? error : new ApiFailure(urlOf(page), 0, String(error));
        setHeld((h) => ({ ...h, error: failure }));
      },
    );
  }, []);

  useEffect(() => {
    requested.current = new Set();
    load(0);
  }, [key, load]);

  /** Loads every page that holds an index in [first, last]. A new identity per view, so the list asks again after a refresh. */
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) load(page);
    },
    // `key` and `attempt` are not read inside: they give the function a new identity per view
    // and per retry, which is what makes the list call it again.
    [load, key, attempt],
  );
  const retry = useCallback(() => {
    setHeld((h) => ({ ...h, error: undefined }));
    requested.current = new Set();
    setAttempt((n) => n + 1);
    load(0);
  }, [load]);

  const rowAt = (index: number): CallListRow | undefined => held.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const fresh = held.key === key && held.pages.has(0);
  return { total: held.total, fresh, error: held.error, rowAt, ensure, retry };
}
