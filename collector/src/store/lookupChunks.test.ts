import { expect, it } from 'vitest';
import { idChars, lookupChunks } from './lookupChunks';

it('splits items into runs within the budget, in order, every item once', () => {
  const items = Array.from({ length: 100 }, (_, i) => 'x'.repeat(1 + (i % 7)));
  const runs = [...lookupChunks(items, idChars, 50)];
  expect(runs.flat()).toEqual(items);
  for (const run of runs) expect(run.reduce((n, id) => n + idChars(id), 0)).toBeLessThanOrEqual(50);
  expect(runs.length).toBeGreaterThan(10);
});

it('puts an item larger than the budget in a run of its own rather than dropping it', () => {
  const runs = [...lookupChunks(['a', 'b'.repeat(100), 'c'], idChars, 20)];
  expect(runs).toEqual([['a'], ['b'.repeat(100)], ['c']]);
});

it('counts an empty id (no parent) as nothing: it is not sent', () => {
  expect(idChars('')).toBe(0);
  expect(idChars('abcd')).toBe(7);
});
