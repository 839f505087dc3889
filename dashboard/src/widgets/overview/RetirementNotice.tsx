// "N calls yesterday to models retiring within 30 days", with the model to move to: the retirement
// schedule (collector: /api/v1/retirements/notice) against yesterday's traffic. Nothing when none.
import type { RetirementNoticeResponse } from '../../api/types';
import { formatCount } from '../../format';
import { useApi } from '../../hooks/useApi';

export const RETIREMENT_NOTICE_URL = '/api/v1/retirements/notice';

export function RetirementNotice() {
  const notice = useApi<RetirementNoticeResponse>(RETIREMENT_NOTICE_URL);
  if (notice.status !== 'ready' || notice.data.calls === 0) return null;
  const { calls, withinDays, models } = notice.data;
  return (
    <div className="banner bad" role="alert" data-testid="retirement-notice">
      <strong>
        {formatCount(calls)} calls yesterday to models retiring within {withinDays} days:
      </strong>{' '}
      {models.map((m, i) => (
        <span key={m.model} data-testid="retiring-model">
          {i > 0 && '; '}
          {m.model} ({formatCount(m.calls)} calls, retires {m.retires}
          {m.replacement ? `, move to ${m.replacement}` : ''})
        </span>
      ))}
    </div>
  );
}
