// Pure helpers of the forecast widgets: which request a view's filters allow, the chart's rows,
// and how the band reads.
import type { Filters } from '../../api/types';
import { formatUsd } from '../../format';
import type { ForecastResponse } from '../../api/financeTypes';

const SCOPE_FILTERS = ['service', 'team', 'project', 'feature', 'user', 'model'];

/** The month-end forecast URL for a view's filters; null when no budget-like scope matches them. */
export function forecastUrl(filters: Filters): string | null {
  const given = Object.entries(filters).filter(([, values]) => (values ?? []).length > 0);
  if (given.length > 1) return null;
  const params = new URLSearchParams({ period: 'month', timeZone: 'UTC' });
  if (given.length === 1) {
    const [name, values] = given[0]!;
    if (!SCOPE_FILTERS.includes(name) || values!.length !== 1) return null;
    params.set(name, values![0]!);
  }
  return `/api/v1/finance/forecast?${params}`;
}

export const METHOD_LABELS: Record<ForecastResponse['method'], string> = {
  weekday: 'from each weekday of the last four weeks',
  'daily-mean': 'from the daily mean (under two weeks of history)',
  'run-rate': 'from the run rate so far (no complete day yet)',
};

export const bandText = (f: Pick<ForecastResponse, 'lowUsd' | 'highUsd'>) => `${formatUsd(f.lowUsd)} – ${formatUsd(f.highUsd)}`;

export interface ForecastRow {
  day: string;
  label: string;
  actual: number | null;
  expected: number | null;
}

export function forecastRows(f: Pick<ForecastResponse, 'days'>): ForecastRow[] {
  return f.days.map((d) => ({ day: d.day, label: d.day.slice(8), actual: d.actualUsd, expected: d.expectedUsd }));
}
