// OTLP is messy at the edge: int64 arrives as a number, a decimal string or a protobufjs Long
// ({low, high}); ids arrive as hex (OTLP/JSON), base64 (proto3 JSON mapping) or raw bytes
// (protobuf). These helpers settle each once, returning undefined when a value is unusable.

const HEX_RE = /^[0-9a-f]*$/;

interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

function isLongLike(value: unknown): value is LongLike {
  return typeof value === 'object' && value !== null && 'low' in value && 'high' in value;
}

/** An OTLP int64/fixed64 as a bigint, or undefined if it is not an integer. */
export function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string') return /^-?\d{1,20}$/.test(value) ? BigInt(value) : undefined;
  if (isLongLike(value)) {
    // Long stores two 32-bit halves; int64 is signed, fixed64 is not.
    const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
    return value.unsigned === false ? BigInt.asIntN(64, bits) : bits;
  }
  return undefined;
}

/** An OTLP int64 attribute as a JS number, or undefined when it is not a safe integer. */
export function toSafeInt(value: unknown): number | undefined {
  const big = toBigInt(value);
  if (big === undefined) return undefined;
  const asNumber = Number(big);
  return Number.isSafeInteger(asNumber) ? asNumber : undefined;
}

export function toDouble(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    // proto3 JSON writes non-finite doubles as strings.
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    const parsed = Number(value);
    return value.trim() !== '' && !Number.isNaN(parsed) ? parsed : undefined;
  }
  return undefined;
}

function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * A trace or span id as lowercase hex of the given byte length. An empty id gives ''.
 * Returns undefined for an id of the wrong length or encoding.
 */
export function toHexId(value: unknown, byteLength: number): string | undefined {
  // protobufjs gives an unset bytes field as an empty array from the prototype.
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  if (value instanceof Uint8Array) {
    if (value.byteLength === 0) return '';
    return value.byteLength === byteLength ? bytesToHex(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  if (lower.length === byteLength * 2 && HEX_RE.test(lower)) return lower;
  // Exporters that follow the generic proto3 JSON mapping send base64.
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.byteLength === byteLength) return bytes.toString('hex');
  }
  return undefined;
}

export function isAllZero(hex: string): boolean {
  // A loop, not a regex: three ids of every span pass here, and a real id fails at its first digit.
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}
