// Shapes a chargeback from the query's cells: per attribution value, the month's exact cost, its
// share, the previous month and the change, tokens by kind, each model's part, and the history.
// Pure: integers in, integers out; the only floats are ratios for display.
import { allocateCents, nanoToUsd, ratioOf, roundToCents } from '@burnrate/contract';
import type { ChargebackCell } from './chargebackQuery';
import type { Amount, ChargebackDimension, ChargebackModelLine, ChargebackResponse, ChargebackRow, TokenKinds } from './contract';

export const amount = (nano: bigint, cents: bigint = roundToCents(nano)): Amount => ({ usd: nanoToUsd(nano), nanoUsd: nano.toString(), cents: Number(cents) });

const noTokens = (): TokenKinds => ({ input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });

function addTokens(into: TokenKinds, cell: ChargebackCell): void {
  into.input += cell.input_tokens;
  into.output += cell.output_tokens;
  into.cacheRead += cell.cache_read_tokens;
  into.cacheWrite5m += cell.cache_write_5m_tokens;
  into.cacheWrite1h += cell.cache_write_1h_tokens;
}

interface Accumulated {
  key: string;
  nano: bigint;
  calls: number;
  unpricedCalls: number;
  batchCalls: number;
  tokens: TokenKinds;
  models: Map<string, { nano: bigint; calls: number; unpricedCalls: number; tokens: TokenKinds }>;
  byMonth: Map<string, { nano: bigint; calls: number }>;
}

export interface ChargebackInput {
  by: ChargebackDimension;
  /** Oldest first; the last is the month the chargeback is for. */
  months: string[];
  periodStart: Date;
  periodEnd: Date;
  cells: readonly ChargebackCell[];
}

export function shapeChargeback({ by, months, periodStart, periodEnd, cells }: ChargebackInput): ChargebackResponse {
  const month = months[months.length - 1]!;
  const previousMonth = months.length > 1 ? months[months.length - 2]! : undefined;
  const keys = new Map<string, Accumulated>();
  const unpricedModels = new Set<string>();
  for (const cell of cells) {
    let acc = keys.get(cell.key);
    if (!acc) {
      acc = { key: cell.key, nano: 0n, calls: 0, unpricedCalls: 0, batchCalls: 0, tokens: noTokens(), models: new Map(), byMonth: new Map() };
      keys.set(cell.key, acc);
    }
    const m = acc.byMonth.get(cell.month) ?? { nano: 0n, calls: 0 };
    m.nano += cell.cost_nano;
    m.calls += cell.calls;
    acc.byMonth.set(cell.month, m);
    if (cell.month !== month) continue;
    acc.nano += cell.cost_nano;
    acc.calls += cell.calls;
    acc.unpricedCalls += cell.unpriced_calls;
    acc.batchCalls += cell.batch_calls;
    addTokens(acc.tokens, cell);
    const line = acc.models.get(cell.model) ?? { nano: 0n, calls: 0, unpricedCalls: 0, tokens: noTokens() };
    line.nano += cell.cost_nano;
    line.calls += cell.calls;
    line.unpricedCalls += cell.unpriced_calls;
    addTokens(line.tokens, cell);
    acc.models.set(cell.model, line);
    if (cell.unpriced_calls > 0) unpricedModels.add(cell.model);
  }

  // Rows with calls this month, most expensive first (then by name, so the order is stable);
  // a key seen only in earlier months still shows, with its drop to zero.
  const list = [...keys.values()]
    .filter((a) => a.calls > 0 || (previousMonth !== undefined && (a.byMonth.get(previousMonth)?.calls ?? 0) > 0))
    .sort((a, b) => (a.nano === b.nano ? a.key.localeCompare(b.key) : a.nano > b.nano ? -1 : 1));
  const total = list.reduce((sum, a) => sum + a.nano, 0n);
  const cents = allocateCents(list.map((a) => a.nano));
  const monthNano = (a: Accumulated, key: string | undefined) => (key === undefined ? 0n : (a.byMonth.get(key)?.nano ?? 0n));
  const previousParts = list.map((a) => monthNano(a, previousMonth));
  const previousCents = allocateCents(previousParts);

  const rows: ChargebackRow[] = list.map((a, i) => {
    const previous = previousParts[i]!;
    const change = a.nano - previous;
    const byModel: ChargebackModelLine[] = [...a.models]
      .sort(([ma, x], [mb, y]) => (x.nano === y.nano ? ma.localeCompare(mb) : x.nano > y.nano ? -1 : 1))
      .map(([model, line]) => ({ model, cost: amount(line.nano), calls: line.calls, unpricedCalls: line.unpricedCalls, tokens: line.tokens }));
    return {
      key: a.key,
      cost: amount(a.nano, cents[i]),
      share: ratioOf(a.nano, total),
      calls: a.calls,
      unpricedCalls: a.unpricedCalls,
      tokens: a.tokens,
      batchCalls: a.batchCalls,
      previous: amount(previous, previousCents[i]),
      changeNanoUsd: change.toString(),
      changeUsd: nanoToUsd(change),
      changeRatio: previous > 0n ? ratioOf(change, previous) : null,
      byModel,
      history: months.map((key) => ({ month: key, cost: amount(monthNano(a, key)), calls: a.byMonth.get(key)?.calls ?? 0 })),
    };
  });

  const previousTotal = previousParts.reduce((s, p) => s + p, 0n);
  return {
    by,
    month,
    periodStart: periodStart.toISOString(),
    periodEnd: periodEnd.toISOString(),
    months,
    total: amount(total),
    previousTotal: amount(previousTotal),
    calls: list.reduce((s, a) => s + a.calls, 0),
    unpricedCalls: list.reduce((s, a) => s + a.unpricedCalls, 0),
    unpricedModels: [...unpricedModels].sort(),
    rows,
  };
}
