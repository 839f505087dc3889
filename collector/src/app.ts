// Builds a running collector from a validated config: store, migrations, writer, prices, routes.
// Dependencies are passed in, so tests build exactly what they need.
import express, { type Express, type Request } from 'express';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { authRouter, sessionStarter } from './auth/authRoutes';
import { ssoRouter } from './auth/sso';
import { corsMiddleware } from './api/cors';
import { securityHeaders } from './api/securityHeaders';
import { errorMiddleware } from './api/errors';
import { AuthStore } from './auth/authStore';
import { authMigrations } from './auth/authTables';
import { authMiddleware, openAccess } from './auth/middleware';
import { RateLimiter } from './auth/rateLimiter';
import { randomToken } from './auth/secrets';
import { summaryRouter } from './query/summaryRoutes';
import { tracesExportRows, tracesRouter } from './ingest/tracesRoute';
import { userDisableRouter } from './auth/userDisableRoute';
import type { Config } from './config';
import { dashboardDir } from './dashboardAssets';
import { priceCalls } from './pricing/priceCalls';
import type { CallRow } from './normalize/callRow';
import { IngestHealth } from './ingestHealth/ingestHealth';
import { ingestHealthRouter } from './ingestHealth/ingestHealthRoute';
import { loadPriceTable, type PriceTable } from './pricing/priceTable';
import { openGateway, StoreError, type Gateway, type StoreTarget } from './store/gateway';
import { LogAdmission } from './store/wal/admission';
import { moveLegacySpool } from './store/wal/legacySpool';
import { WriteAheadLog } from './store/wal/writeAheadLog';
import { applyRetention, type RetentionTarget } from './store/retention';
import { ATTEMPTS_TABLE } from './store/attemptsTable';
import { CALLS_TABLE } from './store/callsTable';
import { MIGRATIONS, migrate } from './store/migrations';
import { ExportFiles } from './store/partFiles';
import { prepareRows } from './store/preparedRows';
import { rememberUpTo } from './store/recentCallsOfStore';
import type { CollectorModule, ModuleContext } from './collectorModule';
import { BatchWriter } from './store/writer';
import { writeAheadLogHealth } from './store/wal/logHealth';
import { ProcessMonitor } from './processHealth/processHealth';
import { MergePriority } from './store/mergePriority';
import { engineHealth } from './store/engineMemory';
import { repairAfterReplay } from './store/query/repairAfterReplay';
import { allow } from './auth/policy';
import { assertEveryRouteDeclaresAccess } from './auth/routeTable';
import { checkDataDir } from './store/dataDirCheck';
import { readScopeMiddleware } from './auth/readScopeMiddleware';
import { keySpend } from './auth/keySpend';
import { KEY_USAGE_TABLE, KEYS_TABLE, SESSIONS_TABLE, USERS_TABLE } from './auth/authTables';
import { UNSCOPED, type TableScopeRule } from './store/readScope';
import { coreScopeRules } from './store/scopeRules';
import { createLogger, type Logger } from './log/logger';
import { requestIds } from './api/requestId';

export interface Collector {
  app: Express;
  gateway: Gateway;
  writer: BatchWriter;
  prices: PriceTable;
  auth: AuthStore;
  /** The collector's logger (the one passed in, or one made from BURNRATE_LOG_LEVEL / _FORMAT). */
  logger: Logger;
  /** While auth is on and no admin exists: the one-time token that creates the first admin. */
  setupToken(): string | undefined;
  listen(port?: number, host?: string): Promise<{ server: Server; port: number }>;
  close(): Promise<void>;
}

export function storeTarget(config: Config): StoreTarget {
  if (config.CLICKHOUSE_URL) {
    return {
      kind: 'server',
      url: config.CLICKHOUSE_URL,
      username: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      database: config.CLICKHOUSE_DATABASE,
      cluster: config.CLICKHOUSE_CLUSTER,
    };
  }
  return { kind: 'embedded', dataDir: config.BURNRATE_DATA_DIR, database: config.CLICKHOUSE_DATABASE };
}

export interface CollectorOptions {
  modules?: CollectorModule[];
  /** For fault tests: wraps the store gateway (to make it fail, stall, or come back). */
  wrapGateway?: (gateway: Gateway) => Gateway;
  /** The logger main.ts made; left out, one is made from the config. Tests pass one that collects lines. */
  logger?: Logger;
}

const MIGRATION_RETRY_MS = 5000;

function retentionTargets(config: Config, modules: CollectorModule[]): RetentionTarget[] {
  const raw = (table: string) => ({ table, timeExpression: 'toDateTime(start_time)', days: config.BURNRATE_RETENTION_DAYS });
  const rollups = modules
    .flatMap((m) => m.rollupTables ?? [])
    .map(({ table, timeColumn }) => ({ table, timeExpression: timeColumn, days: config.BURNRATE_ROLLUP_RETENTION_DAYS }));
  const own = modules.flatMap((m) => m.retention ?? []).map(({ table, timeColumn, days }) => ({ table, timeExpression: timeColumn, days: days(config) }));
  return [raw(CALLS_TABLE), raw(ATTEMPTS_TABLE), ...rollups, ...own];
}

const LOG_SEGMENT_BYTES = 64 * 1024 * 1024;
/**
 * Unstored calls the log keeps in memory: as many as the backlog bound admits while ClickHouse
 * takes writes, so the inserter reads nothing back from disk then. Kept prepared for the insert
 * (store/preparedRows.ts) they take ~750 bytes a call off the V8 heap (bench:ingest's spans);
 * during an outage the log grows past this on disk only.
 */
const logMemoryCalls = (config: Config): number => Math.max(config.BURNRATE_BATCH_ROWS, maxBacklogCalls(config));

/**
 * The backlog bound: by default two batches. The backlog counts the batch being inserted, and a
 * batch of 100,000 calls takes 1–2 s to insert while as many more arrive at full load: a bound of
 * one batch refused exports (503, Retry-After ≥ 1 s) while the store kept up, and cut
 * bench:ingest from 55–57k to 41–43k spans/s acknowledged (npm run bench:ingest, 2026-12-07).
 */
const maxBacklogCalls = (config: Config): number => config.BURNRATE_LOG_MAX_BACKLOG_CALLS ?? 2 * config.BURNRATE_BATCH_ROWS;

/** The write-ahead log, its admission rules, and the writer that drains it into ClickHouse. */
async function openWriter(
  config: Config,
  gateway: Gateway,
  ingestHealth: IngestHealth,
  logger: Logger,
  price: (calls: CallRow[]) => void,
): Promise<BatchWriter> {
  const legacySpoolDir = config.BURNRATE_SPOOL_DIR ?? join(config.BURNRATE_DATA_DIR, 'spool');
  const dir = config.BURNRATE_LOG_DIR ?? config.BURNRATE_SPOOL_DIR ?? join(config.BURNRATE_DATA_DIR, 'wal');
  const exportFiles = gateway.blockDir ? new ExportFiles(join(gateway.blockDir, 'exports')) : undefined;
  const log = new WriteAheadLog(dir, {
    segmentBytes: LOG_SEGMENT_BYTES,
    memoryCalls: logMemoryCalls(config),
    // Only the embedded store's inserts use prepared blocks (its writer alone can trust its memory
    // of recent calls); a server's are planned from rows, so rows are what its log keeps.
    prepare: exportFiles && ((batch, entryId) => prepareRows(batch, entryId, exportFiles)),
    release: exportFiles && ((throughId) => exportFiles.releaseThrough(throughId)),
    derive: (source, received) => {
      if (source !== 'traces') throw new Error(`no decoder for a logged "${source}" export`);
      return tracesExportRows(received, price);
    },
  });
  const maxLogBytes = config.BURNRATE_LOG_MAX_BYTES ?? config.BURNRATE_SPOOL_MAX_BYTES ?? 1024 * 1024 * 1024;
  const warn = (line: string) => logger.warn(line);
  const backlogBound = maxBacklogCalls(config);
  const admission = new LogAdmission(dir, { minFreeBytes: config.BURNRATE_LOG_MIN_FREE_BYTES, maxLogBytes, maxBacklogCalls: backlogBound }, warn);
  if (backlogBound <= config.BURNRATE_BATCH_ROWS) {
    warn(
      `burnrate: BURNRATE_LOG_MAX_BACKLOG_CALLS (${backlogBound}) is not above BURNRATE_BATCH_ROWS (${config.BURNRATE_BATCH_ROWS}): under load, exports will be refused (503) while a batch is inserted`,
    );
  }
  const moved = await moveLegacySpool(legacySpoolDir, (batch) => log.append('traces', batch));
  if (moved > 0) logger.warn(`burnrate: moved ${moved} batch(es) from the old spool in ${legacySpoolDir} into the write-ahead log`);
  rememberUpTo(gateway, config.BURNRATE_RECENT_CALLS);
  return new BatchWriter(
    gateway,
    {
      maxBatchRows: config.BURNRATE_BATCH_ROWS,
      flushIntervalMs: config.BURNRATE_BATCH_INTERVAL_MS,
      maxPendingRows: config.BURNRATE_MAX_PENDING_ROWS,
      ack: config.BURNRATE_ACK,
    },
    log,
    admission,
    { onStored: (source, result) => source === 'traces' && ingestHealth.recordStored(result), afterReplay: repairAfterReplay(gateway, warn), warn },
  );
}

export async function createCollector(config: Config, options: CollectorOptions = {}): Promise<Collector> {
  const logger = options.logger ?? createLogger({ level: config.BURNRATE_LOG_LEVEL, format: config.BURNRATE_LOG_FORMAT });
  const prices = loadPriceTable({ overrideFile: config.BURNRATE_PRICING_FILE });
  // One pricing for the route and for a replay of the log, so both make the same rows.
  const price = (calls: CallRow[]) => priceCalls(prices, calls);
  const target = storeTarget(config);
  const minFree = config.BURNRATE_MIN_FREE_MB * 1048576;
  if (target.kind === 'embedded') checkDataDir(target.dataDir, 'BURNRATE_DATA_DIR', minFree);
  if (config.BURNRATE_SPOOL_DIR) checkDataDir(config.BURNRATE_SPOOL_DIR, 'BURNRATE_SPOOL_DIR', minFree);
  const opened = await openGateway(target);
  const gateway = options.wrapGateway ? options.wrapGateway(opened) : opened;
  const modules = options.modules ?? [];
  const migrations = [...MIGRATIONS, ...authMigrations, ...modules.flatMap((m) => m.migrations ?? [])];
  let migrationRetry: NodeJS.Timeout | undefined;
  try {
    await migrate(gateway, migrations);
    await applyRetention(gateway, retentionTargets(config, modules));
  } catch (error) {
    // A ClickHouse server that is down at start: accept into the write-ahead log and keep trying.
    if (!(error instanceof StoreError) || !error.retryable) {
      // Not left half-open: the engine holds its data directory until closed.
      await gateway.close().catch(() => undefined);
      throw error;
    }
    logger.warn(`burnrate: ClickHouse is unreachable at start (${error.message}); accepting into the write-ahead log and retrying`);
    const retry = () => {
      migrationRetry = setTimeout(() => migrate(gateway, migrations).catch(retry), MIGRATION_RETRY_MS);
      migrationRetry.unref();
    };
    retry();
  }
  const ingestHealth = new IngestHealth();
  const writer = await openWriter(config, gateway, ingestHealth, logger, price);
  const mergePriority =
    gateway.kind === 'embedded' && process.platform === 'linux' && config.BURNRATE_MERGE_NICE > 0
      ? new MergePriority(config.BURNRATE_MERGE_NICE, (line) => logger.warn(line))
      : undefined;
  mergePriority?.start();

  const auth = new AuthStore(gateway);
  await auth.reload().catch(() => undefined); // a store that is down at start is retried below
  // Picks up keys revoked or people changed through another collector sharing the store.
  // Keys' last-use times are written at the same pace: at most one row per key used every 10 s.
  const authReload = setInterval(() => {
    void auth.reload().catch(() => undefined);
    auth.saveKeyUse().catch((error: Error) => logger.warn(`burnrate: keys' last-use times could not be saved (kept, tried again in 10 s): ${error.message}`));
  }, 10_000);
  authReload.unref();
  const initialSetupToken = config.BURNRATE_SETUP_TOKEN ?? randomToken();
  let setupTokenSpent = false;
  const setupToken = () => (config.authEnabled && !setupTokenSpent && !auth.hasAdmin() ? initialSetupToken : undefined);
  const publicHttps = config.BURNRATE_PUBLIC_URL?.startsWith('https:') ?? false;
  const secureCookie = (req: Request) => publicHttps || req.secure;

  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-* counts only from the proxies the operator named (BURNRATE_TRUST_PROXY).
  app.set('trust proxy', config.BURNRATE_TRUST_PROXY.length > 0 ? config.BURNRATE_TRUST_PROXY : false);
  app.use(requestIds(logger));
  app.use(securityHeaders);
  app.use(corsMiddleware(config.BURNRATE_CORS_ORIGINS));
  app.use(
    config.authEnabled
      ? authMiddleware({ store: auth, keyLimiter: new RateLimiter(config.BURNRATE_KEY_RATE_LIMIT, config.BURNRATE_KEY_RATE_LIMIT * 2) })
      : openAccess,
  );
  // Sessions are looked up by their token's hash (signing out reads one); no spend is in them.
  const authTables: Record<string, TableScopeRule> = {
    [SESSIONS_TABLE]: UNSCOPED,
    [KEYS_TABLE]: UNSCOPED,
    [USERS_TABLE]: UNSCOPED,
    [KEY_USAGE_TABLE]: UNSCOPED,
  };
  const scopeRules = new Map([
    ...coreScopeRules(gateway),
    ...Object.entries(authTables),
    ...modules.flatMap((m) => Object.entries(m.scopeRules?.(gateway) ?? {})),
  ]);
  app.use(readScopeMiddleware(scopeRules));
  const processMonitor = new ProcessMonitor();
  const context: ModuleContext = { config, gateway, writer, prices, ingestHealth, logger, processMonitor };
  for (const module of modules) if (module.middleware) app.use(module.middleware(context));
  app.use(
    authRouter({
      store: auth,
      authEnabled: config.authEnabled,
      setupToken,
      spendSetupToken: () => (setupTokenSpent = true),
      signInLimiter: new RateLimiter(0.2, 10),
      secureCookie,
      ssoEnabled: config.BURNRATE_OIDC_ISSUER !== undefined,
      localAccounts: config.BURNRATE_LOCAL_ACCOUNTS,
      keySpend: (now) => keySpend(gateway, now),
    }),
  );
  if (config.authEnabled && config.BURNRATE_OIDC_ISSUER) app.use(ssoRouter({ config, store: auth, startSession: sessionStarter(auth, secureCookie) }));
  app.use(userDisableRouter(auth));
  const processHealth = async () => ({
    ...processMonitor.snapshot(),
    ...(mergePriority ? { mergeThreads: mergePriority.status() } : {}),
    // What of the RSS the embedded engine's own allocations take, and its allocator's setting.
    ...(await engineHealth(gateway)),
  });
  app.get('/healthz', allow('public'), async (_req, res) => {
    const ok = await gateway.ping();
    // The log's state is shown, not made a 503: a full disk refuses exports (each a 503 with
    // Retry-After) but a restart would not help, so an orchestrator should not kill the collector.
    // The process's figures only where the log's detail is shown too (sign-in off): /healthz is public.
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'store unavailable',
      store: gateway.kind,
      writeAheadLog: writeAheadLogHealth(writer.status(), !config.authEnabled),
      ...(config.authEnabled ? {} : { process: await processHealth() }),
    });
  });
  app.use(
    tracesRouter({
      health: ingestHealth,
      write: (batch, received) => writer.write(batch, 'traces', received),
      admit: () => writer.admitBacklog(),
      priceCalls: price,
      limits: { maxBodyBytes: config.BURNRATE_MAX_BODY_BYTES, maxDecompressedBytes: config.BURNRATE_MAX_DECOMPRESSED_BYTES },
    }),
  );
  app.use(summaryRouter(gateway));
  app.use(ingestHealthRouter(ingestHealth));
  for (const module of modules) if (module.router) app.use(module.router(context));
  for (const module of modules) await module.start?.(context);
  const dashboard = config.BURNRATE_SERVE_DASHBOARD ? dashboardDir() : undefined;
  if (dashboard) app.use(express.static(dashboard));
  app.use(errorMiddleware);
  assertEveryRouteDeclaresAccess(app);

  let server: Server | undefined;
  return {
    app,
    gateway,
    writer,
    prices,
    auth,
    logger,
    setupToken,
    listen: (port = config.BURNRATE_PORT, host = config.BURNRATE_HOST) =>
      new Promise((resolve, reject) => {
        // A client that never finishes its body is cut off instead of holding a socket forever;
        // Node checks the deadlines only every connectionsCheckingInterval, so that is short too.
        const timeout = config.BURNRATE_REQUEST_TIMEOUT_MS;
        server = createServer(
          { requestTimeout: timeout, headersTimeout: Math.min(10_000, timeout), connectionsCheckingInterval: Math.min(1000, timeout) },
          app,
        );
        // OTLP exporters send every few seconds (the OTel batch processor's default is 5 s, which
        // is Node's default keep-alive): keep idle connections well past that, so a client never
        // reuses a socket the server is closing at that moment (the client sees ECONNRESET).
        server.keepAliveTimeout = 65_000;
        server.on('error', reject);
        server.listen(port, host, () => {
          const address = server!.address();
          resolve({ server: server!, port: typeof address === 'object' && address ? address.port : port });
        });
      }),
    close: async () => {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      for (const module of modules) await module.stop?.();
      if (migrationRetry) clearTimeout(migrationRetry);
      clearInterval(authReload);
      mergePriority?.stop();
      await writer.close();
      await gateway.close();
      processMonitor.close();
    },
  };
}
