// Typed rows: a query with its row schema (built from chValues.ts), each row checked and
// converted as it comes back. A row of the wrong shape is a bug between the SQL and its reader,
// so it fails the request with the query's tag, the row and the column, instead of reaching an
// answer as undefined or NaN.
import type { z } from 'zod';
import type { Gateway, QueryParams, StatementSettings } from './gateway';

export class RowShapeError extends Error {
  constructor(tag: string, index: number, error: z.ZodError) {
    const issue = error.issues[0];
    super(
      `ClickHouse ${tag}: row ${index} does not match the query's schema: ${issue ? `${issue.path.join('.') || '(row)'}: ${issue.message}` : error.message}`,
    );
  }
}

export async function queryRows<S extends z.ZodType>(
  gateway: Gateway,
  tag: string,
  schema: S,
  sql: string,
  params?: QueryParams,
  settings?: StatementSettings,
): Promise<z.output<S>[]> {
  const rows = await gateway.query<unknown>(tag, sql, params, settings);
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new RowShapeError(tag, index, parsed.error);
    return parsed.data;
  });
}
