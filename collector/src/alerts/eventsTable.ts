// alert_events: the history, one row per transition (firing or resolved), kept 400 days.
import { z } from 'zod';
import type { AlertEvent, AlertRuleKind, AlertSeverity } from '@burnrate/contract';
import { mergeTreeEngine, onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';
import type { AlertStateRecord } from './stateTable';

export const EVENTS_TABLE = 'alert_events';

export function eventsTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(EVENTS_TABLE)}${onCluster(gateway)} (
    id String,
    at DateTime64(3, 'UTC'),
    status LowCardinality(String),
    rule_id String,
    rule_name String,
    rule_kind LowCardinality(String),
    severity LowCardinality(String),
    subject String,
    summary String,
    value Float64,
    started_at DateTime64(3, 'UTC'),
    labels Map(String, String)
  )
  ENGINE = ${mergeTreeEngine(gateway, 'MergeTree', EVENTS_TABLE)}
  PARTITION BY toYYYYMM(at)
  ORDER BY (at, rule_id, subject)
  TTL toDateTime(at) + INTERVAL 400 DAY`;
}

/** A transition as it is stored and sent: the state after it, and its own id and time. */
export function eventOf(state: AlertStateRecord): AlertEvent {
  return {
    id: state.eventId,
    at: state.changedAt.toISOString(),
    status: state.status,
    ruleId: state.ruleId,
    ruleName: state.ruleName,
    ruleKind: state.ruleKind,
    severity: state.severity,
    subject: state.subject,
    summary: state.summary,
    value: state.value,
    startedAt: state.startedAt.toISOString(),
    labels: state.labels,
  };
}

export async function saveEvents(gateway: Gateway, events: readonly AlertEvent[]): Promise<void> {
  await gateway.insert(
    'alert-events-save',
    gateway.table(EVENTS_TABLE),
    events.map((e) => ({
      id: e.id,
      at: dateToDateTime64(new Date(e.at)),
      status: e.status,
      rule_id: e.ruleId,
      rule_name: e.ruleName,
      rule_kind: e.ruleKind,
      severity: e.severity,
      subject: e.subject,
      summary: e.summary,
      value: Number.isFinite(e.value) ? e.value : 0,
      started_at: dateToDateTime64(new Date(e.startedAt)),
      labels: e.labels,
    })),
  );
}

const readSchema = z.object({
  id: z.string(),
  at_text: z.string().transform(dateTime64ToDate),
  status: z.enum(['firing', 'resolved']),
  rule_id: z.string(),
  rule_name: z.string(),
  rule_kind: z.string(),
  severity: z.string(),
  subject: z.string(),
  summary: z.string(),
  value: z.coerce.number(),
  started_at_text: z.string().transform(dateTime64ToDate),
  labels: z.record(z.string(), z.string()),
});

/** History filters; '' (or left out) means any. */
export interface EventFilters {
  ruleId?: string;
  severity?: string;
  status?: string;
  kind?: string;
}

export async function listEvents(gateway: Gateway, range: { from: Date; to: Date }, limit: number, filters: EventFilters = {}): Promise<AlertEvent[]> {
  const rows = await gateway.query(
    'alert-events-list',
    `SELECT id, toString(at) AS at_text, status, rule_id, rule_name, rule_kind, severity, subject, summary, value,
            toString(started_at) AS started_at_text, labels
     FROM ${gateway.table(EVENTS_TABLE)}
     WHERE at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
       AND ({ruleId:String} = '' OR rule_id = {ruleId:String}) AND ({severity:String} = '' OR severity = {severity:String})
       AND ({status:String} = '' OR status = {status:String}) AND ({kind:String} = '' OR rule_kind = {kind:String})
     ORDER BY at DESC, rule_id, subject LIMIT {limit:UInt32}`,
    {
      from: dateToDateTime64(range.from),
      to: dateToDateTime64(range.to),
      limit,
      ruleId: filters.ruleId ?? '',
      severity: filters.severity ?? '',
      status: filters.status ?? '',
      kind: filters.kind ?? '',
    },
  );
  return rows.map((row) => {
    const r = readSchema.parse(row);
    return {
      id: r.id,
      at: r.at_text.toISOString(),
      status: r.status,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      ruleKind: r.rule_kind as AlertRuleKind,
      severity: r.severity as AlertSeverity,
      subject: r.subject,
      summary: r.summary,
      value: r.value,
      startedAt: r.started_at_text.toISOString(),
      labels: r.labels,
    };
  });
}
