// The bill's lines over a time range: whole hours and days from the rollups that carry the lines
// (rollups.ts, migration 140), the ragged edges from the raw calls, like every widget. The
// token line is the priced calls' cost minus the premiums and fees, so the lines always sum to
// the same total the summary and the rollups report.
import { type CostLinesTotals, type Filters, nanoToUsd } from '@burnrate/contract';
import { z } from 'zod';
import { chBigInt, chCount } from '../store/chValues';
import type { Gateway } from '../store/gateway';
import { rollupsInstalled } from '../store/query/rollups';
import { buildTotalsQuery } from '../store/query/widgetQuery';
import { queryRows } from '../store/typedQuery';

const linesRow = z.object({
  cost: chBigInt,
  fast_mode: chBigInt,
  us_only: chBigInt,
  web_search: chBigInt,
  web_search_requests: chCount,
  unpriced: chCount,
});

const LINE_PARTS = ['cost', 'fast_mode', 'us_only', 'web_search', 'web_search_requests', 'unpriced'] as const;

const money = (nano: bigint) => ({ costUsd: nanoToUsd(nano), costNanoUsd: nano.toString() });

/** `rollups: false` reads the raw rows only (what the rollup path is compared with). */
export async function costLines(gateway: Gateway, request: { from: Date; to: Date; filters: Filters }, rollups = true): Promise<CostLinesTotals> {
  const built = buildTotalsQuery(gateway, request, LINE_PARTS, { rollups: rollups && (await rollupsInstalled(gateway)) });
  const [row] = await queryRows(gateway, 'cost-lines', linesRow, built.sql, built.params);
  const total = row?.cost ?? 0n;
  const fastMode = row?.fast_mode ?? 0n;
  const usOnly = row?.us_only ?? 0n;
  const webSearch = row?.web_search ?? 0n;
  return {
    tokens: money(total - fastMode - usOnly - webSearch),
    fastMode: money(fastMode),
    usOnly: money(usOnly),
    webSearch: { ...money(webSearch), requests: row?.web_search_requests ?? 0 },
    total: money(total),
    unpricedCalls: row?.unpriced ?? 0,
  };
}
