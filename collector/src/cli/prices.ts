// `burnrate prices [--model M] [--at DATE]`: the price row in force per model at a day (today when
// absent), and whether it is a built-in list price or a row of BURNRATE_PRICING_FILE.
import { parseArgs } from 'node:util';
import type { PriceRow } from '@burnrate/contract';
import { parseAt } from '../billing/routes';
import { rowsInForce } from '../billing/priceRows';
import type { Config } from '../config';
import { loadPriceTable } from '../pricing/priceTable';

export class PricesUsageError extends Error {}

function line(row: PriceRow): string {
  const p = row.usdPerMTok;
  const span = row.until ? `${row.from}..${row.until}` : `from ${row.from}`;
  const extras = [
    row.fast ? `fast ×${row.fast}` : '',
    row.usOnly ? `US-only ×${row.usOnly}` : '',
    `batch ×${row.batch}`,
    `web search $${row.webSearchUsdPerThousand}/1k`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${row.model.padEnd(22)} ${row.source.padEnd(7)} ${span.padEnd(16)} in ${p.input} out ${p.output} write5m ${p.cacheWrite5m} write1h ${p.cacheWrite1h} read ${p.cacheRead} (USD/MTok; ${extras})`;
}

export function pricesCommand(config: Config, args: string[], print: (line: string) => void): void {
  const { values } = parseArgs({ args, options: { model: { type: 'string' }, at: { type: 'string' } } });
  let at: Date;
  try {
    at = parseAt(values.at);
  } catch {
    throw new PricesUsageError('--at must be a date (YYYY-MM-DD) or an ISO 8601 time');
  }
  const table = loadPriceTable({ overrideFile: config.BURNRATE_PRICING_FILE });
  const rows = rowsInForce(table, at, values.model);
  if (rows.length === 0) {
    throw new PricesUsageError(
      values.model ? `no price for ${values.model} at ${at.toISOString()}: its calls are unpriced` : `no prices at ${at.toISOString()}`,
    );
  }
  print(`prices in force at ${at.toISOString()} (source: default = built-in list price, file = ${config.BURNRATE_PRICING_FILE ?? 'no BURNRATE_PRICING_FILE'})`);
  for (const row of rows) print(line(row));
}
