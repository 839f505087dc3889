// Which fields of each rule condition the screen lets people edit, with their labels. The API
// validates them again; this only decides what to show.
import type { AlertCondition } from '../../api/types';

export interface ConditionField {
  key: string;
  label: string;
  type: 'number' | 'text';
}

const THRESHOLD: ConditionField = { key: 'thresholdPercent', label: 'threshold %', type: 'number' };
const WINDOW: ConditionField = { key: 'windowMinutes', label: 'window (min)', type: 'number' };

export function conditionFields(kind: AlertCondition['kind']): ConditionField[] {
  switch (kind) {
    case 'budget_threshold':
    case 'budget_forecast':
      return [];
    case 'budget_burn_rate':
      return [{ key: 'pace', label: 'pace (fast pages, slow tickets)', type: 'text' }];
    case 'rate_limited_ratio':
      return [
        THRESHOLD,
        WINDOW,
        { key: 'minAttempts', label: 'min attempts', type: 'number' },
        { key: 'service', label: 'service', type: 'text' },
        { key: 'model', label: 'model', type: 'text' },
      ];
    case 'spend_anomaly':
      return [
        { key: 'factor', label: '× usual', type: 'number' },
        { key: 'minUsd', label: 'min $ in the hour', type: 'number' },
        { key: 'weeks', label: 'weeks back', type: 'number' },
      ];
    case 'model_throttled':
      return [THRESHOLD, WINDOW, { key: 'minAttempts', label: 'min attempts per model', type: 'number' }];
    case 'rate_limit_headroom':
      return [
        { key: 'withinMinutes', label: 'empties within (min)', type: 'number' },
        { key: 'percentOfLimit', label: 'or rate at % of limit', type: 'number' },
        { key: 'windowMinutes', label: 'headers from the last (min)', type: 'number' },
      ];
    case 'error_ratio':
      return [
        THRESHOLD,
        WINDOW,
        { key: 'minCalls', label: 'min calls', type: 'number' },
        { key: 'service', label: 'service', type: 'text' },
        { key: 'model', label: 'model', type: 'text' },
      ];
    case 'latency_p95':
      return [
        { key: 'thresholdMs', label: 'threshold (ms)', type: 'number' },
        WINDOW,
        { key: 'minCalls', label: 'min calls', type: 'number' },
        { key: 'model', label: 'model', type: 'text' },
      ];
    case 'unpriced_model':
    case 'deprecated_model':
      return [WINDOW];
    case 'key_spend_spike':
      return [WINDOW, { key: 'factor', label: 'times its usual rate', type: 'number' }, { key: 'minUsd', label: 'min $ in the window', type: 'number' }];
    case 'reconcile_drift':
      return [THRESHOLD, { key: 'lookbackDays', label: 'days back', type: 'number' }, { key: 'minReportedUsd', label: 'min reported $', type: 'number' }];
    case 'ingest_log':
      return [
        { key: 'maxAgeSeconds', label: 'oldest entry older than (s)', type: 'number' },
        { key: 'maxPercent', label: 'log fuller than (% of its cap)', type: 'number' },
        { key: 'freeSpaceFactor', label: 'free space under (× the floor)', type: 'number' },
      ];
    case 'spend_limit_refused':
    case 'spend_limit_threshold':
      return [];
    case 'usage_window':
      return [THRESHOLD, WINDOW];
    default: {
      const never: never = kind;
      return never;
    }
  }
}
