// How numbers read on screen. The browser tests format the API's numbers with these same
// functions and compare, so "the numbers on screen equal the API's" is checked exactly.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export const DASH = '—';

export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs === 0) return '$0.00';
  if (abs >= 1000) return `${sign}$${grouped.format(abs)}`;
  if (abs >= 1) return `${sign}$${abs.toFixed(2)}`;
  // Sub-dollar amounts keep three significant digits: a cent-rounded $0.00 would hide real spend.
  return `${sign}$${Number(abs.toPrecision(3)).toString()}`;
}

/** Chart axes: $1.2k, $35, $0.4. */
export function formatUsdShort(value: number): string {
  if (Math.abs(value) >= 1000) return `$${compact.format(value)}`;
  if (Math.abs(value) >= 10 || value === 0) return `$${Math.round(value)}`;
  return `$${Number(value.toPrecision(2))}`;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return grouped.format(value);
}

export const formatCountShort = (value: number) => compact.format(value);

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return DASH;
  const percent = ratio * 100;
  if (percent === 0) return '0%';
  return `${percent.toFixed(percent < 1 ? 2 : 1)}%`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatRatio(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return value.toFixed(digits);
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Bucket labels in UTC: 14:05 within a day, Nov 21 for days, Nov 21 14:00 in between. */
export function formatBucket(iso: string, intervalMs: number): string {
  const d = new Date(iso);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (intervalMs >= 86_400_000) return day;
  if (intervalMs >= 3_600_000) return `${day} ${time}`;
  return time;
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A group key for people: '' is "(none)", the folded series is "Other". */
export function formatKey(key: string[], other = false): string {
  if (other || key.length === 0) return 'Other';
  return key.map((k) => (k === '' ? '(none)' : k)).join(' → ');
}
