// alert_deliveries: the delivery log, one row per attempt to send a notification (sent, retrying
// or failed, with the HTTP status or error), kept 90 days.
import { z } from 'zod';
import type { AlertChannelKind, AlertDelivery } from '@burnrate/contract';
import { mergeTreeEngine, onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';

export const DELIVERIES_TABLE = 'alert_deliveries';

export function deliveriesTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(DELIVERIES_TABLE)}${onCluster(gateway)} (
    at DateTime64(3, 'UTC'),
    event_id String,
    channel_id String,
    channel_kind LowCardinality(String),
    attempt UInt16,
    outcome LowCardinality(String),
    http_status UInt16,
    error String,
    duration_ms Float64
  )
  ENGINE = ${mergeTreeEngine(gateway, 'MergeTree', DELIVERIES_TABLE)}
  PARTITION BY toYYYYMM(at)
  ORDER BY (at, channel_id)
  TTL toDateTime(at) + INTERVAL 90 DAY`;
}

export async function saveDelivery(gateway: Gateway, d: AlertDelivery): Promise<void> {
  await gateway.insert('alert-deliveries-save', gateway.table(DELIVERIES_TABLE), [
    {
      at: dateToDateTime64(new Date(d.at)),
      event_id: d.eventId,
      channel_id: d.channelId,
      channel_kind: d.channelKind,
      attempt: d.attempt,
      outcome: d.outcome,
      http_status: d.httpStatus,
      error: d.error.slice(0, 1000),
      duration_ms: d.durationMs,
    },
  ]);
}

const readSchema = z.object({
  at_text: z.string().transform(dateTime64ToDate),
  event_id: z.string(),
  channel_id: z.string(),
  channel_kind: z.string(),
  attempt: z.coerce.number(),
  outcome: z.enum(['sent', 'retrying', 'failed']),
  http_status: z.coerce.number(),
  error: z.string(),
  duration_ms: z.coerce.number(),
});

export async function listDeliveries(gateway: Gateway, range: { from: Date; to: Date }, limit: number): Promise<AlertDelivery[]> {
  const rows = await gateway.query(
    'alert-deliveries-list',
    `SELECT toString(at) AS at_text, event_id, channel_id, channel_kind, attempt, outcome, http_status, error, duration_ms
     FROM ${gateway.table(DELIVERIES_TABLE)}
     WHERE at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
     ORDER BY at DESC LIMIT {limit:UInt32}`,
    { from: dateToDateTime64(range.from), to: dateToDateTime64(range.to), limit },
  );
  return rows.map((row) => {
    const r = readSchema.parse(row);
    return {
      at: r.at_text.toISOString(),
      eventId: r.event_id,
      channelId: r.channel_id,
      channelKind: r.channel_kind as AlertChannelKind,
      attempt: r.attempt,
      outcome: r.outcome,
      httpStatus: r.http_status,
      error: r.error,
      durationMs: r.duration_ms,
    };
  });
}
