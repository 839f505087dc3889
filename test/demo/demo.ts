// npm run demo — fills burnrate with 30 days of realistic synthetic traffic through the real
// ingest path (OTLP/JSON POSTed to /v1/traces), sets a company-wide daily budget that one day
// overshoots, and leaves a collector serving the dashboard.
//
// If a collector already answers at BURNRATE_ENDPOINT (default http://127.0.0.1:4318), the
// traffic goes there and the demo exits. Otherwise one starts in this process on the default
// data directory (the same one `npm start` uses), builds the dashboard if it is not built, and
// keeps serving until Ctrl-C. DEMO_EXIT=1 exits after filling; DEMO_DAYS and DEMO_CALLS_PER_DAY
// resize the traffic.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../collector/src/app';
import { loadConfig } from '../../collector/src/config';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import type { BudgetListResponse, TimeseriesResponse } from '../../collector/src/api/contract';
import { sendCalls } from './otlp';
import { dayEvents, plannedCalls, type TrafficPlan } from './traffic';

const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard', import.meta.url));

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
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
  const series = (await (await fetch(`${url}/api/v1/timeseries?metric=cost_usd&interval=1d&from=${from}&to=${new Date(dayStart).toISOString()}`)).json()) as TimeseriesResponse;
  const runaway = dayEvents(plan).overBudgetDay;
  const ordinary = (series.total.values.cost_usd ?? []).filter((v, day): v is number => v !== null && day !== runaway);
  const amountUsd = Math.ceil(Math.max(10, ...ordinary) * 1.05);
  const median = [...ordinary].sort((a, b) => a - b)[Math.floor(ordinary.length / 2)] ?? 0;
  const res = await fetch(`${url}/api/v1/budgets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Company daily', scope: { kind: 'all', value: '' }, period: 'day', amountUsd }),
  });
  return res.ok ? `daily budget $${amountUsd} set (typical day $${median.toFixed(2)})` : `could not create a budget (${res.status}: ${(await res.text()).slice(0, 200)})`;
}

async function main(): Promise<void> {
  const plan: TrafficPlan = { days: Number(process.env.DEMO_DAYS ?? 30), now: new Date(), callsPerDay: Number(process.env.DEMO_CALLS_PER_DAY ?? 4000) };
  const config = loadConfig();
  let url = process.env.BURNRATE_ENDPOINT ?? `http://${config.BURNRATE_HOST}:${config.BURNRATE_PORT}`;
  let collector: Awaited<ReturnType<typeof createCollector>> | undefined;
  if (await reachable(url)) {
    console.log(`demo: sending to the collector at ${url}`);
  } else {
    if (config.BURNRATE_SERVE_DASHBOARD && process.env.DEMO_EXIT !== '1') await buildDashboardIfMissing();
    collector = await createCollector(config, { modules: DEFAULT_MODULES });
    const { port } = await collector.listen();
    url = `http://${config.BURNRATE_HOST}:${port}`;
    console.log(`demo: started a collector at ${url} (data in ${config.BURNRATE_DATA_DIR})`);
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
  const dayName = (day: number) => new Date(Math.floor(plan.now.getTime() / 86_400_000) * 86_400_000 - (plan.days - 1 - day) * 86_400_000).toISOString().slice(0, 10);
  console.log(`\ndemo: ${sent.toLocaleString('en-US')} calls over ${plan.days} days in ${seconds} s`);
  console.log(`  429 storm: ${dayName(events.stormDay)} 14:00–17:00 UTC (Sonnet); runaway backfill over budget: ${dayName(events.overBudgetDay)}`);
  console.log(`  budget: ${await ensureDailyBudget(url, plan)}`);

  if (!collector) return;
  if (process.env.DEMO_EXIT === '1') {
    await collector.close();
    return;
  }
  console.log(`\nOpen ${url}/ for the dashboard. Ctrl-C stops the collector.`);
  const stop = async () => {
    await collector!.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
