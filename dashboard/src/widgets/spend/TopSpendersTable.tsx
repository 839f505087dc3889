// The top spenders for the chosen dimension, with their calls and tokens; unpriced calls flagged.
import { formatCount, formatKey, formatUsd } from '../../format';
import type { BreakdownResponse } from '../../api/types';

export function TopSpendersTable({ data, byLabel }: { data: BreakdownResponse; byLabel: string }) {
  const total = data.rows.reduce((sum, r) => sum + r.costUsd, 0);
  return (
    <div className="table-wrap">
      <table data-testid="top-spenders">
        <thead>
          <tr>
            <th scope="col">{byLabel}</th>
            <th scope="col" className="num">
              Spend
            </th>
            <th scope="col" className="num">
              Share
            </th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col" className="num">
              Input
            </th>
            <th scope="col" className="num">
              Cache read
            </th>
            <th scope="col" className="num">
              Output
            </th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <th scope="row">
                {formatKey([row.key])}
                {row.unpricedCalls > 0 && (
                  <span className="badge bad" title="calls whose model has no price are not in the spend">
                    {formatCount(row.unpricedCalls)} unpriced
                  </span>
                )}
              </th>
              <td className="num" data-testid="spender-cost">
                {formatUsd(row.costUsd)}
              </td>
              <td className="num">{total > 0 ? `${((row.costUsd / total) * 100).toFixed(1)}%` : '—'}</td>
              <td className="num">{formatCount(row.calls)}</td>
              <td className="num">{formatCount(row.inputTokens)}</td>
              <td className="num">{formatCount(row.cacheReadTokens)}</td>
              <td className="num">{formatCount(row.outputTokens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
