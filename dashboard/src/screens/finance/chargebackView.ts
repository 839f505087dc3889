// Pure helpers of the Chargeback screen: request URLs and how figures read.
import { formatPercent, formatUsd } from '../../format';
import type { ChargebackDimension, ChargebackRow } from '../../api/financeTypes';
import { nanoToUsd } from '@burnrate/contract';

export const CHARGEBACK_BY = ['team', 'project', 'tenant', 'user', 'service', 'feature'] as const satisfies readonly ChargebackDimension[];

export const BY_LABELS: Record<ChargebackDimension, string> = {
  team: 'Team',
  project: 'Project',
  tenant: 'Tenant',
  user: 'User',
  service: 'Service',
  feature: 'Feature',
};

/** The UTC month holding `now`, as YYYY-MM (Anthropic invoices UTC months). */
export const currentMonth = (now: Date) => now.toISOString().slice(0, 7);

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

export const chargebackPath = (by: ChargebackDimension, month: string, months = 3) => `/api/v1/chargeback?${query({ by, month, months: String(months) })}`;
export const chargebackCsvPath = (by: ChargebackDimension, month: string) => `/api/v1/chargeback.csv?${query({ by, month })}`;
export const focusCsvPath = (month: string) => `/api/v1/chargeback/focus.csv?${query({ month })}`;

/** "+$1.20 (+25.0%)", "-$0.40", "new" when nothing was spent the month before. */
export function changeText(row: Pick<ChargebackRow, 'changeUsd' | 'changeRatio' | 'previous'>): string {
  if (row.previous.nanoUsd === '0') return row.changeUsd === 0 ? formatUsd(0) : 'new';
  const sign = row.changeUsd > 0 ? '+' : '';
  const ratio = row.changeRatio === null ? '' : ` (${row.changeRatio > 0 ? '+' : row.changeRatio < 0 ? '-' : ''}${formatPercent(Math.abs(row.changeRatio))})`;
  return `${sign}${formatUsd(row.changeUsd)}${ratio}`;
}

/** Cents as an invoice writes them: $1,234.56. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

const TOP_KEYS = 6;
export const OTHER_KEY = 'Other';

/**
 * Month-over-month rows for a stacked bar chart: the month's biggest keys as their own series,
 * the rest summed as "Other" (in nano-dollars, turned into dollars once per bar).
 */
export function monthlySeries(report: { months: string[]; rows: Pick<ChargebackRow, 'key' | 'history'>[] }): {
  keys: string[];
  rows: Record<string, string | number>[];
} {
  const top = report.rows.slice(0, TOP_KEYS);
  const rest = report.rows.slice(TOP_KEYS);
  const keys = top.map((r) => (r.key === '' ? '(none)' : r.key));
  if (rest.length > 0) keys.push(OTHER_KEY);
  const rows = report.months.map((month, i) => {
    const row: Record<string, string | number> = { month };
    top.forEach((r, k) => (row[keys[k]!] = r.history[i]!.cost.usd));
    if (rest.length > 0) row[OTHER_KEY] = nanoToUsd(rest.reduce((s, r) => s + BigInt(r.history[i]!.cost.nanoUsd), 0n));
    return row;
  });
  return { keys, rows };
}
