// For the finance tests: Claude calls with full attribution and cache use, sent as the Anthropic
// SDK's own OTLP/JSON spans through the real ingest path, and their exact expected cost from the
// same price table the collector uses.
import { randomBytes } from 'node:crypto';
import { priceCall } from '../../collector/src/pricing/priceCall';
import type { PriceTable } from '../../collector/src/pricing/priceTable';
import { Anthropic, Burnrate, GenAi, Http, Resource } from '../../collector/src/semconv';

export interface FinanceCall {
  at: Date;
  model: string;
  service?: string;
  team?: string;
  project?: string;
  feature?: string;
  tenant?: string;
  user?: string;
  /** Uncached input. */
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  traceId?: string;
  /** burnrate.session: the conversation the call belongs to. */
  session?: string;
}

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });
const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString();

function span(call: FinanceCall) {
  const cacheWrite = (call.cacheWrite5m ?? 0) + (call.cacheWrite1h ?? 0);
  const attributes = [
    str(GenAi.providerName, 'anthropic'),
    str(GenAi.operationName, 'chat'),
    str(GenAi.requestModel, call.model),
    str(GenAi.responseModel, call.model),
    // The SDK's input count includes cache reads and writes; the normalizer takes them out.
    int(GenAi.inputTokens, (call.input ?? 0) + (call.cacheRead ?? 0) + cacheWrite),
    int(GenAi.outputTokens, call.output ?? 0),
    int(GenAi.cacheReadTokens, call.cacheRead ?? 0),
    int(GenAi.cacheWriteTokens, cacheWrite),
    int(Anthropic.cacheWrite5m, call.cacheWrite5m ?? 0),
    int(Anthropic.cacheWrite1h, call.cacheWrite1h ?? 0),
    int(Http.statusCode, 200),
  ];
  const labels = [
    [Burnrate.team, call.team],
    [Burnrate.project, call.project],
    [Burnrate.feature, call.feature],
    [Burnrate.tenant, call.tenant],
    [Burnrate.user, call.user],
    [Burnrate.session, call.session],
  ] as const;
  for (const [key, value] of labels) if (value !== undefined) attributes.push(str(key, value));
  const start = call.at.getTime();
  return {
    traceId: call.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'anthropic.messages.create',
    kind: 3,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(start + 900),
    attributes,
    status: { code: 1 },
  };
}

export async function postFinanceCalls(url: string, calls: readonly FinanceCall[], headers: Record<string, string> = {}): Promise<void> {
  const byService = new Map<string, FinanceCall[]>();
  for (const call of calls) byService.set(call.service ?? 'app', [...(byService.get(call.service ?? 'app') ?? []), call]);
  const body = JSON.stringify({
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [str(Resource.serviceName, service)] },
      scopeSpans: [{ scope: { name: 'com.anthropic.sdk.typescript', version: '1.12.0' }, spans: list.map(span) }],
    })),
  });
  const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  if (res.status !== 200 || text !== '{}') throw new Error(`POST /v1/traces answered ${res.status}: ${text}`);
}

/** The exact cost the collector should store for a call; null when the model has no price. */
export function expectedNano(prices: PriceTable, call: FinanceCall): bigint | null {
  const priced = priceCall(
    prices,
    {
      inputTokens: call.input ?? 0,
      outputTokens: call.output ?? 0,
      cacheReadTokens: call.cacheRead ?? 0,
      cacheWrite5mTokens: call.cacheWrite5m ?? 0,
      cacheWrite1hTokens: call.cacheWrite1h ?? 0,
    },
    { model: call.model, at: call.at },
  );
  return priced.priced ? priced.costNanoUsd : null;
}
