// One validated config, parsed once at start-up, from environment variables over an optional
// file (burnrate.config.json, or the file BURNRATE_CONFIG names) over defaults. The file uses the
// same names as the variables, so one vocabulary serves both. A bad value stops the collector
// with a message that names the variable and where it came from; no secret has a default.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseGroupScope } from './ssoGroupScopeSetting';
import { SCOPE_DIMENSIONS } from './store/readScope';
import { DEFAULT_RECENT_CALLS } from './store/recentCalls';
import { LOG_FORMATS, LOG_LEVELS } from './log/logger';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
// Express's trust-proxy vocabulary: addresses, CIDR ranges, or its named ranges.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const proxyEntry = (entry: string) => PROXY_NAMES.has(entry) || isIP(entry.split('/')[0]!) !== 0;
const commaList = (text: string) =>
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and _');

const schema = z.object({
  BURNRATE_PORT: port.default(4318),
  BURNRATE_HOST: z.string().min(1).default('127.0.0.1'),
  BURNRATE_DATA_DIR: z.string().min(1).default('./.burnrate/data'),
  BURNRATE_PRICING_FILE: z.string().min(1).optional(),
  /** JSON: { "limits": [{ "kind": "tier_cap" | "org_limit" | "workspace_limit", "workspace"?, "amountUsd", "thresholdsPercent"? }] }. */
  BURNRATE_SPEND_LIMITS_FILE: z.string().min(1).optional(),
  BURNRATE_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  BURNRATE_MAX_DECOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  // Each insert makes a part in the raw table and in every rollup: 5,000-call inserts stored a
  // third of what 20,000-call ones do (npm run bench:writer, 2 cores).
  BURNRATE_BATCH_ROWS: z.coerce.number().int().positive().default(100_000),
  BURNRATE_BATCH_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  BURNRATE_MAX_PENDING_ROWS: z.coerce.number().int().positive().default(200_000),
  /**
   * Calls the embedded store's writer remembers exactly (about 32 MB a million), so a new call skips
   * the ClickHouse lookup for another span of it; the calls it forgets go into two Bloom filters of
   * twice as many calls each (another 24 MB a million). Those must hold an hour of calls, or every
   * call is looked up (/healthz writeAheadLog.lookedUpCalls), which costs ingest most of its speed.
   */
  BURNRATE_RECENT_CALLS: z.coerce.number().int().min(1000).default(DEFAULT_RECENT_CALLS),
  /**
   * The nice value the embedded engine's background merges run at (store/mergePriority.ts), so
   * they take what decoding and answering exports leave; 0 leaves them at the process's own.
   */
  BURNRATE_MERGE_NICE: z.coerce.number().int().min(0).max(19).default(5),
  BURNRATE_LOG_DIR: z.string().min(1).optional(),
  BURNRATE_LOG_MAX_BYTES: z.coerce.number().int().positive().optional(),
  /**
   * Calls accepted into the log and not yet stored, beyond which exports get 503 + Retry-After
   * while ClickHouse is taking writes: a 200 may run ahead of the store by this much, no more.
   * Unset: two batches (maxBacklogCalls).
   */
  BURNRATE_LOG_MAX_BACKLOG_CALLS: z.coerce.number().int().positive().optional(),
  // ClickHouse needs room to insert what the log holds (and, embedded, shares the disk).
  BURNRATE_LOG_MIN_FREE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(256 * 1024 * 1024),
  BURNRATE_ACK: z.enum(['log', 'stored']).default('log'),
  // The names before the write-ahead log (it was a spool used only while ClickHouse failed).
  BURNRATE_SPOOL_DIR: z.string().min(1).optional(),
  BURNRATE_SPOOL_MAX_BYTES: z.coerce.number().int().positive().optional(),
  /** The free space the data directory must have at start (the engine reserves 1 MiB per part it writes). */
  BURNRATE_MIN_FREE_MB: z.coerce.number().min(0).default(16),
  BURNRATE_SERVE_DASHBOARD: bool.default(true),
  BURNRATE_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  BURNRATE_AUTH: z.enum(['on', 'off']).optional(),
  BURNRATE_SETUP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The collector's own log (not the write-ahead log of BURNRATE_LOG_DIR): the least severe level written. */
  BURNRATE_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** json: one JSON object per line; pretty: readable lines. Unset: json in production or when stdout is not a terminal. */
  BURNRATE_LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  BURNRATE_KEY_RATE_LIMIT: z.coerce.number().positive().default(100),
  BURNRATE_CORS_ORIGINS: z.string().default('').transform(commaList),
  /**
   * Proxies whose X-Forwarded-For / -Proto are believed: none by default, so a client cannot
   * choose the address its sign-in attempts are counted under. A comma-separated list of
   * addresses, CIDR ranges, or loopback / linklocal / uniquelocal.
   */
  BURNRATE_TRUST_PROXY: z
    .string()
    .default('')
    .transform((text) => commaList(text).filter((entry) => entry !== 'none'))
    .refine((entries) => entries.every(proxyEntry), 'must be none, or a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal'),
  /**
   * Internal destinations alert channels may reach (self-hosted receivers): addresses, CIDR
   * ranges or host names. Anything else that resolves to a loopback, private, link-local or
   * reserved address is refused.
   */
  BURNRATE_OUTBOUND_ALLOW: z
    .string()
    .default('')
    .transform(commaList)
    .refine(
      (entries) => entries.every((e) => /^[A-Za-z0-9.:-]+(\/\d{1,3})?$/.test(e)),
      'must be a comma-separated list of addresses, CIDR ranges or host names',
    ),
  /** Single sign-on with OpenID Connect: the IdP's issuer URL (its discovery document is read from it). */
  BURNRATE_OIDC_ISSUER: z.url().optional(),
  BURNRATE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  BURNRATE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  BURNRATE_OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  /** The claim (in the ID token or userinfo) that lists the person's groups. */
  BURNRATE_OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /** Members of these groups sign in as admins. */
  BURNRATE_OIDC_ADMIN_GROUPS: z.string().default('').transform(commaList),
  /** Members of these groups sign in as viewers; empty: everyone the IdP signs in is a viewer. */
  BURNRATE_OIDC_VIEWER_GROUPS: z.string().default('').transform(commaList),
  /**
   * Groups that give a role limited to some teams, projects or tenants, comma-separated
   * `group=role:dimension:value[|value…]` (e.g. `payments-leads=admin:team:payments`).
   */
  BURNRATE_OIDC_GROUP_SCOPES: z
    .string()
    .default('')
    .transform(commaList)
    .transform((entries, ctx) =>
      entries.map((entry) => {
        const parsed = parseGroupScope(entry, ['admin', 'viewer'], SCOPE_DIMENSIONS);
        if (!parsed)
          ctx.addIssue({
            code: 'custom',
            message: `"${entry}" is not group=role:dimension:value (role admin or viewer; dimension ${SCOPE_DIMENSIONS.join(', ')})`,
          });
        return parsed!;
      }),
    ),
  /** Local username/password accounts beside SSO; off makes the IdP the only way in. */
  BURNRATE_LOCAL_ACCOUNTS: bool.default(true),
  /** The address people open the dashboard at; an https URL makes the session cookie Secure always. */
  BURNRATE_PUBLIC_URL: z.url().optional(),
  BURNRATE_RETENTION_DAYS: z.coerce.number().int().min(0).default(400),
  /** The audit log's own retention: compliance keeps it longer than raw calls (0: forever). */
  BURNRATE_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).default(730),
  BURNRATE_ROLLUP_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  BURNRATE_ALERT_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  BURNRATE_ALERT_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  BURNRATE_ALERT_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** An Anthropic Admin API key (sk-ant-admin…): without one, nothing is reconciled. */
  ANTHROPIC_ADMIN_KEY: z.string().min(1).optional(),
  /** Days before today each daily pull asks for again: Anthropic's figures for a day can still change. */
  BURNRATE_RECONCILE_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  CLICKHOUSE_DATABASE: identifier.default('burnrate'),
  CLICKHOUSE_CLUSTER: identifier.optional(),
});

export type Config = z.infer<typeof schema> & { authEnabled: boolean };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

export class ConfigError extends Error {}

export const CONFIG_FILE_NAME = 'burnrate.config.json';
export const SETTING_NAMES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];
const SECRET_NAMES = new Set(['CLICKHOUSE_PASSWORD', 'BURNRATE_SETUP_TOKEN', 'ANTHROPIC_ADMIN_KEY', 'BURNRATE_OIDC_CLIENT_SECRET']);

export interface ConfigSources {
  /** Where each setting that is not a default came from. */
  [name: string]: string;
}

interface ConfigInput {
  values: Record<string, string>;
  sources: ConfigSources;
}

function readConfigFile(env: NodeJS.ProcessEnv, cwd: string): { path: string; values: Record<string, string> } | undefined {
  const named = env.BURNRATE_CONFIG;
  const path = resolve(cwd, named || CONFIG_FILE_NAME);
  if (!existsSync(path)) {
    if (named) throw new ConfigError(`BURNRATE_CONFIG names ${path}, which does not exist`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${path} must hold a JSON object of settings`);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!(SETTING_NAMES as string[]).includes(name))
      throw new ConfigError(`${path}: unknown setting ${name} (settings use the environment variable names, e.g. BURNRATE_PORT)`);
    if (SECRET_NAMES.has(name)) throw new ConfigError(`${path}: ${name} is a secret; set it in the environment, not in a file that may be committed`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new ConfigError(`${path}: ${name} must be a string, number or boolean`);
    values[name] = String(value);
  }
  return { path, values };
}

function gatherInput(env: NodeJS.ProcessEnv, cwd: string): ConfigInput {
  const values: Record<string, string> = {};
  const sources: ConfigSources = {};
  const file = readConfigFile(env, cwd);
  for (const [name, value] of Object.entries(file?.values ?? {})) {
    values[name] = value;
    sources[name] = file!.path;
  }
  // Empty variables mean "not set", as a shell user expects after `export X=`.
  for (const name of SETTING_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      values[name] = value;
      sources[name] = 'environment';
    }
  }
  return { values, sources };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  return loadConfigWithSources(env, cwd).config;
}

export function loadConfigWithSources(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): { config: Config; sources: ConfigSources } {
  const { values, sources } = gatherInput(env, cwd);
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `${name}: ${issue.message}${sources[name] ? ` (from ${sources[name]})` : ''}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = parsed.data;
  // Auth may be off only when nobody but this machine can connect.
  const authEnabled = config.BURNRATE_AUTH ? config.BURNRATE_AUTH === 'on' : !isLoopback(config.BURNRATE_HOST);
  if (!authEnabled && !isLoopback(config.BURNRATE_HOST)) {
    throw new ConfigError(
      `invalid configuration:\n  BURNRATE_AUTH: off is only allowed when BURNRATE_HOST is a loopback address (it is ${config.BURNRATE_HOST})`,
    );
  }
  if (config.BURNRATE_OIDC_ISSUER && !config.BURNRATE_OIDC_CLIENT_ID) {
    throw new ConfigError(
      'invalid configuration:\n  BURNRATE_OIDC_CLIENT_ID: required when BURNRATE_OIDC_ISSUER is set (the client burnrate is registered as at your IdP)',
    );
  }
  if (!config.BURNRATE_LOCAL_ACCOUNTS && !config.BURNRATE_OIDC_ISSUER) {
    throw new ConfigError('invalid configuration:\n  BURNRATE_LOCAL_ACCOUNTS: false needs single sign-on (BURNRATE_OIDC_ISSUER), or nobody could sign in');
  }
  return { config: { ...config, authEnabled }, sources };
}

/** What `burnrate config check` prints: every setting, its value in force and where it came from. */
export function describeConfig(config: Config, sources: ConfigSources): { name: string; value: string; source: string }[] {
  return SETTING_NAMES.map((name) => {
    const value = config[name];
    const shown = value === undefined ? '(not set)' : SECRET_NAMES.has(name) ? '******' : Array.isArray(value) ? value.join(',') : String(value);
    return { name, value: shown, source: sources[name] ?? 'default' };
  });
}
