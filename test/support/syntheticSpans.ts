// Realistic Claude call spans as the Anthropic SDK's tracing plus the sdk-hook emit them, for
// benchmarks and load: varied models, teams, cache use, an occasional 429 retry.
import { randomBytes } from 'node:crypto';
import { Burnrate, GenAi, Resource } from '../../collector/src/semconv';

const MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5-20251001', 'claude-opus-4-6'];
const TEAMS = ['search', 'support', 'growth', 'platform'];
const FEATURES = ['autocomplete', 'summarize', 'triage', 'chat'];

type Attr = { key: string; value: Record<string, unknown> };
const str = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });
const int = (key: string, v: number): Attr => ({ key, value: { intValue: v } });

export function syntheticCallSpan(i: number, startNs: bigint) {
  const model = MODELS[i % MODELS.length]!;
  const cacheRead = i % 3 === 0 ? 4096 : 0;
  const cacheWrite = i % 7 === 0 ? 1024 : 0;
  const uncached = 200 + (i % 50) * 13;
  const retried = i % 20 === 0;
  const attributes: Attr[] = [
    str(GenAi.providerName, 'anthropic'),
    str(GenAi.operationName, 'chat'),
    str(GenAi.requestModel, model.replace(/-\d{8}$/, '')),
    str(GenAi.responseModel, model),
    int(GenAi.requestMaxTokens, 1024),
    int(GenAi.inputTokens, uncached + cacheRead + cacheWrite),
    int(GenAi.outputTokens, 50 + (i % 400)),
    int(GenAi.cacheReadTokens, cacheRead),
    int(GenAi.cacheWriteTokens, cacheWrite),
    int('anthropic.usage.cache_creation.ephemeral_5m_input_tokens', cacheWrite),
    int('http.response.status_code', 200),
    int('http.request.resend_count', retried ? 1 : 0),
    str('anthropic.request.id', `req_${i.toString(36)}`),
    str('anthropic.response.service_tier', 'standard'),
    str('anthropic.message.stop_reason', 'end_turn'),
    str(Burnrate.team, TEAMS[i % TEAMS.length]!),
    str(Burnrate.feature, FEATURES[(i >> 2) % FEATURES.length]!),
    str(Burnrate.user, `user-${i % 97}`),
    int(`${Burnrate.rateLimitPrefix}requests.remaining`, 1000 - (i % 1000)),
  ];
  const attempt = (n: number, status: number, at: bigint) => ({
    timeUnixNano: at.toString(),
    name: Burnrate.attemptEvent,
    attributes: [int(Burnrate.attemptNumber, n), int('http.response.status_code', status), { key: Burnrate.attemptDurationMs, value: { doubleValue: 120.5 } }],
  });
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'anthropic.messages.create',
    kind: 3,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: (startNs + 850_000_000n).toString(),
    attributes,
    events: retried ? [attempt(1, 429, startNs), attempt(2, 200, startNs + 400_000_000n)] : [attempt(1, 200, startNs)],
    status: { code: 1 },
  };
}

export function syntheticExport(spanCount: number, firstIndex: number, startNs: bigint, serviceName = 'bench-app') {
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', serviceName), str(Resource.environment, 'bench')] },
        scopeSpans: [
          {
            scope: { name: 'com.anthropic.sdk.typescript', version: '1.12.0' },
            spans: Array.from({ length: spanCount }, (_, k) => syntheticCallSpan(firstIndex + k, startNs + BigInt(k) * 1_000_000n)),
          },
        ],
      },
    ],
  };
}
