import { describe, expect, it } from 'vitest';
import { readAttemptHeaders, retryAfterSeconds } from './headers';
import { Header, rateLimitAttribute, rateLimitHeader } from './semconv';

describe('attempt headers', () => {
  it('retry-after-forms', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(retryAfterSeconds('1500', '9', now)).toBe(1.5); // -ms wins, as in the SDK
    expect(retryAfterSeconds(undefined, '2.5', now)).toBe(2.5);
    expect(retryAfterSeconds(undefined, 'Sat, 21 Nov 2026 12:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds(undefined, 'Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('-1', 'soon', now)).toBeUndefined();
  });

  it('one-pass-read', () => {
    const headers = new Headers({
      [Header.requestId]: 'req_1',
      [Header.retryAfter]: '3',
      [rateLimitHeader('output_tokens', 'remaining')]: ' 12 ',
      [rateLimitHeader('requests', 'reset')]: '2026-11-21T12:00:00Z',
      [rateLimitHeader('tokens', 'limit')]: '1e9',
      'anthropic-ratelimit-unknown-kind-limit': '5',
    });
    expect(readAttemptHeaders(headers)).toEqual({
      requestId: 'req_1',
      retryAfterS: 3,
      rateLimits: {
        [rateLimitAttribute('output_tokens', 'remaining')]: 12,
        [rateLimitAttribute('requests', 'reset')]: '2026-11-21T12:00:00Z',
      },
    });
  });
});
