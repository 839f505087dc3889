// The four states every screen and panel has: loading, empty (how to instrument an app),
// error (what failed, what to do), and data.
import type { ReactNode } from 'react';
import type { ApiFailure } from '../api/client';
import type { Loadable } from '../hooks/useApi';

export function Loading({ label, height = 200 }: { label: string; height?: number }) {
  return (
    <div className="loading" style={{ minHeight: height }} role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      Loading {label}…
    </div>
  );
}

export function ErrorState({ what, error, retry }: { what: string; error: ApiFailure; retry?: () => void }) {
  const hint =
    error.status === 0
      ? 'The collector did not answer. Check that it is running (npm start) and reachable from this page.'
      : error.status === 400
        ? 'The request was refused; clear the filters or pick another range.'
        : error.status === 403
          ? 'You are signed in, but your role may not do this. Ask an admin.'
          : 'The collector could not answer this query. Its log has the details.';
  return (
    <div className="error-state" role="alert" data-testid="error-state">
      <strong>Could not load {what}.</strong>
      <p>
        {error.message} {error.status > 0 && <span className="muted">(HTTP {error.status})</span>}
      </p>
      <p className="muted">{hint}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export const INSTRUMENT_SNIPPET = `import { instrument } from '@burnrate/sdk-hook';
const burnrate = instrument({ serviceName: 'my-app' });
const client = burnrate.anthropic(new Anthropic());`;

export function EmptyState({ filtered, onClearFilters }: { filtered: boolean; onClearFilters?: () => void }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>No Claude calls in this time range{filtered ? ' with these filters' : ''}</h2>
      {filtered && onClearFilters && (
        <p>
          <button type="button" onClick={onClearFilters}>
            Clear filters
          </button>{' '}
          or pick a longer range.
        </p>
      )}
      <p>To send calls here, add the sdk-hook to an app that uses the Anthropic SDK and keep your client as it is:</p>
      <pre className="snippet" tabIndex={0}>
        <code>{INSTRUMENT_SNIPPET}</code>
      </pre>
      <p className="muted">
        Calls are exported over OTLP/HTTP to this collector (set <code>BURNRATE_ENDPOINT</code> if it is not on this machine). Any OpenTelemetry GenAI exporter
        works too. To see a full dashboard right away, run <code>npm run demo</code>.
      </p>
    </div>
  );
}

/** Renders a panel's body from its loadable: skeleton, error with retry, or the data. */
export function LoadState<T>({ state, what, height, children }: { state: Loadable<T>; what: string; height?: number; children: (data: T) => ReactNode }) {
  if (state.status === 'loading') return <Loading label={what} height={height} />;
  if (state.status === 'error') return <ErrorState what={what} error={state.error} retry={state.retry} />;
  return <div className={state.updating ? 'updating' : undefined}>{children(state.data)}</div>;
}
