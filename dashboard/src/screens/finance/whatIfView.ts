// Pure helpers of the what-if panel.
import type { ViewScope } from '../../api/requests';
import { formatUsd } from '../../format';

export const DEFAULT_SCENARIOS = ['batch', 'ttl:5m', 'ttl:1h'];

export function whatIfUrl(scope: ViewScope, model: string): string {
  const params = new URLSearchParams([
    ['from', scope.from.toISOString()],
    ['to', scope.to.toISOString()],
  ]);
  for (const [name, values] of Object.entries(scope.filters)) for (const value of values ?? []) params.append(name, value);
  if (model.trim() !== '') params.append('scenario', `model:${model.trim()}`);
  for (const s of DEFAULT_SCENARIOS) params.append('scenario', s);
  return `/api/v1/finance/what-if?${params}`;
}

/** "−$12.30" for a saving, "+$4.00" for a cost. */
export const deltaText = (usd: number) => (usd === 0 ? formatUsd(0) : `${usd > 0 ? '+' : '−'}${formatUsd(Math.abs(usd))}`);
