// alert_acks: "someone is on it". An acknowledgement belongs to one firing of an alert (its
// started_at), so a later firing of the same rule and subject starts unacknowledged.
import { z } from 'zod';
import { mergeTreeEngine, onCluster } from '../../store/engines';
import type { Gateway } from '../../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../../store/time';

export const ACKS_TABLE = 'alert_acks';

export interface AckRecord {
  ruleId: string;
  subject: string;
  startedAt: Date;
  by: string;
  at: Date;
  note: string;
}

export function acksTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(ACKS_TABLE)}${onCluster(gateway)} (
    rule_id String,
    subject String,
    started_at DateTime64(3, 'UTC'),
    acked_by String,
    acked_at DateTime64(3, 'UTC'),
    note String
  )
  ENGINE = ${mergeTreeEngine(gateway, 'MergeTree', ACKS_TABLE)}
  ORDER BY (rule_id, subject, started_at)
  TTL toDateTime(acked_at) + INTERVAL 400 DAY`;
}

export async function saveAck(gateway: Gateway, ack: AckRecord): Promise<void> {
  await gateway.insert('alert-acks-save', gateway.table(ACKS_TABLE), [
    {
      rule_id: ack.ruleId,
      subject: ack.subject,
      started_at: dateToDateTime64(ack.startedAt),
      acked_by: ack.by,
      acked_at: dateToDateTime64(ack.at),
      note: ack.note,
    },
  ]);
}

const readSchema = z.object({
  rule_id: z.string(),
  subject: z.string(),
  started_text: z.string(),
  acked_by: z.string(),
  acked_text: z.string(),
  note: z.string(),
});

/** The first acknowledgement of each firing that started at or after `since`. */
export async function listAcks(gateway: Gateway, since: Date): Promise<AckRecord[]> {
  const rows = await gateway.query(
    'alert-acks-list',
    `SELECT rule_id, subject, toString(started_at) AS started_text, argMin(acked_by, acked_at) AS acked_by, toString(min(acked_at)) AS acked_text, argMin(note, acked_at) AS note
     FROM ${gateway.table(ACKS_TABLE)} WHERE started_at >= {since:DateTime64(3, 'UTC')}
     GROUP BY rule_id, subject, started_at LIMIT 10000`,
    { since: dateToDateTime64(since) },
  );
  return rows.map((row) => {
    const r = readSchema.parse(row);
    return {
      ruleId: r.rule_id,
      subject: r.subject,
      startedAt: dateTime64ToDate(r.started_text),
      by: r.acked_by,
      at: dateTime64ToDate(r.acked_text),
      note: r.note,
    };
  });
}

export const ackKey = (a: { ruleId: string; subject: string; startedAt: Date | string }) =>
  `${a.ruleId}\u0000${a.subject}\u0000${new Date(a.startedAt).toISOString()}`;
