// Pure helpers of the Caching screen.
import type { ViewScope } from '../../api/requests';
import type { CacheRoiDimension } from '../../api/financeTypes';

export const CACHE_ROI_BY = ['feature', 'service', 'model', 'team', 'project'] as const satisfies readonly CacheRoiDimension[];
export const CACHE_BY_LABELS: Record<CacheRoiDimension, string> = { feature: 'Feature', service: 'Service', model: 'Model', team: 'Team', project: 'Project' };

export function cacheRoiUrl(scope: ViewScope, by: CacheRoiDimension): string {
  const params = new URLSearchParams([
    ['by', by],
    ['from', scope.from.toISOString()],
    ['to', scope.to.toISOString()],
  ]);
  for (const [name, values] of Object.entries(scope.filters)) for (const value of values ?? []) params.append(name, value);
  return `/api/v1/finance/cache-roi?${params}`;
}

/** "2.0 reads per written token", or a dash with no writes. */
export const readsPerWriteText = (ratio: number | null) => (ratio === null ? '—' : `${ratio.toFixed(ratio < 10 ? 2 : 0)}`);
