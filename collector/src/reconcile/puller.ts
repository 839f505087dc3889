// Pulls Anthropic's reports into anthropic_daily_report: once at start, then once a day, each
// time the last `lookbackDays` days and today (a day's report keeps filling in after it ends).
// One pull at a time; a failed pull is recorded and logged, and the next one tries again.
import type Anthropic from '@anthropic-ai/sdk';
import type { Gateway } from '../store/gateway';
import { fetchReports } from './anthropicReports';
import { dailyReports } from './dailyReport';
import { planPull } from './pullWindow';
import { insertDailyReports } from './reportTable';

export interface PullOutcome {
  at: Date;
  ok: boolean;
  /** Why the pull failed (the API's answer or a shape problem); never contains the key. */
  error: string | null;
  /** UTC days the pull covered. */
  days: number;
}

export interface PullerDeps {
  client: Anthropic;
  gateway: Gateway;
  lookbackDays: number;
  now: () => Date;
  warn: (message: string) => void;
}

const MAX_ERROR_CHARS = 300;

export class ReportPuller {
  private running: Promise<PullOutcome> | undefined;
  private timer: NodeJS.Timeout | undefined;
  last: PullOutcome | undefined;

  constructor(private readonly deps: PullerDeps) {}

  /** Pulls now; a pull already under way is joined rather than started twice. */
  pull(): Promise<PullOutcome> {
    this.running ??= this.pullOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pullOnce(): Promise<PullOutcome> {
    const at = this.deps.now();
    const plan = planPull(at, this.deps.lookbackDays);
    try {
      const cost: unknown[] = [];
      const usage: unknown[] = [];
      let refreshedAt: Date | null = null;
      for (const window of plan.windows) {
        const fetched = await fetchReports(this.deps.client, window);
        cost.push(...fetched.cost);
        usage.push(...fetched.usage);
        if (fetched.refreshedAt && (!refreshedAt || fetched.refreshedAt < refreshedAt)) refreshedAt = fetched.refreshedAt;
      }
      await insertDailyReports(this.deps.gateway, dailyReports(cost, usage, plan.days), { pulledAt: at, refreshedAt });
      this.last = { at, ok: true, error: null, days: plan.days.length };
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_CHARS);
      this.deps.warn(`burnrate: pulling Anthropic's usage and cost report failed: ${message}`);
      this.last = { at, ok: false, error: message, days: plan.days.length };
    }
    return this.last;
  }

  /** Pulls every `intervalMs` until stop(). */
  schedule(intervalMs: number): void {
    this.timer = setInterval(() => void this.pull(), intervalMs);
    // A pending pull must not keep a stopping process alive.
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
