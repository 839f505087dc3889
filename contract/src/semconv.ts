// The attribute names the sdk-hook writes and the collector reads on each HTTP attempt: one list,
// so the two cannot drift apart. Each package's semconv.ts spreads it into its `Burnrate` names.

/** One span event per HTTP attempt (added by the sdk-hook's middleware), and its attributes. */
export const AttemptAttributes = {
  attemptEvent: 'burnrate.attempt',
  attemptNumber: 'burnrate.attempt.number',
  attemptDurationMs: 'burnrate.attempt.duration_ms',
  attemptRetryAfterS: 'burnrate.attempt.retry_after_s',
  attemptRequestId: 'burnrate.attempt.request_id',
  /** What stopped a failed attempt (LIMIT_CLASSES), its bucket or window, and when access resumes. */
  attemptLimitClass: 'burnrate.attempt.limit.class',
  attemptLimitDetail: 'burnrate.attempt.limit.detail',
  attemptLimitResumesAt: 'burnrate.attempt.limit.resumes_at',
  /** error.details.error_code of an error body (enforced_spend_limit_reached…). */
  attemptErrorCode: 'burnrate.attempt.error_code',
  /** true on the attempt whose refusal the hook told the SDK not to retry (failFast). */
  attemptFailFast: 'burnrate.attempt.fail_fast',
  /** A subscription account's unified usage windows, as the attempt's response reported them. */
  attemptUnifiedStatus: 'burnrate.attempt.unified.status',
  attemptUnifiedClaim: 'burnrate.attempt.unified.claim',
} as const;

/** `burnrate.attempt.unified.<5h|7d>.<utilization|reset>`. */
export function unifiedWindowAttribute(window: '5h' | '7d', field: 'utilization' | 'reset'): string {
  return `burnrate.attempt.unified.${window}.${field}`;
}
