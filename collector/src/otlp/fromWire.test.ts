import { describe, expect, it } from 'vitest';
import { fromWire } from './fromWire';
import { toBigInt, toHexId } from './scalars';

const NOW_NS = 1_795_297_100_000_000_000n;

function spanExport(span: Record<string, unknown>) {
  return { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans: [span] }] }] };
}

const good = {
  traceId: '0123456789abcdef0123456789abcdef',
  spanId: '0123456789abcdef',
  startTimeUnixNano: '1795297000000000000',
  endTimeUnixNano: '1795297001000000000',
};

describe('OTLP edge scalars', () => {
  it('int64 as number, string and protobufjs Long', () => {
    expect(toBigInt(42)).toBe(42n);
    expect(toBigInt('1795297000000000000')).toBe(1795297000000000000n);
    expect(toBigInt({ low: -1421767360, high: 418000159 })).toBe((418000159n << 32n) | BigInt(-1421767360 >>> 0));
    expect(toBigInt('12abc')).toBeUndefined();
    expect(toBigInt(1.5)).toBeUndefined();
  });

  it('ids as hex, base64 and bytes; wrong length refused', () => {
    expect(toHexId('0123456789ABCDEF', 8)).toBe('0123456789abcdef');
    expect(toHexId(Buffer.from('0123456789abcdef', 'hex').toString('base64'), 8)).toBe('0123456789abcdef');
    expect(toHexId(new Uint8Array(Buffer.from('0123456789abcdef', 'hex')), 8)).toBe('0123456789abcdef');
    expect(toHexId('0123', 8)).toBeUndefined();
    expect(toHexId('', 8)).toBe('');
  });
});

describe('fromWire refuses bad spans one by one', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['short trace id', { ...good, traceId: 'abcd' }, 'traceId'],
    ['zero span id', { ...good, spanId: '0000000000000000' }, 'spanId'],
    ['missing start', { ...good, startTimeUnixNano: undefined }, 'startTimeUnixNano'],
    ['far future', { ...good, startTimeUnixNano: '2795297000000000000', endTimeUnixNano: '2795297000000000001' }, 'future'],
    ['ends before start', { ...good, endTimeUnixNano: '1795296000000000000' }, 'ends before'],
    ['parent of wrong length', { ...good, parentSpanId: 'abc' }, 'parentSpanId'],
  ];
  for (const [label, span, reason] of cases) {
    it(label, () => {
      const decoded = fromWire(spanExport(span), NOW_NS);
      expect(decoded.rejected).toHaveLength(1);
      expect(decoded.rejected[0]!.reason).toContain(reason);
    });
  }

  it('bounds huge and deeply nested attribute values', () => {
    let nested: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 50; i++) nested = { arrayValue: { values: [nested] } };
    const span = {
      ...good,
      attributes: [
        { key: 'big', value: { stringValue: 'x'.repeat(1_000_000) } },
        { key: 'deep', value: nested },
      ],
    };
    const attrs = fromWire(spanExport(span), NOW_NS).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes;
    expect((attrs.get('big') as string).length).toBe(16_384);
    expect(JSON.stringify(attrs.get('deep'))).toContain('[nested too deep]');
  });
});
