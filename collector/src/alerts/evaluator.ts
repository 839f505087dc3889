// Runs every rule on a schedule and turns changes into persisted transitions and notifications.
// Order per change: state and history are written first, then the notification is queued, so a
// crash or restart can never announce the same alert twice (at worst a notification is lost
// with the process, and the delivery log shows it never went). The schedule runs at a fixed
// rate (the next evaluation starts one interval after the previous one started), so a change is
// noticed within one interval plus one evaluation's own run time.
import { randomUUID } from 'node:crypto';
import type { BudgetStatus } from '@burnrate/contract';
import { listBudgets } from '../budgets/budgetsTable';
import { budgetStatuses } from '../budgets/status';
import type { Logger } from '../log/logger';
import type { Gateway } from '../store/gateway';
import type { ChannelRecord } from './channel';
import { listChannels } from './channelsTable';
import { evaluateCondition, type Finding } from './conditions';
import type { Dispatcher } from './dispatcher';
import { eventOf, saveEvents } from './eventsTable';
import type { AlertRuleRecord } from './rule';
import { listRules } from './rulesTable';
import { loadFiringStates, saveStates, stateKey, type AlertStateRecord } from './stateTable';
import { transitions, type RuleOutcome, type Transitions } from './transitions';
import type { WriterStatus } from '../store/writer';
import type { EvaluatorLease } from './lease/evaluatorLease';
import { matchingSilence, SILENCED_LABEL } from './lifecycle/silence';
import { listSilences } from './lifecycle/silencesTable';

export interface EvaluatorDeps {
  gateway: Gateway;
  dispatcher: Dispatcher;
  intervalMs: number;
  now?: () => Date;
  /** With several collectors on one store: only the lease's holder evaluates and notifies. */
  lease?: EvaluatorLease;
  /** This collector's write-ahead log, for the ingest_log condition. */
  writeAheadLog?: () => WriterStatus;
  spendLimitsFile?: string;
  logger: Logger;
}

/** A rule's channels; [] means every enabled channel. A removed rule's resolve goes to every enabled channel. */
export function channelsFor(rule: AlertRuleRecord | undefined, channels: readonly ChannelRecord[]): ChannelRecord[] {
  const enabled = channels.filter((c) => c.enabled);
  if (!rule || rule.channelIds.length === 0) return enabled;
  return enabled.filter((c) => rule.channelIds.includes(c.id));
}

/**
 * Rules evaluated at once. The embedded engine runs parameterized queries one at a time, in the
 * order asked (chdb-node), so a dashboard request that comes during an evaluation waits behind
 * every alert query already queued: one at a time there, it waits behind one. A server runs them
 * side by side.
 */
const rulesAtOnce = (gateway: Gateway) => (gateway.kind === 'embedded' ? 1 : 4);

/**
 * Conditions over an hour or more whose answer cannot change much between two evaluations 30 s
 * apart: their findings are reused for this long (the same rule, unchanged), so the evaluations
 * that catch a fast 429 storm stay short.
 */
// Month-level spend limits and usage windows that move over hours need no fresher answer than this.
const REUSE_MS: Partial<Record<AlertRuleRecord['condition']['kind'], number>> = {
  spend_anomaly: 5 * 60_000,
  reconcile_drift: 5 * 60_000,
  spend_limit_threshold: 5 * 60_000,
  usage_window: 60_000,
};

export class AlertEvaluator {
  private readonly reused = new Map<string, { at: number; condition: string; findings: Finding[] }>();
  private readonly firing = new Map<string, AlertStateRecord>();
  private loaded: Promise<void> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly failingRules = new Set<string>();
  private readonly now: () => Date;
  /** Whether the last evaluation held the lease (always true without one). */
  private leading = false;
  private leaseTerm = -1;

  constructor(private readonly deps: EvaluatorDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Loads what was firing before a restart, then evaluates now and every interval after. A store
   * that is down at start (the collector then spools) does not stop the collector: each
   * evaluation loads the state again first, and none runs without it.
   */
  async start(): Promise<void> {
    await this.load().catch((error: Error) => this.deps.logger.warn(`burnrate: alert state not loaded yet (${error.message}); retrying with each evaluation`));
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain.catch(() => undefined);
    if (this.deps.lease && this.leading)
      await this.deps.lease
        .release()
        .catch((error: Error) =>
          this.deps.logger.warn(`burnrate: alert lease not given back (${error.message}); another collector takes over when it runs out`),
        );
    this.leading = false;
  }

  /** Alerts firing now, oldest first. A collector that does not hold the lease reads them from the store. */
  async active(): Promise<AlertStateRecord[]> {
    if (this.deps.lease && !this.leading) return loadFiringStates(this.deps.gateway);
    await this.load();
    return [...this.firing.values()].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }

  /** Whether this collector evaluated last time (it holds the alert lease, or there is none). */
  get isLeader(): boolean {
    return !this.deps.lease || this.leading;
  }

  /** One evaluation, never two at once (the schedule and the API may both ask). */
  evaluateOnce(): Promise<Transitions> {
    const run = this.chain.then(() => this.evaluate());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private load(): Promise<void> {
    this.loaded ??= loadFiringStates(this.deps.gateway).then((states) => {
      for (const s of states) this.firing.set(stateKey(s), s);
    });
    // A failed load is retried by the next caller rather than remembered.
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      const started = Date.now();
      try {
        await this.evaluateOnce();
      } catch (error) {
        this.deps.logger.warn(`burnrate: alert evaluation failed, retrying in ${this.deps.intervalMs} ms: ${(error as Error).message}`);
      }
      this.schedule(Math.max(0, this.deps.intervalMs - (Date.now() - started)));
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Whether to evaluate now. A collector that just took the lease over reads what the previous
   * holder left firing, so it neither announces those alerts again nor forgets to resolve them.
   */
  private async mayEvaluate(): Promise<boolean> {
    const { lease } = this.deps;
    if (!lease) return true;
    const { mine, term } = await lease.standing();
    if (mine && !this.leading) {
      this.firing.clear();
      this.loaded = undefined;
    }
    this.leading = mine;
    this.leaseTerm = term;
    return mine;
  }

  /** An evaluation that ran into the next term saves nothing unless this collector holds that one too. */
  private async stillLeading(): Promise<boolean> {
    const { lease } = this.deps;
    if (!lease || lease.termAt(this.now()) === this.leaseTerm) return true;
    return this.mayEvaluate();
  }

  private async evaluate(): Promise<Transitions> {
    if (!(await this.mayEvaluate())) return { fired: [], resolved: [] };
    await this.load();
    const { gateway } = this.deps;
    const now = this.now();
    const rules = await listRules(gateway);
    const budgets = await listBudgets(gateway);
    let statuses: Promise<BudgetStatus[]> | undefined;
    // Read beside the rules, not after them: it is needed only when something fires, and then
    // it must not make the notification later.
    const silencesRead = listSilences(gateway, now);
    silencesRead.catch(() => undefined);
    const context = {
      gateway,
      now,
      budgets,
      budgetStatuses: () => (statuses ??= budgetStatuses(gateway, budgets, now)),
      writeAheadLog: this.deps.writeAheadLog,
      spendLimitsFile: this.deps.spendLimitsFile,
    };
    // On a server a few rules at a time: each is one or two small queries, and an evaluation's
    // length is part of how late a notification is. Embedded, one at a time (rulesAtOnce).
    const enabled = rules.filter((r) => r.enabled);
    const outcomes: RuleOutcome[] = new Array(enabled.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < enabled.length; i = next++) outcomes[i] = { rule: enabled[i]!, findings: await this.findings(enabled[i]!, context) };
    };
    await Promise.all(Array.from({ length: Math.min(rulesAtOnce(gateway), enabled.length) }, worker));
    const result = transitions(this.firing, outcomes, now, randomUUID);
    const changed = [...result.fired, ...result.resolved];
    if (changed.length === 0) return result;
    if (!(await this.stillLeading())) return { fired: [], resolved: [] };
    // A silence is read when the alert fires and remembered on it, so its resolve is held back too.
    const silences = result.fired.length > 0 ? await silencesRead : [];
    for (const s of result.fired) {
      const silence = matchingSilence(silences, s, now);
      if (silence) s.labels = { ...s.labels, [SILENCED_LABEL]: silence.id };
    }
    await saveStates(gateway, changed);
    await saveEvents(gateway, changed.map(eventOf));
    for (const s of changed) {
      if (s.status === 'firing') this.firing.set(stateKey(s), s);
      else this.firing.delete(stateKey(s));
    }
    const channels = await listChannels(gateway);
    const rulesById = new Map(rules.map((r) => [r.id, r]));
    for (const s of changed) {
      if (s.labels[SILENCED_LABEL]) continue;
      this.deps.dispatcher.enqueue(eventOf(s), channelsFor(rulesById.get(s.ruleId), channels));
    }
    return result;
  }

  private async reusedOrEvaluated(rule: AlertRuleRecord, context: Parameters<typeof evaluateCondition>[1]): Promise<Finding[]> {
    const reuseMs = REUSE_MS[rule.condition.kind];
    if (reuseMs === undefined) return evaluateCondition(rule.condition, context);
    const condition = JSON.stringify(rule.condition);
    const last = this.reused.get(rule.id);
    const at = context.now.getTime();
    if (last && last.condition === condition && at >= last.at && at - last.at < reuseMs) return last.findings;
    const findings = await evaluateCondition(rule.condition, context);
    this.reused.set(rule.id, { at, condition, findings });
    return findings;
  }

  private async findings(rule: AlertRuleRecord, context: Parameters<typeof evaluateCondition>[1]) {
    try {
      const found = await this.reusedOrEvaluated(rule, context);
      this.failingRules.delete(rule.id);
      return found;
    } catch (error) {
      // Said once until it recovers, not every interval; its alerts stay as they are meanwhile.
      if (!this.failingRules.has(rule.id)) this.deps.logger.warn(`burnrate: alert rule "${rule.name}" could not be evaluated: ${(error as Error).message}`);
      this.failingRules.add(rule.id);
      return undefined;
    }
  }
}
