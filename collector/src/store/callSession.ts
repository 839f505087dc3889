// llm_calls' session id (issue 15): the conversation or agent session a call belongs to, so that
// runs can be grouped by session as well as by trace. Added by ALTER (callsTable.ts'
// callSessionStatements, migration 45) so stores created before keep their rows; old rows read ''.
// The bloom index serves one session's calls (its timeline), which otherwise scans every call in
// the range.
import type { CallRow } from '../normalize/callRow';
import type { NativeColumn } from './nativeBlock';

export const SESSION_COLUMN = "session_id String DEFAULT ''";
export const SESSION_INDEX = 'session_id_bloom session_id TYPE bloom_filter(0.01) GRANULARITY 4';

/** The insert column, for callsTable.ts' CALL_COLUMNS (the Native block and the JSON row). */
export const sessionColumns: readonly NativeColumn<{ row: CallRow }>[] = [{ name: 'session_id', type: 'String', value: (c) => c.row.sessionId ?? '' }];
