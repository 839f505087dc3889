// The guard against a real local HTTP server answering the status API as the collector does.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetStatusResponse } from '@burnrate/contract';
import { BudgetStatusServer, deadEndpoint } from '../../../test/support/sdkHook/budgetStatusServer';
import { BudgetExceededError, budgetStatusUrl, createBudgetStatusGuard, type BudgetStatusGuard } from './index';
import type { StatusBody } from './statusSnapshot';

// The collector's answer type must carry everything the guard reads (a compile-time check).
const _contractCarriesWhatTheGuardReads = (r: BudgetStatusResponse): StatusBody => r;
void _contractCarriesWhatTheGuardReads;

const HOUR = 3_600_000;

function status(id: string, kind: string, value: string, spentUsd: number, amountUsd: number, periodEnd = new Date(Date.now() + HOUR).toISOString()) {
  return { budget: { id, name: `${kind} ${value}`.trim(), scope: { kind, value }, amountUsd }, spentUsd, exceeded: spentUsd >= amountUsd, periodEnd };
}

let server: BudgetStatusServer;
let endpoint: string;
const guards: BudgetStatusGuard[] = [];
const logged: { level: string; message: string }[] = [];

beforeAll(async () => {
  server = await BudgetStatusServer.start();
  endpoint = server.endpoint;
  // A component logger passes its namespace first, then the message.
  const logger: DiagLogger = {
    error: (...args) => void logged.push({ level: 'error', message: args.join(' ') }),
    warn: (...args) => void logged.push({ level: 'warn', message: args.join(' ') }),
    info: (...args) => void logged.push({ level: 'info', message: args.join(' ') }),
    debug: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(logger, DiagLogLevel.INFO);
});
afterAll(async () => {
  diag.disable();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  logged.length = 0;
  server.answer = {
    status: 200,
    body: {
      at: new Date().toISOString(),
      budgets: [status('b-search', 'team', 'search', 1.02, 1), status('b-ads', 'team', 'ads', 0.2, 1), status('b-company', 'all', '', 10, 100)],
    },
  };
});
afterEach(() => guards.splice(0).forEach((g) => g.close()));

const guard = (options: Parameters<typeof createBudgetStatusGuard>[0]) => {
  const g = createBudgetStatusGuard({ endpoint, intervalMs: 60_000, ...options });
  guards.push(g);
  return g;
};

describe('budget guard', () => {
  it('block-mode-refuses-a-call-in-an-exceeded-budget-and-lets-others-through', async () => {
    const g = guard({ mode: 'block', ingestKey: 'brk_test' });
    expect(await g.refresh()).toBe(true);
    const decision = g.check({ team: 'search', model: 'claude-opus-4-6' });
    expect(decision.action).toBe('block');
    if (decision.action !== 'block') throw new Error('unreachable');
    expect(decision.error).toBeInstanceOf(BudgetExceededError);
    expect(decision.error.message).toMatch(/^burnrate budget exceeded: "team search" \(\$1\.02 of \$1 spent by team search, resets /);
    expect(decision.budgets.map((b) => b.id)).toEqual(['b-search']);
    expect(g.check({ team: 'ads', model: 'claude-opus-4-6' })).toEqual({ action: 'allow', reason: 'within-budget' });
    expect(g.check({ model: 'claude-opus-4-6' })).toEqual({ action: 'allow', reason: 'within-budget' });
    expect(server.requests[0]).toMatchObject({ url: '/api/v1/budgets/status', headers: { 'x-burnrate-key': 'brk_test' } });
  });

  it('check-is-synchronous-and-never-reads-on-the-call-path', async () => {
    const g = guard({ mode: 'block' });
    await g.refresh();
    const before = server.requests.length;
    // Synchronous: a decision, never a promise, so no call waits on the collector. (How fast a
    // check is belongs to the overhead benchmark.)
    for (let i = 0; i < 10_000; i++) {
      const decision = g.check({ team: i % 2 ? 'search' : 'ads', model: 'claude-haiku-4-5' });
      expect(decision).not.toBeInstanceOf(Promise);
    }
    expect(server.requests.length).toBe(before);
  });

  it('polls-on-its-interval', async () => {
    const g = guard({ mode: 'block', intervalMs: 100 });
    await g.refresh();
    server.answer = { status: 200, body: { budgets: [status('b-search', 'team', 'search', 0.5, 1)] } };
    await new Promise((r) => setTimeout(r, 350));
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
    expect(g.check({ team: 'search', model: 'm' })).toEqual({ action: 'allow', reason: 'within-budget' });
  });

  it('warn-mode-lets-the-call-through-and-says-so-once-per-budget', async () => {
    const g = guard({ mode: 'warn' });
    await g.refresh();
    for (let i = 0; i < 3; i++) expect(g.check({ team: 'search', model: 'claude-opus-4-6' })).toMatchObject({ action: 'warn', reason: 'over-budget' });
    expect(logged.filter((l) => l.message.includes('"team search" is used up'))).toHaveLength(1);
  });

  it('downgrade-mode-steps-down-the-map', async () => {
    const models = { 'claude-opus-4-6': 'claude-sonnet-4-6', 'claude-sonnet-4-6': 'claude-haiku-4-5' };
    const g = guard({ mode: 'downgrade', downgrade: { models } });
    await g.refresh();
    // A team budget: one step down, dated ids included.
    expect(g.check({ team: 'search', model: 'claude-opus-4-6-20260101' })).toMatchObject({
      action: 'downgrade',
      fromModel: 'claude-opus-4-6-20260101',
      toModel: 'claude-sonnet-4-6',
    });
    // Nothing cheaper to go to: warn by default, block when asked.
    expect(g.check({ team: 'search', model: 'claude-haiku-4-5' })).toMatchObject({ action: 'warn', reason: 'no-downgrade' });
    const strict = guard({ mode: 'downgrade', downgrade: { models, whenNoDowngrade: 'block' } });
    await strict.refresh();
    expect(strict.check({ team: 'search', model: 'claude-haiku-4-5' }).action).toBe('block');
  });

  it('downgrade-walks-past-a-cheaper-model-whose-own-budget-is-used-up', async () => {
    server.answer = {
      status: 200,
      body: { budgets: [status('b-opus', 'model', 'claude-opus-4-6', 50, 50), status('b-sonnet', 'model', 'claude-sonnet-4-6', 20, 20)] },
    };
    const g = guard({ mode: 'downgrade', downgrade: { models: { 'claude-opus-4-6': 'claude-sonnet-4-6', 'claude-sonnet-4-6': 'claude-haiku-4-5' } } });
    await g.refresh();
    expect(g.check({ model: 'claude-opus-4-6' })).toMatchObject({ action: 'downgrade', toModel: 'claude-haiku-4-5' });
    expect(g.check({ model: 'claude-sonnet-4-6' })).toMatchObject({ action: 'downgrade', toModel: 'claude-haiku-4-5' });
    expect(g.check({ model: 'claude-haiku-4-5' })).toEqual({ action: 'allow', reason: 'within-budget' });
  });

  it('downgrade-stops-at-a-cycle-in-the-map', async () => {
    server.answer = {
      status: 200,
      body: { budgets: [status('b-opus', 'model', 'claude-opus-4-6', 50, 50), status('b-sonnet', 'model', 'claude-sonnet-4-6', 20, 20)] },
    };
    const looped = guard({ mode: 'downgrade', downgrade: { models: { 'claude-opus-4-6': 'claude-sonnet-4-6', 'claude-sonnet-4-6': 'claude-opus-4-6' } } });
    await looped.refresh();
    // Sonnet's own budget is used up too, but its next step leads back to where the call started.
    expect(looped.check({ model: 'claude-opus-4-6-20260101' })).toMatchObject({ action: 'downgrade', toModel: 'claude-sonnet-4-6' });
    const self = guard({ mode: 'downgrade', downgrade: { models: { 'claude-opus-4-6': 'claude-opus-4-6' } } });
    await self.refresh();
    expect(self.check({ model: 'claude-opus-4-6' })).toMatchObject({ action: 'warn', reason: 'no-downgrade' });
  });

  it('a-budget-whose-period-has-ended-no-longer-blocks', async () => {
    server.answer = { status: 200, body: { budgets: [status('b-search', 'team', 'search', 5, 1, new Date(Date.now() - 1000).toISOString())] } };
    const g = guard({ mode: 'block' });
    await g.refresh();
    expect(g.check({ team: 'search', model: 'm' })).toEqual({ action: 'allow', reason: 'within-budget' });
  });

  it('fails-open-when-the-collector-is-unreachable-and-says-so-once-per-outage', async () => {
    const dead = await deadEndpoint();
    const g = guard({ mode: 'block', endpoint: dead, intervalMs: 100 });
    expect(await g.refresh()).toBe(false);
    await new Promise((r) => setTimeout(r, 350)); // a few more failed polls
    expect(g.check({ team: 'search', model: 'm' })).toEqual({ action: 'allow', reason: 'collector-unreachable' });
    expect(logged.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(logged[0]!.message).toContain(`cannot read budget status from ${dead}/api/v1/budgets/status`);
  });

  it('an-error-answer-or-a-stale-status-fails-open-and-recovery-is-said', async () => {
    let clock = Date.now();
    const g = guard({ mode: 'block', staleAfterMs: 1000, now: () => clock });
    await g.refresh();
    expect(g.check({ team: 'search', model: 'm' }).action).toBe('block');
    server.answer = { status: 401, body: { error: 'unauthorized' } };
    expect(await g.refresh()).toBe(false);
    // The last good answer still holds until it is stale…
    expect(g.check({ team: 'search', model: 'm' }).action).toBe('block');
    clock += 1500;
    expect(g.check({ team: 'search', model: 'm' })).toEqual({ action: 'allow', reason: 'collector-unreachable' });
    server.answer = { status: 200, body: 'not json' };
    expect(await g.refresh()).toBe(false);
    expect(logged.map((l) => l.level)).toEqual(['warn']);
    expect(logged[0]!.message).toContain('HTTP 401');
    server.answer = { status: 200, body: { budgets: [status('b-search', 'team', 'search', 2, 1)] } };
    expect(await g.refresh()).toBe(true);
    expect(g.check({ team: 'search', model: 'm' }).action).toBe('block');
    expect(logged.map((l) => l.level)).toEqual(['warn', 'info']);
  });

  it('skips-malformed-budget-entries', async () => {
    server.answer = {
      status: 200,
      body: { budgets: [{ budget: { id: 'x' } }, status('b-search', 'team', 'search', 2, 1), { ...status('b-bad', 'galaxy', 'x', 5, 1) }] },
    };
    const g = guard({ mode: 'block' });
    await g.refresh();
    expect(g.check({ team: 'search', model: 'm' })).toMatchObject({ action: 'block', budgets: [{ id: 'b-search' }] });
  });

  it('status-url-from-a-base-or-a-traces-url', () => {
    expect(budgetStatusUrl('http://collector:4318')).toBe('http://collector:4318/api/v1/budgets/status');
    expect(budgetStatusUrl('https://x.example/burnrate/')).toBe('https://x.example/burnrate/api/v1/budgets/status');
    expect(budgetStatusUrl('http://collector:4318/v1/traces')).toBe('http://collector:4318/api/v1/budgets/status');
  });

  it('downgrade-mode-needs-a-map', () => {
    expect(() => createBudgetStatusGuard({ mode: 'downgrade', endpoint })).toThrow(/needs a downgrade map/);
  });
});
