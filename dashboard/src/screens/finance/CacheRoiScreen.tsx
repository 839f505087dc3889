// Savings: what prompt caching saved or cost in the view's range and filters, per feature
// (service, model, …), at list prices: reads at their discount minus the 5-minute and 1-hour
// write premiums. Features whose cache costs more than it saves come first, flagged; the last
// columns price the same writes at the other TTL. Below, what-if repricing of the same calls and the most
// expensive runs.
import { useState } from 'react';
import { Panel } from '../../components/Panel';
import { formatCount, formatKey, formatUsd } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useScope } from '../../hooks/useScope';
import type { UrlState } from '../../state/urlState';
import { ScreenStates } from '../screenState';
import { CACHE_BY_LABELS, CACHE_ROI_BY, cacheRoiUrl, readsPerWriteText } from './cacheRoiView';
import type { CacheRoiDimension, CacheRoiResponse } from '../../api/financeTypes';
import { RunsPanel } from './RunsPanel';
import { WhatIfPanel } from './WhatIfPanel';

function CacheRoiTable({ data, byLabel }: { data: CacheRoiResponse; byLabel: string }) {
  if (data.rows.length === 0)
    return (
      <p className="muted" data-testid="cache-roi-none">
        No call in this range used prompt caching.
      </p>
    );
  return (
    <div className="table-wrap">
      <table data-testid="cache-roi-table">
        <thead>
          <tr>
            <th scope="col">{byLabel}</th>
            <th scope="col" className="num">
              Net
            </th>
            <th scope="col" className="num">
              Read savings
            </th>
            <th scope="col" className="num">
              5m write premium
            </th>
            <th scope="col" className="num">
              1h write premium
            </th>
            <th scope="col" className="num">
              Reads per write
            </th>
            <th scope="col" className="num">
              Net if all 5m
            </th>
            <th scope="col" className="num">
              Net if all 1h
            </th>
            <th scope="col" className="num">
              Caching calls
            </th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.key} data-testid="cache-roi-row" data-key={r.key} data-losing={r.losing}>
              <th scope="row">
                {formatKey([r.key])}
                {r.losing && <span className="badge bad">costs more than it saves</span>}
                {r.unpricedCalls > 0 && <span className="badge bad">{formatCount(r.unpricedCalls)} unpriced</span>}
              </th>
              <td className={`num${r.losing ? ' bad' : ''}`} data-testid="cache-roi-net">
                {formatUsd(r.netUsd)}
              </td>
              <td className="num">{formatUsd(r.readSavingsUsd)}</td>
              <td className="num">{formatUsd(r.write5mPremiumUsd)}</td>
              <td className="num">{formatUsd(r.write1hPremiumUsd)}</td>
              <td className="num">{readsPerWriteText(r.readsPerWrite)}</td>
              <td className="num" data-testid="cache-roi-if-5m">
                {formatUsd(r.netIfAll5mUsd)}
              </td>
              <td className="num" data-testid="cache-roi-if-1h">
                {formatUsd(r.netIfAll1hUsd)}
              </td>
              <td className="num">
                {formatCount(r.cachingCalls)} <span className="muted">of {formatCount(r.calls)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CacheRoiScreen({ url, update }: { url: UrlState; update: (c: Partial<UrlState>) => void }) {
  const { scope } = useScope(url);
  const [by, setBy] = useState<CacheRoiDimension>('feature');
  const state = useApi<CacheRoiResponse>(cacheRoiUrl(scope, by));
  return (
    <ScreenStates state={state} what="cache ROI" calls={(d) => d.total.calls} url={url} update={update}>
      {(d) => (
        <>
          <div className="kpis">
            <div className={`kpi${d.total.losing ? ' kpi-bad' : ' kpi-good'}`}>
              <div className="kpi-label">Net saved by caching</div>
              <div className="kpi-value" data-testid="cache-roi-total-net">
                {formatUsd(d.total.netUsd)}
              </div>
            </div>
            <div className="kpi">
              <div className="kpi-label">Read savings</div>
              <div className="kpi-value" data-testid="cache-roi-total-reads">
                {formatUsd(d.total.readSavingsUsd)}
              </div>
            </div>
            <div className="kpi">
              <div className="kpi-label">Write premiums 5m / 1h</div>
              <div className="kpi-value" data-testid="cache-roi-total-writes">
                {formatUsd(d.total.write5mPremiumUsd)} / {formatUsd(d.total.write1hPremiumUsd)}
              </div>
            </div>
            <div className="kpi">
              <div className="kpi-label">Losing {CACHE_BY_LABELS[by].toLowerCase()}s</div>
              <div className={`kpi-value${d.rows.some((r) => r.losing) ? ' bad' : ''}`} data-testid="cache-roi-losing">
                {formatCount(d.rows.filter((r) => r.losing).length)}
              </div>
            </div>
          </div>
          <div className="grid">
            <Panel
              title={`Cache ROI by ${CACHE_BY_LABELS[by].toLowerCase()}`}
              wide
              note="At list prices. The TTL what-if prices the same writes at the other TTL and keeps the reads: moving to 5 minutes would also miss reads that came later, so its gain is an upper bound."
              actions={
                <label>
                  By{' '}
                  <select value={by} onChange={(e) => setBy(e.target.value as CacheRoiDimension)} data-testid="cache-roi-by">
                    {CACHE_ROI_BY.map((d) => (
                      <option key={d} value={d}>
                        {CACHE_BY_LABELS[d]}
                      </option>
                    ))}
                  </select>
                </label>
              }
            >
              <CacheRoiTable data={d} byLabel={CACHE_BY_LABELS[by]} />
            </Panel>
            <WhatIfPanel scope={scope} />
            <RunsPanel scope={scope} />
          </div>
        </>
      )}
    </ScreenStates>
  );
}
