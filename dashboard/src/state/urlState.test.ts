import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, parseHash, SCREENS, toHash, withFilter, withoutFilter } from './urlState';

describe('the view in the URL hash', () => {
  it('defaults from an empty hash, and writes only what differs', () => {
    expect(parseHash('')).toEqual(DEFAULT_STATE);
    expect(toHash(DEFAULT_STATE)).toBe('#/overview');
  });

  it('round-trips screen, range, filters (repeated), and each screen option', () => {
    const hash = '#/calls?range=7d&team=search&team=growth&status=error&refresh=off&q=abc&sort=cost&order=asc&call=x';
    const state = parseHash(hash);
    expect(state).toMatchObject({
      screen: 'calls',
      range: { kind: 'preset', preset: '7d' },
      filters: { team: ['search', 'growth'], status: ['error'] },
      refresh: 'off',
      q: 'abc',
      sort: 'cost',
      order: 'asc',
    });
    expect(parseHash(toHash(state))).toEqual(state);
  });

  it('a custom range is two instants; nonsense falls back to defaults instead of breaking the page', () => {
    const custom = parseHash('#/spend?from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z');
    expect(custom.range).toEqual({ kind: 'custom', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') });
    expect(parseHash('#/nowhere?range=forever&status=bad&by=color&sort=x')).toEqual({ ...DEFAULT_STATE });
    expect(parseHash('#/spend?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z').range).toEqual(DEFAULT_STATE.range);
  });

  it('every screen has its path, the sixth being budgets', () => {
    expect(SCREENS[5]).toBe('budgets');
    for (const screen of SCREENS) expect(parseHash(toHash({ ...DEFAULT_STATE, screen })).screen).toBe(screen);
    expect(toHash({ ...DEFAULT_STATE, screen: 'budgets' })).toBe('#/budgets');
  });

  it('adding and removing filter values', () => {
    const one = withFilter({}, 'team', 'search');
    expect(withFilter(one, 'team', 'search')).toBe(one);
    expect(withoutFilter(withFilter(one, 'team', 'growth'), 'team', 'search')).toEqual({ team: ['growth'] });
    expect(withoutFilter(one, 'team', 'search')).toEqual({});
  });
});
