// One validated config, parsed once at start-up. A bad value stops the collector with a message
// that names the variable; no secret has a default.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and _');

const schema = z.object({
  BURNRATE_PORT: port.default(4318),
  BURNRATE_HOST: z.string().min(1).default('127.0.0.1'),
  BURNRATE_DATA_DIR: z.string().min(1).default('./.burnrate/data'),
  BURNRATE_PRICING_FILE: z.string().min(1).optional(),
  BURNRATE_MAX_BODY_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  BURNRATE_MAX_DECOMPRESSED_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  BURNRATE_BATCH_ROWS: z.coerce.number().int().positive().default(5000),
  BURNRATE_BATCH_INTERVAL_MS: z.coerce.number().int().positive().default(200),
  BURNRATE_MAX_PENDING_ROWS: z.coerce.number().int().positive().default(200_000),
  BURNRATE_SPOOL_DIR: z.string().min(1).optional(),
  BURNRATE_SPOOL_MAX_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  BURNRATE_SERVE_DASHBOARD: bool.default(true),
  BURNRATE_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  BURNRATE_AUTH: z.enum(['on', 'off']).optional(),
  BURNRATE_SETUP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  BURNRATE_KEY_RATE_LIMIT: z.coerce.number().positive().default(100),
  BURNRATE_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((o) => o.trim()).filter(Boolean)),
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables mean "not set", as a shell user expects after `export X=`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = parsed.data;
  // Auth may be off only when nobody but this machine can connect.
  const authEnabled = config.BURNRATE_AUTH ? config.BURNRATE_AUTH === 'on' : !isLoopback(config.BURNRATE_HOST);
  if (!authEnabled && !isLoopback(config.BURNRATE_HOST)) {
    throw new ConfigError(`invalid configuration:\n  BURNRATE_AUTH: off is only allowed when BURNRATE_HOST is a loopback address (it is ${config.BURNRATE_HOST})`);
  }
  return { ...config, authEnabled };
}
