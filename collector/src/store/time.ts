// ClickHouse DateTime64(6) parameters and values as 'YYYY-MM-DD hh:mm:ss.ffffff' in UTC.

export function nsToDateTime64(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const micros = (ns / 1_000n) % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString(); // 2026-11-21T21:37:00.525Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${micros.toString().padStart(6, '0')}`;
}

export function dateToDateTime64(date: Date): string {
  return nsToDateTime64(BigInt(date.getTime()) * 1_000_000n);
}

/** ClickHouse returns DateTime64 as text without a zone; it is UTC. */
export function dateTime64ToDate(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

/** The earliest and latest start of some rows, to bound a lookup by the sort key's time prefix. */
export function startTimeBounds(rows: readonly { startTimeNs: bigint }[]): { min: string; max: string } {
  let min = rows[0]!.startTimeNs;
  let max = min;
  for (const row of rows) {
    if (row.startTimeNs < min) min = row.startTimeNs;
    if (row.startTimeNs > max) max = row.startTimeNs;
  }
  return { min: nsToDateTime64(min), max: nsToDateTime64(max) };
}

/** DateTime64(6) ticks: microseconds since the epoch, exact as a number until the year 2255. */
export function nsToMicros(ns: bigint): number {
  return Number(ns / 1_000n);
}

export function microsToDateTime64(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  const fraction = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}
