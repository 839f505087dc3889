// The string cache must never hand back another string's text: same length, same sampled bytes,
// one byte apart elsewhere; invalid UTF-8; strings past the cache's size.
import { describe, expect, it } from 'vitest';
import { Burnrate, GenAi } from '../semconv';
import { utf8Slice } from './wireStrings';

/** The text at an odd offset (as in an export's body), read with or without a DataView of the body. */
const read = (text: string | Buffer, withView = false) => {
  const bytes = Buffer.concat([Buffer.from('xxx'), Buffer.isBuffer(text) ? text : Buffer.from(text), Buffer.from('yy')]);
  return utf8Slice(bytes, 3, bytes.length - 2, withView ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined);
};

describe('utf8Slice', () => {
  it.each([false, true])('tells apart strings that differ only in bytes the slot does not sample (word compare: %s)', (withView) => {
    // 39 bytes: the slot samples positions 0, 9, 19, 29 and 38; these differ at 4 (the second
    // word of a four-byte compare), and at 37 (the bytes after the last whole word).
    const a = `${Burnrate.rateLimitPrefix}requests.remaining.x`;
    for (const b of [`burnX${a.slice(5)}`, `${a.slice(0, 37)}Zx`]) {
      for (let round = 0; round < 3; round++) {
        expect(read(a, withView)).toBe(a);
        expect(read(b, withView)).toBe(b);
      }
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
