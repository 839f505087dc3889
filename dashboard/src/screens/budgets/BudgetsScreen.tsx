// The Budgets screen: each budget's spend and projection, the alerts firing now and lately, the
// alert rules and the channels they notify. Four states: loading, empty (no budgets: how to
// start), error (what failed, what to do), and data.
import type { ActiveAlertsResponse, AlertChannelListResponse, AlertHistoryResponse, AlertRuleListResponse, BudgetStatusResponse } from '../../../../collector/src/api/contract';
import { request, useResource } from './api';
import { ActiveAlerts, AlertHistory } from './AlertsPanel';
import { BudgetForm } from './BudgetForm';
import { BudgetTable } from './BudgetTable';
import { ChannelsPanel } from './ChannelsPanel';
import { RulesPanel } from './RulesPanel';

function EmptyBudgets() {
  return (
    <div className="budgets-empty">
      <p>No budgets yet. Add one below: a daily amount for a team, a project or the whole company, with alerts at 50%, 80% and 100%.</p>
      <p>Spend comes from instrumented apps:</p>
      <pre>
        {`const burnrate = instrument({ serviceName: 'support-bot' });
const client = burnrate.anthropic(new Anthropic());`}
      </pre>
    </div>
  );
}

export function BudgetsScreen() {
  const status = useResource<BudgetStatusResponse>('/api/v1/budgets/status');
  const rules = useResource<AlertRuleListResponse>('/api/v1/alerts/rules', 120_000);
  const channels = useResource<AlertChannelListResponse>('/api/v1/alerts/channels', 120_000);
  const active = useResource<ActiveAlertsResponse>('/api/v1/alerts/active');
  const history = useResource<AlertHistoryResponse>('/api/v1/alerts/history?limit=50', 60_000);

  const reloadAll = () => [status, rules, channels, active, history].forEach((r) => r.status === 'ready' && r.reload());

  async function removeBudget(id: string, name: string) {
    if (!window.confirm(`Remove budget "${name}"? Its alerts resolve at the next evaluation.`)) return;
    try {
      await request('DELETE', `/api/v1/budgets/${encodeURIComponent(id)}`);
    } catch (e) {
      window.alert(`Not removed: ${(e as Error).message}`);
    }
    reloadAll();
  }

  return (
    <section className="budgets-screen" aria-label="Budgets and alerts">
      <h2>Budgets</h2>
      {status.status === 'loading' && <p>Loading budgets…</p>}
      {status.status === 'error' && (
        <div role="alert">
          <p>Could not load the budgets: {status.message}.</p>
          <p>Check that the collector is running and that you are signed in, then</p>
          <button type="button" onClick={status.retry}>
            try again
          </button>
        </div>
      )}
      {status.status === 'ready' && (status.data.budgets.length === 0 ? <EmptyBudgets /> : <BudgetTable statuses={status.data.budgets} onDelete={removeBudget} />)}
      {status.status !== 'error' && <BudgetForm onCreated={reloadAll} />}

      <h2>Firing now</h2>
      <ActiveAlerts active={active} />

      <h2>Alert rules</h2>
      {rules.status === 'loading' || channels.status === 'loading' ? (
        <p>Loading rules…</p>
      ) : rules.status === 'error' || channels.status === 'error' ? (
        <p role="alert">Could not load the alert rules: {rules.status === 'error' ? rules.message : channels.status === 'error' ? channels.message : ''}</p>
      ) : (
        <RulesPanel rules={rules.data.rules} channels={channels.data.channels} onChanged={reloadAll} />
      )}

      <h2>Channels</h2>
      {channels.status === 'ready' ? (
        <ChannelsPanel channels={channels.data.channels} onChanged={reloadAll} />
      ) : channels.status === 'error' ? (
        <p role="alert">Could not load the channels: {channels.message}</p>
      ) : (
        <p>Loading channels…</p>
      )}

      <h2>Last 24 hours</h2>
      <AlertHistory history={history} />
    </section>
  );
}
