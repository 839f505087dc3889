// `burnrate reprice --from ISO --to ISO [--model M] [--dry-run]`: after a price change (a new row
// in BURNRATE_PRICING_FILE, a corrected default), recompute the stored costs of that range with
// the prices in force now, rollups included, and print what changed by day and model.
import { parseArgs } from 'node:util';
import { repriceHistory } from '../billing/reprice';
import type { Config } from '../config';
import { formatUsd } from '@burnrate/contract';
import { loadPriceTable } from '../pricing/priceTable';
import type { Gateway } from '../store/gateway';

export class RepriceUsageError extends Error {}

function instant(name: string, text: string | undefined): Date {
  const date = text ? new Date(text) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new RepriceUsageError(`--${name} must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z`);
  return date;
}

export async function repriceCommand(
  config: Config,
  args: string[],
  withStore: <T>(work: (gateway: Gateway) => Promise<T>) => Promise<T>,
  print: (line: string) => void,
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, to: { type: 'string' }, model: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const from = instant('from', values.from);
  const to = instant('to', values.to);
  if (from >= to) throw new RepriceUsageError('--from must be before --to');
  const prices = loadPriceTable({ overrideFile: config.BURNRATE_PRICING_FILE });
  const report = await withStore((gateway) => repriceHistory(gateway, prices, { from, to, model: values.model, dryRun: values['dry-run'] }));
  for (const c of report.changes) {
    const before = BigInt(c.beforeNanoUsd);
    const after = BigInt(c.afterNanoUsd);
    const unpriced = c.unpricedBefore !== c.unpricedAfter ? `, unpriced ${c.unpricedBefore} → ${c.unpricedAfter}` : '';
    print(
      `${c.day}  ${c.model.padEnd(24)} ${String(c.calls).padStart(7)} calls  $${formatUsd(before)} → $${formatUsd(after)} (${after >= before ? '+' : '-'}$${formatUsd(after >= before ? after - before : before - after)})${unpriced}`,
    );
  }
  print(
    `${report.dryRun ? 'would change' : 'changed'} ${report.changedCalls} of ${report.scannedCalls} calls from ${report.from} to ${report.to}${report.model ? ` (model ${report.model})` : ''}`,
  );
}
