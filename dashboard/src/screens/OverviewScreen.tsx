import { Panel } from '../components/Panel';
import { useScope } from '../hooks/useScope';
import { PRESET_LABELS } from '../state/timeRange';
import type { UrlState } from '../state/urlState';
import { BudgetCard } from '../widgets/overview/BudgetCard';
import { MonthKpi, RangeKpis } from '../widgets/overview/OverviewKpis';
import { RetirementNotice } from '../widgets/overview/RetirementNotice';
import { SpendTrendChart } from '../widgets/overview/SpendTrendChart';
import { useAttemptKpis, useDailyBudget, useMonthSpend, useRangeKpis, useTodaySpend } from '../widgets/overview/useOverview';
import { useBudgetDays } from '../widgets/budgetOverlay/useBudgetDays';
import { ForecastPanel } from '../widgets/forecast/ForecastPanel';
import { ScreenStates } from './screenState';

export function OverviewScreen({ url, update }: { url: UrlState; update: (c: Partial<UrlState>) => void }) {
  const { scope, now } = useScope(url);
  const calls = useRangeKpis(scope);
  const attempts = useAttemptKpis(scope);
  const today = useTodaySpend(scope, now);
  const month = useMonthSpend(scope, now);
  const budget = useDailyBudget(now);
  const budgetDays = useBudgetDays(scope);
  const rangeLabel = url.range.kind === 'preset' ? PRESET_LABELS[url.range.preset].toLowerCase() : 'selected range';
  return (
    <ScreenStates state={calls} what="the overview" calls={(d) => d.total.totals.calls ?? 0} url={url} update={update}>
      {(data) => (
        <>
          <RetirementNotice />
          <div className="kpis" data-testid="overview-kpis">
            <BudgetCard today={today} budget={budget} />
            <MonthKpi month={month} />
            <RangeKpis calls={data} attempts={attempts} rangeLabel={rangeLabel} />
          </div>
          <div className="grid">
            <Panel title="Spend over time" wide>
              <SpendTrendChart data={data} budgetDays={budgetDays} />
            </Panel>
            <ForecastPanel filters={url.filters} />
          </div>
        </>
      )}
    </ScreenStates>
  );
}
