// Calls refused by each limit, as the sdk-hook reports them (one event per attempt, with the
// limit class it read off the API's answer; see test/fixtures/limits/answers.json).
import type { TestCall } from './budgetsCollector';
import { Burnrate, unifiedWindowAttribute } from '../../collector/src/semconv';

/** A call the tier's monthly cap refused: the SDK's default two retries, each refused too. */
export function spendCapRefusedCall(at: Date, resumesAt = '2027-01-01T00:00:00.000Z', model = 'claude-sonnet-4-6'): TestCall {
  const SPEND_CAP_ATTEMPT = {
    [Burnrate.attemptLimitClass]: 'spend_cap_tier',
    [Burnrate.attemptErrorCode]: 'enforced_spend_limit_reached',
    [Burnrate.attemptLimitResumesAt]: resumesAt,
  };
  return {
    model,
    at,
    statusCode: 429,
    errorType: 'rate_limit_error',
    attemptStatuses: [429, 429, 429],
    attemptAttributes: [SPEND_CAP_ATTEMPT, SPEND_CAP_ATTEMPT, SPEND_CAP_ATTEMPT],
  };
}

/** A call that succeeded, with the unified 5h window's utilization its response reported. */
export function unifiedCall(at: Date, utilization5h: number, reset5h: string, account = 'org-subscription'): TestCall {
  return {
    model: 'claude-sonnet-4-6',
    at,
    service: 'claude-agent',
    attributes: { 'anthropic.organization.id': account },
    attemptStatuses: [200],
    attemptAttributes: [
      {
        [Burnrate.attemptUnifiedStatus]: 'allowed',
        [unifiedWindowAttribute('5h', 'utilization')]: utilization5h,
        [unifiedWindowAttribute('5h', 'reset')]: reset5h,
      },
    ],
  };
}
