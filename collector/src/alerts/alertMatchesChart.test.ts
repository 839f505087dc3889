// An alert and the chart beside it read the same rule: on the same calls, the latency alert's p95
// per model equals the chart's p95 per model (the chart reads rollups, the alert raw rows), and the
// error-ratio alert counts the failures the chart counts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TimeseriesResponse } from '@burnrate/contract';
import { startCollector, type RunningCollector } from '../../../test/support/collector';
import { sendCalls } from '../../../test/demo/otlp';
import { callsOfDay, type TrafficPlan } from '../../../test/demo/traffic';
import { queryModule } from '../query/index';
import { failedCalls, slowModels } from './conditionQueries';

let running: RunningCollector;
const now = new Date(Date.UTC(2026, 10, 21, 16, 0, 0));
const from = new Date(now.getTime() - 86_400_000);

beforeAll(async () => {
  running = await startCollector({}, [queryModule]);
  const plan: TrafficPlan = { days: 1, now, callsPerDay: 600 };
  await sendCalls(
    running.url,
    callsOfDay(plan, 0).filter((c) => c.startMs + c.durationMs < now.getTime()),
    2000,
    2,
  );
});
afterAll(async () => running?.stop());

async function chart(metrics: string, groupBy = ''): Promise<TimeseriesResponse> {
  const res = await fetch(
    `${running.url}/api/v1/timeseries?metric=${metrics}${groupBy ? `&groupBy=${groupBy}` : ''}&interval=1d&from=${from.toISOString()}&to=${now.toISOString()}`,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as TimeseriesResponse;
}

it("the latency alert's p95 per model is the chart's p95 per model", async () => {
  const byModel = await chart('latency_p95_ms', 'model');
  expect(byModel.series.length).toBeGreaterThan(1);
  const alerted = await slowModels(running.collector.gateway, { from, to: now }, { model: '', minCalls: 1, thresholdMs: 0 });
  const alertP95 = new Map(alerted.map((row) => [row.model, row.p95]));
  for (const series of byModel.series) {
    const model = series.key[0]!;
    expect(alertP95.get(model), model).toBeCloseTo(series.totals.latency_p95_ms!, 6);
  }
});

it('the error-ratio alert counts the failures the chart counts', async () => {
  const total = (await chart('calls,errors')).total.totals;
  const ratio = await failedCalls(running.collector.gateway, { from, to: now }, { service: '', model: '' });
  expect(ratio.hits).toBeGreaterThan(0);
  expect(ratio).toEqual({ total: total.calls, hits: total.errors });
});
