import { GenAi } from '../../collector/src/semconv'; // An export from an instrumentation burnrate does not know: its spans carry gen_ai.* names but
// not the ones a call is read from (no model), so they are "not understood", never silently lost.
export const UNKNOWN_SCOPE = 'acme-llm-tracer';

export function unknownScopeExport(spans: number, startMs = Date.now() - 60_000) {
  const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'acme-app' } }] },
        scopeSpans: [
          {
            scope: { name: UNKNOWN_SCOPE, version: '0.1.0' },
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId: '5eed0000000000000000000000000001',
              spanId: `5eed0000000000${String(i + 1).padStart(2, '0')}`,
              name: 'llm call',
              startTimeUnixNano: ns(startMs + i),
              endTimeUnixNano: ns(startMs + i + 500),
              attributes: [
                { key: GenAi.system, value: { stringValue: 'anthropic' } },
                { key: GenAi.inputTokens, value: { intValue: '42' } },
              ],
            })),
          },
        ],
      },
    ],
  };
}
