// The bill's lines over a time range, from the raw calls (the rollups carry only the total). The
// token line is the priced calls' cost minus the premiums and fees, so the lines always sum to
// the same total the summary and the rollups report.
import { type CostLinesTotals, type Filters, nanoToUsd } from '@burnrate/contract';
import { z } from 'zod';
import { CALLS_TABLE } from '../store/callsTable';
import { chBigInt, chCount } from '../store/chValues';
import type { Gateway } from '../store/gateway';
import { filterConditions } from '../store/query/filters';
import { dateToDateTime64 } from '../store/time';
import { queryRows } from '../store/typedQuery';

const linesRow = z.object({
  total: chBigInt,
  fast_mode: chBigInt,
  us_only: chBigInt,
  web_search: chBigInt,
  web_search_requests: chCount,
  unpriced: chCount,
});

const money = (nano: bigint) => ({ costUsd: nanoToUsd(nano), costNanoUsd: nano.toString() });

export async function costLines(gateway: Gateway, request: { from: Date; to: Date; filters: Filters }): Promise<CostLinesTotals> {
  const params: Record<string, unknown> = { from: dateToDateTime64(request.from), to: dateToDateTime64(request.to) };
  const filters = filterConditions(gateway, 'calls', request.filters, request, params);
  const [row] = await queryRows(
    gateway,
    'cost-lines',
    linesRow,
    `SELECT toString(sum(ifNull(cost_nano_usd, 0))) AS total,
            toString(sumIf(cost_fast_mode_nano_usd, cost_nano_usd IS NOT NULL)) AS fast_mode,
            toString(sumIf(cost_us_only_nano_usd, cost_nano_usd IS NOT NULL)) AS us_only,
            toString(sumIf(cost_web_search_nano_usd, cost_nano_usd IS NOT NULL)) AS web_search,
            toString(sum(web_search_requests)) AS web_search_requests,
            toString(countIf(cost_nano_usd IS NULL)) AS unpriced
     FROM ${gateway.table(CALLS_TABLE)} FINAL
     WHERE ${[`start_time >= {from:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}`, ...filters].join(' AND ')}`,
    params,
  );
  const total = row?.total ?? 0n;
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
