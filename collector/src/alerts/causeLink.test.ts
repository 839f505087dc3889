import { expect, it } from 'vitest';
import { causeLink, causeView } from './causeLink';

const at = '2026-11-21T03:10:00.000Z';

it('a-429-alert-opens-reliability-for-its-model-around-the-storm', () => {
  const view = causeView({ ruleKind: 'rate_limited_ratio', labels: { service: '', model: 'claude-sonnet-4-6' }, at, startedAt: '2026-11-21T03:00:00.000Z' });
  expect(decodeURIComponent(view)).toBe('#/reliability?from=2026-11-21T02:00:00.000Z&to=2026-11-21T03:25:00.000Z&model=claude-sonnet-4-6');
});

it('unpriced-and-deprecated-models-open-their-calls', () => {
  expect(decodeURIComponent(causeView({ ruleKind: 'unpriced_model', labels: { model: 'claude-x' }, at, startedAt: at }))).toBe(
    '#/calls?from=2026-11-21T02:10:00.000Z&to=2026-11-21T03:25:00.000Z&model=claude-x',
  );
});

it('no-public-url-no-link', () => {
  expect(causeLink(undefined, { ruleKind: 'error_ratio', labels: {}, at, startedAt: at })).toBeUndefined();
  expect(causeLink('https://b.example/', { ruleKind: 'error_ratio', labels: {}, at, startedAt: at })).toMatch(/^https:\/\/b\.example\/#\/reliability\?from=/);
});
