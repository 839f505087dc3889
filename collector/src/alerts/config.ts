// The budgets-and-alerts module's settings, taken from the collector's one validated config.
import type { Config } from '../config';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './delivery';

export interface AlertsOptions {
  /** How often rules are evaluated. */
  intervalMs: number;
  delivery: DeliveryPolicy;
  /** Tests pass their own clock. */
  now?: () => Date;
}

export function alertsOptionsFromConfig(config: Config): AlertsOptions {
  return {
    intervalMs: config.BURNRATE_ALERT_INTERVAL_MS,
    delivery: { ...DEFAULT_DELIVERY_POLICY, maxAttempts: config.BURNRATE_ALERT_DELIVERY_ATTEMPTS, timeoutMs: config.BURNRATE_ALERT_DELIVERY_TIMEOUT_MS },
  };
}
