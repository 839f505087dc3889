// Chargeback: a UTC month's spend split by team, project, tenant, user, service or feature, with
// invoice cents that add up, month over month, the CSV and FOCUS exports finance loads, and the
// scheduled digests.
import { useState } from 'react';
import { Panel } from '../../components/Panel';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { formatCount, formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useClock } from '../../state/refresh';
import { BY_LABELS, CHARGEBACK_BY, chargebackCsvPath, chargebackPath, currentMonth, focusCsvPath, formatCents } from './chargebackView';
import { ChargebackTable } from './ChargebackTable';
import { DigestsPanel } from './DigestsPanel';
import { MonthlyChart } from './MonthlyChart';
import type { ChargebackDimension, ChargebackResponse } from '../../api/financeTypes';

function Kpi({ label, value, testId, bad }: { label: string; value: string; testId: string; bad?: boolean }) {
  return (
    <div className="kpi">
      <div className="kpi-label">{label}</div>
      <div className={`kpi-value${bad ? ' bad' : ''}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function Report({ report, by }: { report: ChargebackResponse; by: ChargebackDimension }) {
  return (
    <>
      {report.unpricedCalls > 0 && (
        <div className="banner bad" role="alert" data-testid="chargeback-unpriced">
          <strong>{formatCount(report.unpricedCalls)} calls have no price</strong> and are not in these amounts: {report.unpricedModels.join(', ')}. Add their
          prices in a pricing file (<code>BURNRATE_PRICING_FILE</code>).
        </div>
      )}
      <div className="kpis">
        <Kpi label={`Spend ${report.month}`} value={formatUsd(report.total.usd)} testId="chargeback-total" />
        <Kpi label="Invoice amount" value={formatCents(report.total.cents)} testId="chargeback-total-cents" />
        <Kpi label="Previous month" value={formatUsd(report.previousTotal.usd)} testId="chargeback-previous" />
        <Kpi label="Unpriced calls" value={formatCount(report.unpricedCalls)} testId="chargeback-unpriced-calls" bad={report.unpricedCalls > 0} />
      </div>
      <div className="grid">
        <Panel
          title={`Spend by ${BY_LABELS[by].toLowerCase()}`}
          wide
          note="Amounts are exact; the invoice column rounds to cents so the lines add up to the month's total."
        >
          <ChargebackTable report={report} byLabel={BY_LABELS[by]} />
        </Panel>
        <Panel title="Month over month" wide>
          <MonthlyChart report={report} />
        </Panel>
      </div>
    </>
  );
}

export function ChargebackScreen() {
  const { now } = useClock();
  const [by, setBy] = useState<ChargebackDimension>('team');
  const [month, setMonth] = useState(() => currentMonth(now));
  const [months, setMonths] = useState(3);
  const state = useApi<ChargebackResponse>(/^\d{4}-\d{2}$/.test(month) ? chargebackPath(by, month, months) : null, { reloadKey: now.getTime() });
  return (
    <>
      <div className="toolbar" role="group" aria-label="Chargeback">
        <label>
          Split by{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as ChargebackDimension)} data-testid="chargeback-by">
            {CHARGEBACK_BY.map((d) => (
              <option key={d} value={d}>
                {BY_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Month (UTC) <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="chargeback-month" required />
        </label>
        <label>
          History{' '}
          <select value={months} onChange={(e) => setMonths(Number(e.target.value))}>
            {[3, 6, 12].map((n) => (
              <option key={n} value={n}>
                {n} months
              </option>
            ))}
          </select>
        </label>
        <a className="button" href={chargebackCsvPath(by, month)} download data-testid="chargeback-csv">
          Export CSV
        </a>
        <a className="button" href={focusCsvPath(month)} download data-testid="chargeback-focus">
          Export FOCUS
        </a>
      </div>
      {state.status === 'loading' && <Loading label="the chargeback" height={320} />}
      {state.status === 'error' && <ErrorState what="the chargeback" error={state.error} retry={state.retry} />}
      {state.status === 'ready' && state.data.calls === 0 && state.data.rows.length === 0 && <EmptyState filtered={false} />}
      {state.status === 'ready' && (state.data.calls > 0 || state.data.rows.length > 0) && (
        <div className={state.updating ? 'updating' : undefined}>
          <Report report={state.data} by={by} />
        </div>
      )}
      <div className="grid">
        <DigestsPanel />
      </div>
    </>
  );
}
