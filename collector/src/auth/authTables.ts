// Keys, people and sessions live in ClickHouse beside the data (no second database). Each row
// carries a version; the latest version of a key wins (ReplacingMergeTree, read with FINAL),
// so a revocation or a password change is one more insert.
import { mergeTreeEngine, onCluster } from '../store/engines';
import type { Gateway } from '../store/gateway';
import type { Migration } from '../store/migrations';

export const KEYS_TABLE = 'auth_keys';
export const USERS_TABLE = 'auth_users';
export const SESSIONS_TABLE = 'auth_sessions';
export const KEY_USAGE_TABLE = 'auth_key_usage';

export const authMigrations: Migration[] = [
  {
    version: 300,
    name: 'auth: keys, users, sessions',
    statements: (g: Gateway) => [
      `CREATE TABLE IF NOT EXISTS ${g.table(KEYS_TABLE)}${onCluster(g)} (
        id String, name String, project String, scope LowCardinality(String), secret_hash String,
        created_at DateTime64(3, 'UTC'), revoked_at Nullable(DateTime64(3, 'UTC')), version UInt64
      ) ENGINE = ${mergeTreeEngine(g, 'ReplacingMergeTree', KEYS_TABLE, 'version')} ORDER BY id`,
      `CREATE TABLE IF NOT EXISTS ${g.table(USERS_TABLE)}${onCluster(g)} (
        username String, role LowCardinality(String), password_hash String,
        created_at DateTime64(3, 'UTC'), deleted Bool, version UInt64
      ) ENGINE = ${mergeTreeEngine(g, 'ReplacingMergeTree', USERS_TABLE, 'version')} ORDER BY username`,
      `CREATE TABLE IF NOT EXISTS ${g.table(SESSIONS_TABLE)}${onCluster(g)} (
        token_hash String, username String, expires_at DateTime64(3, 'UTC'), revoked Bool, version UInt64
      ) ENGINE = ${mergeTreeEngine(g, 'ReplacingMergeTree', SESSIONS_TABLE, 'version')} ORDER BY token_hash
      TTL toDateTime(expires_at) + INTERVAL 1 DAY`,
    ],
  },
  {
    // A session belongs to one credential of one user: a random stamp minted when the user is
    // created and again at each password change. A password change, a deletion or a re-created
    // username therefore leaves every older session without a match.
    version: 301,
    name: 'auth: sessions bound to a credential',
    statements: (g: Gateway) => [
      `ALTER TABLE ${g.table(USERS_TABLE)}${onCluster(g)} ADD COLUMN IF NOT EXISTS credential String DEFAULT ''`,
      `ALTER TABLE ${g.table(SESSIONS_TABLE)}${onCluster(g)} ADD COLUMN IF NOT EXISTS credential String DEFAULT ''`,
    ],
  },
  {
    // A viewer limited to some teams or projects (issue 17): the dimension and its values; ''
    // and [] for the whole organisation.
    version: 310,
    name: 'auth: viewers scoped to teams or projects',
    statements: (g: Gateway) => [
      `ALTER TABLE ${g.table(USERS_TABLE)}${onCluster(g)} ADD COLUMN IF NOT EXISTS scope_dimension LowCardinality(String) DEFAULT ''`,
      `ALTER TABLE ${g.table(USERS_TABLE)}${onCluster(g)} ADD COLUMN IF NOT EXISTS scope_values Array(String) DEFAULT []`,
    ],
  },
  {
    // Keys that age (issue 17): an expiry (a rotated key's overlap ends there too), the key a
    // rotation replaced, and when each key was last used (its own table, written every few
    // seconds at most, the newest time kept).
    version: 311,
    name: 'auth: key expiry, rotation and last use',
    statements: (g: Gateway) => [
      `ALTER TABLE ${g.table(KEYS_TABLE)}${onCluster(g)} ADD COLUMN IF NOT EXISTS expires_at Nullable(DateTime64(3, 'UTC'))`,
      `ALTER TABLE ${g.table(KEYS_TABLE)}${onCluster(g)} ADD COLUMN IF NOT EXISTS rotated_from String DEFAULT ''`,
      `CREATE TABLE IF NOT EXISTS ${g.table(KEY_USAGE_TABLE)}${onCluster(g)} (id String, last_used_at DateTime64(3, 'UTC'))
       ENGINE = ${mergeTreeEngine(g, 'ReplacingMergeTree', KEY_USAGE_TABLE, 'last_used_at')} ORDER BY id`,
    ],
  },
];
