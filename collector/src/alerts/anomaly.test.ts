// Spend anomalies: the robust baseline as a pure function, then a scripted spending day on a real
// collector (real ingest, a real local receiver): a runaway feature fires once with its driver
// named, resolves once when its hour is over, and a steady team next to it never fires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  keepOnlyRules,
  newDataDir,
  openTestCollector,
  postCalls,
  removeDataDir,
  sendJson,
  type TestCall,
  type TestCollector,
} from '../../../test/support/budgetsCollector';
import { findAnomalies, median } from './anomaly';
import { budgetsAlertsModule } from './module';
import { startReceiver, type Receiver } from '../../../test/support/alertReceiver';

const OPTIONS = { weeks: 4, minUsd: 1, factor: 3, minScore: 5 };
const driver = { team: 'search', model: 'claude-opus-4-6', service: 'api', feature: 'summaries' };

describe('robust baseline', () => {
  it('median-and-mad-ignore-one-odd-week', () => {
    expect(median([1, 9, 2, 3])).toBe(2.5);
    // One week at $40 (a launch) does not make $12 look normal: median $1.1.
    const rows = [12, 1, 1.2, 40, 0.9].map((usd, week) => ({ driver, week, usd }));
    const [a] = findAnomalies(rows, OPTIONS);
    expect(a).toMatchObject({ currentUsd: 12, medianUsd: 1.1 });
    expect(a!.times).toBeCloseTo(12 / 1.1, 6);
  });

  it('a-steady-driver-or-small-change-is-not-an-anomaly', () => {
    expect(
      findAnomalies(
        [2.2, 2, 2.1, 1.9, 2].map((usd, week) => ({ driver, week, usd })),
        OPTIONS,
      ),
    ).toEqual([]);
    // Below minUsd nothing fires, however large the factor.
    expect(findAnomalies([{ driver, week: 0, usd: 0.9 }], OPTIONS)).toEqual([]);
    // A new driver with no history fires only past factor × minUsd.
    expect(findAnomalies([{ driver, week: 0, usd: 2.5 }], OPTIONS)).toEqual([]);
    expect(findAnomalies([{ driver, week: 0, usd: 3.5 }], OPTIONS)).toHaveLength(1);
  });
});

describe('a spending day with a runaway feature', () => {
  const HOUR = 3_600_000;
  const WEEK = 7 * 24 * HOUR;
  // A recent whole hour, so the rows are inside the store's retention.
  const now = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
  let clock = now;
  let dataDir: string;
  let running: TestCollector;
  let receiver: Receiver;
  const api = (path: string) => `${running.url}/api/v1${path}`;

  beforeAll(async () => {
    dataDir = newDataDir();
    receiver = await startReceiver();
    running = await openTestCollector(dataDir, [
      budgetsAlertsModule({
        intervalMs: 3_600_000,
        leaseSettleMs: 0,
        now: () => new Date(clock),
        delivery: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10, timeoutMs: 2000 },
      }),
    ]);
    await keepOnlyRules(running.url, (rule) => rule.id === 'default-spend-anomaly');
    await sendJson('POST', api('/alerts/channels'), { name: 'hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: 'anomaly-test-secret-012345' });
    // Opus at $5/MTok input: 20k tokens = $0.10 a call. Each of the last 4 weeks, the same hour:
    // search/summaries ~$1 (10–12 calls), ads ~$2 (20 calls). Today: search/summaries $8, ads $2.
    const calls: TestCall[] = [];
    const hourOf = (week: number, n: number, team: string, feature: string) => {
      for (let i = 0; i < n; i++)
        calls.push({ model: 'claude-opus-4-6', inputTokens: 20_000, team, feature, service: 'api', at: new Date(now - week * WEEK - 50 * 60_000 + i * 1000) });
    };
    [10, 12, 9, 11].forEach((n, i) => hourOf(i + 1, n, 'search', 'summaries'));
    [1, 2, 3, 4].forEach((week) => hourOf(week, 20, 'ads', 'bidding'));
    hourOf(0, 80, 'search', 'summaries');
    hourOf(0, 21, 'ads', 'bidding');
    await postCalls(running.url, calls);
  });
  afterAll(async () => {
    await running?.close();
    await receiver?.close();
    removeDataDir(dataDir);
  });

  it('fires-once-naming-the-driver-and-resolves-once', async () => {
    const evaluate = async (at: number) => {
      clock = at;
      return (await (await sendJson('POST', api('/alerts/evaluate'), {})).json()) as { fired: number; resolved: number };
    };
    // The collector evaluated once at start, before the calls came, and an hour's anomaly is
    // looked at again only after 5 minutes: so the first look that sees the calls is 6 min on.
    expect(await evaluate(now + 6 * 60_000)).toEqual({ fired: 1, resolved: 0 });
    expect(await evaluate(now + 7 * 60_000)).toEqual({ fired: 0, resolved: 0 });
    expect(await evaluate(now + HOUR)).toEqual({ fired: 0, resolved: 1 });
    await receiver.waitFor(2);
    const [fired, resolved] = receiver.received.map((r) => JSON.parse(r.body));
    expect(fired.summary).toBe(
      'team search · claude-opus-4-6 · service api · feature summaries: $8.00 in the last hour, 7.6× its usual hour (median $1.05 over the same hour of the last 4 weeks)',
    );
    expect(fired.labels).toMatchObject({ driver_team: 'search', driver_feature: 'summaries', usual_usd: '1.05' });
    expect(resolved).toMatchObject({ status: 'resolved', subject: fired.subject });
  });
});
