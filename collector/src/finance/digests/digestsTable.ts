// finance_digests: each scheduled digest's current definition and the last period it was sent
// for (see store/versionedTable.ts). Migration 600: finance owns 600–699.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { onCluster } from '../../store/engines';
import type { Gateway } from '../../store/gateway';
import type { Migration } from '../../store/migrations';
import { nextVersion, replacingEngine, versionedReader } from '../../store/versionedTable';
import type { Digest, DigestInput } from '../contract';

export const DIGESTS_TABLE = 'finance_digests';

export const DIGEST_MIGRATIONS: Migration[] = [
  {
    version: 600,
    name: 'finance digests',
    statements: (g) => [
      `CREATE TABLE IF NOT EXISTS ${g.table(DIGESTS_TABLE)}${onCluster(g)} (
        id String,
        name String,
        schedule LowCardinality(String),
        hour_utc UInt8,
        weekday UInt8,
        channel_id String,
        enabled Bool,
        last_sent_for String,
        created_at DateTime64(3, 'UTC') DEFAULT now64(3),
        deleted Bool,
        version UInt64
      )
      ENGINE = ${replacingEngine(g, DIGESTS_TABLE)}
      ORDER BY id`,
    ],
  },
];

const readSchema = z.object({
  id: z.string(),
  name: z.string(),
  schedule: z.enum(['daily', 'weekly']),
  hour_utc: z.coerce.number(),
  weekday: z.coerce.number(),
  channel_id: z.string(),
  enabled: z.boolean(),
  last_sent_for: z.string(),
});

function toDigest(row: unknown): Digest {
  const r = readSchema.parse(row);
  return {
    id: r.id,
    name: r.name,
    schedule: r.schedule,
    hourUtc: r.hour_utc,
    weekday: r.weekday,
    channelId: r.channel_id,
    enabled: r.enabled,
    lastSentFor: r.last_sent_for,
  };
}

const reader = versionedReader(DIGESTS_TABLE, 'finance-digests', 'SELECT id, name, schedule, hour_utc, weekday, channel_id, enabled, last_sent_for', toDigest);
export const listDigests = reader.list;
export const getDigest = reader.get;

async function write(gateway: Gateway, digest: Digest, deleted: boolean): Promise<void> {
  await gateway.insert('finance-digests-save', gateway.table(DIGESTS_TABLE), [
    {
      id: digest.id,
      name: digest.name,
      schedule: digest.schedule,
      hour_utc: digest.hourUtc,
      weekday: digest.weekday,
      channel_id: digest.channelId,
      enabled: digest.enabled,
      last_sent_for: digest.lastSentFor,
      deleted,
      version: nextVersion(),
    },
  ]);
}

export async function saveDigest(gateway: Gateway, input: DigestInput, existing?: Digest): Promise<Digest> {
  const digest: Digest = { id: existing?.id ?? randomUUID(), lastSentFor: existing?.lastSentFor ?? '', ...input };
  await write(gateway, digest, false);
  return digest;
}

export const markSent = (gateway: Gateway, digest: Digest, periodKey: string) => write(gateway, { ...digest, lastSentFor: periodKey }, false);
export const deleteDigest = (gateway: Gateway, digest: Digest) => write(gateway, digest, true);
