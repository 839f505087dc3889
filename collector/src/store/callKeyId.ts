// llm_calls.key_id: the ingest key that sent the call (issue 17), so each key's spend and its
// spikes can be watched: a leaked key's first sign is spend it never had. Added by ALTER so
// stores created before keep their rows; old rows and calls sent with auth off read ''.
import { onCluster } from './engines';
import type { Gateway } from './gateway';
import { CALLS_TABLE } from './callsTable';

export const CALL_KEY_ID_MIGRATION = 40;

export function callKeyIdStatements(gateway: Gateway): string[] {
  const tables = gateway.cluster ? [gateway.localTable(CALLS_TABLE), gateway.table(CALLS_TABLE)] : [gateway.table(CALLS_TABLE)];
  return tables.map((table) => `ALTER TABLE ${table}${onCluster(gateway)} ADD COLUMN IF NOT EXISTS key_id LowCardinality(String) DEFAULT ''`);
}
