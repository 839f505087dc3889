import { DIMENSION_LABELS, SPEND_DIMENSIONS, type SpendDimension } from '../api/catalog';
import { Panel } from '../components/Panel';
import { LoadState } from '../components/States';
import { formatCount, formatUsd } from '../format';
import { useScope } from '../hooks/useScope';
import { intervalMs } from '../transforms/series';
import { useBudgetDays } from '../widgets/budgetOverlay/useBudgetDays';
import { downloadCsv, spendSeriesCsv, topSpendersCsv } from '../transforms/csv';
import type { UrlState } from '../state/urlState';
import { SpendOverTimeChart } from '../widgets/spend/SpendOverTimeChart';
import { TokenSplitChart, TOKEN_SERIES } from '../widgets/spend/TokenSplitChart';
import { TopSpendersTable } from '../widgets/spend/TopSpendersTable';
import { UnpricedBanner } from '../widgets/spend/UnpricedBanner';
import { CostLinesTable } from '../widgets/spend/CostLinesTable';
import { useCostLines, useSpendOverTime, useSpendSummary, useTokenSplit, useTopSpenders } from '../widgets/spend/useSpend';
import { ScreenStates } from './screenState';

export function SpendScreen({ url, update }: { url: UrlState; update: (c: Partial<UrlState>) => void }) {
  const { scope } = useScope(url);
  const summary = useSpendSummary(scope);
  const overTime = useSpendOverTime(scope, url.by);
  const top = useTopSpenders(scope, url.by);
  const tokens = useTokenSplit(scope);
  const lines = useCostLines(scope);
  const budgetDays = useBudgetDays(scope);
  const byLabel = DIMENSION_LABELS[url.by];
  const picker = (
    <label>
      Stack by{' '}
      <select value={url.by} onChange={(e) => update({ by: e.target.value as SpendDimension })} data-testid="spend-by">
        {SPEND_DIMENSIONS.map((d) => (
          <option key={d} value={d}>
            {DIMENSION_LABELS[d]}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <ScreenStates state={summary} what="spend" calls={(s) => s.calls} url={url} update={update}>
      {(s) => (
        <>
          <UnpricedBanner summary={s} />
          <div className="kpis compact">
            <div className="kpi">
              <div className="kpi-label">Spend</div>
              <div className="kpi-value" data-testid="spend-total">
                {formatUsd(s.costUsd)}
              </div>
            </div>
            <div className="kpi">
              <div className="kpi-label">Calls</div>
              <div className="kpi-value" data-testid="spend-calls">
                {formatCount(s.calls)}
              </div>
            </div>
            <div className="kpi">
              <div className="kpi-label">Unpriced calls</div>
              <div className={`kpi-value${s.unpricedCalls > 0 ? ' bad' : ''}`} data-testid="spend-unpriced">
                {formatCount(s.unpricedCalls)}
              </div>
            </div>
          </div>
          <div className="grid">
            <Panel
              title={`Spend over time by ${byLabel.toLowerCase()}`}
              wide
              actions={
                <>
                  {picker}
                  {overTime.status === 'ready' && (
                    <button type="button" onClick={() => downloadCsv(`spend-by-${url.by}.csv`, spendSeriesCsv(overTime.data.response, url.by))}>
                      Export CSV
                    </button>
                  )}
                </>
              }
            >
              <LoadState state={overTime} what="spend over time">
                {(d) => (
                  <SpendOverTimeChart
                    rows={d.rows}
                    series={d.series}
                    byLabel={byLabel.toLowerCase()}
                    bucketMs={intervalMs(d.response.interval)}
                    budgetDays={budgetDays}
                  />
                )}
              </LoadState>
            </Panel>
            <Panel
              title={`Top spenders by ${byLabel.toLowerCase()}`}
              actions={
                top.status === 'ready' && (
                  <button type="button" onClick={() => downloadCsv(`top-${url.by}.csv`, topSpendersCsv(top.data))}>
                    Export CSV
                  </button>
                )
              }
            >
              <LoadState state={top} what="top spenders">
                {(d) => <TopSpendersTable data={d} byLabel={byLabel} />}
              </LoadState>
            </Panel>
            <Panel title="Cost lines">
              <LoadState state={lines} what="cost lines">
                {(d) => <CostLinesTable data={d} />}
              </LoadState>
            </Panel>
            <Panel title="Tokens by kind">
              <LoadState state={tokens} what="tokens by kind">
                {(d) => (
                  <>
                    <TokenSplitChart rows={d.rows} />
                    <dl className="totals">
                      {TOKEN_SERIES.map((t) => (
                        <div key={t.id}>
                          <dt>
                            <span className="swatch" style={{ background: t.color }} /> {t.label}
                          </dt>
                          <dd data-testid={`tokens-${t.id}`}>{formatCount(d.totals[t.id])}</dd>
                        </div>
                      ))}
                    </dl>
                  </>
                )}
              </LoadState>
            </Panel>
          </div>
        </>
      )}
    </ScreenStates>
  );
}
