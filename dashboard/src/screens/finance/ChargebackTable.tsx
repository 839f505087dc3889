// One line per team (project, tenant, …): the month's spend in invoice cents, its share, the
// change from last month, tokens by kind; a line opens to its models.
import { Fragment, useState } from 'react';
import { formatCount, formatKey, formatPercent, formatUsd } from '../../format';
import { changeText, formatCents } from './chargebackView';
import type { ChargebackResponse } from '../../api/financeTypes';

export function ChargebackTable({ report, byLabel }: { report: ChargebackResponse; byLabel: string }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="table-wrap">
      <table data-testid="chargeback-table">
        <thead>
          <tr>
            <th scope="col">{byLabel}</th>
            <th scope="col" className="num">
              Spend
            </th>
            <th scope="col" className="num">
              Invoice
            </th>
            <th scope="col" className="num">
              Share
            </th>
            <th scope="col" className="num">
              vs last month
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
              Cache write 5m / 1h
            </th>
            <th scope="col" className="num">
              Output
            </th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <Fragment key={row.key}>
              <tr data-testid="chargeback-row" data-key={row.key}>
                <th scope="row">
                  <button type="button" className="link" aria-expanded={open === row.key} onClick={() => setOpen(open === row.key ? null : row.key)}>
                    {formatKey([row.key])}
                  </button>
                  {row.unpricedCalls > 0 && (
                    <span className="badge bad" title="calls whose model has no price are not in the spend">
                      {formatCount(row.unpricedCalls)} unpriced
                    </span>
                  )}
                </th>
                <td className="num" data-testid="chargeback-cost" title={`$${row.cost.usd} exactly`}>
                  {formatUsd(row.cost.usd)}
                </td>
                <td className="num" data-testid="chargeback-cents">
                  {formatCents(row.cost.cents)}
                </td>
                <td className="num" data-testid="chargeback-share">
                  {formatPercent(row.share)}
                </td>
                <td className={`num${row.changeUsd > 0 ? ' bad' : ''}`} data-testid="chargeback-change">
                  {changeText(row)}
                </td>
                <td className="num">{formatCount(row.calls)}</td>
                <td className="num">{formatCount(row.tokens.input)}</td>
                <td className="num">{formatCount(row.tokens.cacheRead)}</td>
                <td className="num">
                  {formatCount(row.tokens.cacheWrite5m)} / {formatCount(row.tokens.cacheWrite1h)}
                </td>
                <td className="num">{formatCount(row.tokens.output)}</td>
              </tr>
              {open === row.key &&
                row.byModel.map((m) => (
                  <tr key={`${row.key}/${m.model}`} className="sub-row" data-testid="chargeback-model" data-model={m.model}>
                    <td className="indent">{m.model}</td>
                    <td className="num" data-testid="chargeback-model-cost">
                      {m.unpricedCalls > 0 && m.unpricedCalls === m.calls ? 'unpriced' : formatUsd(m.cost.usd)}
                    </td>
                    <td />
                    <td />
                    <td />
                    <td className="num">{formatCount(m.calls)}</td>
                    <td className="num">{formatCount(m.tokens.input)}</td>
                    <td className="num">{formatCount(m.tokens.cacheRead)}</td>
                    <td className="num">
                      {formatCount(m.tokens.cacheWrite5m)} / {formatCount(m.tokens.cacheWrite1h)}
                    </td>
                    <td className="num">{formatCount(m.tokens.output)}</td>
                  </tr>
                ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
