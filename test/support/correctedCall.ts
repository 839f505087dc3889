// A stored call rewritten as the writer does when a later span corrects it (store/callMerge.ts):
// its current row retracted (sign -1), then the merged row (sign +1), both marked as a revision.
import { CALLS_TABLE } from '../../collector/src/store/callsTable';
import type { Gateway } from '../../collector/src/store/gateway';

export async function correctStoredCall(gateway: Gateway, traceId: string, changes: Record<string, unknown>): Promise<void> {
  const [row] = await gateway.query<Record<string, unknown>>(
    't',
    `SELECT * EXCEPT (ingested_at) FROM ${gateway.table(CALLS_TABLE)} FINAL WHERE trace_id = {t:String}`,
    { t: traceId },
  );
  await gateway.insert('calls-insert', gateway.table(CALLS_TABLE), [
    { ...row, sign: -1, revision: true },
    { ...row, ...changes, sign: 1, revision: true },
  ]);
}
