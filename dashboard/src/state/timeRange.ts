// A range choice resolved against "now": presets roll with time, custom ranges stay put.
import type { RangeChoice, RangePreset, RefreshChoice } from './urlState';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function presetMs(preset: RangePreset): number {
  switch (preset) {
    case '1h':
      return HOUR;
    case '24h':
      return 24 * HOUR;
    case '7d':
      return 7 * 24 * HOUR;
    case '30d':
      return 30 * 24 * HOUR;
  }
}

export function resolveRange(range: RangeChoice, now: Date): { from: Date; to: Date } {
  if (range.kind === 'custom') return { from: range.from, to: range.to };
  return { from: new Date(now.getTime() - presetMs(range.preset)), to: now };
}

export function refreshMs(choice: RefreshChoice): number | null {
  switch (choice) {
    case 'off':
      return null;
    case '10s':
      return 10_000;
    case '30s':
      return 30_000;
    case '1m':
      return MINUTE;
    case '5m':
      return 5 * MINUTE;
  }
}

export const PRESET_LABELS: Record<RangePreset, string> = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };
