// burnrate's shared vocabulary, one home for what the collector, the dashboard and the sdk-hook
// must agree on.
export { csvCell, csvLine, csvDocument } from './csv';
export { canonicalModelId } from './modelId';
export { AttemptAttributes, unifiedWindowAttribute } from './semconv';
export { AmountError, NANO_PER_CENT, NANO_PER_USD, allocateCents, centsToNano, formatUsd, nanoToUsd, ratioOf, roundToCents, usdToNano } from './money';
export { deprecatedModelsAt, MODEL_RETIREMENTS, modelRetirement, retiringWithin } from './retirements';
export type { ModelRetirement } from './retirements';
// The query API's request and response types and their lists (what the dashboard, the CLI and the
// collector's routes and stores agree on).
export * from './api';
export {
  classifyRefusal,
  failFastCovers,
  firstOfNextMonthUtc,
  FAIL_FAST_KINDS,
  LIMIT_CLASSES,
  RATE_LIMIT_BUCKETS,
  resumeTimeFromMessage,
  SPEND_CAP_ERROR_CODE,
  SPEND_LIMIT_CLASSES,
  unifiedResetIso,
  unifiedUtilization,
  UNRETRYABLE_LIMIT_CLASSES,
  USAGE_WINDOWS,
} from './limits';
export type { FailFastKind, LimitClass, LimitVerdict, RateLimitBucket, RefusalFacts, UnifiedUsage, UsageWindow } from './limits';
