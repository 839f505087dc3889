// GET /api/v1/finance/what-if?from&to&<filters>&scenario=model:claude-haiku-4-5&scenario=batch…
// The window's calls, grouped by what decides their price, priced under each scenario beside
// today's prices. Without a scenario: the Batch API and both cache TTLs. POST the same with a price
// file as the body (the BURNRATE_PRICING_FILE format) to add the scenario "these calls under that
// file over the default prices", first; nothing is stored.
import express, { Router, type Request, type Response } from 'express';
import { FILTER_NAMES, nanoToUsd } from '@burnrate/contract';
import { badRequest } from '../api/errors';
import { filtersFrom, onlyParams, RANGE_PARAMS, timeRange } from '../api/queryParams';
import { allow } from '../auth/policy';
import { PricingFileError } from '../pricing/overrideFile';
import { priceTableFromJson, type PriceTable } from '../pricing/priceTable';
import type { Gateway } from '../store/gateway';
import type { WhatIfResponse } from './contract';
import { bandThresholds, parseScenario, priceGroup, runScenario, scenarioLabel, type Scenario } from './whatIf';
import { priceGroups } from './whatIfQuery';

const DEFAULT_SCENARIOS = ['batch', 'ttl:5m', 'ttl:1h'];
const MAX_SCENARIOS = 8;
const MONTH_MS = 30 * 86_400_000;

function scenariosFrom(req: Request): { text: string; scenario: Scenario }[] {
  const raw = req.query.scenario;
  const list = raw === undefined ? DEFAULT_SCENARIOS : Array.isArray(raw) ? raw : [raw];
  if (list.length > MAX_SCENARIOS) throw badRequest(`scenario may be given at most ${MAX_SCENARIOS} times`);
  return list.map((text) => {
    const scenario = typeof text === 'string' ? parseScenario(text) : undefined;
    if (!scenario) throw badRequest('scenario must be model:<model id>, batch, ttl:5m or ttl:1h');
    return { text: text as string, scenario };
  });
}

/** The uploaded price file as a scenario; a 400 naming the entry and field when it is unusable. */
function uploadedScenario(body: unknown): { text: string; scenario: Scenario } {
  try {
    const table = priceTableFromJson(body, 'the uploaded price file');
    const rows = (body as { prices: unknown[] }).prices.length;
    return { text: 'file', scenario: { kind: 'prices', table, rows } };
  } catch (error) {
    if (error instanceof PricingFileError) throw badRequest(`${error.file}: ${error.detail}`);
    throw error;
  }
}

// A price file for every Claude model with its bands is a few kB; this leaves room for history.
const parsePriceFile = express.json({ limit: '256kb' });

export function whatIfRouter(gateway: Gateway, prices: PriceTable): Router {
  const router = Router();
  router.get('/api/v1/finance/what-if', allow('viewer'), async (req, res) => {
    await answerWhatIf(gateway, prices, req, res, []);
  });
  router.post('/api/v1/finance/what-if', allow('viewer'), parsePriceFile, async (req, res) => {
    await answerWhatIf(gateway, prices, req, res, [uploadedScenario(req.body)]);
  });
  return router;
}

async function answerWhatIf(gateway: Gateway, prices: PriceTable, req: Request, res: Response, extra: { text: string; scenario: Scenario }[]): Promise<void> {
  onlyParams(req, ['scenario', ...RANGE_PARAMS, ...FILTER_NAMES]);
  const scenarios = [...extra, ...scenariosFrom(req)];
  const range = timeRange(req);
  const thresholds = bandThresholds(prices, ...extra.flatMap(({ scenario }) => (scenario.kind === 'prices' ? [scenario.table] : [])));
  const groups = await priceGroups(gateway, range, filtersFrom(req), thresholds);
  let baseline = 0n;
  let unpriced = 0;
  for (const g of groups) {
    const cost = priceGroup(prices, thresholds, g);
    if (cost === null) unpriced += g.calls;
    else baseline += cost;
  }
  const actual = groups.reduce((s, g) => s + g.actualNano, 0n);
  const windowMs = range.to.getTime() - range.from.getTime();
  const body: WhatIfResponse = {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    calls: groups.reduce((s, g) => s + g.calls, 0),
    actualUsd: nanoToUsd(actual),
    actualNanoUsd: actual.toString(),
    baselineUsd: nanoToUsd(baseline),
    baselineNanoUsd: baseline.toString(),
    unpricedCalls: unpriced,
    scenarios: scenarios.map(({ text, scenario }) => {
      const r = runScenario(prices, thresholds, groups, scenario);
      return {
        scenario: text,
        label: scenarioLabel(scenario),
        costUsd: nanoToUsd(r.costNano),
        costNanoUsd: r.costNano.toString(),
        deltaUsd: nanoToUsd(r.deltaNano),
        deltaNanoUsd: r.deltaNano.toString(),
        deltaPerMonthUsd: nanoToUsd((r.deltaNano * BigInt(MONTH_MS)) / BigInt(windowMs)),
        unpricedCalls: r.unpricedCalls,
      };
    }),
  };
  res.json(body);
}
