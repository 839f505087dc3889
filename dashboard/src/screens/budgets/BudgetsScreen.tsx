// The Budgets screen: each budget's spend and projection, the alerts firing now and lately, the
// alert rules and the channels they notify. Budgets count their own day or month, so the page's
// time range and filters do not apply here. Four states from the budget status: loading, error
// (what failed, what to do), empty (no budgets: how to start), and data.
import { useState } from 'react';
import { Panel } from '../../components/Panel';
import { ErrorState, INSTRUMENT_SNIPPET, LoadState, Loading } from '../../components/States';
import { bothLoadables } from '../../hooks/useApi';
import { ActiveAlerts, AlertHistory, HistoryFilters, Silences } from './AlertsPanel';
import type { HistoryAsk } from './historyQuery';
import { useBudgetsData } from './api';
import { BudgetForm } from './BudgetForm';
import { BudgetTable } from './BudgetTable';
import { ViewerHint } from './changes';
import { ChannelsPanel } from './ChannelsPanel';
import { orderBudgets, orderChannels, orderRules } from './order';
import { RulesPanel } from './RulesPanel';
import { KeysPanel } from '../people/KeysPanel';
import { UsersPanel } from '../people/UsersPanel';

function EmptyBudgets({ onCreated }: { onCreated: () => void }) {
  return (
    <section className="empty-state wide-empty" data-testid="budgets-empty" aria-labelledby="budgets-empty-title">
      <h2 id="budgets-empty-title">No budgets yet</h2>
      <p>
        A budget is an amount per day or per month, for a team, a project, a service, a model or everything. burnrate tracks the spend against it, projects the
        period end from the current burn rate, and alerts at its thresholds (50%, 80% and 100% unless you choose others).
      </p>
      <BudgetForm onCreated={onCreated} />
      <ViewerHint />
      <p>Spend comes from apps that use the Anthropic SDK with the sdk-hook:</p>
      <pre className="snippet" tabIndex={0}>
        <code>{INSTRUMENT_SNIPPET}</code>
      </pre>
    </section>
  );
}

export function BudgetsScreen() {
  const [historyAsk, setHistoryAsk] = useState<HistoryAsk>({ range: '1d', status: '', severity: '' });
  const { status, rules, channels, active, history, silences, reload } = useBudgetsData(historyAsk);
  if (status.status === 'loading') return <Loading label="budgets" height={320} />;
  if (status.status === 'error') return <ErrorState what="budgets" error={status.error} retry={status.retry} />;
  const budgets = status.data.budgets;
  // A rule lists the channels it notifies: it shows once both are there.
  const rulesAndChannels = bothLoadables(rules, channels);
  return (
    <div className="budgets-screen" data-testid="budgets-screen">
      {budgets.length === 0 ? (
        <EmptyBudgets onCreated={reload} />
      ) : (
        <div className={status.updating ? 'updating' : undefined}>
          <Panel
            title="Budgets"
            wide
            actions={<ViewerHint />}
            note="Spend so far this period and where the current burn rate takes it. Each budget counts its own day or month in its time zone; the page's range and filters do not apply."
          >
            <BudgetTable statuses={orderBudgets(budgets)} onChanged={reload} />
            <h3 className="subhead">Add a budget</h3>
            <BudgetForm onCreated={reload} />
          </Panel>
        </div>
      )}
      <div className="grid">
        <Panel title="Firing now">
          <LoadState state={active} what="the firing alerts" height={80}>
            {(d) => <ActiveAlerts alerts={d.alerts} onChanged={reload} />}
          </LoadState>
          <h3 className="subhead">Silences</h3>
          <LoadState state={silences} what="the silences" height={40}>
            {(d) => <Silences silences={d.silences} onChanged={reload} />}
          </LoadState>
        </Panel>
        <Panel title="Alert history" note="Alerts that fired or resolved; kept 400 days." actions={<HistoryFilters ask={historyAsk} onAsk={setHistoryAsk} />}>
          <LoadState state={history} what="the alert history" height={80}>
            {(d) => <AlertHistory events={d.events} />}
          </LoadState>
        </Panel>
        <Panel title="Alert rules" wide actions={<ViewerHint />} note="Changes are saved as you make them.">
          <LoadState state={rulesAndChannels} what="the alert rules" height={120}>
            {([r, c]) => <RulesPanel rules={orderRules(r.rules)} channels={orderChannels(c.channels)} onChanged={reload} />}
          </LoadState>
        </Panel>
        <Panel title="Channels" wide actions={<ViewerHint />} note="Where alerts are sent. Secrets are sent once and never shown again.">
          <LoadState state={channels} what="the channels" height={80}>
            {(d) => <ChannelsPanel channels={orderChannels(d.channels)} onChanged={reload} />}
          </LoadState>
        </Panel>
        <UsersPanel />
        <KeysPanel />
      </div>
    </div>
  );
}
