// A collector process (as collector/src/main.ts starts it) whose store gateway can be made to
// refuse every statement, for fault tests that need the collector in its own process: SIGUSR2
// toggles ClickHouse down/up (the process prints "clickhouse down" / "clickhouse up"), and
// BURNRATE_TEST_STORE_DOWN=1 starts it down. SIGTERM closes it as main.ts does.
import { createCollector } from '../../collector/src/app';
import { loadConfig } from '../../collector/src/config';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import { faultyGateway, type FaultSwitch } from './faultyGateway';

async function main(): Promise<void> {
  const faults: FaultSwitch = { down: process.env.BURNRATE_TEST_STORE_DOWN === '1', failedCalls: 0 };
  const config = loadConfig();
  const collector = await createCollector(config, { modules: DEFAULT_MODULES, wrapGateway: (g) => faultyGateway(g, faults) });
  const { port } = await collector.listen();
  console.log(`burnrate collector listening on http://${config.BURNRATE_HOST}:${port}`);
  process.on('SIGUSR2', () => {
    faults.down = !faults.down;
    console.log(`clickhouse ${faults.down ? 'down' : 'up'}`);
  });
  process.on('SIGTERM', () => {
    faults.down = false;
    void collector.close().then(() => process.exit(0));
  });
}

void main();
