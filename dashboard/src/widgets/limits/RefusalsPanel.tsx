// Refused attempts by what refused them, over the range: a spend cap is not a rate-limit storm.
import { refusalsUrl } from '../../api/limitsRequests';
import type { ViewScope } from '../../api/requests';
import type { RefusalsResponse } from '../../api/types';
import { TimeChart } from '../../charts/TimeChart';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatCount } from '../../format';
import { mapLoadable, useApi } from '../../hooks/useApi';
import { LIMIT_CLASS_STYLES, refusalInterval, refusalRows } from '../../transforms/limits';

export function RefusalsPanel({ scope }: { scope: ViewScope }) {
  const state = useApi<RefusalsResponse>(refusalsUrl(scope, refusalInterval(scope.from, scope.to)));
  const shaped = mapLoadable(state, (data) => ({ ...refusalRows(data), totals: data.totals }));
  return (
    <Panel
      title="Refusals by limit"
      wide
      testId="refusals-by-class"
      note="Every refused attempt, by what refused it. Wasted: retries that could not have succeeded (after a spend cap, a spend limit or a full usage window)."
    >
      <LoadState state={shaped} what="refusals">
        {(d) =>
          d.totals.length === 0 ? (
            <p className="muted">No refused attempts in this range.</p>
          ) : (
            <>
              <TimeChart rows={d.rows} series={d.series} kind="bar" stacked format={formatCount} label="Refused attempts by limit" testId="chart-refusals" />
              <ul className="refusal-totals" data-testid="refusal-totals">
                {d.totals.map((t) => (
                  <li key={t.limitClass} data-limit-class={t.limitClass}>
                    {LIMIT_CLASS_STYLES[t.limitClass].label}
                    {t.detail ? ` (${t.detail})` : ''}: {formatCount(t.attempts)} attempts, {formatCount(t.wasted)} wasted retries
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </LoadState>
    </Panel>
  );
}
