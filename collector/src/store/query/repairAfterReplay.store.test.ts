// After a restart the blocks a failed send had sent are gone, and the replay plans its entries
// again: calls the raw table took are seen as stored and not sent, so a rollup that missed them
// would miss them for good. The writer hands the replayed hours to repairAfterReplay, which
// rebuilds the rollups that differ from the raw rows there and says so.
import { afterAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../../test/support/collector';
import { expectRollupsEqualRaw, sendHalfStored, takeInRollupAgain } from '../../../../test/support/refusingRollup';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { until } from '../../../../test/support/walHealth';
import { queryModule } from '../../query';
import { openGateway } from '../gateway';
import { capturedLog } from '../../../../test/support/capturedLog';

let second: RunningCollector | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await second?.stop();
  if (dataDir) removeTestDir(dataDir);
});

it('after a restart, the replayed hours are checked and rebuilt: every rollup equals the raw rows', async () => {
  const first = await startCollector({}, [queryModule], { keepData: true });
  dataDir = first.dataDir;
  await sendHalfStored(first);
  await first.stop(); // the log keeps the entries its failed send could not finish
  const store = await openGateway({ kind: 'embedded', dataDir, database: 'burnrate' });
  await takeInRollupAgain(store);
  await store.close();

  const log = capturedLog('info');
  second = await startCollector({}, [queryModule], { dataDir, logger: log.logger });
  const afterReplay = () => log.messages('warn').find((w) => w.includes('after the replay'));
  await until(() => second!.collector.writer.status().log.entries === 0 && afterReplay() !== undefined, 30_000);
  await expectRollupsEqualRaw(second.collector.gateway);
  expect(afterReplay()).toMatch(/rebuilt \d+ rollup bucket\(s\) that missed replayed calls: .*llm_calls_by_user_daily \d+ \(2026-11/);
}, 120_000);
