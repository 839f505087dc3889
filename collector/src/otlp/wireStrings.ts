// Strings off the wire, decoded once per distinct spelling. Attribute keys, and most short values
// (a model name, a team, "chat", "end_turn"), repeat from span to span: a small cache keyed by
// their bytes returns the string decoded last time instead of decoding and allocating it again,
// which was a third of the protobuf reader's time and much of its garbage. A miss costs one copy
// of the bytes; the cache is bounded (8192 slots of at most 64 bytes, 512 KiB).

const SLOTS = 8192;
const MAX_BYTES = 64;
const slotBytes = new Uint8Array(SLOTS * MAX_BYTES);
const slotLengths = new Int32Array(SLOTS).fill(-1);
const slotStrings: string[] = new Array<string>(SLOTS).fill('');
const slotView = new DataView(slotBytes.buffer);

/** Node's Buffer decoders without toString's argument handling; untyped, so guarded (as protobufjs does). */
type FastSlices = Buffer & { utf8Slice?: (start: number, end: number) => string; hexSlice?: (start: number, end: number) => string };

function utf8(buf: FastSlices, start: number, end: number): string {
  return buf.utf8Slice ? buf.utf8Slice(start, end) : buf.toString('utf8', start, end);
}

/** Lowercase hex of buf[start, end). */
export function hexSlice(buf: Buffer, start: number, end: number): string {
  const fast = buf as FastSlices;
  return fast.hexSlice ? fast.hexSlice(start, end) : buf.toString('hex', start, end);
}

/**
 * buf[start, end) as UTF-8 (invalid sequences become U+FFFD, as Buffer decodes them), the same
 * string instance for the same bytes while they stay in the cache. `view`, a DataView of exactly
 * `buf`, lets a hit be compared four bytes at a time (attribute keys are 20–40 bytes).
 */
export function utf8Slice(buf: Buffer, start: number, end: number, view?: DataView): string {
  const length = end - start;
  if (length === 0) return '';
  if (length > MAX_BYTES) return utf8(buf, start, end);
  // The slot from the length and a few bytes at the front, middle and back: O(1), and keys that
  // share a prefix ("burnrate.ratelimit.…") still spread. The byte compare below decides.
  let hash = Math.imul(length, 0x9e3779b1) ^ buf[start]!;
  hash = Math.imul(hash ^ buf[end - 1]!, 0x01000193);
  hash = Math.imul(hash ^ buf[start + (length >> 1)]!, 0x01000193);
  hash = Math.imul(hash ^ buf[start + (length >> 2)]!, 0x01000193);
  hash = Math.imul(hash ^ buf[end - 1 - (length >> 2)]!, 0x01000193);
  const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
  const offset = slot * MAX_BYTES;
  if (slotLengths[slot] === length) {
    let i = 0;
    if (view) while (i + 4 <= length && view.getUint32(start + i) === slotView.getUint32(offset + i)) i += 4;
    while (i < length && slotBytes[offset + i] === buf[start + i]) i++;
    if (i === length) return slotStrings[slot]!;
  }
  const text = utf8(buf, start, end);
  for (let i = 0; i < length; i++) slotBytes[offset + i] = buf[start + i]!;
  slotLengths[slot] = length;
  slotStrings[slot] = text;
  return text;
}
