// The limits API's URLs (collector/src/limits/routes.ts).
import type { ViewScope } from './requests';

const range = (scope: ViewScope) =>
  new URLSearchParams([
    ['from', scope.from.toISOString()],
    ['to', scope.to.toISOString()],
  ]);

export function refusalsUrl(scope: ViewScope, intervalMinutes: number): string {
  const params = range(scope);
  params.set('interval', String(intervalMinutes));
  return `/api/v1/limits/refusals?${params.toString()}`;
}

export const usageWindowsUrl = (scope: ViewScope) => `/api/v1/limits/usage-windows?${range(scope).toString()}`;
export const IN_FORCE_URL = '/api/v1/limits/in-force';
export const SPEND_LIMITS_URL = '/api/v1/limits/spend';
