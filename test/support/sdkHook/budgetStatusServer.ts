// A real local HTTP server playing the collector's GET /api/v1/budgets/status, for the budget
// guard's tests: it answers whatever `answer` holds and keeps each request it got.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BudgetScopeKind, BudgetStatus, BudgetStatusResponse } from '@burnrate/contract';

export interface StatusAnswer {
  status: number;
  /** Sent as JSON; a string is sent as it is. */
  body: unknown;
  delayMs?: number;
}

export class BudgetStatusServer {
  answer: StatusAnswer = { status: 200, body: statusResponse([]) };
  readonly requests: { url: string; headers: IncomingHttpHeaders }[] = [];

  private constructor(
    private readonly server: Server,
    /** The collector's base URL, as instrument({ endpoint }) takes it. */
    readonly endpoint: string,
  ) {}

  static async start(): Promise<BudgetStatusServer> {
    let self: BudgetStatusServer | undefined;
    const server = createServer((req, res) => {
      if (!self) return void res.writeHead(503).end();
      self.requests.push({ url: req.url ?? '', headers: req.headers });
      const { status, body, delayMs = 0 } = self.answer;
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body)), delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new BudgetStatusServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** Answers with these budgets from now on. */
  budgets(...budgets: BudgetStatus[]): void {
    this.answer = { status: 200, body: statusResponse(budgets) };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A base URL where nothing listens (a port just released). */
export async function deadEndpoint(): Promise<string> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
  return endpoint;
}

export function statusResponse(budgets: BudgetStatus[]): BudgetStatusResponse {
  return { at: new Date().toISOString(), budgets };
}

const HOUR_MS = 3_600_000;
const nano = (usd: number) => String(Math.round(usd * 1e9));

/** One budget's status as the collector sends it: a day budget, its period ending in an hour. */
export function budgetStatus(id: string, name: string, kind: BudgetScopeKind, value: string, spentUsd: number, amountUsd: number): BudgetStatus {
  const now = Date.now();
  const remainingUsd = Math.max(0, amountUsd - spentUsd);
  return {
    budget: {
      id,
      name,
      scope: { kind, value },
      period: 'day',
      timeZone: 'UTC',
      amountUsd,
      amountNanoUsd: nano(amountUsd),
      thresholdsPercent: [50, 80, 100],
      createdAt: new Date(now - HOUR_MS).toISOString(),
      updatedAt: new Date(now - HOUR_MS).toISOString(),
    },
    periodStart: new Date(now - 23 * HOUR_MS).toISOString(),
    periodEnd: new Date(now + HOUR_MS).toISOString(),
    spentUsd,
    spentNanoUsd: nano(spentUsd),
    remainingUsd,
    remainingNanoUsd: nano(remainingUsd),
    usedRatio: spentUsd / amountUsd,
    projectedUsd: spentUsd,
    projectedNanoUsd: nano(spentUsd),
    projectedRatio: spentUsd / amountUsd,
    burnRateUsdPerHour: 0,
    burnRateWindowStart: new Date(now - HOUR_MS).toISOString(),
    exceeded: spentUsd >= amountUsd,
    projectedToExceed: spentUsd >= amountUsd,
    projectedExceedAt: null,
    thresholdsCrossed: [50, 80, 100].filter((t) => spentUsd >= (amountUsd * t) / 100),
    calls: 10,
    unpricedCalls: 0,
  };
}
