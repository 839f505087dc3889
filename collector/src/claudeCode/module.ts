// Claude Code spend: OTLP/HTTP /v1/logs and /v1/metrics, its api_request events stored as calls
// in llm_calls beside every app's calls. No table of its own, so no migrations.
import { claudeCodeRouter } from './claudeCodeRoutes';
import type { CollectorModule } from '../collectorModule';
import { priceCalls } from '../pricing/priceCalls';

export function claudeCodeModule(): CollectorModule {
  return {
    name: 'claude-code',
    router: ({ config, writer, prices, logger }) =>
      claudeCodeRouter({
        write: (batch) => writer.write(batch, 'claude-code'),
        priceCalls: (calls) => priceCalls(prices, calls),
        warn: (message) => logger.warn(message),
        limits: { maxBodyBytes: config.BURNRATE_MAX_BODY_BYTES, maxDecompressedBytes: config.BURNRATE_MAX_DECOMPRESSED_BYTES },
      }),
  };
}
