// `burnrate export`: the calls of a time range as CSV or JSON Lines, read in pages ordered by
// time so memory stays flat however long the range.
import { hostname, userInfo } from 'node:os';
import type { Writable } from 'node:stream';
import { appendAudit } from '../audit/auditTable';
import { csvLine, formatUsd } from '@burnrate/contract';
import { CALLS_TABLE } from '../store/callsTable';
import type { Gateway } from '../store/gateway';
import { dateToDateTime64 } from '../store/time';

export const EXPORT_COLUMNS = [
  'start_time',
  'trace_id',
  'span_id',
  'service_name',
  'team',
  'project',
  'feature',
  'user',
  'route',
  'model',
  'request_model',
  'status_code',
  'error_type',
  'retry_count',
  'duration_ms',
  'ttft_ms',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'cost_usd',
] as const;

const PAGE_ROWS = 10_000;

/** Data leaving burnrate through the CLI is in the audit log like an export from the dashboard. */
async function recordExport(gateway: Gateway, range: { from: Date; to: Date }, format: string, rows: number): Promise<void> {
  await appendAudit(gateway, {
    at: new Date(),
    actor: userInfo().username,
    actorKind: 'cli',
    action: 'EXPORT calls',
    target: JSON.stringify({ from: range.from.toISOString(), to: range.to.toISOString(), format, rows }),
    status: 0,
    address: hostname(),
    userAgent: 'burnrate export',
  }).catch((error: Error) => console.warn(`burnrate: the export could not be written to the audit log: ${error.message}`));
}

export async function exportCalls(gateway: Gateway, range: { from: Date; to: Date }, format: 'csv' | 'jsonl', out: Writable): Promise<number> {
  const write = (text: string) => new Promise<void>((resolve, reject) => out.write(text, (error) => (error ? reject(error) : resolve())));
  if (format === 'csv') await write(`${EXPORT_COLUMNS.join(',')}\n`);
  let after = { time: dateToDateTime64(range.from), key: '' };
  let total = 0;
  for (;;) {
    // Keyset paging on (start_time, trace/span): stable under concurrent inserts, no OFFSET scans.
    const rows = await gateway.query<Record<string, unknown>>(
      'export-calls',
      `SELECT ${EXPORT_COLUMNS.filter((c) => c !== 'cost_usd').join(', ')},
              toString(cost_nano_usd) AS cost_nano,
              toString(start_time) AS page_time, concat(trace_id, '/', span_id) AS page_key
       FROM ${gateway.table(CALLS_TABLE)} FINAL
       WHERE start_time < {to:DateTime64(6, 'UTC')}
         AND (start_time > {afterTime:DateTime64(6, 'UTC')} OR (start_time = {afterTime:DateTime64(6, 'UTC')} AND concat(trace_id, '/', span_id) > {afterKey:String}))
       ORDER BY start_time, page_key
       LIMIT {limit:UInt32}`,
      { to: dateToDateTime64(range.to), afterTime: after.time, afterKey: after.key, limit: PAGE_ROWS },
    );
    for (const row of rows) {
      // Exact decimal dollars from the integer nano-dollars; empty for an unpriced call.
      const cost = row.cost_nano === null || row.cost_nano === undefined ? null : formatUsd(BigInt(String(row.cost_nano)));
      const record = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, c === 'cost_usd' ? cost : row[c]]));
      await write(format === 'csv' ? `${csvLine(EXPORT_COLUMNS.map((c) => record[c]))}\n` : `${JSON.stringify(record)}\n`);
    }
    total += rows.length;
    if (rows.length < PAGE_ROWS) {
      await recordExport(gateway, range, format, total);
      return total;
    }
    const last = rows[rows.length - 1]!;
    after = { time: String(last.page_time), key: String(last.page_key) };
  }
}
