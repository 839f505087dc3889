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
