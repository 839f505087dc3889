import { expect, it } from 'vitest';
import { BlockedBloom53 } from './blockedBloom';
import { hash53 } from './recentCalls';

const keys = (from: number, count: number) => Array.from({ length: count }, (_, i) => hash53(2, `trace-${from + i}`, `span-${from + i}`));

it('finds every key added (no false negatives), and few others when full', () => {
  const bloom = new BlockedBloom53(100_000);
  const added = keys(0, 100_000);
  for (const key of added) bloom.add(key);
  expect(added.every((key) => bloom.has(key))).toBe(true);
  const others = keys(1_000_000, 100_000).filter((key) => bloom.has(key)).length;
  expect(others).toBeLessThan(500); // 0.5%
});

it('an empty filter has nothing', () => {
  const bloom = new BlockedBloom53(10);
  expect(keys(0, 1000).some((key) => bloom.has(key))).toBe(false);
});
