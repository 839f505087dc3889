// The one gateway to ClickHouse: embedded chDB by default, a server by URL, the same SQL for
// both. Typed parameters only, a log_comment tag on every query, retries for retryable errors
// only, and errors wrapped with their cause.
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { webcrypto } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { configureEngineAllocator } from './engineAllocator';
import { nativeBlockInSlices, type NativeColumn } from './nativeBlock';
import { readScopeSettings } from './readScope';

export type StoreTarget =
  | { kind: 'embedded'; dataDir: string; database: string }
  | { kind: 'server'; url: string; username: string; password?: string; database: string; cluster?: string };

export class StoreError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Network failures and the server's "try again" codes; a syntax or type error never is.
const RETRYABLE_CODES = new Set(['159', '164', '202', '203', '209', '210', '241', '242', '252', '319', '425', '999']);
const RETRYABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return RETRYABLE_CODES.has(String(e?.code)) || RETRYABLE_ERRNOS.has(String(e?.code)) || RETRYABLE_ERRNOS.has(String(e?.cause?.code));
}

export type QueryParams = Record<string, unknown>;
export type StatementSettings = Record<string, string | number>;

/**
 * `deduplicate`: the insert carries the hash of what it sends as its deduplication token. A retry
 * of the same rows (after a failed try, or a replay after a crash) is then skipped by the table and
 * by each rollup view that already took it, and still pushed to a view that missed it
 * (store/query/rollupIntegrity.ts). Different rows never share a token, so a retry that sends only
 * what is missing is never taken for a repeat. `INSERT … SELECT FROM file()` (the embedded Native
 * path) is deduplicated only with a token.
 */
export interface InsertOptions {
  deduplicate?: boolean;
}

/**
 * A deduplicating insert's token: the SHA-256 of what it sends, hashed off the main thread (a
 * batch's block is megabytes). Otherwise none: every statement clears the token (`settings`).
 */
async function dedupSetting(options: InsertOptions | undefined, sent: string | Uint8Array): Promise<{ insert_deduplication_token?: string }> {
  if (!options?.deduplicate) return {};
  const digest = await webcrypto.subtle.digest('SHA-256', typeof sent === 'string' ? Buffer.from(sent) : sent);
  return { insert_deduplication_token: Buffer.from(digest).toString('hex') };
}

/**
 * Bulk inserts skip the Replacing/Aggregating merge of the block at insert time: it nearly halved
 * the rate into llm_calls and its rollups (npm run bench:writer), and nothing needs it. A block
 * never holds two rows of one call except a retraction and its replacement (store/callMerge.ts),
 * which the part keeps in insert order, so a merge or FINAL still keeps the replacement, and
 * reads sum `sign` or filter `sign > 0` across unmerged parts anyway; a rollup's block is already
 * grouped by its view.
 */
export const BULK_INSERT_SETTINGS = { optimize_on_insert: 0 as const };

export interface Gateway {
  readonly database: string;
  readonly cluster: string | undefined;
  readonly kind: StoreTarget['kind'];
  /** Fully qualified, quoted table name: what queries and inserts use (Distributed on a cluster). */
  table(name: string): string;
  /** The shard-local table behind a sharded table on a cluster; the table itself otherwise. */
  localTable(name: string): string;
  /** `settings`: ClickHouse settings for this statement only (e.g. a quorum write on a cluster). */
  command(tag: string, sql: string, params?: QueryParams, settings?: StatementSettings): Promise<void>;
  query<T>(tag: string, sql: string, params?: QueryParams, settings?: StatementSettings): Promise<T[]>;
  /** Small inserts (a few rows of a settings table): JSON rows. */
  insert(tag: string, table: string, rows: readonly object[], options?: InsertOptions): Promise<void>;
  /** Bulk inserts: the rows as one Native block (columnar, no text to parse); see insertPath below. */
  insertColumns<Row>(tag: string, table: string, columns: readonly NativeColumn<Row>[], rows: readonly Row[], options?: InsertOptions): Promise<void>;
  /**
   * Native blocks encoded beforehand (store/preparedRows.ts), one after another as one insert;
   * with a deduplication token, the caller's (a retry must send the same token with the same blocks).
   */
  insertBlocks(tag: string, table: string, columns: readonly { name: string }[], blocks: readonly Buffer[], token?: string): Promise<void>;
  /**
   * The embedded store only: a Native block file already on disk as one insert (it stays: the
   * caller's to delete, or to send again after a failure); `blockDir` is where such files go,
   * emptied at every start (lookups by a batch's ids write theirs there too: lookupChunks.ts).
   */
  insertFile?(tag: string, table: string, columns: readonly { name: string }[], path: string, token?: string): Promise<void>;
  readonly blockDir?: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

async function createEmbeddedClient(dataDir: string): Promise<ClickHouseClient> {
  const path = resolve(dataDir);
  mkdirSync(path, { recursive: true });
  configureEngineAllocator();
  // Imported lazily so a server deployment never loads the native engine.
  const { createChdbConnection } = await import('chdb/connection');
  return createClient({ connection: createChdbConnection({ path }) } as Parameters<typeof createClient>[0]);
}

/** Where the embedded engine reads insert blocks from: beside its data, emptied at start (a crash may leave one). */
function blockDirectory(dataDir: string): string {
  const dir = join(resolve(dataDir), 'insert-blocks');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

const quoteIdentifier = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** Columns as an insert names them: quoted, in order. */
export const columnNames = (columns: readonly { name: string }[]) => columns.map((c) => quoteIdentifier(c.name)).join(', ');

/**
 * How a Native block gets into a table. A server takes it as the body of `INSERT … FORMAT Native`.
 * The embedded engine's connection passes an insert body as text (chdb/connection turns it into a
 * string), so it reads the block from a file instead: `INSERT … SELECT FROM file(…, 'Native')`,
 * measured the fastest way in (npm run bench:insert-paths). Materialized views fire either way.
 */
export type BlockSender = (table: string, columns: string, blocks: readonly Buffer[], settings: ClickHouseSettings) => Promise<void>;

/** Inserts a Native block file (the embedded engine reads it itself). */
type FileInsert = (table: string, columns: string, path: string, settings: ClickHouseSettings) => Promise<void>;

const embeddedFileInsert =
  (client: ClickHouseClient): FileInsert =>
  async (table, columns, path, settings) => {
    await client.command({
      query: `INSERT INTO ${table} (${columns}) SELECT * FROM file({file:String}, 'Native')`,
      query_params: { file: path },
      clickhouse_settings: settings,
    });
  };

function embeddedBlockSender(insertFile: FileInsert, dir: string): BlockSender {
  let sequence = 0;
  return async (table, columns, blocks, settings) => {
    const file = join(dir, `${process.pid}-${++sequence}.native`);
    // Written by the thread pool as they are (writev), not concatenated on the main thread first.
    const handle = await open(file, 'w');
    try {
      await handle.writev(blocks as Buffer[]);
    } finally {
      await handle.close();
    }
    try {
      await insertFile(table, columns, file, settings);
    } finally {
      await rm(file, { force: true });
    }
  };
}

export function serverBlockSender(client: ClickHouseClient): BlockSender {
  return async (table, columns, blocks, settings) => {
    const result = await client.exec({
      query: `INSERT INTO ${table} (${columns}) FORMAT Native`,
      values: Readable.from(blocks),
      clickhouse_settings: settings,
    });
    // The response body must be read (or the socket stays taken).
    for await (const _ of result.stream) void _;
  };
}

export async function openGateway(target: StoreTarget, retries = 3): Promise<Gateway> {
  const client =
    target.kind === 'embedded'
      ? await createEmbeddedClient(target.dataDir)
      : createClient({ url: target.url, username: target.username, password: target.password ?? '', request_timeout: 30_000 });
  const cluster = target.kind === 'server' ? target.cluster : undefined;
  const blockDir = target.kind === 'embedded' ? blockDirectory(target.dataDir) : undefined;
  const fileInsert = blockDir ? embeddedFileInsert(client) : undefined;
  const sendBlock = blockDir && fileInsert ? embeddedBlockSender(fileInsert, blockDir) : serverBlockSender(client);

  async function attempt<T>(tag: string, run: () => Promise<T>): Promise<T> {
    for (let tryNumber = 1; ; tryNumber++) {
      try {
        return await run();
      } catch (error) {
        const retryable = isRetryable(error);
        if (!retryable || tryNumber > retries) {
          throw new StoreError(`ClickHouse ${tag} failed: ${(error as Error).message}`, retryable, { cause: error });
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** tryNumber));
      }
    }
  }

  // On a cluster an insert into a Distributed table returns only once the shards have it, so a
  // 200 still means stored.
  // additional_table_filters is sent with every statement, empty when unscoped: chDB applies
  // settings as SET on its one session, so a scoped reader's filter would otherwise stay on for
  // whatever ran next (another reader's query, a re-pricing INSERT … SELECT). Dependent views check
  // an insert's block against their own recent blocks, so a retried insert does not count twice in
  // a rollup (store/query/rollupIntegrity.ts).
  const settings = (tag: string, tableFilters = '{}'): ClickHouseSettings => ({
    log_comment: `burnrate:${tag}`,
    // The client types this setting as a map; both chDB and the HTTP interface take its text form.
    additional_table_filters: tableFilters as unknown as ClickHouseSettings['additional_table_filters'],
    deduplicate_blocks_in_dependent_materialized_views: 1 as const,
    // Cleared on every statement, for the same reason: a bulk insert's token left on the session
    // made the next INSERT … SELECT (a rollup repair right after a replay) a "duplicate", dropped.
    insert_deduplication_token: '',
    ...(cluster ? { insert_distributed_sync: 1 as const } : {}),
  });
  const bulkSettings = (tag: string, token: string | undefined): ClickHouseSettings => ({
    ...settings(tag),
    ...BULK_INSERT_SETTINGS,
    ...(token === undefined ? {} : { insert_deduplication_token: token }),
  });
  const insertBlocks: Gateway['insertBlocks'] = async (tag, table, columns, blocks, token) => {
    if (blocks.length === 0) return;
    await attempt(tag, () => sendBlock(table, columnNames(columns), blocks, bulkSettings(tag, token)));
  };
  const gateway: Gateway = {
    database: target.database,
    cluster,
    kind: target.kind,
    table: (name) => `\`${target.database}\`.\`${name}\``,
    localTable: (name) => `\`${target.database}\`.\`${cluster ? `${name}_local` : name}\``,
    command: (tag, sql, params, extra) =>
      attempt(tag, async () => {
        await client.command({ query: sql, query_params: params, clickhouse_settings: { ...settings(tag), ...extra } });
      }),
    query: <T>(tag: string, sql: string, params?: QueryParams, extra?: StatementSettings) => {
      // A reader limited to some teams or projects gets a row filter on every table the query
      // reads, or a refusal (readScope.ts); decided here, so no route can forget it.
      let scoped: string | undefined;
      try {
        scoped = readScopeSettings(target.database, sql);
      } catch (error) {
        return Promise.reject(error);
      }
      return attempt(tag, async () => {
        const result = await client.query({
          query: sql,
          query_params: params,
          format: 'JSONEachRow',
          clickhouse_settings: { ...settings(tag, scoped), ...extra },
        });
        return (await result.json()) as T[];
      });
    },
    insert: (tag, table, rows, options) =>
      attempt(tag, async () => {
        if (rows.length === 0) return;
        // Rows of one insert share their keys: sent as arrays (JSONCompactEachRow), the column
        // names are not repeated on every row, which is less to serialize and to parse.
        const columns = Object.keys(rows[0]!);
        const values = rows.map((row) => columns.map((column) => (row as Record<string, unknown>)[column]));
        await client.insert({
          table,
          values,
          columns: columns as [string, ...string[]],
          format: 'JSONCompactEachRow',
          clickhouse_settings: {
            ...settings(tag),
            ...(await dedupSetting(
              options,
              JSON.stringify(values, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
            )),
          },
        });
      }),
    insertColumns: async (tag, table, columns, rows, options) => {
      if (rows.length === 0) return;
      // Encoded once, outside the retries: a retry resends the same bytes. In slices: exports
      // wait behind the main thread.
      const block = await nativeBlockInSlices(columns, rows);
      const { insert_deduplication_token: token } = await dedupSetting(options, block);
      await insertBlocks(tag, table, columns, [block], token);
    },
    insertBlocks,
    ...(fileInsert && {
      blockDir,
      insertFile: (tag: string, table: string, columns: readonly { name: string }[], path: string, token?: string) =>
        attempt(tag, () => fileInsert(table, columnNames(columns), path, bulkSettings(tag, token))),
    }),
    ping: async () => {
      try {
        await client.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
  return gateway;
}
