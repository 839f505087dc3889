// The dashboard view that shows an alert's cause, so a notification at 3 a.m. opens on the right
// screen, range and filters instead of the home page. Views are the dashboard's own URL state
// (#/<screen>?from=…&to=…&<filter>=…); a budget's scope becomes the filter of the same name.
import type { AlertEvent } from '@burnrate/contract';

const HOUR = 3_600_000;
const BUDGET_SCOPE_FILTERS = new Set(['service', 'team', 'project', 'feature', 'model', 'user']);

function view(screen: string, from: Date, to: Date, filters: [string, string][]): string {
  const params = new URLSearchParams([['from', from.toISOString()], ['to', to.toISOString()], ...filters.filter(([, v]) => v !== '')]);
  return `#/${screen}?${params.toString()}`;
}

/** The hash route of the view showing the cause (the hour or window before the event, a little after). */
export function causeView(event: Pick<AlertEvent, 'ruleKind' | 'labels' | 'at' | 'startedAt'>): string {
  const at = new Date(event.at);
  const started = new Date(event.startedAt);
  const from = new Date(Math.min(started.getTime(), at.getTime()) - HOUR);
  const to = new Date(at.getTime() + 15 * 60_000);
  const l = event.labels;
  switch (event.ruleKind) {
    case 'budget_threshold':
    case 'budget_forecast':
    case 'budget_burn_rate': {
      const scope: [string, string][] = BUDGET_SCOPE_FILTERS.has(l.scope_kind ?? '') ? [[l.scope_kind!, l.scope_value ?? '']] : [];
      const longMinutes = Number((l.window ?? '').split('m/')[0]) || 24 * 60;
      return view('spend', new Date(at.getTime() - longMinutes * 60_000), to, scope);
    }
    case 'spend_anomaly':
      return view('spend', new Date(at.getTime() - 6 * HOUR), to, [
        ['team', l.driver_team ?? ''],
        ['model', l.driver_model ?? ''],
        ['service', l.driver_service ?? ''],
        ['feature', l.driver_feature ?? ''],
      ]);
    case 'rate_limited_ratio':
    case 'model_throttled':
    case 'rate_limit_headroom':
    case 'error_ratio':
    case 'latency_p95':
      return view('reliability', from, to, [
        ['service', l.service ?? ''],
        ['model', l.model ?? ''],
      ]);
    case 'unpriced_model':
    case 'deprecated_model':
      return view('calls', from, to, [['model', l.model ?? '']]);
    case 'key_spend_spike':
      // The Keys view is an admin's; the calls the key sent are the cause to look at.
      return view('calls', from, to, []);
    case 'spend_limit_refused':
    case 'usage_window':
      return view('reliability', from, to, [['service', l.service ?? '']]);
    case 'spend_limit_threshold':
      return view('spend', from, to, []);
    case 'reconcile_drift': {
      const day = l.day ? new Date(`${l.day}T00:00:00Z`) : new Date(at.getTime() - 24 * HOUR);
      return view('spend', day, new Date(day.getTime() + 24 * HOUR), [['model', l.model ?? '']]);
    }
    case 'ingest_log':
      // The collector's own state (its /healthz and /metrics say more): the overview shows
      // the calls of the window, which stop growing while accepted spans wait in the log.
      return view('overview', from, to, []);
    default: {
      const never: never = event.ruleKind;
      return String(never);
    }
  }
}

/** The full link, or undefined when the collector does not know its public address. */
export function causeLink(publicUrl: string | undefined, event: Pick<AlertEvent, 'ruleKind' | 'labels' | 'at' | 'startedAt'>): string | undefined {
  if (!publicUrl) return undefined;
  return `${publicUrl.replace(/\/+$/, '')}/${causeView(event)}`;
}
