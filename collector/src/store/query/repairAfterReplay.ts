// After a crash, the log's replay plans its entries again, and an insert the previous process
// had half done (raw rows stored, a rollup view not yet) is then seen as stored and not sent:
// that rollup would miss those calls for good. So once the replay is stored, the rollups of the
// hours it covers are compared with the raw rows and rebuilt where they differ, and what was
// changed is said. The embedded store has one writer (this process, between two of its own
// inserts), so every bucket can be rebuilt at once; on a server other collectors may be writing,
// so only settled buckets are, and the rest are named for `burnrate verify`.
import type { Gateway } from '../gateway';
import { verifyRollups } from './rollupIntegrity';

export function repairAfterReplay(gateway: Gateway, warn: (line: string) => void) {
  return async (range: { from: Date; to: Date }): Promise<void> => {
    const report = await verifyRollups(gateway, { ...range, repair: true, ...(gateway.kind === 'embedded' ? { settleMs: 0 } : {}) });
    const repaired = report.drift.filter((d) => d.repaired);
    const left = report.drift.filter((d) => !d.repaired);
    if (repaired.length > 0) warn(`burnrate: after the replay, rebuilt ${repaired.length} rollup bucket(s) that missed replayed calls: ${describe(repaired)}`);
    if (left.length > 0) {
      warn(
        `burnrate: after the replay, ${left.length} rollup bucket(s) differ from the raw rows and are still receiving writes: ${describe(left)}; run \`burnrate verify\` once they settle`,
      );
    }
  };
}

/** Per rollup: how many buckets, from the first to the last. */
function describe(drift: { rollup: string; bucket: string }[]): string {
  const byRollup = new Map<string, string[]>();
  for (const d of drift) {
    if (!byRollup.has(d.rollup)) byRollup.set(d.rollup, []);
    byRollup.get(d.rollup)!.push(d.bucket);
  }
  return [...byRollup]
    .map(([rollup, buckets]) => {
      const sorted = buckets.sort();
      return `${rollup} ${sorted.length} (${sorted[0]}${sorted.length > 1 ? ` to ${sorted.at(-1)}` : ''})`;
    })
    .join(', ');
}
