import { parseArgs } from 'node:util';
import { collectorAnswers, collectorUrl } from '../admin/collectorUrl';
import { UsageError, type Command } from '../command';

function instant(name: string, text: string | undefined): Date {
  const date = text ? new Date(text) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z`);
  return date;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'the calls of a time range to stdout, as CSV or JSON Lines (reads the store directly)',
  usage: 'burnrate export --from ISO --to ISO [--format csv|jsonl]',
  run: async (args, { config }) => {
    const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', default: 'csv' } } });
    if (values.format !== 'csv' && values.format !== 'jsonl') throw new UsageError('--format must be csv or jsonl');
    const range = { from: instant('from', values.from), to: instant('to', values.to) };
    // The embedded store allows one process: a running collector holds it.
    const { url } = collectorUrl(config);
    if (!config.CLICKHOUSE_URL && (await collectorAnswers(url))) {
      throw new Error(
        `a collector is running at ${url}, and export reads the embedded store directly: stop the collector first, or use the dashboard's CSV export`,
      );
    }
    const [{ withStore }, { exportCalls }] = await Promise.all([import('../withStore'), import('../exportCalls')]);
    const rows = await withStore(config, (gateway) => exportCalls(gateway, range, values.format as 'csv' | 'jsonl', process.stdout));
    console.error(`exported ${rows} calls`);
  },
};
