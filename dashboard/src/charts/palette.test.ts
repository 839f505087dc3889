import { expect, it } from 'vitest';
import { colorOf, groupStyles, GROUP_COLORS, OTHER_COLOR } from './palette';

it('a-model-has-one-colour-whatever-order-the-charts-meet-it-in', () => {
  const first = ['claude-sonnet-4-6', 'claude-opus-4-6', 'team-x'].map(colorOf);
  const reversed = ['team-x', 'claude-opus-4-6', 'claude-sonnet-4-6'].map(colorOf).reverse();
  expect(first).toEqual(reversed);
  expect(colorOf('claude-opus-4-6')).toBe('#0072b2');
  expect(colorOf('claude-sonnet-4-6')).toBe('#e69f00');
  expect(colorOf('claude-haiku-4-5')).toBe('#009e73');
  expect(GROUP_COLORS).toContain(colorOf('claude-3-5-haiku'));
});

it('the-folded-other-series-is-grey', () => {
  expect(
    groupStyles([
      { id: 's0', label: 'claude-opus-4-6', other: false },
      { id: 's1', label: 'Other', other: true },
    ]).map((s) => s.color),
  ).toEqual(['#0072b2', OTHER_COLOR]);
});
