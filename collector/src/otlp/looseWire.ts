// Reading OTLP that has been parsed into loose objects (JSON.parse output, or a protobufjs
// message: the same camelCase shape, and JSON may also use the proto field names). Shared by the
// trace, log and metric converters, so every signal reads an attribute the same way.
import type { AttributeValue, Attributes } from './model';
import { toBigInt, toDouble } from './scalars';
import { NESTED_TOO_DEEP, truncate, WIRE_LIMITS } from './spanChecks';

export type Loose = Record<string, unknown>;

export function field(obj: Loose, camel: string, snake: string): unknown {
  const value = obj[camel];
  return value !== undefined ? value : obj[snake];
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asObject(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as Loose) : undefined;
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function has(obj: Loose, camel: string, snake: string): boolean {
  // protobufjs leaves unset oneof members off the instance; JSON omits them.
  return Object.prototype.hasOwnProperty.call(obj, camel) || Object.prototype.hasOwnProperty.call(obj, snake);
}

function toAttributeValue(raw: unknown, depth: number): AttributeValue | undefined {
  const value = asObject(raw);
  if (!value) return undefined;
  if (has(value, 'stringValue', 'string_value')) return truncate(asString(field(value, 'stringValue', 'string_value')));
  if (has(value, 'boolValue', 'bool_value')) return field(value, 'boolValue', 'bool_value') === true;
  if (has(value, 'intValue', 'int_value')) {
    const big = toBigInt(field(value, 'intValue', 'int_value'));
    if (big === undefined) return undefined;
    const asNumber = Number(big);
    return Number.isSafeInteger(asNumber) ? asNumber : big.toString();
  }
  if (has(value, 'doubleValue', 'double_value')) return toDouble(field(value, 'doubleValue', 'double_value'));
  if (depth >= WIRE_LIMITS.maxValueDepth) return NESTED_TOO_DEEP;
  if (has(value, 'arrayValue', 'array_value')) {
    const values = asArray(asObject(field(value, 'arrayValue', 'array_value'))?.values);
    return values.slice(0, WIRE_LIMITS.maxAttributesPerSpan).flatMap((item) => {
      const converted = toAttributeValue(item, depth + 1);
      return converted === undefined ? [] : [converted];
    });
  }
  if (has(value, 'kvlistValue', 'kvlist_value')) {
    const list = asArray(asObject(field(value, 'kvlistValue', 'kvlist_value'))?.values);
    return Object.fromEntries(toAttributes(list, depth + 1));
  }
  if (has(value, 'bytesValue', 'bytes_value')) {
    const bytes = field(value, 'bytesValue', 'bytes_value');
    return bytes instanceof Uint8Array ? Buffer.from(bytes).toString('base64') : asString(bytes);
  }
  return undefined;
}

export function toAttributes(list: unknown, depth = 0): Attributes {
  const attributes: Attributes = new Map();
  for (const item of asArray(list).slice(0, WIRE_LIMITS.maxAttributesPerSpan)) {
    const kv = asObject(item);
    const key = asString(kv?.key);
    if (!kv || key === '') continue;
    const value = toAttributeValue(kv.value, depth);
    if (value !== undefined) attributes.set(key, value);
  }
  return attributes;
}
