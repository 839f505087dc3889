// The demo's own store, apart from real data: its own data directory and spool (embedded), or
// its own database (ClickHouse server), and its own port, so a demo never writes into the store
// that `npm start` serves and can run beside it. `--reset` empties it.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { storeTarget } from '../../collector/src/app';
import { loadConfig, type Config } from '../../collector/src/config';
import { openGateway } from '../../collector/src/store/gateway';

export const DEMO_DATA_DIR = './.burnrate/demo';
export const DEMO_PORT = 4319;

/** The demo's config: the environment's settings with the store, spool and port replaced. */
export function demoConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const real = loadConfig(env);
  const dataDir = env.BURNRATE_DEMO_DATA_DIR || DEMO_DATA_DIR;
  if (!real.CLICKHOUSE_URL && resolve(dataDir) === resolve(real.BURNRATE_DATA_DIR)) {
    throw new Error(`BURNRATE_DEMO_DATA_DIR is the real data directory (${real.BURNRATE_DATA_DIR}); the demo needs its own`);
  }
  return loadConfig({
    ...env,
    BURNRATE_DATA_DIR: dataDir,
    BURNRATE_SPOOL_DIR: `${dataDir}/spool`,
    BURNRATE_PORT: env.BURNRATE_DEMO_PORT || String(DEMO_PORT),
    // Synthetic data for one person's browser: loopback only, and so no keys to send it with.
    BURNRATE_HOST: '127.0.0.1',
    BURNRATE_AUTH: 'off',
    CLICKHOUSE_DATABASE: `${real.CLICKHOUSE_DATABASE}_demo`,
  });
}

/** Empties the demo store: its directory, or its database on a ClickHouse server. */
export async function resetDemoStore(config: Config): Promise<string> {
  const target = storeTarget(config);
  if (target.kind === 'embedded') {
    rmSync(target.dataDir, { recursive: true, force: true });
    return `removed ${target.dataDir}`;
  }
  const gateway = await openGateway(target);
  try {
    await gateway.command('demo-reset', `DROP DATABASE IF EXISTS \`${target.database}\`${target.cluster ? ` ON CLUSTER \`${target.cluster}\`` : ''} SYNC`);
  } finally {
    await gateway.close();
  }
  rmSync(config.BURNRATE_SPOOL_DIR!, { recursive: true, force: true });
  return `dropped database ${target.database}`;
}
