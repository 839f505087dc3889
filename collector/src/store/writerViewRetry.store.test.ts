// A send that stored the raw rows but failed while pushing them to a rollup (issue 21: a disk
// that filled "while pushing to view …_mv") is retried in the same process with the same blocks:
// the rollups that missed them take them, and no table or rollup counts them twice.
import { afterAll, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import { expectRollupsEqualRaw, sendHalfStored, takeInRollupAgain } from '../../../test/support/refusingRollup';
import { removeTestDir } from '../../../test/support/removeTestDir';
import { until } from '../../../test/support/walHealth';
import { queryModule } from '../query';

let collector: RunningCollector | undefined;
afterAll(async () => {
  await collector?.stop();
  if (collector) removeTestDir(collector.dataDir);
});

it('retried in the same process with the same blocks: every rollup equals the raw rows, none counts twice', async () => {
  collector = await startCollector({}, [queryModule]);
  await sendHalfStored(collector);
  await takeInRollupAgain(collector.collector.gateway);
  await until(() => collector!.collector.writer.status().log.entries === 0, 30_000);
  await expectRollupsEqualRaw(collector.collector.gateway);
}, 120_000);
