// The range's cost as a bill lists it: what the tokens cost at standard speed and residency, and
// each charge on top as its own line, so a fast-mode or web-search bill is never hidden in a total.
import type { CostLinesResponse } from '../../api/types';
import { formatCount, formatUsd } from '../../format';

const LINES = [
  { id: 'tokens', label: 'Tokens' },
  { id: 'fastMode', label: 'Fast mode premium' },
  { id: 'usOnly', label: 'US-only inference premium' },
  { id: 'webSearch', label: 'Web search fees' },
] as const;

export function CostLinesTable({ data }: { data: CostLinesResponse }) {
  return (
    <table className="table" data-testid="cost-lines">
      <tbody>
        {LINES.map((line) => (
          <tr key={line.id}>
            <th scope="row">
              {line.label}
              {line.id === 'webSearch' && ` (${formatCount(data.webSearch.requests)} searches)`}
            </th>
            <td className="num" data-testid={`cost-line-${line.id}`}>
              {formatUsd(data[line.id].costUsd)}
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row">Total</th>
          <td className="num" data-testid="cost-line-total">
            {formatUsd(data.total.costUsd)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
