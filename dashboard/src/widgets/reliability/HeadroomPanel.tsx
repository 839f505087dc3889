// Rate-limit headroom from the last headers seen: what remains of each limit and when it
// resets, one row per service and model, the tightest first; under each limit, the collector's
// forecast at the current rate (share of the limit a minute, and when it empties), and above the
// table the bucket closest to running out.
import { formatCount, formatCountShort, formatTime } from '../../format';
import type { RateLimitHeadroom, RateLimitRow, RateLimitsResponse } from '../../api/types';
import { emptyText, headroomAge, shortDuration, tightestBucket, tightestText, TIGHT_RATE_SHARE, type HeadroomAge } from '../../transforms/headroom';

const shareOf = (l: RateLimitHeadroom) => (l.limit && l.remaining !== null ? l.remaining / l.limit : null);
const tightest = (row: RateLimitRow) => Math.min(1, ...row.limits.map((l) => shareOf(l) ?? 1));

function Meter({ limit, stale }: { limit: RateLimitHeadroom | undefined; stale: boolean }) {
  if (!limit) return <span className="muted">—</span>;
  const share = shareOf(limit);
  // A stale reading is shown grey: it says what was left then, not what is left now.
  const tone = stale ? 'meter-stale' : share !== null && share < 0.1 ? 'meter-over' : share !== null && share < 0.3 ? 'meter-warn' : 'meter-ok';
  return (
    <>
      <span
        className="meter small"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share === null ? undefined : Math.round(share * 100)}
        aria-label={`${limit.kind} remaining`}
      >
        <span className={`meter-used ${tone}`} style={{ width: `${(share ?? 0) * 100}%` }} />
      </span>
      <span title={`${formatCount(limit.remaining)} of ${formatCount(limit.limit)}`}>
        {formatCountShort(limit.remaining ?? 0)} / {formatCountShort(limit.limit ?? 0)}
      </span>
      <Forecast limit={limit} />
    </>
  );
}

/** At the current rate: the share of the limit used a minute, and when the bucket empties. */
function Forecast({ limit }: { limit: RateLimitHeadroom }) {
  const f = limit.forecast;
  if (!f) return null;
  const empties = emptyText(f);
  const tone = f.minutesToEmpty !== null ? 'bad' : f.rateShare >= TIGHT_RATE_SHARE ? 'warn' : 'muted';
  return (
    <span
      className={`headroom-forecast ${tone}`}
      data-testid="headroom-rate"
      data-kind={limit.kind}
      title={`${formatCount(Math.round(f.ratePerMinute))} a minute now; about ${formatCount(f.remainingNow)} left`}
    >
      {Math.round(f.rateShare * 100)}% a min{empties ? ` · ${empties}` : ''}
    </span>
  );
}

function TightestLine({ data, now }: { data: RateLimitsResponse; now: Date }) {
  const tightest = tightestBucket(data.rows);
  const window = `the last ${data.forecast.windowMinutes} min`;
  if (!tightest)
    return (
      <p className="muted" data-testid="headroom-forecast">
        Every limit is below {Math.round(TIGHT_RATE_SHARE * 100)}% at the rate of {window}.
      </p>
    );
  return (
    <p className={tightest.limit.forecast.minutesToEmpty !== null ? 'bad' : 'warn'} data-testid="headroom-forecast">
      At the rate of {window}: {tightestText(tightest, now)}
    </p>
  );
}

function AgeCell({ age }: { age: HeadroomAge }) {
  if (age.stale)
    return (
      <span className="badge badge-stale" title="Every limit has reset since these headers were seen: the limits have refilled">
        stale · reset {shortDuration(age.sinceMs)} ago
      </span>
    );
  return <span className="muted">{age.resetsInMs === null ? 'current' : `resets in ${shortDuration(age.resetsInMs)}`}</span>;
}

export function HeadroomPanel({ data, now }: { data: RateLimitsResponse; now: Date }) {
  if (data.rows.length === 0) {
    return <p className="muted">No rate-limit headers in this range. The sdk-hook records them from every response; other instrumentations may not.</p>;
  }
  const kinds = [...new Set(data.rows.flatMap((r) => r.limits.map((l) => l.kind)))].sort();
  const rows = [...data.rows].sort((a, b) => tightest(a) - tightest(b));
  return (
    <div className="table-wrap">
      <TightestLine data={data} now={now} />
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
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {rows
            .map((row) => ({ row, age: headroomAge(row, now) }))
            .map(({ row, age }) => (
              <tr key={`${row.service}/${row.model}`} className={age.stale ? 'stale' : undefined} data-stale={age.stale}>
                <th scope="row">
                  {row.service} · {row.model}
                </th>
                {kinds.map((k) => (
                  <td key={k}>
                    <Meter limit={row.limits.find((l) => l.kind === k)} stale={age.stale} />
                  </td>
                ))}
                <td className="muted">{formatTime(row.limits.find((l) => l.reset)?.reset ?? '') || '—'}</td>
                <td className="muted">{formatTime(row.seenAt)}</td>
                <td>
                  <AgeCell age={age} />
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
