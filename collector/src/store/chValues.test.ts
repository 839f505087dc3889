import { expect, it } from 'vitest';
import { z } from 'zod';
import { chBigInt, chBool, chCount, chDateTime, chFloat } from './chValues';
import type { Gateway } from './gateway';
import { queryRows, RowShapeError } from './typedQuery';

it("converts ClickHouse's JSON values once: quoted 64-bit integers, zone-less UTC times, missing floats", () => {
  expect(chBigInt.parse('18446744073709551615')).toBe(18446744073709551615n);
  expect(chBigInt.parse(-5)).toBe(-5n);
  expect(chCount.parse('42')).toBe(42);
  expect(chCount.safeParse('9007199254740993').success).toBe(false); // 2^53 + 1 would lose a digit
  expect(chCount.safeParse('12.5').success).toBe(false);
  expect(chFloat.parse(null)).toBeNull();
  expect(chFloat.parse('nan')).toBeNull();
  expect(chFloat.parse(0.25)).toBe(0.25);
  expect(chDateTime.parse('2026-11-21 21:37:00.525123').toISOString()).toBe('2026-11-21T21:37:00.525Z');
  expect(chDateTime.parse('2026-11-21 21:37:00').toISOString()).toBe('2026-11-21T21:37:00.000Z');
  expect(chDateTime.safeParse('2026-11-21T21:37:00Z').success).toBe(false);
  expect(chBool.parse(1)).toBe(true);
});

it('a row that does not match its query schema fails with the tag, the row and the column', async () => {
  const gateway = {
    query: async () => [
      { calls: '3', at: '2026-11-21 00:00:00' },
      { calls: 'x', at: '2026-11-21 00:00:00' },
    ],
  } as unknown as Gateway;
  const schema = z.object({ calls: chCount, at: chDateTime });
  const failed = queryRows(gateway, 'test-rows', schema, 'SELECT 1');
  await expect(failed).rejects.toBeInstanceOf(RowShapeError);
  await expect(failed).rejects.toThrow(/ClickHouse test-rows: row 1 .*calls: must be a whole number/);
  const good = { query: async () => [{ calls: '3', at: '2026-11-21 00:00:00' }] } as unknown as Gateway;
  expect(await queryRows(good, 'test-rows', schema, 'SELECT 1')).toEqual([{ calls: 3, at: new Date('2026-11-21T00:00:00Z') }]);
});
