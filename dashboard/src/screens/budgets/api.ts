// The Budgets screen's reads: budget status, alert rules, channels, what fires now and lately.
// Each is re-read on the page's refresh clock and after every change made on the screen.
import { useCallback, useState } from 'react';
import { BUDGET_STATUS_URL } from '../../api/requests';
import type { ActiveAlertsResponse, AlertChannelListResponse, AlertHistoryResponse, AlertRuleListResponse, BudgetStatusResponse } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useClock } from '../../state/refresh';

export const ALERT_RULES_URL = '/api/v1/alerts/rules';
export const ALERT_CHANNELS_URL = '/api/v1/alerts/channels';
export const ACTIVE_ALERTS_URL = '/api/v1/alerts/active';
export const ALERT_HISTORY_URL = '/api/v1/alerts/history?limit=50';

export function useBudgetsData() {
  const { now } = useClock();
  const [changes, setChanges] = useState(0);
  const reloadKey = `${now.getTime()}:${changes}`;
  const status = useApi<BudgetStatusResponse>(BUDGET_STATUS_URL, { reloadKey });
  const rules = useApi<AlertRuleListResponse>(ALERT_RULES_URL, { reloadKey });
  const channels = useApi<AlertChannelListResponse>(ALERT_CHANNELS_URL, { reloadKey });
  const active = useApi<ActiveAlertsResponse>(ACTIVE_ALERTS_URL, { reloadKey });
  const history = useApi<AlertHistoryResponse>(ALERT_HISTORY_URL, { reloadKey });
  const reload = useCallback(() => setChanges((n) => n + 1), []);
  return { status, rules, channels, active, history, reload };
}
