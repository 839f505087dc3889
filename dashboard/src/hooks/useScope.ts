// The view's scope (resolved range + filters), the same for every widget on the page.
import { useMemo } from 'react';
import type { ViewScope } from '../api/requests';
import { useClock } from '../state/refresh';
import { resolveRange } from '../state/timeRange';
import type { UrlState } from '../state/urlState';

export function useScope(state: Pick<UrlState, 'range' | 'filters'>): { scope: ViewScope; now: Date } {
  const { now } = useClock();
  const scope = useMemo(() => ({ ...resolveRange(state.range, now), filters: state.filters }), [state.range, state.filters, now]);
  return { scope, now };
}
