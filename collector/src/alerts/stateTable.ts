// alert_state: one row per (rule, subject) that ever fired, with its current status. Written
// before any notification goes out, and read back at start-up, so a restart neither forgets a
// firing alert nor announces it again.
import { z } from 'zod';
import type { ActiveAlert, AlertRuleKind, AlertSeverity } from '@burnrate/contract';
import { nextVersion, replacingEngine } from '../store/versionedTable';
import { onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';

export const STATE_TABLE = 'alert_state';

export interface AlertStateRecord {
  ruleId: string;
  ruleName: string;
  ruleKind: AlertRuleKind;
  severity: AlertSeverity;
  subject: string;
  status: 'firing' | 'resolved';
  startedAt: Date;
  /** The last transition (firing or resolved). */
  changedAt: Date;
  value: number;
  summary: string;
  labels: Record<string, string>;
  /** The event of the last transition; a resolve refers back to the alert it ends. */
  eventId: string;
}

export function stateTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(STATE_TABLE)}${onCluster(gateway)} (
    rule_id String,
    subject String,
    rule_name String,
    rule_kind LowCardinality(String),
    severity LowCardinality(String),
    status LowCardinality(String),
    started_at DateTime64(3, 'UTC'),
    changed_at DateTime64(3, 'UTC'),
    value Float64,
    summary String,
    labels Map(String, String),
    event_id String,
    version UInt64
  )
  ENGINE = ${replacingEngine(gateway, STATE_TABLE)}
  ORDER BY (rule_id, subject)`;
}

const readSchema = z.object({
  rule_id: z.string(),
  subject: z.string(),
  rule_name: z.string(),
  rule_kind: z.string(),
  severity: z.string(),
  status: z.enum(['firing', 'resolved']),
  started_at_text: z.string().transform(dateTime64ToDate),
  changed_at_text: z.string().transform(dateTime64ToDate),
  value: z.coerce.number(),
  summary: z.string(),
  labels: z.record(z.string(), z.string()),
  event_id: z.string(),
});

export const stateKey = (s: { ruleId: string; subject: string }) => `${s.ruleId}\u0000${s.subject}`;

/** Only firing rows: resolved ones are history (alert_events has them). */
export async function loadFiringStates(gateway: Gateway): Promise<AlertStateRecord[]> {
  const rows = await gateway.query(
    'alert-state-firing',
    `SELECT rule_id, subject, rule_name, rule_kind, severity, status, toString(started_at) AS started_at_text, toString(changed_at) AS changed_at_text,
            value, summary, labels, event_id
     FROM ${gateway.table(STATE_TABLE)} FINAL WHERE status = 'firing' ORDER BY started_at, rule_id, subject`,
  );
  return rows.map((row) => {
    const r = readSchema.parse(row);
    return {
      ruleId: r.rule_id,
      subject: r.subject,
      ruleName: r.rule_name,
      ruleKind: r.rule_kind as AlertRuleKind,
      severity: r.severity as AlertSeverity,
      status: r.status,
      startedAt: r.started_at_text,
      changedAt: r.changed_at_text,
      value: r.value,
      summary: r.summary,
      labels: r.labels,
      eventId: r.event_id,
    };
  });
}

export async function saveStates(gateway: Gateway, states: readonly AlertStateRecord[]): Promise<void> {
  await gateway.insert(
    'alert-state-save',
    gateway.table(STATE_TABLE),
    states.map((s) => ({
      rule_id: s.ruleId,
      subject: s.subject,
      rule_name: s.ruleName,
      rule_kind: s.ruleKind,
      severity: s.severity,
      status: s.status,
      started_at: dateToDateTime64(s.startedAt),
      changed_at: dateToDateTime64(s.changedAt),
      value: Number.isFinite(s.value) ? s.value : 0,
      summary: s.summary,
      labels: s.labels,
      event_id: s.eventId,
      version: nextVersion(),
    })),
  );
}

export function stateToActive(s: AlertStateRecord): ActiveAlert {
  return {
    ruleId: s.ruleId,
    ruleName: s.ruleName,
    ruleKind: s.ruleKind,
    severity: s.severity,
    subject: s.subject,
    summary: s.summary,
    value: s.value,
    startedAt: s.startedAt.toISOString(),
    labels: s.labels,
  };
}
