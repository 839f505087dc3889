// `burnrate verify [--from ISO] [--to ISO] [--repair]`: compare every rollup with its raw rows
// bucket by bucket (calls, tokens, cost), rebuild the buckets that differ with --repair, and print
// each difference and what it became. Reads the store directly, like `reprice`.
import { parseArgs } from 'node:util';
import { formatUsd, type RollupBucketTotals } from '@burnrate/contract';
import { collectorAnswers, collectorUrl } from '../admin/collectorUrl';
import { UsageError, type Command } from '../command';

const DAY_MS = 86_400_000;

function instant(name: string, text: string | undefined, fallback: Date): Date {
  if (text === undefined) return fallback;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z`);
  return date;
}

const totals = (t: RollupBucketTotals) => `${t.calls} calls, ${t.tokens} tokens, $${formatUsd(BigInt(t.costNanoUsd))}`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check that the rollups the dashboard reads equal the raw calls hour by hour, and repair them (reads the store directly)',
  usage: 'burnrate verify [--from ISO] [--to ISO] [--repair]   (default: the last 7 days)',
  run: async (args, { config, print }) => {
    const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, repair: { type: 'boolean', default: false } } });
    const to = instant('to', values.to, new Date());
    const from = instant('from', values.from, new Date(to.getTime() - 7 * DAY_MS));
    if (from >= to) throw new UsageError('--from must be before --to');
    // The embedded store allows one process: a running collector holds it and answers the same
    // question at POST /api/v1/admin/verify.
    const { url } = collectorUrl(config);
    if (!config.CLICKHOUSE_URL && (await collectorAnswers(url))) {
      throw new Error(`a collector is running at ${url} on the embedded store: stop it first, or ask it with POST ${url}/api/v1/admin/verify as an admin`);
    }
    const [{ withStore }, { verifyResponse, verifyRollups }] = await Promise.all([import('../withStore'), import('../../store/query/rollupIntegrity')]);
    const repair = values.repair ?? false;
    const report = verifyResponse(await withStore(config, (gateway) => verifyRollups(gateway, { from, to, repair })), repair);
    for (const d of report.drift) {
      const outcome = d.repaired ? `repaired → ${totals(d.after!)}` : d.unsettled ? 'not repaired: rows may still be arriving, run again later' : 'differs';
      print(`${d.bucket}  ${d.rollup.padEnd(26)} raw ${totals(d.raw)}; rollup ${totals(d.rolled)}; ${outcome}`);
    }
    const repaired = report.drift.filter((d) => d.repaired).length;
    print(
      `${report.bucketsChecked} buckets of ${report.rollups.length} rollups checked from ${report.from} to ${report.to}: ` +
        (report.drift.length === 0
          ? 'every rollup equals its raw rows'
          : `${report.drift.length} differ${repair ? `, ${repaired} repaired` : ' (run with --repair to rebuild them)'}`),
    );
    // Exit 1 while a rollup still differs, so a scheduled check can alert on it.
    if (report.drift.length > repaired) throw new Error(`${report.drift.length - repaired} rollup buckets differ from the raw rows`);
  },
};
