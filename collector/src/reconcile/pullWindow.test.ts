import { describe, expect, it } from 'vitest';
import { planPull } from './pullWindow';

describe('planPull', () => {
  it('a-week-back-and-today-in-one-request', () => {
    const now = new Date('2026-11-21T15:30:00Z');
    expect(planPull(now, 7)).toEqual({
      windows: [{ startingAt: new Date('2026-11-14T00:00:00Z'), endingAt: now }],
      days: ['2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21'],
    });
  });

  it('more-than-31-days-is-split-into-requests-the-api-accepts', () => {
    const now = new Date('2026-11-21T15:30:00Z');
    const plan = planPull(now, 40);
    expect(plan.windows).toEqual([
      { startingAt: new Date('2026-10-12T00:00:00Z'), endingAt: new Date('2026-11-12T00:00:00Z') },
      { startingAt: new Date('2026-11-12T00:00:00Z'), endingAt: now },
    ]);
    expect(plan.days).toHaveLength(41);
  });

  it('never-asks-before-2026-01-01-or-over-365-days-back', () => {
    expect(planPull(new Date('2026-01-03T01:00:00Z'), 7).windows[0]!.startingAt).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(planPull(new Date('2027-06-01T12:00:00Z'), 365).windows[0]!.startingAt).toEqual(new Date('2026-06-02T00:00:00Z'));
  });
});
