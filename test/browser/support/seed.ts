// Seeds a test store through the real ingest path with the demo's traffic model, scaled down.
import { sendCalls } from '../../demo/otlp';
import { plannedCalls, type TrafficPlan } from '../../demo/traffic';

export async function seedTraffic(url: string, plan: TrafficPlan): Promise<number> {
  let sent = 0;
  for (const day of plannedCalls(plan)) {
    await sendCalls(url, day, 2000, 2);
    sent += day.length;
  }
  return sent;
}
