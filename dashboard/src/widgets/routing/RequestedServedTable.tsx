// Requested vs served model: what the app asked for, and what answered.
import { formatCount, formatPercent } from '../../format';
import type { FlowRow } from '../../transforms/routing';

// A dated request ("claude-haiku-4-5-20251001") served as its canonical id is not a change.
const undated = (model: string) => model.replace(/-\d{8}$/, '');

export function RequestedServedTable({ rows }: { rows: FlowRow[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="requested-served">
        <thead>
          <tr>
            <th scope="col">Requested</th>
            <th scope="col">Served</th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col" className="num">
              Share of requested
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.from}→${r.to}`} className={undated(r.from) !== undated(r.to) && r.from !== '(none)' ? 'changed' : undefined}>
              <th scope="row">{r.from}</th>
              <td>{r.to}</td>
              <td className="num">{formatCount(r.calls)}</td>
              <td className="num">{formatPercent(r.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
