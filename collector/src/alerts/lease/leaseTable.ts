// alert_lease: who evaluates alerts when several collectors share one store. ClickHouse has no
// compare-and-set, so the lease is agreed by reading, not by locking: every collector appends a
// claim for a coming term, and all of them pick the same winner from the same claims (the
// earliest claim by the store's own clock, so collectors' clocks never disagree about order).
import { z } from 'zod';
import { mergeTreeEngine, onCluster } from '../../store/engines';
import type { Gateway, StatementSettings } from '../../store/gateway';

/**
 * On a cluster the lease table is replicated, and replication is asynchronous: a claim written on
 * one replica may not yet be on the one another collector reads, and both would win the term. So
 * claims are quorum writes (a majority of replicas, linearized: insert_quorum_parallel off) and
 * reads are sequentially consistent (they see every quorum write before them), as ClickHouse's
 * insert_quorum settings describe. A single node has nothing to agree with.
 */
export function leaseConsistency(gateway: Gateway, use: 'claim' | 'read'): StatementSettings | undefined {
  if (!gateway.cluster) return undefined;
  return use === 'claim' ? { insert_quorum: 'auto', insert_quorum_parallel: 0 } : { select_sequential_consistency: 1 };
}

export const LEASE_TABLE = 'alert_lease';

export function leaseTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(LEASE_TABLE)}${onCluster(gateway)} (
    term UInt64,
    holder String,
    claimed_at DateTime64(6, 'UTC'),
    released Bool DEFAULT false
  )
  ENGINE = ${mergeTreeEngine(gateway, 'MergeTree', LEASE_TABLE)}
  ORDER BY (term, claimed_at, holder)
  TTL toDateTime(claimed_at) + INTERVAL 7 DAY`;
}

/** Appends a claim (or, with released, a give-back) stamped by the store's clock. */
export async function appendClaim(gateway: Gateway, term: number, holder: string, released = false): Promise<void> {
  await gateway.command(
    'alert-lease-claim',
    `INSERT INTO ${gateway.table(LEASE_TABLE)} (term, holder, claimed_at, released)
     SELECT {term:UInt64}, {holder:String}, now64(6, 'UTC'), {released:Bool}`,
    { term, holder, released },
    leaseConsistency(gateway, 'claim'),
  );
}

const claimSchema = z.object({ holder: z.string(), claimed_at: z.string(), released: z.coerce.boolean() });
export type Claim = z.infer<typeof claimSchema>;

export async function claimsFor(gateway: Gateway, term: number): Promise<Claim[]> {
  const rows = await gateway.query(
    'alert-lease-read',
    `SELECT holder, toString(claimed_at) AS claimed_at, released FROM ${gateway.table(LEASE_TABLE)}
     WHERE term = {term:UInt64} ORDER BY claimed_at, holder LIMIT 1000`,
    { term },
    leaseConsistency(gateway, 'read'),
  );
  return rows.map((row) => claimSchema.parse(row));
}

/** The earliest claimant that has not given the term back; ties (same microsecond) by name. */
export function winnerOf(claims: readonly Claim[]): string | undefined {
  const gaveBack = new Set(claims.filter((c) => c.released).map((c) => c.holder));
  const live = claims.filter((c) => !c.released && !gaveBack.has(c.holder));
  live.sort((a, b) => (a.claimed_at < b.claimed_at ? -1 : a.claimed_at > b.claimed_at ? 1 : a.holder < b.holder ? -1 : a.holder > b.holder ? 1 : 0));
  return live[0]?.holder;
}
