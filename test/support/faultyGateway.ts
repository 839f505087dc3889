// A fault injector around the real store gateway (the embedded engine still does the work):
// while `down` is set, every statement fails the way an unreachable ClickHouse server does.
// Named as what it is: the one stand-in these tests use, for a server that cannot run here.
import { StoreError, type Gateway } from '../../collector/src/store/gateway';

export interface FaultSwitch {
  down: boolean;
  failedCalls: number;
  /** Fail the next statements with these tags once each, as a server that drops mid-batch. */
  failOnce?: Set<string>;
  /** While set, inserts of blocks wait for it (a server that is up but slower than the load). */
  holdInserts?: Promise<void>;
}

export function faultyGateway(inner: Gateway, faults: FaultSwitch): Gateway {
  const fail = (tag: string) => {
    faults.failedCalls++;
    return Promise.reject(new StoreError(`ClickHouse ${tag} failed: connect ECONNREFUSED 127.0.0.1:8123 (injected)`, true));
  };
  const failing = (tag: string) => faults.down || (faults.failOnce?.delete(tag) ?? false);
  return {
    ...inner,
    table: inner.table,
    command: (tag, sql, params) => (failing(tag) ? fail(tag) : inner.command(tag, sql, params)),
    query: (tag, sql, params) => (failing(tag) ? fail(tag) : inner.query(tag, sql, params)),
    insert: (tag, table, rows, options) => (failing(tag) ? fail(tag) : inner.insert(tag, table, rows, options)),
    insertColumns: async (tag, table, columns, rows, options) => {
      await faults.holdInserts;
      return failing(tag) ? fail(tag) : inner.insertColumns(tag, table, columns, rows, options);
    },
    insertBlocks: async (tag, table, columns, blocks, token) => {
      await faults.holdInserts;
      return failing(tag) ? fail(tag) : inner.insertBlocks(tag, table, columns, blocks, token);
    },
    // The embedded store's inserts of prepared exports (a block file already on disk).
    ...(inner.insertFile && {
      insertFile: async (tag: string, table: string, columns: readonly { name: string }[], path: string, token?: string) => {
        await faults.holdInserts;
        return failing(tag) ? fail(tag) : inner.insertFile!(tag, table, columns, path, token);
      },
    }),
    ping: () => (faults.down ? Promise.resolve(false) : inner.ping()),
  };
}
