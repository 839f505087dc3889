// Cost per agent run: the range's most expensive runs (calls sharing a trace); a run opens to
// its calls on a timeline, each with its model, tokens and cost.
import { Fragment, useState } from 'react';
import type { ViewScope } from '../../api/requests';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatCount, formatMs, formatPercent, formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';
import { ratioOfUsd, runUrl, runsUrl, timelineBars } from './runsView';
import type { RunDetailResponse, RunsResponse } from '../../api/financeTypes';

function RunTimeline({ scope, traceId }: { scope: ViewScope; traceId: string }) {
  const state = useApi<RunDetailResponse>(runUrl(scope, traceId));
  return (
    <LoadState state={state} what="the run's calls" height={60}>
      {(d) => {
        const bars = timelineBars(d.calls);
        return (
          <ol className="run-timeline" data-testid="run-timeline">
            {d.calls.map((c, i) => (
              <li key={c.spanId} data-testid="run-call" data-span-id={c.spanId}>
                <span className="run-call-label">
                  {c.model} · {formatCount(c.inputTokens + c.cacheReadTokens + c.cacheWriteTokens)} in / {formatCount(c.outputTokens)} out ·{' '}
                  <span data-testid="run-call-cost">{c.costUsd === null ? 'unpriced' : formatUsd(c.costUsd)}</span>
                </span>
                <span className="run-track">
                  <span className="run-bar" style={{ left: `${bars[i]!.left}%`, width: `${bars[i]!.width}%` }} title={formatMs(c.durationMs)} />
                </span>
              </li>
            ))}
          </ol>
        );
      }}
    </LoadState>
  );
}

export function RunsPanel({ scope }: { scope: ViewScope }) {
  const state = useApi<RunsResponse>(runsUrl(scope));
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Panel title="Most expensive runs" wide testId="runs" note="A run is the calls that share a trace: one request, or one agent run with all its steps.">
      <LoadState state={state} what="runs">
        {(d) => (
          <div className="table-wrap">
            <table data-testid="runs-table">
              <thead>
                <tr>
                  <th scope="col">Run (trace)</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="num">Took</th>
                  <th scope="col" className="num">Calls</th>
                  <th scope="col" className="num">Cost</th>
                  <th scope="col" className="num">Share</th>
                  <th scope="col">Models</th>
                  <th scope="col">Team / feature</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <Fragment key={r.traceId}>
                    <tr data-testid="run-row" data-trace-id={r.traceId}>
                      <th scope="row">
                        <button type="button" className="link" aria-expanded={open === r.traceId} onClick={() => setOpen(open === r.traceId ? null : r.traceId)}>
                          {r.traceId.slice(0, 12)}…
                        </button>
                      </th>
                      <td>{r.start.slice(0, 19).replace('T', ' ')}</td>
                      <td className="num">{formatMs(r.durationMs)}</td>
                      <td className="num">{formatCount(r.calls)}</td>
                      <td className="num" data-testid="run-cost">
                        {/* A run of unpriced calls has no known cost: never shown as $0. */}
                        {r.unpricedCalls === r.calls ? <span className="bad">unpriced</span> : formatUsd(r.costUsd)}
                        {r.unpricedCalls > 0 && r.unpricedCalls < r.calls && <span className="badge bad">{formatCount(r.unpricedCalls)} unpriced</span>}
                      </td>
                      <td className="num">{formatPercent(ratioOfUsd(r.costNanoUsd, d.totalNanoUsd))}</td>
                      <td>{r.models.join(', ')}</td>
                      <td>{[r.team, r.feature].filter((x) => x !== '').join(' / ') || '—'}</td>
                    </tr>
                    {open === r.traceId && (
                      <tr className="sub-row">
                        <td colSpan={8}>
                          <RunTimeline scope={scope} traceId={r.traceId} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </Panel>
  );
}
