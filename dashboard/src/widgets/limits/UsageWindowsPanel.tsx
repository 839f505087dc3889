// Subscription usage windows (unified 5h / 7d) per account and service: how full, and when
// each fills at its recent pace.
import { usageWindowsUrl } from '../../api/limitsRequests';
import type { ViewScope } from '../../api/requests';
import type { UsageWindowsResponse } from '../../api/types';
import { TimeChart } from '../../charts/TimeChart';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatPercent, formatTime } from '../../format';
import { mapLoadable, useApi } from '../../hooks/useApi';
import { usageWindowRows, windowLabel } from '../../transforms/limits';

export function UsageWindowsPanel({ scope }: { scope: ViewScope }) {
  const state = useApi<UsageWindowsResponse>(usageWindowsUrl(scope));
  const shaped = mapLoadable(state, (data) => ({ ...usageWindowRows(data), list: data.series }));
  return (
    <Panel
      title="Usage windows"
      wide
      testId="usage-windows"
      note="Subscription accounts (Claude Code, the Agent SDK): the share of each window spent, as the API reported it on each attempt."
    >
      <LoadState state={shaped} what="usage windows">
        {(d) =>
          d.list.length === 0 ? (
            <p className="muted">No usage-window readings in this range (only subscription accounts report them).</p>
          ) : (
            <>
              <TimeChart
                rows={d.rows}
                series={d.series}
                kind="line"
                format={formatPercent}
                label="Usage window utilization"
                testId="chart-usage-windows"
                yDomain={[0, 1]}
              />
              <table className="table" data-testid="usage-window-table">
                <thead>
                  <tr>
                    <th>Window</th>
                    <th>Used</th>
                    <th>Full at this pace</th>
                    <th>Resets</th>
                  </tr>
                </thead>
                <tbody>
                  {d.list.map((s) => (
                    <tr key={windowLabel(s)}>
                      <th>{windowLabel(s)}</th>
                      <td data-testid="usage-window-latest">{formatPercent(s.latest)}</td>
                      <td>{s.forecastFullAt ? `${formatTime(s.forecastFullAt).slice(0, 16)} UTC` : 'not before it resets'}</td>
                      <td>{s.resetsAt ? `${formatTime(s.resetsAt).slice(0, 16)} UTC` : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </LoadState>
    </Panel>
  );
}
