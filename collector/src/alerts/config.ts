// The budgets-and-alerts module's settings, taken from the collector's one validated config.
import type { Config } from '../config';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './delivery';

export interface AlertsOptions {
  /** How often rules are evaluated. */
  intervalMs: number;
  delivery: DeliveryPolicy;
  /** How long one collector holds the alert lease before it is agreed again; default 4 intervals. */
  leaseTermMs?: number;
  /** See EvaluatorLease: the wait after claiming a term nobody held. */
  leaseSettleMs: number;
  /** Where people open the dashboard (BURNRATE_PUBLIC_URL); notifications link into it. */
  publicUrl?: string;
  /** Tests pass their own clock. */
  now?: () => Date;
}

export function alertsOptionsFromConfig(config: Config): AlertsOptions {
  return {
    intervalMs: config.BURNRATE_ALERT_INTERVAL_MS,
    leaseSettleMs: 1000,
    publicUrl: config.BURNRATE_PUBLIC_URL,
    delivery: { ...DEFAULT_DELIVERY_POLICY, maxAttempts: config.BURNRATE_ALERT_DELIVERY_ATTEMPTS, timeoutMs: config.BURNRATE_ALERT_DELIVERY_TIMEOUT_MS },
  };
}
