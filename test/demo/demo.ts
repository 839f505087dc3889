// npm run demo — fills burnrate with 30 days of realistic synthetic traffic through the real
// ingest path (OTLP/JSON POSTed to /v1/traces), sets a company-wide daily budget that one day
// overshoots, and leaves a collector serving the dashboard.
//
// The demo has a store of its own (demoStore.ts): ./.burnrate/demo (BURNRATE_DEMO_DATA_DIR), or
// the database <CLICKHOUSE_DATABASE>_demo on a ClickHouse server, served on port 4319
// (BURNRATE_DEMO_PORT), so it never mixes with real data and runs beside a real collector. A
// second run serves what the first filled; `npm run demo -- --reset` empties it and fills again.
// DEMO_EXIT=1 exits after filling; DEMO_DAYS and DEMO_CALLS_PER_DAY resize the traffic.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../collector/src/app';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import type { BudgetListResponse, SummaryResponse, TimeseriesResponse } from '@burnrate/contract';
import { demoConfig, resetDemoStore } from './demoStore';
import { sendCalls } from './otlp';
import { dayEvents, plannedCalls, type TrafficPlan } from './traffic';

const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard', import.meta.url));

/** Calls already in the demo store over the plan's days: a second run serves them instead of doubling them. */
async function storedCalls(url: string, plan: TrafficPlan): Promise<number> {
  const from = new Date(plan.now.getTime() - (plan.days + 1) * 86_400_000).toISOString();
  const res = await fetch(`${url}/api/v1/summary?from=${from}&to=${plan.now.toISOString()}`);
  return res.ok ? ((await res.json()) as SummaryResponse).calls : 0;
}

async function buildDashboardIfMissing(): Promise<void> {
  if (existsSync(`${DASHBOARD_DIR}/dist/index.html`)) return;
  console.log('demo: building the dashboard (once)…');
  const { build } = await import('vite');
  await build({ root: DASHBOARD_DIR, configFile: `${DASHBOARD_DIR}/vite.config.ts`, logLevel: 'warn' });
}

/** A daily budget just above every ordinary day, so only the runaway day is over it. */
async function ensureDailyBudget(url: string, plan: TrafficPlan): Promise<string> {
  const list = await fetch(`${url}/api/v1/budgets`);
  if (list.status === 404) return 'budgets are not available in this collector yet; skipped';
  if (!list.ok) return `could not read budgets (${list.status}); skipped`;
  const { budgets } = (await list.json()) as BudgetListResponse;
  if (budgets.some((b) => b.period === 'day' && b.scope.kind === 'all')) return 'a company-wide daily budget already exists; kept';
  const dayStart = Math.floor(plan.now.getTime() / 86_400_000) * 86_400_000;
  const from = new Date(dayStart - (plan.days - 1) * 86_400_000).toISOString();
  const series = (await (
    await fetch(`${url}/api/v1/timeseries?metric=cost_usd&interval=1d&from=${from}&to=${new Date(dayStart).toISOString()}`)
  ).json()) as TimeseriesResponse;
  const runaway = dayEvents(plan).overBudgetDay;
  const ordinary = (series.total.values.cost_usd ?? []).filter((v, day): v is number => v !== null && day !== runaway);
  const amountUsd = Math.ceil(Math.max(10, ...ordinary) * 1.05);
  const median = [...ordinary].sort((a, b) => a - b)[Math.floor(ordinary.length / 2)] ?? 0;
  const res = await fetch(`${url}/api/v1/budgets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Company daily', scope: { kind: 'all', value: '' }, period: 'day', amountUsd }),
  });
  return res.ok
    ? `daily budget $${amountUsd} set (typical day $${median.toFixed(2)})`
    : `could not create a budget (${res.status}: ${(await res.text()).slice(0, 200)})`;
}

async function main(): Promise<void> {
  const plan: TrafficPlan = { days: Number(process.env.DEMO_DAYS ?? 30), now: new Date(), callsPerDay: Number(process.env.DEMO_CALLS_PER_DAY ?? 4000) };
  const config = demoConfig();
  if (process.argv.includes('--reset')) console.log(`demo: reset: ${await resetDemoStore(config)}`);
  if (config.BURNRATE_SERVE_DASHBOARD && process.env.DEMO_EXIT !== '1') await buildDashboardIfMissing();
  const collector = await createCollector(config, { modules: DEFAULT_MODULES });
  const { port } = await collector.listen();
  const url = `http://${config.BURNRATE_HOST}:${port}`;
  const store = collector.gateway.kind === 'embedded' ? config.BURNRATE_DATA_DIR : `database ${config.CLICKHOUSE_DATABASE}`;
  console.log(`demo: started a collector at ${url} on the demo store (${store}), apart from real data`);

  const already = await storedCalls(url, plan);
  if (already > 0) {
    console.log(`demo: the demo store already holds ${already.toLocaleString('en-US')} calls; serving them (npm run demo -- --reset starts over)`);
    await serveUntilStopped(collector, url);
    return;
  }
  const started = performance.now();
  let sent = 0;
  for (const dayCalls of plannedCalls(plan)) {
    await sendCalls(url, dayCalls);
    sent += dayCalls.length;
    process.stdout.write(`\rdemo: ${sent.toLocaleString('en-US')} calls sent`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const events = dayEvents(plan);
  const dayName = (day: number) =>
    new Date(Math.floor(plan.now.getTime() / 86_400_000) * 86_400_000 - (plan.days - 1 - day) * 86_400_000).toISOString().slice(0, 10);
  console.log(`\ndemo: ${sent.toLocaleString('en-US')} calls over ${plan.days} days in ${seconds} s`);
  console.log(`  429 storm: ${dayName(events.stormDay)} 14:00–17:00 UTC (Sonnet); runaway backfill over budget: ${dayName(events.overBudgetDay)}`);
  console.log(`  budget: ${await ensureDailyBudget(url, plan)}`);

  await serveUntilStopped(collector, url);
}

async function serveUntilStopped(collector: Awaited<ReturnType<typeof createCollector>>, url: string): Promise<void> {
  if (process.env.DEMO_EXIT === '1') {
    await collector.close();
    return;
  }
  console.log(`\nOpen ${url}/ for the dashboard. Ctrl-C stops the collector.`);
  const stop = async () => {
    await collector.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
