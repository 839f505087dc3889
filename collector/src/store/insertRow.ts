// An insert row as JSON, made from the same column list as the Native block (nativeBlock.ts), so
// the two insert paths cannot disagree on a column. 64-bit integers and times go as text: JSON
// numbers lose exactness past 2^53, and ClickHouse parses both from strings.
import type { NativeColumn } from './nativeBlock';
import { microsToDateTime64 } from './time';

export function jsonInsertRow<Row>(columns: readonly NativeColumn<Row>[], row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, type, value } of columns) {
    const v = value(row);
    if (type === "DateTime64(6, 'UTC')") out[name] = microsToDateTime64(Number(v));
    else if (typeof v === 'bigint') out[name] = v.toString();
    else out[name] = v;
  }
  return out;
}
