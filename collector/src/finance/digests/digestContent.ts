// What a digest says, for the window that just ended (yesterday, or the last 7 UTC days): spend
// against the window before, the top movers by team and by model, each budget's standing, the
// month-end forecast, and anomalies in words. Reads go through the chargeback-style query, the
// budget status and the forecast, so a digest says exactly what the screens say.
import { z } from 'zod';
import { budgetStatuses } from '../../budgets/status';
import { listBudgets } from '../../budgets/budgetsTable';
import { nanoToUsd } from '@burnrate/contract';
import { CALLS_TABLE } from '../../store/callsTable';
import { chBigInt, chCount } from '../../store/chValues';
import type { Gateway } from '../../store/gateway';
import { dateToDateTime64 } from '../../store/time';
import { queryRows } from '../../store/typedQuery';
import type { DigestContent, DigestMover, DigestSchedule } from '../contract';
import { forecastFor } from '../forecastQuery';

const DAY_MS = 86_400_000;
const TOP_MOVERS = 3;

export function digestWindow(schedule: DigestSchedule, now: Date): { from: Date; to: Date; previousFrom: Date } {
  const to = new Date(now.getTime() - (now.getTime() % DAY_MS));
  const days = schedule === 'daily' ? 1 : 7;
  return { from: new Date(to.getTime() - days * DAY_MS), to, previousFrom: new Date(to.getTime() - 2 * days * DAY_MS) };
}

const cellSchema = z.object({
  dim: z.string(),
  key: z.string(),
  now_nano: chBigInt,
  before_nano: chBigInt,
  calls: chCount,
  unpriced: chCount,
});

/** The biggest changes first (by how much money moved), at most TOP_MOVERS. */
export function topMovers(rows: { key: string; now: bigint; before: bigint }[]): DigestMover[] {
  const abs = (x: bigint) => (x < 0n ? -x : x);
  return rows
    .filter((r) => r.now !== r.before)
    .sort((a, b) => {
      const x = abs(a.now - a.before);
      const y = abs(b.now - b.before);
      return x === y ? a.key.localeCompare(b.key) : x > y ? -1 : 1;
    })
    .slice(0, TOP_MOVERS)
    .map((r) => ({
      key: r.key,
      usd: nanoToUsd(r.now),
      previousUsd: nanoToUsd(r.before),
      changeUsd: nanoToUsd(r.now - r.before),
      changeRatio: r.before > 0n ? Number(((r.now - r.before) * 1_000_000n) / r.before) / 1e6 : null,
    }));
}

const label = (key: string) => (key === '' ? '(none)' : key);
/** Money as a message reads it: cents from a dollar up, three significant digits below (never a $0.00 that hides spend). The JSON keeps the exact figures. */
export function usdText(usd: number): string {
  const abs = Math.abs(usd);
  const text = abs === 0 ? '0.00' : abs >= 1 ? abs.toFixed(2) : String(Number(abs.toPrecision(3)));
  return `${usd < 0 ? '−' : ''}$${text}`;
}
const signed = (usd: number) => `${usd >= 0 ? '+' : ''}${usdText(usd)}`;

export function digestText(c: Omit<DigestContent, 'text'>): string {
  const lines = [
    `*burnrate ${c.schedule} digest* — ${c.from.slice(0, 10)}${c.schedule === 'weekly' ? ` to ${new Date(Date.parse(c.to) - DAY_MS).toISOString().slice(0, 10)}` : ''} (UTC)`,
    `Spend: ${usdText(c.spendUsd)} (${signed(nanoToUsd(BigInt(c.spendNanoUsd) - BigInt(c.previousNanoUsd)))} vs the ${c.schedule === 'daily' ? 'day' : 'week'} before), ${c.calls} calls${c.unpricedCalls > 0 ? `, ${c.unpricedCalls} unpriced` : ''}`,
  ];
  if (c.teams.length > 0) lines.push(`Top movers by team: ${c.teams.map((m) => `${label(m.key)} ${signed(m.changeUsd)}`).join(', ')}`);
  if (c.models.length > 0) lines.push(`Top movers by model: ${c.models.map((m) => `${label(m.key)} ${signed(m.changeUsd)}`).join(', ')}`);
  for (const b of c.budgets)
    lines.push(
      `Budget ${b.name}: ${usdText(b.spentUsd)} of ${usdText(b.amountUsd)} this ${b.period}${b.exceeded ? ' — exceeded' : b.projectedToExceed ? ' — projected to exceed' : ''}`,
    );
  lines.push(`Month-end forecast: ${usdText(c.forecast.projectedUsd)} (80%: ${usdText(c.forecast.lowUsd)} – ${usdText(c.forecast.highUsd)})`);
  for (const a of c.anomalies) lines.push(`⚠ ${a}`);
  return lines.join('\n');
}

export async function buildDigest(gateway: Gateway, schedule: DigestSchedule, now: Date): Promise<DigestContent> {
  const w = digestWindow(schedule, now);
  const cells = await queryRows(
    gateway,
    'finance-digest',
    cellSchema,
    `SELECT dim, key,
       toString(sumIf(cost, start_time >= {from:DateTime64(6, 'UTC')})) AS now_nano,
       toString(sumIf(cost, start_time < {from:DateTime64(6, 'UTC')})) AS before_nano,
       countIf(start_time >= {from:DateTime64(6, 'UTC')}) AS calls,
       countIf(start_time >= {from:DateTime64(6, 'UTC')} AND unpriced) AS unpriced
     FROM (
       SELECT start_time, toInt128(ifNull(cost_nano_usd, 0)) AS cost, cost_nano_usd IS NULL AS unpriced,
         arrayJoin([('team', team), ('model', model)]) AS pair, pair.1 AS dim, pair.2 AS key
       FROM ${gateway.table(CALLS_TABLE)} FINAL
       WHERE start_time >= {previousFrom:DateTime64(6, 'UTC')} AND start_time < {to:DateTime64(6, 'UTC')}
     )
     GROUP BY dim, key`,
    { previousFrom: dateToDateTime64(w.previousFrom), from: dateToDateTime64(w.from), to: dateToDateTime64(w.to) },
  );
  const of = (dim: string) => cells.filter((c) => c.dim === dim).map((c) => ({ key: c.key, now: c.now_nano, before: c.before_nano }));
  const teamCells = cells.filter((c) => c.dim === 'team');
  const spend = teamCells.reduce((s, c) => s + c.now_nano, 0n);
  const previous = teamCells.reduce((s, c) => s + c.before_nano, 0n);
  const statuses = await budgetStatuses(gateway, await listBudgets(gateway), now);
  const forecast = await forecastFor(gateway, { kind: 'all', value: '' }, 'month', 'UTC', now);
  const teams = topMovers(of('team'));
  const models = topMovers(of('model'));
  const anomalies = [
    ...[...teams.map((m) => ['team', m] as const), ...models.map((m) => ['model', m] as const)]
      .filter(([, m]) => m.changeRatio !== null && m.changeRatio >= 1)
      .map(
        ([kind, m]) => `${kind} ${label(m.key)} spent ${(m.changeRatio! + 1).toFixed(1)}× what it spent the ${schedule === 'daily' ? 'day' : 'week'} before`,
      ),
    ...statuses.filter((s) => s.exceeded).map((s) => `budget ${s.budget.name} is exceeded`),
  ];
  const content: Omit<DigestContent, 'text'> = {
    schedule,
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    spendUsd: nanoToUsd(spend),
    spendNanoUsd: spend.toString(),
    previousUsd: nanoToUsd(previous),
    previousNanoUsd: previous.toString(),
    calls: teamCells.reduce((s, c) => s + c.calls, 0),
    unpricedCalls: teamCells.reduce((s, c) => s + c.unpriced, 0),
    teams,
    models,
    budgets: statuses.map((s) => ({
      name: s.budget.name,
      period: s.budget.period,
      spentUsd: s.spentUsd,
      amountUsd: s.budget.amountUsd,
      usedRatio: s.usedRatio,
      exceeded: s.exceeded,
      projectedToExceed: s.projectedToExceed,
    })),
    forecast: { projectedUsd: forecast.projectedUsd, lowUsd: forecast.lowUsd, highUsd: forecast.highUsd, method: forecast.method },
    anomalies,
  };
  return { ...content, text: digestText(content) };
}
