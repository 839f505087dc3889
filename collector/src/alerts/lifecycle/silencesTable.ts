// alert_silences: current silences (see store/versionedTable.ts); ending one early is a removal.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { nextVersion, replacingEngine } from '../../store/versionedTable';
import { onCluster } from '../../store/engines';
import type { Gateway } from '../../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../../store/time';
import type { SilenceRecord, ValidSilenceInput } from './silence';

export const SILENCES_TABLE = 'alert_silences';

export function silencesTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(SILENCES_TABLE)}${onCluster(gateway)} (
    id String,
    rule_id String,
    subject String,
    ends_at DateTime64(3, 'UTC'),
    reason String,
    created_by String,
    created_at DateTime64(3, 'UTC'),
    deleted Bool,
    version UInt64
  )
  ENGINE = ${replacingEngine(gateway, SILENCES_TABLE)}
  ORDER BY id`;
}

const readSchema = z.object({
  id: z.string(),
  rule_id: z.string(),
  subject: z.string(),
  ends_at_text: z.string().transform(dateTime64ToDate),
  reason: z.string(),
  created_by: z.string(),
  created_at_text: z.string().transform(dateTime64ToDate),
});

/** Silences still running, or ended within `keptMs` (the screen shows recent ones). */
export async function listSilences(gateway: Gateway, now: Date, keptMs = 0): Promise<SilenceRecord[]> {
  const rows = await gateway.query(
    'alert-silences-list',
    `SELECT id, rule_id, subject, toString(ends_at) AS ends_at_text, reason, created_by, toString(created_at) AS created_at_text
     FROM ${gateway.table(SILENCES_TABLE)} FINAL
     WHERE NOT deleted AND ends_at > {since:DateTime64(3, 'UTC')}
     ORDER BY ends_at DESC, id LIMIT 1000`,
    { since: dateToDateTime64(new Date(now.getTime() - keptMs)) },
  );
  return rows.map((row) => {
    const r = readSchema.parse(row);
    return { id: r.id, ruleId: r.rule_id, subject: r.subject, endsAt: r.ends_at_text, reason: r.reason, createdBy: r.created_by, createdAt: r.created_at_text };
  });
}

function row(s: SilenceRecord, deleted: boolean) {
  return {
    id: s.id,
    rule_id: s.ruleId,
    subject: s.subject,
    ends_at: dateToDateTime64(s.endsAt),
    reason: s.reason,
    created_by: s.createdBy,
    created_at: dateToDateTime64(s.createdAt),
    deleted,
    version: nextVersion(),
  };
}

export async function saveSilence(gateway: Gateway, input: ValidSilenceInput, createdBy: string, now: Date): Promise<SilenceRecord> {
  const silence: SilenceRecord = { id: randomUUID(), ...input, createdBy, createdAt: now };
  await gateway.insert('alert-silences-save', gateway.table(SILENCES_TABLE), [row(silence, false)]);
  return silence;
}

export async function endSilence(gateway: Gateway, silence: SilenceRecord): Promise<void> {
  await gateway.insert('alert-silences-end', gateway.table(SILENCES_TABLE), [row(silence, true)]);
}
