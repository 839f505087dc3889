// Keys, people and sessions: persisted in ClickHouse, served from memory. Every request's check
// is a map lookup; a change made through this collector applies at once, and a reload picks up
// changes made by another collector sharing the store.
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import { SCOPE_DIMENSIONS, type ReadScope } from '../store/readScope';
import { nextVersion } from '../store/versionedTable';
import { KEY_USAGE_TABLE, KEYS_TABLE, SESSIONS_TABLE, USERS_TABLE } from './authTables';
import { hashPassword, newIngestKey, parseIngestKey, randomToken, sameHash, sha256, verifyPassword } from './secrets';

export const ROLES = ['admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const KEY_SCOPES = ['ingest', 'metrics'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface KeyRecord {
  id: string;
  name: string;
  project: string;
  scope: KeyScope;
  secretHash: string;
  createdAt: string;
  revokedAt: string | null;
  /** After this the key is refused (UTC, 'YYYY-MM-DD hh:mm:ss.sss'); null: it does not expire. */
  expiresAt: string | null;
  /** The key this one replaced in a rotation; '' when created directly. */
  rotatedFrom: string;
}

/** A key as the API shows it: never its hash; with when it was last used. */
export type KeyView = Omit<KeyRecord, 'secretHash'> & { lastUsedAt: string | null; status: 'active' | 'expired' | 'revoked' };

export interface UserRecord {
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
  /** Random, new at creation and at every password change; sessions carry the one they began with. */
  credential: string;
  /** A viewer or admin limited to some teams, projects or tenants; undefined: the whole organisation. */
  scope?: ReadScope;
}

interface SessionRecord {
  username: string;
  credential: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 12 * 3600_000;

const keyRow = z.object({
  id: z.string(),
  name: z.string(),
  project: z.string(),
  scope: z.enum(KEY_SCOPES),
  secret_hash: z.string(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  rotated_from: z.string(),
});
const usageRow = z.object({ id: z.string(), last_used: z.coerce.number() });
/** 'YYYY-MM-DD hh:mm:ss.sss' (UTC) → epoch ms. */
const storedTimeMs = (text: string) => new Date(`${text.replace(' ', 'T')}Z`).getTime();
const storedText = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const userRow = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  password_hash: z.string(),
  created_at: z.string(),
  deleted: z.boolean(),
  credential: z.string(),
  scope_dimension: z.union([z.enum(SCOPE_DIMENSIONS), z.literal('')]),
  scope_values: z.array(z.string()),
});
const scopeOfRow = (r: z.infer<typeof userRow>): ReadScope | undefined =>
  r.scope_dimension && r.scope_values.length > 0 ? { dimension: r.scope_dimension, values: r.scope_values } : undefined;
const sessionRow = z.object({ username: z.string(), credential: z.string(), expires_at: z.string(), revoked: z.boolean() });

export class AuthError extends Error {}

const isExpired = (key: { expiresAt: string | null }, now: number) => key.expiresAt !== null && storedTimeMs(key.expiresAt) <= now;

const sameScope = (a: ReadScope | undefined, b: ReadScope | undefined) =>
  a?.dimension === b?.dimension && (a?.values ?? []).join('\u0000') === (b?.values ?? []).join('\u0000');

/** The password hash of a disabled account: no password verifies against it. */
const DISABLED_PASSWORD_HASH = '';

const nowText = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

export class AuthStore {
  private keys = new Map<string, KeyRecord>();
  private users = new Map<string, UserRecord>();
  private sessions = new Map<string, SessionRecord>();
  /** When each key was last presented (epoch ms), and which of those times the store has not yet. */
  private lastUsed = new Map<string, number>();
  private unsavedUse = new Set<string>();

  /** Counts this collector's own writes at their start and end, so a reload that overlapped one does not undo it. */
  private writes = 0;

  constructor(private readonly gateway: Gateway) {}

  /**
   * Re-reads keys and people from the store. A key or user written here while the read was in
   * flight may be missing from its answer; the read is then repeated, or that write would vanish
   * from memory until the next reload.
   */
  async reload(): Promise<void> {
    for (let tries = 0; tries < 5; tries++) {
      const before = this.writes;
      const read = await this.readAll();
      if (this.writes !== before) continue;
      this.keys = read.keys;
      this.users = read.users;
      for (const [id, at] of read.lastUsed) if (at > (this.lastUsed.get(id) ?? 0)) this.lastUsed.set(id, at);
      return;
    }
  }

  private async readAll(): Promise<{ keys: Map<string, KeyRecord>; users: Map<string, UserRecord>; lastUsed: Map<string, number> }> {
    const g = this.gateway;
    const keys = await g.query(
      'auth-keys',
      `SELECT id, name, project, scope, secret_hash, toString(created_at) AS created_at, toString(revoked_at) AS revoked_at,
        toString(expires_at) AS expires_at, rotated_from FROM ${g.table(KEYS_TABLE)} FINAL`,
    );
    const usage = await g.query(
      'auth-key-usage',
      `SELECT id, toUnixTimestamp64Milli(max(last_used_at)) AS last_used FROM ${g.table(KEY_USAGE_TABLE)} GROUP BY id`,
    );
    const users = await g.query(
      'auth-users',
      `SELECT username, role, password_hash, toString(created_at) AS created_at, deleted, credential, scope_dimension, scope_values FROM ${g.table(USERS_TABLE)} FINAL`,
    );
    const keyRecords = keys.map((raw): [string, KeyRecord] => {
      const r = keyRow.parse(raw);
      return [
        r.id,
        {
          id: r.id,
          name: r.name,
          project: r.project,
          scope: r.scope,
          secretHash: r.secret_hash,
          createdAt: r.created_at,
          revokedAt: r.revoked_at,
          expiresAt: r.expires_at,
          rotatedFrom: r.rotated_from,
        },
      ];
    });
    const userRecords = users
      .map((raw) => userRow.parse(raw))
      .filter((r) => !r.deleted)
      .map((r): [string, UserRecord] => [
        r.username,
        { username: r.username, role: r.role, passwordHash: r.password_hash, createdAt: r.created_at, credential: r.credential, scope: scopeOfRow(r) },
      ]);
    const lastUsed = new Map(
      usage.map((raw): [string, number] => {
        const u = usageRow.parse(raw);
        return [u.id, u.last_used];
      }),
    );
    return { keys: new Map(keyRecords), users: new Map(userRecords), lastUsed };
  }

  // --- ingest keys
  listKeys(now = Date.now()): KeyView[] {
    return [...this.keys.values()]
      .map(({ secretHash, ...rest }): KeyView => {
        const used = this.lastUsed.get(rest.id);
        return {
          ...rest,
          lastUsedAt: used === undefined ? null : storedText(used),
          status: rest.revokedAt ? 'revoked' : isExpired(rest, now) ? 'expired' : 'active',
        };
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async createKey(input: {
    name: string;
    project: string;
    scope: KeyScope;
    expiresInDays?: number;
    rotatedFrom?: string;
  }): Promise<{ key: string; record: Omit<KeyRecord, 'secretHash'> }> {
    const { id, key, secretHash } = newIngestKey();
    const expiresAt = input.expiresInDays === undefined ? null : storedText(Date.now() + input.expiresInDays * 86_400_000);
    const record: KeyRecord = {
      id,
      name: input.name,
      project: input.project,
      scope: input.scope,
      secretHash,
      createdAt: nowText(),
      revokedAt: null,
      expiresAt,
      rotatedFrom: input.rotatedFrom ?? '',
    };
    await this.writeKey(record);
    const { secretHash: _hidden, ...visible } = record;
    return { key, record: visible };
  }

  /**
   * A new key in place of an old one: same name, project and scope. The old key keeps working
   * for `overlapHours` (0: refused at once), so apps can move to the new key without a gap.
   */
  async rotateKey(
    id: string,
    overlapHours: number,
    expiresInDays?: number,
  ): Promise<{ key: string; record: Omit<KeyRecord, 'secretHash'>; oldExpiresAt: string } | undefined> {
    const old = this.keys.get(id);
    if (!old || old.revokedAt || isExpired(old, Date.now())) return undefined;
    const created = await this.createKey({ name: old.name, project: old.project, scope: old.scope, expiresInDays, rotatedFrom: old.id });
    const overlapEnd = Date.now() + overlapHours * 3_600_000;
    const oldExpiresAt = old.expiresAt && storedTimeMs(old.expiresAt) < overlapEnd ? old.expiresAt : storedText(overlapEnd);
    await this.writeKey({ ...old, expiresAt: oldExpiresAt });
    return { ...created, oldExpiresAt };
  }

  async revokeKey(id: string): Promise<boolean> {
    const record = this.keys.get(id);
    if (!record) return false;
    if (record.revokedAt) return true;
    await this.writeKey({ ...record, revokedAt: nowText() });
    return true;
  }

  private async writeKey(record: KeyRecord): Promise<void> {
    this.writes += 1;
    await this.gateway.insert('auth-key-write', this.gateway.table(KEYS_TABLE), [
      {
        id: record.id,
        name: record.name,
        project: record.project,
        scope: record.scope,
        secret_hash: record.secretHash,
        created_at: record.createdAt,
        revoked_at: record.revokedAt,
        expires_at: record.expiresAt,
        rotated_from: record.rotatedFrom,
        version: nextVersion(),
      },
    ]);
    this.keys.set(record.id, record);
    this.writes += 1;
  }

  /** The live key this secret belongs to, or why not (unknown or wrong, revoked, expired). */
  checkKey(presented: string, now = Date.now()): { key: KeyRecord } | { refused: 'unknown' | 'revoked' | 'expired'; expiresAt?: string } {
    const parsed = parseIngestKey(presented);
    if (!parsed) return { refused: 'unknown' };
    const record = this.keys.get(parsed.id);
    if (!record || !sameHash(record.secretHash, sha256(parsed.secret))) return { refused: 'unknown' };
    if (record.revokedAt) return { refused: 'revoked' };
    if (isExpired(record, now)) return { refused: 'expired', expiresAt: record.expiresAt! };
    this.lastUsed.set(record.id, now);
    this.unsavedUse.add(record.id);
    return { key: record };
  }

  /** The live key this secret belongs to, or undefined (unknown, wrong, revoked or expired). */
  findKey(presented: string): KeyRecord | undefined {
    const checked = this.checkKey(presented);
    return 'key' in checked ? checked.key : undefined;
  }

  /** Writes the last-use times gathered since the previous call (one row per key used). */
  async saveKeyUse(): Promise<void> {
    if (this.unsavedUse.size === 0) return;
    const ids = [...this.unsavedUse];
    this.unsavedUse.clear();
    try {
      await this.gateway.insert(
        'auth-key-usage',
        this.gateway.table(KEY_USAGE_TABLE),
        ids.map((id) => ({ id, last_used_at: storedText(this.lastUsed.get(id)!) })),
      );
    } catch (error) {
      for (const id of ids) this.unsavedUse.add(id); // tried again at the next call
      throw error;
    }
  }

  // --- people
  hasAdmin(): boolean {
    return [...this.users.values()].some((u) => u.role === 'admin');
  }

  listUsers(): { username: string; role: Role; createdAt: string; disabled: boolean; scope: ReadScope | null }[] {
    return [...this.users.values()]
      .map(({ username, role, createdAt, passwordHash, scope }) => ({
        username,
        role,
        createdAt,
        disabled: passwordHash === DISABLED_PASSWORD_HASH,
        scope: scope ?? null,
      }))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  getUser(username: string): UserRecord | undefined {
    return this.users.get(username);
  }

  /** Creates a user, or changes one's role and password. A new password ends every session. */
  async saveUser(username: string, role: Role, password: string): Promise<void> {
    if (!/^[a-z0-9._@-]{1,64}$/i.test(username)) throw new AuthError('username must be 1–64 letters, digits or . _ @ -');
    if (password.length < MIN_PASSWORD_LENGTH) throw new AuthError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const existing = this.users.get(username);
    const record: UserRecord = {
      username,
      role,
      passwordHash: await hashPassword(password),
      createdAt: existing?.createdAt ?? nowText(),
      credential: randomToken(),
      scope: existing?.scope,
    };
    await this.writeUser(record, false);
    this.forgetSessionsOf(username);
  }

  /**
   * The account of a person the company's IdP signed in: created on first sign-in, its role and
   * scope following the IdP's groups at every sign-in. It has no password, so only the IdP opens it. A
   * local account of the same name is not taken over.
   */
  async saveIdpUser(username: string, role: Role, scope?: ReadScope): Promise<UserRecord> {
    if (!/^[a-z0-9._@-]{1,64}$/i.test(username)) throw new AuthError('the IdP gave a name burnrate cannot use (1–64 letters, digits or . _ @ -)');
    const existing = this.users.get(username);
    if (existing?.passwordHash)
      throw new AuthError(`a local account named ${username} exists; an admin must remove it before ${username} can sign in through single sign-on`);
    if (existing?.role === role && sameScope(existing.scope, scope)) return existing;
    const record: UserRecord = existing
      ? { ...existing, role, scope }
      : { username, role, passwordHash: '', createdAt: nowText(), credential: randomToken(), scope };
    await this.writeUser(record, false);
    return record;
  }

  /** Changes a user's role only; sessions stay, and see the new role at their next request. */
  async setRole(username: string, role: Role): Promise<void> {
    const existing = this.users.get(username);
    if (!existing) throw new AuthError(`no user ${username}`);
    const record = { ...existing, role };
    await this.writeUser(record, false);
  }

  /**
   * Limits a viewer or an admin to some teams, projects or tenants (null: the whole organisation
   * again). A limited admin manages only what lies in the limit (auth/adminScope.ts). Like a role
   * change, it keeps sessions and applies at their next request.
   */
  async setScope(username: string, scope: ReadScope | null): Promise<void> {
    const existing = this.users.get(username);
    if (!existing) throw new AuthError(`no user ${username}`);
    if (scope) this.keepOneWholeAdmin(username, 'limit');
    const record = { ...existing, scope: scope ?? undefined };
    await this.writeUser(record, false);
  }

  /** Ends every session of a user without changing the password (an admin's "sign out everywhere"). */
  async revokeSessions(username: string): Promise<boolean> {
    const existing = this.users.get(username);
    if (!existing) return false;
    await this.writeUser({ ...existing, credential: randomToken() }, false);
    this.forgetSessionsOf(username);
    return true;
  }

  /**
   * Ends a person's access and keeps the account: an empty password hash matches no password,
   * and a new credential ends their sessions (here at once, elsewhere at the next reload).
   * Setting a new password enables the account again.
   */
  async disableUser(username: string): Promise<boolean> {
    const existing = this.users.get(username);
    if (!existing) return false;
    this.keepOneWholeAdmin(username, 'disable');
    await this.writeUser({ ...existing, passwordHash: DISABLED_PASSWORD_HASH, credential: randomToken() }, false);
    this.forgetSessionsOf(username);
    return true;
  }

  async deleteUser(username: string): Promise<boolean> {
    const existing = this.users.get(username);
    if (!existing) return false;
    await this.writeUser({ ...existing, passwordHash: '', credential: '' }, true);
    this.users.delete(username);
    this.forgetSessionsOf(username);
    return true;
  }

  private async writeUser(record: UserRecord, deleted: boolean): Promise<void> {
    this.writes += 1;
    await this.gateway.insert('auth-user-write', this.gateway.table(USERS_TABLE), [
      {
        username: record.username,
        role: record.role,
        password_hash: record.passwordHash,
        created_at: record.createdAt,
        deleted,
        credential: record.credential,
        scope_dimension: record.scope?.dimension ?? '',
        scope_values: record.scope?.values ?? [],
        version: nextVersion(),
      },
    ]);
    if (!deleted) this.users.set(record.username, record);
    this.writes += 1;
  }

  /**
   * People, channels and settings need an admin of the whole organisation: the last enabled one
   * cannot be disabled or limited to a scope.
   */
  private keepOneWholeAdmin(username: string, change: 'disable' | 'limit'): void {
    const whole = [...this.users.values()].filter((u) => u.role === 'admin' && !u.scope && u.passwordHash !== DISABLED_PASSWORD_HASH);
    if (whole.length === 1 && whole[0]!.username === username)
      throw new AuthError(`${username} is the only admin of the whole organisation left; make another one before you ${change} them`);
  }

  /** Drops cached sessions; they would fail the credential check anyway, this frees the memory. */
  private forgetSessionsOf(username: string): void {
    for (const [hash, session] of this.sessions) if (session.username === username) this.sessions.delete(hash);
  }

  async checkPassword(username: string, password: string): Promise<UserRecord | undefined> {
    const user = this.users.get(username);
    // Hash even for an unknown user, so the answer time does not tell which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    return ok && user ? user : undefined;
  }

  // --- sessions
  async createSession(username: string): Promise<string> {
    const user = this.users.get(username);
    if (!user) throw new AuthError(`no user ${username}`);
    const token = randomToken();
    const session: SessionRecord = { username, credential: user.credential, expiresAt: Date.now() + SESSION_TTL_MS };
    await this.writeSession(sha256(token), session, false);
    return token;
  }

  async endSession(token: string): Promise<void> {
    const hash = sha256(token);
    const session = this.sessions.get(hash) ?? (await this.readSession(hash));
    if (session) await this.writeSession(hash, session, true);
    this.sessions.delete(hash);
  }

  private async writeSession(hash: string, session: SessionRecord, revoked: boolean): Promise<void> {
    await this.gateway.insert('auth-session-write', this.gateway.table(SESSIONS_TABLE), [
      {
        token_hash: hash,
        username: session.username,
        credential: session.credential,
        expires_at: new Date(session.expiresAt).toISOString().replace('T', ' ').replace('Z', ''),
        revoked,
        version: nextVersion(),
      },
    ]);
    if (!revoked) this.sessions.set(hash, session);
  }

  private async readSession(hash: string): Promise<SessionRecord | undefined> {
    const [raw] = await this.gateway.query(
      'auth-session-read',
      `SELECT username, credential, toString(expires_at) AS expires_at, revoked FROM ${this.gateway.table(SESSIONS_TABLE)} FINAL WHERE token_hash = {hash:String}`,
      { hash },
    );
    const row = raw ? sessionRow.parse(raw) : undefined;
    if (!row || row.revoked) return undefined;
    return { username: row.username, credential: row.credential, expiresAt: new Date(`${row.expires_at.replace(' ', 'T')}Z`).getTime() };
  }

  /**
   * The signed-in user of a session token. Sessions survive a restart (read through on a miss),
   * and hold only while the user still has the credential the session began with: a password
   * change, a deletion or a re-created username ends them, here at once and in every collector
   * sharing the store at its next reload.
   */
  async findSessionUser(token: string): Promise<UserRecord | undefined> {
    const hash = sha256(token);
    let session = this.sessions.get(hash);
    if (!session) {
      session = await this.readSession(hash);
      if (!session) return undefined;
      this.sessions.set(hash, session);
    }
    if (session.expiresAt < Date.now()) return undefined;
    const user = this.users.get(session.username);
    return user && sameHash(user.credential, session.credential) ? user : undefined;
  }
}
