// Decoding traces only: bytes in, typed export out. Which bytes to read (gzip, size limits) is
// the route's job; what a span means is the normalizer's.
import { encodeRequestFromJson, parseJsonExport, protobufError, type OtlpEncoding } from './exportMessages';
import { fromWire } from './fromWire';
import type { DecodedTraces } from './model';
import { readTracesProtobuf } from './readTracesProtobuf';

export { OtlpDecodeError, type OtlpEncoding } from './exportMessages';

/** `nowMs`: when the export came in (a replay from the write-ahead log decodes it as it was then). */
export function decodeTraces(body: Buffer, encoding: OtlpEncoding, nowMs = Date.now()): DecodedTraces {
  const nowNs = BigInt(nowMs) * 1_000_000n;
  if (encoding === 'json') return fromWire(parseJsonExport(body, 'traces'), nowNs);
  try {
    return readTracesProtobuf(body, nowNs);
  } catch (error) {
    throw protobufError('traces', error);
  }
}

/** For tests and benchmarks: a JSON-shaped trace export as OTLP protobuf. */
export const encodeTraceRequestFromJson = (json: unknown) => encodeRequestFromJson('traces', json);
