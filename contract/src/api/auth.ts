// Sign-in, first-run setup, people and keys (collector/src/auth/).

// --- Sign-in and first-run setup (collector/src/auth/authRoutes.ts)

export type Role = 'admin' | 'viewer';

/** GET /api/v1/session. With auth off (loopback only) everyone is an admin with no name. */
/** A viewer or admin limited to some teams, projects or tenants: every read is filtered to them, and an admin changes only what lies in them. */
export interface UserScope {
  dimension: 'team' | 'project' | 'tenant';
  values: readonly string[];
}

export interface SessionResponse {
  username: string | null;
  role: Role;
  authEnabled: boolean;
  /** null: the whole organisation. */
  scope: UserScope | null;
}

/** GET /api/v1/setup. */
export interface SetupStatusResponse {
  authEnabled: boolean;
  setupNeeded: boolean;
  /** Single sign-on is configured: the sign-in page offers it (GET /api/v1/sso/login). */
  sso: boolean;
  /** Username and password sign-in works (off when the IdP is the only way in). */
  localAccounts: boolean;
}

/** Passwords shorter than this are refused. */
export const MIN_PASSWORD_LENGTH = 12;

// --- People (GET /api/v1/users, POST /api/v1/users/:username/disable)

/** A dashboard account. A disabled one keeps its name and role; a new password enables it again. */
export interface UserSummary {
  username: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
  scope: UserScope | null;
}

/** GET /api/v1/keys: an ingest or metrics key as admins see it (never its secret). */
export interface KeySummary {
  id: string;
  name: string;
  project: string;
  scope: 'ingest' | 'metrics';
  createdAt: string;
  revokedAt: string | null;
  /** UTC 'YYYY-MM-DD hh:mm:ss.sss'; null: it does not expire. A rotated key's overlap ends here. */
  expiresAt: string | null;
  rotatedFrom: string;
  lastUsedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
  spend: { dayUsd: number; dayNanoUsd: string; dayCalls: number; callsPerHour: number; weekDailyMeanUsd: number };
}

export interface KeyListResponse {
  keys: KeySummary[];
}

export interface UserListResponse {
  users: UserSummary[];
}
