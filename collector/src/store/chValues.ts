// ClickHouse's values as they arrive in JSONEachRow, converted to JavaScript here and nowhere
// else: 64-bit integers come quoted (output_format_json_quote_64bit_integers, so no digit is lost),
// DateTime / DateTime64 come as zone-less text that is UTC, and a float with nothing to measure
// comes as null or NaN. Each converter is a zod schema, so a query's row schema (typedQuery.ts)
// is built from them and a value of the wrong shape fails loudly, naming its column.
import { z } from 'zod';
import { dateTime64ToDate } from './time';

const INTEGER_TEXT = /^-?\d+$/;
const DATE_TIME_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;

const integerText = z.string().regex(INTEGER_TEXT, 'must be a whole number');
const safeInteger = z.number().refine(Number.isSafeInteger, 'must be a whole number below 2^53');

/** UInt64 / Int64 (nano-dollars, nanosecond times): exact, as a bigint. */
export const chBigInt = z.union([integerText, safeInteger]).transform((value) => BigInt(value));

/** A count or token sum (UInt64 that never nears 2^53): a number, refused if it would lose digits. */
export const chCount = z.union([integerText, safeInteger]).transform((value, ctx) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) ctx.addIssue({ code: 'custom', message: `${value} does not fit a JavaScript number exactly` });
  return n;
});

/** Float64 (ratios, latencies, quantiles): null when there was nothing to measure (null, NaN). */
export const chFloat = z.union([z.number(), z.string(), z.null()]).transform((value) => {
  if (value === null) return null;
  const n = Number(value);
  return Number.isNaN(n) ? null : n;
});

/** DateTime / DateTime64, text without a zone that is UTC. */
export const chDateTime = z.string().regex(DATE_TIME_TEXT, 'must be a ClickHouse DateTime').transform(dateTime64ToDate);

/** A Bool (true / false) or UInt8 flag (0 / 1). */
export const chBool = z.union([z.boolean(), z.number(), integerText]).transform((value) => Number(value) !== 0);
