// The string cache must never hand back another string's text: same length, same sampled bytes,
// one byte apart elsewhere; invalid UTF-8; strings past the cache's size.
import { describe, expect, it } from 'vitest';
import { Burnrate, GenAi } from '../semconv';
import { utf8Slice } from './wireStrings';

const read = (text: string | Buffer) => {
  const bytes = Buffer.concat([Buffer.from('xx'), Buffer.isBuffer(text) ? text : Buffer.from(text), Buffer.from('yy')]);
  return utf8Slice(bytes, 2, bytes.length - 2);
};

describe('utf8Slice', () => {
  it('tells apart strings that differ only in bytes the slot does not sample', () => {
    // 39 bytes: the slot samples positions 0, 9, 19, 29 and 38; these differ at 4.
    const a = `${Burnrate.rateLimitPrefix}requests.remaining.x`;
    const b = `burnX${a.slice(5)}`;
    for (let round = 0; round < 3; round++) {
      expect(read(a)).toBe(a);
      expect(read(b)).toBe(b);
    }
  });

  it('returns the same instance for the same bytes while cached', () => {
    const first = read(GenAi.requestModel);
    expect(Object.is(read(GenAi.requestModel), first)).toBe(true);
  });

  it('decodes invalid UTF-8 as Buffer does, cached or not', () => {
    const invalid = Buffer.from([0x61, 0xff, 0xfe, 0x62]);
    expect(read(invalid)).toBe(invalid.toString('utf8'));
    expect(read(invalid)).toBe('a\ufffd\ufffdb');
  });

  it('reads multi-byte text and strings past the cached size', () => {
    expect(read('modèle-été-日本')).toBe('modèle-été-日本');
    const long = 'x'.repeat(63) + 'é'.repeat(40);
    expect(read(long)).toBe(long);
    expect(read('')).toBe('');
  });
});
