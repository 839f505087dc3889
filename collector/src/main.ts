// Wiring only: config → collector → listen; SIGTERM drains batches before exit.
import { createCollector } from './app';
import { DEFAULT_MODULES } from './modules';
import { ConfigError, loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const collector = await createCollector(config, { modules: DEFAULT_MODULES });
  const { port } = await collector.listen();
  const store = collector.gateway.kind === 'embedded' ? `embedded ClickHouse (chDB) in ${config.BURNRATE_DATA_DIR}` : `ClickHouse at ${config.CLICKHOUSE_URL}`;
  console.log(`burnrate collector listening on http://${config.BURNRATE_HOST}:${port}`);
  console.log(`  OTLP/HTTP traces: POST http://${config.BURNRATE_HOST}:${port}/v1/traces`);
  console.log(`  store: ${store}`);
  if (!config.authEnabled) {
    console.log(`  auth: OFF — anyone on this machine can send and read; it is allowed because ${config.BURNRATE_HOST} is loopback only.`);
    console.log('        Set BURNRATE_AUTH=on (or listen on another address) to require keys and sign-in.');
  } else if (collector.setupToken()) {
    console.log('  auth: on. No admin yet — create the first one with this one-time setup token:');
    console.log(`        ${collector.setupToken()}`);
    console.log(`        open http://${config.BURNRATE_HOST}:${port}/ or POST /api/v1/setup {"token","username","password"}`);
  } else {
    console.log('  auth: on (ingest keys for /v1/*, sign-in for the dashboard and API)');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`burnrate: ${signal} received, writing pending batches before exit`);
    await collector.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `burnrate: ${error.message}` : error);
  process.exit(1);
});
