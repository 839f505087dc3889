// Latency percentiles and time to first token per model, over the whole range.
import { formatMs } from '../../format';
import type { TotalsRow } from '../../transforms/series';

export function LatencyTable({ rows }: { rows: TotalsRow[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="latency-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              p50
            </th>
            <th scope="col" className="num">
              p95
            </th>
            <th scope="col" className="num">
              p99
            </th>
            <th scope="col" className="num">
              TTFT p95
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="num">{formatMs(r.values.latency_p50_ms)}</td>
              <td className="num" data-testid="latency-p95">
                {formatMs(r.values.latency_p95_ms)}
              </td>
              <td className="num">{formatMs(r.values.latency_p99_ms)}</td>
              <td className="num">{formatMs(r.values.ttft_p95_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
