// The direct protobuf reader must read exactly what protobufjs's generated decoder + fromWire
// read: on every fixture, on synthetic exports, and on thousands of byte-mutated bodies.
import { describe, expect, it } from 'vitest';
import { fixtureNames, fixtureProtobuf } from '../../../test/support/fixtures';
import { seededRandom } from '../../../test/support/random';
import { syntheticExport } from '../../../test/support/syntheticSpans';
import { encodeTraceRequestFromJson } from './decode';
import { otlpType } from './exportMessages';
import { fromWire } from './fromWire';
import { readTracesProtobuf } from './readTracesProtobuf';

const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const requestType = otlpType('ExportTraceServiceRequest');
const viaGenerated = (bytes: Uint8Array) => fromWire(requestType.decode(bytes), NOW_NS);

function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return 'refused';
  }
}

describe('readTracesProtobuf', () => {
  it('reads every fixture as the generated decoder does', () => {
    for (const name of fixtureNames()) expect(readTracesProtobuf(fixtureProtobuf(name), NOW_NS)).toEqual(viaGenerated(fixtureProtobuf(name)));
  });

  it('reads synthetic exports with events, negatives and nesting as the generated decoder does', () => {
    const body = syntheticExport(50, 0, NOW_NS - 1_000_000_000n);
    const span = body.resourceSpans[0]!.scopeSpans[0]!.spans[0]! as { attributes: unknown[] };
    span.attributes.push(
      { key: 'negative', value: { intValue: -5 } },
      { key: 'huge', value: { intValue: '9223372036854775807' } },
      // Around the reader's 7-byte fast path (2^49) and the safe-integer limit (2^53).
      { key: 'fast-path-max', value: { intValue: 2 ** 49 - 1 } },
      { key: 'past-fast-path', value: { intValue: 2 ** 49 } },
      { key: 'safe-max', value: { intValue: Number.MAX_SAFE_INTEGER } },
      { key: 'past-safe', value: { intValue: '9007199254740993' } },
      { key: 'minus-one', value: { intValue: -1 } },
      {
        key: 'list',
        value: {
          arrayValue: { values: [{ stringValue: 'a' }, { doubleValue: 1.5 }, { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } }] },
        },
      },
    );
    const bytes = encodeTraceRequestFromJson(body);
    expect(readTracesProtobuf(bytes, NOW_NS)).toEqual(viaGenerated(bytes));
  });

  it('agrees with the generated decoder on 3000 mutated bodies (accepts the same, refuses the same)', () => {
    const rand = seededRandom(7);
    const seeds = fixtureNames().map(fixtureProtobuf);
    let agreedOnRefusal = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(rand.pick(seeds));
      for (let flips = 1 + rand.int(3); flips > 0; flips--) bytes[rand.int(bytes.length)] = rand.int(256);
      const ours = outcome(() => readTracesProtobuf(bytes, NOW_NS));
      const theirs = outcome(() => viaGenerated(bytes));
      if (ours === 'refused' || theirs === 'refused') {
        // A malformed body may be caught one field earlier or later; only a successful read
        // must match exactly.
        if (ours === theirs) agreedOnRefusal++;
        continue;
      }
      expect(ours).toEqual(theirs);
    }
    expect(agreedOnRefusal).toBeGreaterThan(0);
  });
});
