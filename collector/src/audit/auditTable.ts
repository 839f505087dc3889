// audit_log: who changed what, and who exported what, append-only. Rows are never updated or
// deleted by burnrate; only the table's own retention (BURNRATE_AUDIT_RETENTION_DAYS) ends them.
import { z } from 'zod';
import { mergeTreeEngine, onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';

export const AUDIT_TABLE = 'audit_log';

export interface AuditEntry {
  at: Date;
  /** A username, a key id, or '' for an anonymous caller. */
  actor: string;
  actorKind: 'user' | 'key' | 'anonymous' | 'open' | 'cli';
  /** "POST /api/v1/keys": the route pattern, not the raw path, so entries group. */
  action: string;
  /** The route's parameters (which key, which user), as JSON. Never a body: it may hold a password. */
  target: string;
  status: number;
  address: string;
  userAgent: string;
}

export function auditTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(AUDIT_TABLE)}${onCluster(gateway)} (
    at DateTime64(3, 'UTC'),
    actor String,
    actor_kind LowCardinality(String),
    action LowCardinality(String),
    target String,
    status UInt16,
    address String,
    user_agent String
  )
  ENGINE = ${mergeTreeEngine(gateway, 'MergeTree', AUDIT_TABLE)}
  PARTITION BY toYYYYMM(at)
  ORDER BY (at, actor)`;
}

export async function appendAudit(gateway: Gateway, entry: AuditEntry): Promise<void> {
  await gateway.insert('audit-append', gateway.table(AUDIT_TABLE), [
    {
      at: dateToDateTime64(entry.at),
      actor: entry.actor.slice(0, 200),
      actor_kind: entry.actorKind,
      action: entry.action.slice(0, 200),
      target: entry.target.slice(0, 1000),
      status: entry.status,
      address: entry.address.slice(0, 100),
      user_agent: entry.userAgent.slice(0, 300),
    },
  ]);
}

const readSchema = z.object({
  at_text: z.string().transform(dateTime64ToDate),
  actor: z.string(),
  actor_kind: z.enum(['user', 'key', 'anonymous', 'open', 'cli']),
  action: z.string(),
  target: z.string(),
  status: z.coerce.number(),
  address: z.string(),
  user_agent: z.string(),
});

export interface AuditQuery {
  from: Date;
  to: Date;
  limit: number;
  actor?: string;
  /** Matches actions containing this text ("keys", "DELETE"). */
  action?: string;
}

export async function listAudit(gateway: Gateway, query: AuditQuery): Promise<AuditEntry[]> {
  const rows = await gateway.query(
    'audit-list',
    `SELECT toString(at) AS at_text, actor, actor_kind, action, target, status, address, user_agent
     FROM ${gateway.table(AUDIT_TABLE)}
     WHERE at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
       AND ({actor:String} = '' OR actor = {actor:String})
       AND ({action:String} = '' OR positionCaseInsensitive(action, {action:String}) > 0)
     ORDER BY at DESC
     LIMIT {limit:UInt32}`,
    { from: dateToDateTime64(query.from), to: dateToDateTime64(query.to), actor: query.actor ?? '', action: query.action ?? '', limit: query.limit },
  );
  return rows.map((row) => {
    const r = readSchema.parse(row);
    return {
      at: r.at_text,
      actor: r.actor,
      actorKind: r.actor_kind,
      action: r.action,
      target: r.target,
      status: r.status,
      address: r.address,
      userAgent: r.user_agent,
    };
  });
}
