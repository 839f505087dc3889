// A screen's own loading / empty / error decision from its primary request: a skeleton while
// it loads, an error that says what failed, the instrumenting guide when the range holds no
// calls, else the screen.
import type { ReactNode } from 'react';
import { EmptyState, ErrorState, Loading } from '../components/States';
import type { Loadable } from '../hooks/useApi';
import type { UrlState } from '../state/urlState';
import { IngestHealthPanel } from '../widgets/ingest/IngestHealthPanel';

export function ScreenStates<T>({
  state,
  what,
  calls,
  url,
  update,
  children,
}: {
  state: Loadable<T>;
  what: string;
  calls: (data: T) => number;
  url: UrlState;
  update: (c: Partial<UrlState>) => void;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Loading label={what} height={320} />;
  if (state.status === 'error') return <ErrorState what={what} error={state.error} retry={state.retry} />;
  if (calls(state.data) === 0) {
    const filtered = Object.keys(url.filters).length > 0;
    // Nothing to show may be calls the collector received but could not read: say so right here.
    return (
      <>
        <EmptyState filtered={filtered} onClearFilters={() => update({ filters: {} })} />
        <IngestHealthPanel onlyWhenUnread />
      </>
    );
  }
  return <>{children(state.data)}</>;
}
