// Ingest health: what the collector made of the spans it received since it started, per
// instrumentation scope. A scope with spans "not understood" sends model calls burnrate is not
// counting: the one thing here that needs someone's attention.
import type { IngestHealthResponse } from '../../api/types';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatCount } from '../../format';
import { notUnderstoodTotal, useIngestHealth } from './useIngestHealth';

function ScopesTable({ health }: { health: IngestHealthResponse }) {
  return (
    <div className="table-wrap">
      <table data-testid="ingest-scopes">
        <thead>
          <tr>
            <th scope="col">Instrumentation scope</th>
            <th scope="col" className="num">
              Spans read as calls
            </th>
            <th scope="col" className="num">
              Not understood
            </th>
          </tr>
        </thead>
        <tbody>
          {health.scopes.map((s) => (
            <tr key={s.scope} className={s.spansNotUnderstood > 0 ? 'changed' : undefined} data-scope={s.scope}>
              <th scope="row">{s.scope}</th>
              <td className="num">{formatCount(s.spansReadAsCalls)}</td>
              <td className="num" data-testid="not-understood">
                {s.spansNotUnderstood > 0 ? `${formatCount(s.spansNotUnderstood)} not understood` : '0'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IngestHealthBody({ health }: { health: IngestHealthResponse }) {
  const unread = notUnderstoodTotal(health);
  return (
    <>
      <p className="muted" data-testid="ingest-totals">
        {formatCount(health.callsStored)} calls stored, {formatCount(health.duplicatesMerged)} duplicate spans merged, {formatCount(health.repeatsIgnored)}{' '}
        exporter repeats ignored, {formatCount(health.spansRejected)} spans rejected since {new Date(health.since).toLocaleString()}.
      </p>
      {unread > 0 && (
        <p role="alert" data-testid="ingest-warning">
          {formatCount(unread)} spans look like model calls but could not be read: those calls are not counted. Check the scopes marked below.
        </p>
      )}
      {health.scopes.length > 0 ? <ScopesTable health={health} /> : <p className="muted">No spans received yet.</p>}
      {health.rejectionReasons.length > 0 && (
        <ul data-testid="ingest-rejections">
          {health.rejectionReasons.map((r) => (
            <li key={r.reason}>
              {formatCount(r.spans)} rejected: {r.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** `onlyWhenUnread`: show nothing unless some spans were not understood (beside an empty screen). */
export function IngestHealthPanel({ onlyWhenUnread = false }: { onlyWhenUnread?: boolean }) {
  const state = useIngestHealth();
  if (onlyWhenUnread && (state.status !== 'ready' || notUnderstoodTotal(state.data) === 0)) return null;
  return (
    <Panel title="Ingest health" wide testId="ingest-health" note="Since the collector started, all services.">
      <LoadState state={state} what="ingest health">
        {(health) => <IngestHealthBody health={health} />}
      </LoadState>
    </Panel>
  );
}
