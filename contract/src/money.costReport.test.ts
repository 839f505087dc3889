import { describe, expect, it } from 'vitest';
import { AmountError, centsToNano } from './money';

describe('centsToNano', () => {
  it.each([
    ['0', 0n],
    ['1', 10_000_000n], // one cent
    ['2129.16', 21_291_600_000n], // $21.2916
    ['0.0000001', 1n], // the smallest exact amount: one nano-dollar
    ['1234.5678', 12_345_678_000n],
    ['123456789012.1234567', 1_234_567_890_121_234_567n], // past 2^53, still exact
    ['0.00000005', 1n], // half a nano-dollar rounds away from zero
    ['0.00000004999', 0n],
    ['-12.5', -125_000_000n], // a refund or adjustment
    ['-0.00000005', -1n],
    [' 7 ', 70_000_000n],
  ])('%s cents is %s nano-dollars', (text, nano) => {
    expect(centsToNano(text)).toBe(nano);
  });

  it.each(['', '12.', '.5', '1e3', '1,000', 'NaN', '12.3.4'])('refuses %j', (text) => {
    expect(() => centsToNano(text)).toThrow(AmountError);
  });
});
