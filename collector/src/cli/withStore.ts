// Opens the store for a command when no collector serves it (the embedded store allows one
// process at a time, so a running collector's store is reached through its API instead).
import { authMigrations } from '../auth/authTables';
import { storeTarget } from '../app';
import type { Config } from '../config';
import { DEFAULT_MODULES } from '../modules';
import { openGateway, type Gateway } from '../store/gateway';
import { MIGRATIONS, migrate } from '../store/migrations';

export async function openStore(config: Config): Promise<Gateway> {
  const target = storeTarget(config);
  let gateway: Gateway | undefined;
  try {
    gateway = await openGateway(target);
    await migrate(gateway, [...MIGRATIONS, ...authMigrations, ...DEFAULT_MODULES.flatMap((m) => m.migrations ?? [])]);
    return gateway;
  } catch (error) {
    await gateway?.close().catch(() => undefined);
    if (target.kind === 'embedded') {
      throw new Error(
        `cannot open the embedded store in ${config.BURNRATE_DATA_DIR}: ${(error as Error).message}\n` +
          'If a collector runs on it at another address, point BURNRATE_URL at that collector.',
      );
    }
    throw error;
  }
}

export async function withStore<T>(config: Config, work: (gateway: Gateway) => Promise<T>): Promise<T> {
  const gateway = await openStore(config);
  try {
    return await work(gateway);
  } finally {
    await gateway.close();
  }
}
