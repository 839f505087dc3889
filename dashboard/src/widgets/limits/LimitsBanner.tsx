// On every screen while a spend cap or limit refuses calls: what refuses them, since when, and
// when access resumes. Read again on each refresh tick.
import { IN_FORCE_URL } from '../../api/limitsRequests';
import type { LimitsInForceResponse } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useClock } from '../../state/refresh';

export function LimitsBanner() {
  const { now } = useClock();
  const state = useApi<LimitsInForceResponse>(IN_FORCE_URL, { reloadKey: now.getTime() });
  if (state.status !== 'ready' || state.data.inForce.length === 0) return null;
  return (
    <div className="limits-banner" role="alert" data-testid="limits-banner">
      {state.data.inForce.map((f) => (
        <p key={`${f.limitClass}:${f.account}`} data-limit-class={f.limitClass}>
          {f.message}
          {f.account ? ` (account ${f.account})` : ''}
        </p>
      ))}
    </div>
  );
}
