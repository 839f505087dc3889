// Synthetic calls → OTLP/JSON exports shaped like the Anthropic SDK's own spans plus the
// sdk-hook's attempt events, routing and rate-limit attributes. Attribute names come from the
// collector's semconv.ts, as everywhere else.
import { Anthropic, Burnrate, GenAi, Http, Resource } from '../../collector/src/semconv';
import type { SyntheticCall } from './traffic';

type Attr = { key: string; value: Record<string, unknown> };
const str = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });
const int = (key: string, v: number): Attr => ({ key, value: { intValue: Math.round(v) } });
const dbl = (key: string, v: number): Attr => ({ key, value: { doubleValue: v } });
const bool = (key: string, v: boolean): Attr => ({ key, value: { boolValue: v } });
const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

const SDK_SCOPE = { name: 'com.anthropic.sdk.typescript', version: '1.12.0' };

function spanOf(call: SyntheticCall) {
  const ok = call.status < 400;
  const cacheWrite = call.cacheWrite5m + call.cacheWrite1h;
  const attributes: Attr[] = [
    str(GenAi.providerName, 'anthropic'),
    str(GenAi.operationName, 'chat'),
    str(GenAi.requestModel, call.servedModel),
    int(Http.statusCode, call.status),
    int(Http.resendCount, call.attempts.length - 1),
    bool(GenAi.requestStream, call.stream),
    str(Burnrate.team, call.team),
    str(Burnrate.project, call.project),
    str(Burnrate.feature, call.feature),
    str(Burnrate.user, call.user),
    str(Burnrate.routeName, call.route),
    str(Burnrate.routeRequestedModel, call.requestedModel),
    str(Burnrate.routeChosenModel, call.servedModel),
    int(`${Burnrate.rateLimitPrefix}requests.limit`, call.rateLimits.requestsLimit),
    int(`${Burnrate.rateLimitPrefix}requests.remaining`, call.rateLimits.requestsRemaining),
    str(`${Burnrate.rateLimitPrefix}requests.reset`, new Date(call.rateLimits.resetMs).toISOString()),
    int(`${Burnrate.rateLimitPrefix}tokens.limit`, call.rateLimits.tokensLimit),
    int(`${Burnrate.rateLimitPrefix}tokens.remaining`, call.rateLimits.tokensRemaining),
    str(`${Burnrate.rateLimitPrefix}tokens.reset`, new Date(call.rateLimits.resetMs).toISOString()),
  ];
  if (call.routeReason) attributes.push(str(Burnrate.routeReason, call.routeReason));
  if (call.session) attributes.push(str(Burnrate.session, call.session));
  if (call.fallbackFrom) attributes.push(str(Burnrate.routeFallbackFrom, call.fallbackFrom));
  if (call.errorType) attributes.push(str(Http.errorType, call.errorType));
  if (ok) {
    attributes.push(
      str(GenAi.responseModel, call.servedModel),
      // The SDK's input count includes cache reads and writes; the normalizer takes them out.
      int(GenAi.inputTokens, call.uncachedInput + call.cacheRead + cacheWrite),
      int(GenAi.outputTokens, call.output),
      int(GenAi.cacheReadTokens, call.cacheRead),
      int(GenAi.cacheWriteTokens, cacheWrite),
      int(Anthropic.cacheWrite5m, call.cacheWrite5m),
      int(Anthropic.cacheWrite1h, call.cacheWrite1h),
      str(Anthropic.serviceTier, 'standard'),
      str(Anthropic.stopReason, 'end_turn'),
      str(Anthropic.requestId, `req_${call.spanId}`),
    );
    if (call.ttftMs !== null) attributes.push(dbl(GenAi.timeToFirstChunk, call.ttftMs / 1000));
  }
  return {
    traceId: call.traceId,
    spanId: call.spanId,
    name: 'anthropic.messages.create',
    kind: 3,
    startTimeUnixNano: nanos(call.startMs),
    endTimeUnixNano: nanos(call.startMs + call.durationMs),
    attributes,
    events: call.attempts.map((a, i) => {
      const eventAttributes = [int(Burnrate.attemptNumber, i + 1), int(Http.statusCode, a.status), dbl(Burnrate.attemptDurationMs, a.durationMs)];
      if (a.retryAfterS !== undefined) eventAttributes.push(dbl(Burnrate.attemptRetryAfterS, a.retryAfterS));
      return { timeUnixNano: nanos(a.startMs), name: Burnrate.attemptEvent, attributes: eventAttributes };
    }),
    status: { code: ok ? 1 : 2 },
  };
}

/** One export per service in the batch, as each service's own exporter would send it. */
export function toOtlpExport(calls: SyntheticCall[]) {
  const byService = new Map<string, SyntheticCall[]>();
  for (const call of calls) byService.set(call.service, [...(byService.get(call.service) ?? []), call]);
  return {
    resourceSpans: [...byService].map(([service, serviceCalls]) => ({
      resource: { attributes: [str(Resource.serviceName, service), str(Resource.environment, 'production')] },
      scopeSpans: [{ scope: SDK_SCOPE, spans: serviceCalls.map(spanOf) }],
    })),
  };
}

/** POSTs calls in exports of `batchSize`, a few at a time; resolves when all are stored. */
export async function sendCalls(baseUrl: string, calls: SyntheticCall[], batchSize = 1000, concurrency = 3): Promise<void> {
  const batches: SyntheticCall[][] = [];
  for (let i = 0; i < calls.length; i += batchSize) batches.push(calls.slice(i, i + batchSize));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        for (let attempt = 1; ; attempt++) {
          const res = await fetch(`${baseUrl}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(toOtlpExport(batch)),
          });
          const text = await res.text();
          if (res.status === 200 && !text.includes('rejectedSpans')) break;
          if (res.status === 503 && attempt < 10) {
            await new Promise((r) => setTimeout(r, 500 * attempt));
            continue;
          }
          throw new Error(`POST /v1/traces answered ${res.status}: ${text.slice(0, 300)}`);
        }
      }
    }),
  );
}
