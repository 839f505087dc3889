// Spend anomalies: each (team, model, service, feature) in the last hour against the same hour
// of the previous weeks. The baseline is robust (median and MAD), so one odd week neither hides
// a runaway nor raises a false alarm, and the alert names the driver: the exact combination
// whose spend jumped ("team search · claude-opus-4-6 · feature summaries: 8× its usual hour").
import type { Gateway } from '../store/gateway';
import { spendByWeekAndDriver } from './anomalyQuery';

export interface AnomalyOptions {
  weeks: number;
  /** Below this spend in the hour nothing is an anomaly (cents swing by large factors). */
  minUsd: number;
  /** The hour must be at least this many times its usual (the median, or minUsd when there was none). */
  factor: number;
  /** And this many robust standard deviations (1.4826 × MAD) above the median. */
  minScore: number;
}

export interface Driver {
  team: string;
  model: string;
  service: string;
  feature: string;
}

export interface Anomaly {
  driver: Driver;
  currentUsd: number;
  medianUsd: number;
  madUsd: number;
  /** current / max(median, minUsd): the "N× its usual hour". */
  times: number;
  score: number;
  weeks: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Pure: the anomalies among current and past hours per driver (weeks with no spend count as 0). */
export function findAnomalies(rows: readonly { driver: Driver; week: number; usd: number }[], options: AnomalyOptions): Anomaly[] {
  const byDriver = new Map<string, { driver: Driver; weeks: number[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row.driver.team, row.driver.model, row.driver.service, row.driver.feature]);
    const entry = byDriver.get(key) ?? { driver: row.driver, weeks: new Array<number>(options.weeks + 1).fill(0) };
    if (row.week >= 0 && row.week <= options.weeks) entry.weeks[row.week]! += row.usd;
    byDriver.set(key, entry);
  }
  const found: Anomaly[] = [];
  for (const { driver, weeks } of byDriver.values()) {
    const current = weeks[0]!;
    if (current < options.minUsd) continue;
    const past = weeks.slice(1);
    const m = median(past);
    const mad = median(past.map((v) => Math.abs(v - m)));
    const usual = Math.max(m, options.minUsd);
    // A flat history has no spread: a tenth of the usual hour stands in, so a steady driver
    // still needs a real jump, not a rounding one.
    const spread = Math.max(1.4826 * mad, usual * 0.1);
    const times = current / usual;
    const score = (current - m) / spread;
    if (times >= options.factor && score >= options.minScore) found.push({ driver, currentUsd: current, medianUsd: m, madUsd: mad, times, score, weeks });
  }
  return found.sort((a, b) => b.currentUsd - a.currentUsd);
}

export async function spendAnomalies(gateway: Gateway, now: Date, options: AnomalyOptions): Promise<Anomaly[]> {
  return findAnomalies(await spendByWeekAndDriver(gateway, now, options.weeks), options);
}
