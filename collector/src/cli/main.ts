// The burnrate command line. Each command opens the store itself (the embedded store allows one
// process at a time, so while a collector runs on it, use the API or the dashboard instead).
import { parseArgs } from 'node:util';
import { AuthStore, KEY_SCOPES, type KeyScope } from '../auth/authStore';
import { authMigrations } from '../auth/authTables';
import { ConfigError, describeConfig, loadConfigWithSources, type Config } from '../config';
import { DEFAULT_MODULES } from '../modules';
import { storeTarget } from '../app';
import { openGateway, type Gateway } from '../store/gateway';
import { MIGRATIONS, migrate } from '../store/migrations';
import { BudgetUsageError, listBudgetsCommand, setBudgetCommand } from './budgets';
import { exportCalls } from './exportCalls';
import { PricesUsageError, pricesCommand } from './prices';
import { RepriceUsageError, repriceCommand } from './reprice';

const USAGE = `usage: burnrate <command>

  start                                   run the collector (same as npm start)
  migrate                                 apply schema migrations and exit
  config check                            print every setting in force and where it came from
  keys create --name N [--project P] [--scope ingest|metrics]
  keys list
  keys revoke <id>
  budgets list                            each budget: spent, percent used, projection
  budgets set --name N --amount USD [--scope all|team:T|project:P|service:S|feature:F|model:M|user:U]
              [--period day|month] [--tz Europe/Berlin] [--thresholds 50,80,100]
  demo                                    30 days of synthetic traffic (as npm run demo)
  export --from ISO --to ISO [--format csv|jsonl]   calls to stdout
  prices [--model M] [--at DATE]          the price row in force per model, default or from the price file
  reprice --from ISO --to ISO [--model M] [--dry-run]   recompute stored costs with today's prices
`;

class UsageError extends Error {}

async function withStore<T>(config: Config, work: (gateway: Gateway) => Promise<T>): Promise<T> {
  let gateway: Gateway;
  try {
    gateway = await openGateway(storeTarget(config));
    await migrate(gateway, [...MIGRATIONS, ...authMigrations, ...DEFAULT_MODULES.flatMap((m) => m.migrations ?? [])]);
  } catch (error) {
    if (storeTarget(config).kind === 'embedded') {
      throw new Error(`cannot open the embedded store in ${config.BURNRATE_DATA_DIR}: ${(error as Error).message}\n` + 'If a collector is running on it, stop it first, or use the API (/api/v1/...) or the dashboard.');
    }
    throw error;
  }
  try {
    return await work(gateway);
  } finally {
    await gateway.close();
  }
}

function instant(name: string, text: string | undefined): Date {
  const date = text ? new Date(text) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z`);
  return date;
}

async function keys(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, project: { type: 'string' }, scope: { type: 'string' } } });
  const [action, id] = positionals;
  await withStore(config, async (gateway) => {
    const store = new AuthStore(gateway);
    await store.reload();
    if (action === 'create') {
      if (!values.name) throw new UsageError('keys create needs --name');
      const scope = (values.scope ?? 'ingest') as KeyScope;
      if (!KEY_SCOPES.includes(scope)) throw new UsageError(`--scope must be one of ${KEY_SCOPES.join(', ')}`);
      const { key, record } = await store.createKey({ name: values.name, project: values.project ?? '', scope });
      console.log(`created key ${record.id} (${record.scope}${record.project ? `, project ${record.project}` : ''})`);
      console.log(`  ${key}`);
      console.log('  This is the only time the key is shown; only its hash is stored.');
    } else if (action === 'list') {
      for (const k of store.listKeys()) console.log(`${k.id}  ${k.scope.padEnd(7)}  ${(k.project || '-').padEnd(16)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}`);
    } else if (action === 'revoke') {
      if (!id) throw new UsageError('keys revoke needs the key id (see keys list)');
      if (!(await store.revokeKey(id))) throw new UsageError(`no key with id ${id}`);
      console.log(`revoked ${id}; a running collector on a shared ClickHouse server drops it within 10 s`);
    } else {
      throw new UsageError('keys: create, list or revoke');
    }
  });
}

export async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { config, sources } = loadConfigWithSources();
  switch (command) {
    case 'start':
      await import('../main');
      return;
    case 'migrate':
      await withStore(config, async () => console.log('schema is up to date'));
      return;
    case 'config':
      if (rest[0] !== 'check') throw new UsageError('config: check');
      for (const { name, value, source } of describeConfig(config, sources)) console.log(`${name.padEnd(34)} ${value.padEnd(28)} ${source}`);
      console.log('configuration is valid');
      return;
    case 'keys':
      await keys(config, rest);
      return;
    case 'budgets':
      if (rest[0] === 'list') await withStore(config, (gateway) => listBudgetsCommand(gateway, console.log));
      else if (rest[0] === 'set') await withStore(config, (gateway) => setBudgetCommand(gateway, rest.slice(1), console.log));
      else throw new UsageError('budgets: list or set');
      return;
    case 'demo':
      // The demo's traffic generator lives with the tests that share it; this runs the same script.
      await import('../../../test/demo/demo');
      return;
    case 'export': {
      const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', default: 'csv' } } });
      if (values.format !== 'csv' && values.format !== 'jsonl') throw new UsageError('--format must be csv or jsonl');
      const range = { from: instant('from', values.from), to: instant('to', values.to) };
      const rows = await withStore(config, (gateway) => exportCalls(gateway, range, values.format as 'csv' | 'jsonl', process.stdout));
      console.error(`exported ${rows} calls`);
      return;
    }
    case 'prices':
      pricesCommand(config, rest, console.log);
      return;
    case 'reprice':
      await repriceCommand(config, rest, (work) => withStore(config, work), console.log);
      return;
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  }
}

/** Runs a command line; returns the exit code after printing any error for a person to read. */
export async function main(argv: string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (error) {
    const badArguments = String((error as { code?: string }).code ?? '').startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || error instanceof BudgetUsageError || error instanceof PricesUsageError || error instanceof RepriceUsageError || badArguments) {
      console.error(`burnrate: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`burnrate: ${error instanceof ConfigError ? error.message : (error as Error).message}`);
    return 1;
  }
}
