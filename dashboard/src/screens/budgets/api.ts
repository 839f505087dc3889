// The Budgets screen's reads: budget status, alert rules, channels, what fires now and lately.
// Each is re-read on the page's refresh clock and after every change made on the screen.
import { useCallback, useState } from 'react';
import { BUDGET_STATUS_URL } from '../../api/requests';
import type {
  ActiveAlertsResponse,
  AlertChannelListResponse,
  AlertHistoryResponse,
  AlertRuleListResponse,
  AlertSilenceListResponse,
  BudgetStatusResponse,
} from '../../api/types';
import { historyUrl, type HistoryAsk } from './historyQuery';
import { useApi } from '../../hooks/useApi';
import { useClock } from '../../state/refresh';

export const ALERT_RULES_URL = '/api/v1/alerts/rules';
export const ALERT_CHANNELS_URL = '/api/v1/alerts/channels';
export const ACTIVE_ALERTS_URL = '/api/v1/alerts/active';
export const ALERT_SILENCES_URL = '/api/v1/alerts/silences';

export function useBudgetsData(historyAsk: HistoryAsk) {
  const { now } = useClock();
  const [changes, setChanges] = useState(0);
  const reloadKey = `${now.getTime()}:${changes}`;
  const status = useApi<BudgetStatusResponse>(BUDGET_STATUS_URL, { reloadKey });
  const rules = useApi<AlertRuleListResponse>(ALERT_RULES_URL, { reloadKey });
  const channels = useApi<AlertChannelListResponse>(ALERT_CHANNELS_URL, { reloadKey });
  const active = useApi<ActiveAlertsResponse>(ACTIVE_ALERTS_URL, { reloadKey });
  // The range ends at the refresh clock's reading, so it moves on with every refresh.
  const history = useApi<AlertHistoryResponse>(historyUrl(historyAsk, now), { reloadKey });
  const silences = useApi<AlertSilenceListResponse>(ALERT_SILENCES_URL, { reloadKey });
  const reload = useCallback(() => setChanges((n) => n + 1), []);
  return { status, rules, channels, active, history, silences, reload };
}
