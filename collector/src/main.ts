// Wiring only: config → logger → collector → listen; SIGTERM drains batches before exit.
import { createCollector } from './app';
import { DEFAULT_MODULES } from './modules';
import { ConfigError, loadConfig } from './config';
import { createLogger, type Logger } from './log/logger';
import { heapSizing, startupMemoryNotices } from './processHealth/heapSizing';

// Until the config is read (a bad one is reported through this), then the configured one.
let logger: Logger = createLogger({ level: 'info' });

async function main(): Promise<void> {
  const config = loadConfig();
  logger = createLogger({ level: config.BURNRATE_LOG_LEVEL, format: config.BURNRATE_LOG_FORMAT });
  const collector = await createCollector(config, { modules: DEFAULT_MODULES, logger });
  const { port } = await collector.listen();
  const url = `http://${config.BURNRATE_HOST}:${port}`;
  const store = collector.gateway.kind === 'embedded' ? `embedded ClickHouse (chDB) in ${config.BURNRATE_DATA_DIR}` : `ClickHouse at ${config.CLICKHOUSE_URL}`;
  logger.info({ url }, `burnrate collector listening on ${url}`);
  logger.info(`OTLP/HTTP traces: POST ${url}/v1/traces`);
  logger.info({ store: collector.gateway.kind }, `store: ${store}`);
  for (const notice of startupMemoryNotices(heapSizing(), collector.gateway.kind === 'embedded')) logger[notice.level](notice.message);
  const setupToken = collector.setupToken();
  if (!config.authEnabled) {
    logger.info(
      `auth: OFF — anyone on this machine can send and read; it is allowed because ${config.BURNRATE_HOST} is loopback only. ` +
        'Set BURNRATE_AUTH=on (or listen on another address) to require keys and sign-in.',
    );
  } else if (setupToken) {
    // A warning: someone must act on it (with BURNRATE_LOG_LEVEL=error, set BURNRATE_SETUP_TOKEN instead).
    logger.warn({ setupToken }, `auth: on. No admin yet — create the first one with this one-time setup token: ${setupToken}`);
    logger.warn(`open ${url}/ or POST /api/v1/setup {"token","username","password"}`);
  } else {
    logger.info('auth: on (ingest keys for /v1/*, sign-in for the dashboard and API)');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`burnrate: ${signal} received, writing pending batches before exit`);
    await collector.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) logger.fatal(`burnrate: ${error.message}`);
  else logger.fatal({ err: error }, `burnrate: the collector could not start: ${(error as Error).message}`);
  process.exit(1);
});
