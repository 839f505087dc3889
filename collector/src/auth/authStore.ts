// Keys, people and sessions: persisted in ClickHouse, served from memory. Every request's check
// is a map lookup; a change made through this collector applies at once, and a reload picks up
// changes made by another collector sharing the store.
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../api/contract';
import type { Gateway } from '../store/gateway';
import { nextVersion } from '../store/versionedTable';
import { KEYS_TABLE, SESSIONS_TABLE, USERS_TABLE } from './authTables';
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
}

export interface UserRecord {
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

interface SessionRecord {
  username: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 12 * 3600_000;

const keyRow = z.object({ id: z.string(), name: z.string(), project: z.string(), scope: z.enum(KEY_SCOPES), secret_hash: z.string(), created_at: z.string(), revoked_at: z.string().nullable() });
const userRow = z.object({ username: z.string(), role: z.enum(ROLES), password_hash: z.string(), created_at: z.string(), deleted: z.boolean() });
const sessionRow = z.object({ username: z.string(), expires_at: z.string(), revoked: z.boolean() });

export class AuthError extends Error {}


const nowText = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

export class AuthStore {
  private keys = new Map<string, KeyRecord>();
  private users = new Map<string, UserRecord>();
  private sessions = new Map<string, SessionRecord>();

  constructor(private readonly gateway: Gateway) {}

  async reload(): Promise<void> {
    const g = this.gateway;
    const keys = await g.query('auth-keys', `SELECT id, name, project, scope, secret_hash, toString(created_at) AS created_at, toString(revoked_at) AS revoked_at FROM ${g.table(KEYS_TABLE)} FINAL`);
    const users = await g.query('auth-users', `SELECT username, role, password_hash, toString(created_at) AS created_at, deleted FROM ${g.table(USERS_TABLE)} FINAL`);
    this.keys = new Map(
      keys.map((raw) => {
        const r = keyRow.parse(raw);
        return [r.id, { id: r.id, name: r.name, project: r.project, scope: r.scope, secretHash: r.secret_hash, createdAt: r.created_at, revokedAt: r.revoked_at }];
      }),
    );
    this.users = new Map(
      users
        .map((raw) => userRow.parse(raw))
        .filter((r) => !r.deleted)
        .map((r) => [r.username, { username: r.username, role: r.role, passwordHash: r.password_hash, createdAt: r.created_at }]),
    );
  }

  // --- ingest keys
  listKeys(): Omit<KeyRecord, 'secretHash'>[] {
    return [...this.keys.values()].map(({ secretHash, ...rest }) => rest).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async createKey(input: { name: string; project: string; scope: KeyScope }): Promise<{ key: string; record: Omit<KeyRecord, 'secretHash'> }> {
    const { id, key, secretHash } = newIngestKey();
    const record: KeyRecord = { id, ...input, secretHash, createdAt: nowText(), revokedAt: null };
    await this.writeKey(record);
    const { secretHash: _hidden, ...visible } = record;
    return { key, record: visible };
  }

  async revokeKey(id: string): Promise<boolean> {
    const record = this.keys.get(id);
    if (!record) return false;
    if (record.revokedAt) return true;
    await this.writeKey({ ...record, revokedAt: nowText() });
    return true;
  }

  private async writeKey(record: KeyRecord): Promise<void> {
    await this.gateway.insert('auth-key-write', this.gateway.table(KEYS_TABLE), [
      { id: record.id, name: record.name, project: record.project, scope: record.scope, secret_hash: record.secretHash, created_at: record.createdAt, revoked_at: record.revokedAt, version: nextVersion() },
    ]);
    this.keys.set(record.id, record);
  }

  /** The live key this secret belongs to, or undefined (unknown, wrong or revoked). */
  findKey(presented: string): KeyRecord | undefined {
    const parsed = parseIngestKey(presented);
    if (!parsed) return undefined;
    const record = this.keys.get(parsed.id);
    if (!record || record.revokedAt || !sameHash(record.secretHash, sha256(parsed.secret))) return undefined;
    return record;
  }

  // --- people
  hasAdmin(): boolean {
    return [...this.users.values()].some((u) => u.role === 'admin');
  }

  listUsers(): { username: string; role: Role; createdAt: string }[] {
    return [...this.users.values()].map(({ username, role, createdAt }) => ({ username, role, createdAt })).sort((a, b) => a.username.localeCompare(b.username));
  }

  getUser(username: string): UserRecord | undefined {
    return this.users.get(username);
  }

  async saveUser(username: string, role: Role, password: string): Promise<void> {
    if (!/^[a-z0-9._@-]{1,64}$/i.test(username)) throw new AuthError('username must be 1–64 letters, digits or . _ @ -');
    if (password.length < MIN_PASSWORD_LENGTH) throw new AuthError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const existing = this.users.get(username);
    const record: UserRecord = { username, role, passwordHash: await hashPassword(password), createdAt: existing?.createdAt ?? nowText() };
    await this.gateway.insert('auth-user-write', this.gateway.table(USERS_TABLE), [
      { username, role, password_hash: record.passwordHash, created_at: record.createdAt, deleted: false, version: nextVersion() },
    ]);
    this.users.set(username, record);
  }

  async deleteUser(username: string): Promise<boolean> {
    const existing = this.users.get(username);
    if (!existing) return false;
    await this.gateway.insert('auth-user-write', this.gateway.table(USERS_TABLE), [
      { username, role: existing.role, password_hash: '', created_at: existing.createdAt, deleted: true, version: nextVersion() },
    ]);
    this.users.delete(username);
    for (const [hash, session] of this.sessions) if (session.username === username) this.sessions.delete(hash);
    return true;
  }

  async checkPassword(username: string, password: string): Promise<UserRecord | undefined> {
    const user = this.users.get(username);
    // Hash even for an unknown user, so the answer time does not tell which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    return ok && user ? user : undefined;
  }

  // --- sessions
  async createSession(username: string): Promise<string> {
    const token = randomToken();
    const expiresAt = Date.now() + SESSION_TTL_MS;
    await this.writeSession(sha256(token), username, expiresAt, false);
    return token;
  }

  async endSession(token: string): Promise<void> {
    const hash = sha256(token);
    const session = this.sessions.get(hash);
    if (session) await this.writeSession(hash, session.username, session.expiresAt, true);
    this.sessions.delete(hash);
  }

  private async writeSession(hash: string, username: string, expiresAt: number, revoked: boolean): Promise<void> {
    await this.gateway.insert('auth-session-write', this.gateway.table(SESSIONS_TABLE), [
      { token_hash: hash, username, expires_at: new Date(expiresAt).toISOString().replace('T', ' ').replace('Z', ''), revoked, version: nextVersion() },
    ]);
    if (!revoked) this.sessions.set(hash, { username, expiresAt });
  }

  /** The signed-in user of a session token; sessions survive a restart (read through on a miss). */
  async findSessionUser(token: string): Promise<UserRecord | undefined> {
    const hash = sha256(token);
    let session = this.sessions.get(hash);
    if (!session) {
      const [raw] = await this.gateway.query('auth-session-read', `SELECT username, toString(expires_at) AS expires_at, revoked FROM ${this.gateway.table(SESSIONS_TABLE)} FINAL WHERE token_hash = {hash:String}`, { hash });
      const row = raw ? sessionRow.parse(raw) : undefined;
      if (!row || row.revoked) return undefined;
      session = { username: row.username, expiresAt: new Date(`${row.expires_at.replace(' ', 'T')}Z`).getTime() };
      this.sessions.set(hash, session);
    }
    if (session.expiresAt < Date.now()) return undefined;
    return this.users.get(session.username);
  }
}
