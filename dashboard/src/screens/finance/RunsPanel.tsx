// Cost per run: the range's most expensive runs, the calls sharing a trace or a session (a toggle);
// a run opens to its calls on a timeline, each with its model, tokens and cost. By session, the
// calls that carry no session id are counted under the table, never silently left out.
import { Fragment, useState } from 'react';
import type { ViewScope } from '../../api/requests';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatCount, formatMs, formatPercent, formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';
import { ratioOfUsd, runLabel, RUN_GROUPING_WORDS, RUN_GROUPINGS, runUrl, runsUrl, timelineBars } from './runsView';
import type { RunDetailResponse, RunGrouping, RunsResponse } from '../../api/financeTypes';

function RunTimeline({ scope, by, id }: { scope: ViewScope; by: RunGrouping; id: string }) {
  const state = useApi<RunDetailResponse>(runUrl(scope, by, id));
  return (
    <LoadState state={state} what="the run's calls" height={60}>
      {(d) => {
        const bars = timelineBars(d.calls);
        return (
          <ol className="run-timeline" data-testid="run-timeline">
            {d.calls.map((c, i) => (
              <li key={`${c.traceId}/${c.spanId}`} data-testid="run-call" data-span-id={c.spanId}>
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

function GroupingToggle({ by, onChange }: { by: RunGrouping; onChange: (by: RunGrouping) => void }) {
  return (
    <div role="group" aria-label="Group runs" className="segmented" data-testid="runs-by">
      {RUN_GROUPINGS.map((g) => (
        <button key={g} type="button" aria-pressed={by === g} onClick={() => onChange(g)}>
          {RUN_GROUPING_WORDS[g].button}
        </button>
      ))}
    </div>
  );
}

function OutsideRuns({ outside }: { outside: RunsResponse['outside'] }) {
  if (!outside || outside.calls === 0) return null;
  return (
    <p className="panel-note runs-outside" data-testid="runs-outside">
      No session id on {formatCount(outside.calls)} {outside.calls === 1 ? 'call' : 'calls'} (
      {outside.unpricedCalls === outside.calls ? 'unpriced' : formatUsd(outside.costUsd)}): they are in no session here.
    </p>
  );
}

/** The empty state: by session, no call says which conversation it belongs to, and how to say it. */
function NoRuns({ data }: { data: RunsResponse }) {
  if (data.by === 'trace')
    return (
      <p className="panel-note" data-testid="runs-empty">
        No calls in this range.
      </p>
    );
  return (
    <div data-testid="runs-empty">
      <p className="panel-note">No call in this range carries a session id. Name the conversation a call belongs to with the sdk-hook:</p>
      <pre className="snippet" tabIndex={0}>
        <code>{`await burnrate.withContext({ session: conversationId }, () => client.messages.create(params));`}</code>
      </pre>
      <OutsideRuns outside={data.outside} />
    </div>
  );
}

export function RunsPanel({ scope }: { scope: ViewScope }) {
  const [by, setBy] = useState<RunGrouping>('trace');
  const state = useApi<RunsResponse>(runsUrl(scope, by));
  const [open, setOpen] = useState<string | null>(null);
  const words = RUN_GROUPING_WORDS[by];
  const choose = (next: RunGrouping) => {
    setBy(next);
    setOpen(null);
  };
  return (
    <Panel title="Most expensive runs" wide testId="runs" note={words.note} actions={<GroupingToggle by={by} onChange={choose} />}>
      <LoadState state={state} what="runs">
        {(d) =>
          d.rows.length === 0 ? (
            <NoRuns data={d} />
          ) : (
            <div className="table-wrap">
              <table data-testid="runs-table" data-by={d.by}>
                <thead>
                  <tr>
                    <th scope="col">{RUN_GROUPING_WORDS[d.by].column}</th>
                    <th scope="col">Started</th>
                    <th scope="col" className="num">
                      Took
                    </th>
                    <th scope="col" className="num">
                      Calls
                    </th>
                    {d.by === 'session' && (
                      <th scope="col" className="num">
                        Requests
                      </th>
                    )}
                    <th scope="col" className="num">
                      Cost
                    </th>
                    <th scope="col" className="num">
                      Share
                    </th>
                    <th scope="col">Models</th>
                    <th scope="col">Team / feature</th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <Fragment key={r.id}>
                      <tr data-testid="run-row" data-run-id={r.id}>
                        <th scope="row">
                          <button type="button" className="link" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                            {runLabel(d.by, r.id)}
                          </button>
                        </th>
                        <td>{r.start.slice(0, 19).replace('T', ' ')}</td>
                        <td className="num">{formatMs(r.durationMs)}</td>
                        <td className="num">{formatCount(r.calls)}</td>
                        {d.by === 'session' && (
                          <td className="num" data-testid="run-traces">
                            {formatCount(r.traces)}
                          </td>
                        )}
                        <td className="num" data-testid="run-cost">
                          {/* A run of unpriced calls has no known cost: never shown as $0. */}
                          {r.unpricedCalls === r.calls ? <span className="bad">unpriced</span> : formatUsd(r.costUsd)}
                          {r.unpricedCalls > 0 && r.unpricedCalls < r.calls && <span className="badge bad">{formatCount(r.unpricedCalls)} unpriced</span>}
                        </td>
                        <td className="num">{formatPercent(ratioOfUsd(r.costNanoUsd, d.totalNanoUsd))}</td>
                        <td>{r.models.join(', ')}</td>
                        <td>{[r.team, r.feature].filter((x) => x !== '').join(' / ') || '—'}</td>
                      </tr>
                      {open === r.id && (
                        <tr className="sub-row">
                          <td colSpan={d.by === 'session' ? 9 : 8}>
                            <RunTimeline scope={scope} by={d.by} id={r.id} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  ))}
                </tbody>
              </table>
              <OutsideRuns outside={d.outside} />
            </div>
          )
        }
      </LoadState>
    </Panel>
  );
}
