// RFC 4180 CSV of what a panel shows, for the Spend screen's export buttons. Cells go through
// the contract's csvCell, which neutralises spreadsheet formulas planted in names.
import { csvDocument } from '@burnrate/contract';
import { sendJson } from '../api/client';
import { formatKey } from '../format';
import type { BreakdownResponse, TimeseriesResponse } from '../api/types';

export const toCsv = csvDocument;

/** Hands the file to the browser, and tells the collector's audit log who exported what. */
export function downloadCsv(filename: string, csv: string): void {
  const rows = Math.max(0, csv.split('\r\n').length - 2);
  sendJson('POST', '/api/v1/exports', { what: filename, rows }).catch(() => undefined);
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The spend chart as rows: one per bucket and series. */
export function spendSeriesCsv(response: TimeseriesResponse, by: string): string {
  const rows = response.buckets.flatMap((t, i) => response.series.map((series) => [t, formatKey(series.key, series.other), series.values.cost_usd?.[i] ?? 0]));
  return toCsv(['bucket_start_utc', by, 'cost_usd'], rows);
}

/** The top spenders table, with the exact nano-dollar amounts beside the dollars. */
export function topSpendersCsv(response: BreakdownResponse): string {
  return toCsv(
    [
      response.by,
      'cost_usd',
      'cost_nano_usd',
      'calls',
      'unpriced_calls',
      'input_tokens',
      'cache_read_tokens',
      'cache_write_5m_tokens',
      'cache_write_1h_tokens',
      'output_tokens',
    ],
    response.rows.map((r) => [
      r.key,
      r.costUsd.toFixed(9),
      r.costNanoUsd,
      r.calls,
      r.unpricedCalls,
      r.inputTokens,
      r.cacheReadTokens,
      r.cacheWrite5mTokens,
      r.cacheWrite1hTokens,
      r.outputTokens,
    ]),
  );
}
