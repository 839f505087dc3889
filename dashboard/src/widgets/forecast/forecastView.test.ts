import { describe, expect, it } from 'vitest';
import { bandText, forecastRows, forecastUrl } from './forecastView';

describe('forecast view', () => {
  it('asks for the whole company, or one filter of one value; nothing else has a forecast', () => {
    expect(forecastUrl({})).toBe('/api/v1/finance/forecast?period=month&timeZone=UTC');
    expect(forecastUrl({ team: ['search'] })).toBe('/api/v1/finance/forecast?period=month&timeZone=UTC&team=search');
    expect(forecastUrl({ team: ['search', 'ads'] })).toBeNull();
    expect(forecastUrl({ team: ['search'], model: ['claude-haiku-4-5'] })).toBeNull();
    expect(forecastUrl({ status: ['error'] })).toBeNull();
  });

  it('reads the band and lays the month out day by day', () => {
    expect(bandText({ lowUsd: 1.5, highUsd: 1234 })).toBe('$1.50 – $1,234');
    expect(
      forecastRows({
        days: [
          { day: '2026-11-01', actualUsd: 2, expectedUsd: null },
          { day: '2026-11-02', actualUsd: null, expectedUsd: 3 },
        ],
      }),
    ).toEqual([
      { day: '2026-11-01', label: '01', actual: 2, expected: null },
      { day: '2026-11-02', label: '02', actual: null, expected: 3 },
    ]);
  });
});
