// The chargeback as CSV: one line per attribution value and model for the month, then the
// value's total line (model "(all)"), so a spreadsheet can pivot either way. Every cell goes
// through csvDocument (it neutralises formulas an app could plant in a team or user name).
// Money is exact decimal text from nano-dollars, with the allocated cents beside it.
import { csvDocument, formatUsd, nanoToUsd } from '@burnrate/contract';
import type { ChargebackResponse, TokenKinds } from './contract';

const usd = (nanoUsd: string) => formatUsd(BigInt(nanoUsd));
const tokenCells = (t: TokenKinds) => [t.input, t.output, t.cacheRead, t.cacheWrite5m, t.cacheWrite1h];

export function chargebackCsv(report: ChargebackResponse): string {
  const header = [
    'month',
    report.by,
    'model',
    'cost_usd',
    'cost_cents',
    'share',
    'previous_month_usd',
    'change_usd',
    'calls',
    'unpriced_calls',
    'input_tokens',
    'output_tokens',
    'cache_read_tokens',
    'cache_write_5m_tokens',
    'cache_write_1h_tokens',
  ];
  const lines: unknown[][] = [];
  for (const row of report.rows) {
    for (const m of row.byModel) {
      lines.push([report.month, row.key, m.model, usd(m.cost.nanoUsd), m.cost.cents, '', '', '', m.calls, m.unpricedCalls, ...tokenCells(m.tokens)]);
    }
    lines.push([
      report.month,
      row.key,
      '(all)',
      usd(row.cost.nanoUsd),
      row.cost.cents,
      row.share.toFixed(6),
      usd(row.previous.nanoUsd),
      // A number, not text: csvCell would take a leading minus sign for a formula.
      nanoToUsd(BigInt(row.changeNanoUsd)),
      row.calls,
      row.unpricedCalls,
      ...tokenCells(row.tokens),
    ]);
  }
  return csvDocument(header, lines);
}
