// Rate-limit headroom from the last headers seen: what remains of each limit and when it
// resets, one row per service and model, the tightest first.
import { formatCount, formatCountShort, formatTime } from '../../format';
import type { RateLimitHeadroom, RateLimitRow, RateLimitsResponse } from '../../api/types';

const shareOf = (l: RateLimitHeadroom) => (l.limit && l.remaining !== null ? l.remaining / l.limit : null);
const tightest = (row: RateLimitRow) => Math.min(1, ...row.limits.map((l) => shareOf(l) ?? 1));

function Meter({ limit }: { limit: RateLimitHeadroom | undefined }) {
  if (!limit) return <span className="muted">—</span>;
  const share = shareOf(limit);
  const tone = share !== null && share < 0.1 ? 'meter-over' : share !== null && share < 0.3 ? 'meter-warn' : 'meter-ok';
  return (
    <>
      <span className="meter small" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={share === null ? undefined : Math.round(share * 100)} aria-label={`${limit.kind} remaining`}>
        <span className={`meter-used ${tone}`} style={{ width: `${(share ?? 0) * 100}%` }} />
      </span>
      <span title={`${formatCount(limit.remaining)} of ${formatCount(limit.limit)}`}>
        {formatCountShort(limit.remaining ?? 0)} / {formatCountShort(limit.limit ?? 0)}
      </span>
    </>
  );
}

export function HeadroomPanel({ data }: { data: RateLimitsResponse }) {
  if (data.rows.length === 0) {
    return <p className="muted">No rate-limit headers in this range. The sdk-hook records them from every response; other instrumentations may not.</p>;
  }
  const kinds = [...new Set(data.rows.flatMap((r) => r.limits.map((l) => l.kind)))].sort();
  const rows = [...data.rows].sort((a, b) => tightest(a) - tightest(b));
  return (
    <div className="table-wrap">
      <table className="headroom" data-testid="headroom">
        <thead>
          <tr>
            <th scope="col">Service · model</th>
            {kinds.map((k) => (
              <th scope="col" key={k}>
                {k.replace('_', ' ')} remaining
              </th>
            ))}
            <th scope="col">Resets</th>
            <th scope="col">Seen</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.service}/${row.model}`}>
              <th scope="row">
                {row.service} · {row.model}
              </th>
              {kinds.map((k) => (
                <td key={k}>
                  <Meter limit={row.limits.find((l) => l.kind === k)} />
                </td>
              ))}
              <td className="muted">{formatTime(row.limits.find((l) => l.reset)?.reset ?? '') || '—'}</td>
              <td className="muted">{formatTime(row.seenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
