// Where an encoded OTLP trace export keeps its times, so the bench's senders can stamp a
// pre-encoded export with the time it is sent, as a live app's exports are: each span's start and
// end and each event's time are fixed64 fields, rewritten in place without encoding again.
// A protobuf walk of the few messages on the way to them (field numbers from the OTLP trace proto).

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

/** The messages walked, and which of their fields lead on or hold a time. */
const MESSAGES = {
  request: { into: { 1: 'resourceSpans' }, times: [] },
  resourceSpans: { into: { 2: 'scopeSpans' }, times: [] },
  scopeSpans: { into: { 2: 'span' }, times: [] },
  // start_time_unix_nano = 7, end_time_unix_nano = 8, events = 11
  span: { into: { 11: 'event' }, times: [7, 8] },
  // time_unix_nano = 1
  event: { into: {}, times: [1] },
} as const satisfies Record<string, { into: Record<number, string>; times: readonly number[] }>;
type MessageName = keyof typeof MESSAGES;

function readVarint(bytes: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, at];
    scale *= 128;
  }
}

function walk(bytes: Buffer, from: number, to: number, message: MessageName, offsets: number[]): void {
  const { into, times } = MESSAGES[message];
  for (let at = from; at < to;) {
    const [tag, afterTag] = readVarint(bytes, at);
    const field = Math.floor(tag / 8);
    at = afterTag;
    switch (tag & 7) {
      case WIRE_VARINT:
        at = readVarint(bytes, at)[1];
        break;
      case WIRE_FIXED64:
        if ((times as readonly number[]).includes(field)) offsets.push(at);
        at += 8;
        break;
      case WIRE_LENGTH: {
        const [length, start] = readVarint(bytes, at);
        const next = (into as Record<number, MessageName>)[field];
        if (next) walk(bytes, start, start + length, next, offsets);
        at = start + length;
        break;
      }
      case WIRE_FIXED32:
        at += 4;
        break;
      default:
        throw new Error(`an export the bench cannot walk: wire type ${tag & 7} at byte ${at}`);
    }
  }
}

/** Byte offsets of every span's start and end and every event's time in an encoded export. */
export function timeOffsets(bytes: Buffer): number[] {
  const offsets: number[] = [];
  walk(bytes, 0, bytes.length, 'request', offsets);
  return offsets;
}

/** Adds `shiftNs` to every time at `offsets` (from timeOffsets), in place. */
export function shiftTimes(bytes: Buffer, offsets: readonly number[], shiftNs: bigint): void {
  for (const at of offsets) bytes.writeBigUInt64LE(bytes.readBigUInt64LE(at) + shiftNs, at);
}
