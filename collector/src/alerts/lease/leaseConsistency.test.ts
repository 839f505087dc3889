// The lease on a cluster: claims are quorum writes and reads sequentially consistent, so two
// collectors reading different replicas cannot both see themselves as the earliest claim. Checked
// on what the gateway is asked to run, since no ClickHouse cluster can run here; a single node
// (every other lease test, for real) asks for nothing extra.
import { describe, expect, it } from 'vitest';
import type { Gateway, QueryParams, StatementSettings } from '../../store/gateway';
import { appendClaim, claimsFor } from './leaseTable';

function recordingGateway(cluster?: string) {
  const calls: { tag: string; settings: StatementSettings | undefined }[] = [];
  const table = (name: string) => `\`burnrate\`.\`${name}\``;
  const gateway: Gateway = {
    database: 'burnrate',
    cluster,
    kind: 'server',
    table,
    localTable: table,
    command: async (tag: string, _sql: string, _params?: QueryParams, settings?: StatementSettings) => {
      calls.push({ tag, settings });
    },
    query: async <T>(tag: string, _sql: string, _params?: QueryParams, settings?: StatementSettings) => {
      calls.push({ tag, settings });
      return [] as T[];
    },
    insert: async () => undefined,
    insertColumns: async () => undefined,
    insertBlocks: async () => undefined,
    ping: async () => true,
    close: async () => undefined,
  };
  return { gateway, calls };
}

describe('lease consistency', () => {
  it('on a cluster: claims are quorum writes, reads see every quorum write', async () => {
    const { gateway, calls } = recordingGateway('prod');
    await appendClaim(gateway, 42, 'collector-a');
    await claimsFor(gateway, 42);
    expect(calls).toEqual([
      { tag: 'alert-lease-claim', settings: { insert_quorum: 'auto', insert_quorum_parallel: 0 } },
      { tag: 'alert-lease-read', settings: { select_sequential_consistency: 1 } },
    ]);
  });

  it('on one node: nothing extra', async () => {
    const { gateway, calls } = recordingGateway();
    await appendClaim(gateway, 42, 'collector-a');
    await claimsFor(gateway, 42);
    expect(calls.map((c) => c.settings)).toEqual([undefined, undefined]);
  });
});
