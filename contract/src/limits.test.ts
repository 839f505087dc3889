import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyRefusal, failFastCovers, firstOfNextMonthUtc, resumeTimeFromMessage, unifiedResetIso } from './limits';

// The scripted answers of test/fixtures/limits (each with its source and the day checked), read
// the way the collector reads a span that kept only the status, error type and message.
const answers = (
  JSON.parse(readFileSync(new URL('../../test/fixtures/limits/answers.json', import.meta.url), 'utf8')) as {
    answers: {
      name: string;
      limitClass: string;
      detail: string;
      resumesAt?: string;
      status: number;
      headers: Record<string, string>;
      body: { error: { type: string; message: string; details?: { error_code?: string } } };
    }[];
  }
).answers;

describe('classifyRefusal', () => {
  for (const a of answers.filter((x) => !x.name.startsWith('usage-window'))) {
    it(`${a.name}-from-status-type-code-and-message`, () => {
      const verdict = classifyRefusal({
        status: a.status,
        errorType: a.body.error.type,
        errorCode: a.body.error.details?.error_code,
        message: a.body.error.message,
        at: new Date('2026-12-06T14:02:00Z'),
      });
      expect(verdict).toEqual({ limitClass: a.limitClass, detail: a.detail, ...(a.resumesAt ? { resumesAt: a.resumesAt } : {}) });
    });
  }

  it('tier-cap-known-by-its-message-alone-when-the-details-are-lost', () => {
    const message =
      "429 You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier. (request_id: req_1)";
    expect(classifyRefusal({ status: 429, errorType: 'rate_limit_error', message, at: new Date('2026-12-06T14:02:00Z') })).toEqual({
      limitClass: 'spend_cap_tier',
      detail: '',
      resumesAt: '2027-01-01T00:00:00.000Z',
    });
  });

  it('usage-window-from-unified-status-and-claim', () => {
    const unified = { status: 'rejected', claim: 'seven_day', windows: { '7d': { utilization: 1, reset: '2026-12-10T05:25:11.000Z' } } };
    expect(classifyRefusal({ status: 429, errorType: 'rate_limit_error', unified })).toEqual({
      limitClass: 'usage_window',
      detail: '7d',
      resumesAt: '2026-12-10T05:25:11.000Z',
    });
    expect(classifyRefusal({ status: 429, errorType: 'rate_limit_error', unified: { status: 'allowed', windows: {} } })).toEqual({
      limitClass: 'rate_limit',
      detail: '',
    });
  });

  it('rate-limit-bucket-from-headers-when-the-message-does-not-say', () => {
    expect(classifyRefusal({ status: 429, remaining: { requests: 10, output_tokens: 0 } })).toEqual({ limitClass: 'rate_limit', detail: 'output_tokens' });
  });

  it('no-class-for-a-success', () => {
    expect(classifyRefusal({ status: 200 })).toBeUndefined();
  });
});

it('resume-times-and-fail-fast-kinds', () => {
  expect(resumeTimeFromMessage('You will regain access on 2026-09-01 at 00:00 UTC.')).toBe('2026-09-01T00:00:00.000Z');
  expect(firstOfNextMonthUtc(new Date('2026-12-31T23:59:00Z'))).toBe('2027-01-01T00:00:00.000Z');
  expect(unifiedResetIso('1796576400')).toBe('2026-12-06T17:00:00.000Z');
  expect(failFastCovers(['spend_cap'], 'spend_limit_workspace')).toBe(true);
  expect(failFastCovers(['spend_cap'], 'usage_window')).toBe(false);
  expect(failFastCovers(['spend_cap'], 'rate_limit')).toBe(false);
});
