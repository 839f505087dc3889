import { describe, expect, it } from 'vitest';
import { periodBounds, startOfLocalDay } from './period';

const iso = (ms: number | Date) => new Date(ms).toISOString();

describe('periodBounds', () => {
  it('utc-day-is-midnight-to-midnight', () => {
    const { start, end } = periodBounds('day', 'UTC', new Date('2026-11-21T21:51:00Z'));
    expect([iso(start), iso(end)]).toEqual(['2026-11-21T00:00:00.000Z', '2026-11-22T00:00:00.000Z']);
  });

  it('day-in-a-zone-ahead-of-utc-starts-the-evening-before-in-utc', () => {
    // 06:30 in Tokyo (UTC+9) on the 22nd is 21:30 UTC on the 21st.
    const { start, end } = periodBounds('day', 'Asia/Tokyo', new Date('2026-11-21T21:30:00Z'));
    expect([iso(start), iso(end)]).toEqual(['2026-11-21T15:00:00.000Z', '2026-11-22T15:00:00.000Z']);
  });

  it('half-hour-offsets', () => {
    const { start } = periodBounds('day', 'Asia/Kolkata', new Date('2026-11-21T12:00:00Z'));
    expect(iso(start)).toBe('2026-11-20T18:30:00.000Z');
  });

  it('extreme-offsets-plus-14-and-minus-11', () => {
    expect(iso(periodBounds('day', 'Pacific/Kiritimati', new Date('2026-11-21T12:00:00Z')).start)).toBe('2026-11-21T10:00:00.000Z');
    expect(iso(periodBounds('day', 'Pacific/Pago_Pago', new Date('2026-11-21T12:00:00Z')).start)).toBe('2026-11-21T11:00:00.000Z');
  });

  it('dst-spring-forward-day-has-23-hours', () => {
    // Europe/Berlin moves from +01:00 to +02:00 on 2026-03-29.
    const { start, end } = periodBounds('day', 'Europe/Berlin', new Date('2026-03-29T12:00:00Z'));
    expect([iso(start), iso(end)]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(end.getTime() - start.getTime()).toBe(23 * 3_600_000);
  });

  it('dst-fall-back-day-has-25-hours', () => {
    // America/New_York moves from −04:00 to −05:00 on 2026-11-01.
    const { start, end } = periodBounds('day', 'America/New_York', new Date('2026-11-01T15:00:00Z'));
    expect([iso(start), iso(end)]).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
  });

  it('a-day-whose-midnight-is-skipped-starts-at-the-jump', () => {
    // Chile starts DST at 24:00 on the first Saturday of September: 2026-09-06 begins at 01:00 local (−03:00).
    expect(iso(startOfLocalDay('America/Santiago', 2026, 9, 6))).toBe('2026-09-06T04:00:00.000Z');
    const { start, end } = periodBounds('day', 'America/Santiago', new Date('2026-09-06T12:00:00Z'));
    expect(iso(start)).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(end)).toBe('2026-09-07T03:00:00.000Z');
  });

  it('month-in-a-zone-and-across-a-year-end', () => {
    const { start, end } = periodBounds('month', 'Europe/Berlin', new Date('2026-12-15T12:00:00Z'));
    expect([iso(start), iso(end)]).toEqual(['2026-11-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    // 23:30 UTC on 31 Dec is already January in Berlin.
    const jan = periodBounds('month', 'Europe/Berlin', new Date('2026-12-31T23:30:00Z'));
    expect(iso(jan.start)).toBe('2026-12-31T23:00:00.000Z');
    expect(iso(jan.end)).toBe('2027-01-31T23:00:00.000Z');
  });

  it('the-period-always-contains-now', () => {
    const zones = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham'];
    for (const zone of zones) {
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 11 * 3_600_000 + 13 * 60_000) {
        for (const period of ['day', 'month'] as const) {
          const { start, end } = periodBounds(period, zone, new Date(t));
          expect(start.getTime() <= t && t < end.getTime(), `${zone} ${period} ${iso(t)}`).toBe(true);
        }
      }
    }
  });
});
