// Calendar months in UTC, as Anthropic invoices them: 'YYYY-MM' ↔ the month's first instant.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(text: string): Date | undefined {
  const match = MONTH.exec(text);
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : undefined;
}

export const monthKey = (start: Date) => start.toISOString().slice(0, 7);

/** The first instant of the month `offset` months after the one holding `at` (negative: before). */
export function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

/** The `count` months ending with the one starting at `last`, oldest first. */
export function monthsEndingWith(last: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => monthKey(monthStart(last, i - count + 1)));
}
