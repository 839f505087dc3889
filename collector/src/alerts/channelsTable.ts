// alert_channels: the current definition of each notification channel (see
// store/versionedTable.ts).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AlertChannelKind } from '@burnrate/contract';
import { nextVersion, replacingEngine, versionedReader } from '../store/versionedTable';
import { onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import { dateTime64ToDate, dateToDateTime64 } from '../store/time';
import type { ChannelRecord, ValidChannelInput } from './channel';

export const CHANNELS_TABLE = 'alert_channels';

export function channelsTableDdl(gateway: Gateway): string {
  return `CREATE TABLE IF NOT EXISTS ${gateway.table(CHANNELS_TABLE)}${onCluster(gateway)} (
    id String,
    name String,
    kind LowCardinality(String),
    url String,
    secret String,
    enabled Bool,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted Bool,
    version UInt64
  )
  ENGINE = ${replacingEngine(gateway, CHANNELS_TABLE)}
  ORDER BY id`;
}

const readSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  url: z.string(),
  secret: z.string(),
  enabled: z.boolean(),
  created_at_text: z.string().transform(dateTime64ToDate),
  updated_at_text: z.string().transform(dateTime64ToDate),
});

function toRecord(row: unknown): ChannelRecord {
  const r = readSchema.parse(row);
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as AlertChannelKind,
    url: r.url,
    secret: r.secret,
    enabled: r.enabled,
    createdAt: r.created_at_text,
    updatedAt: r.updated_at_text,
  };
}

const SELECT = `SELECT id, name, kind, url, secret, enabled, toString(created_at) AS created_at_text, toString(updated_at) AS updated_at_text`;

const reader = versionedReader(CHANNELS_TABLE, 'alert-channels', SELECT, toRecord);
export const listChannels = reader.list;
export const getChannel = reader.get;

function insertRow(channel: ChannelRecord, deleted: boolean) {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    url: channel.url,
    secret: channel.secret,
    enabled: channel.enabled,
    created_at: dateToDateTime64(channel.createdAt),
    updated_at: dateToDateTime64(channel.updatedAt),
    deleted,
    version: nextVersion(),
  };
}

export async function saveChannel(gateway: Gateway, input: ValidChannelInput, existing?: ChannelRecord, now = new Date()): Promise<ChannelRecord> {
  const channel: ChannelRecord = { id: existing?.id ?? randomUUID(), ...input, createdAt: existing?.createdAt ?? now, updatedAt: now };
  await gateway.insert('alert-channels-save', gateway.table(CHANNELS_TABLE), [insertRow(channel, false)]);
  return channel;
}

export async function deleteChannel(gateway: Gateway, existing: ChannelRecord, now = new Date()): Promise<void> {
  await gateway.insert('alert-channels-delete', gateway.table(CHANNELS_TABLE), [insertRow({ ...existing, updatedAt: now }, true)]);
}
