// Sign-in, first-run setup, ingest keys and people. The first admin is created with a one-time
// setup token the collector prints at start (or BURNRATE_SETUP_TOKEN); no password ships. Each
// route declares who may call it (allow), and JSON bodies are read only after that check.
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AuthError, KEY_SCOPES, ROLES, SESSION_TTL_MS, type AuthStore } from './authStore';
import { SESSION_COOKIE, sessionToken } from './middleware';
import { allow, type Principal } from './policy';
import type { RateLimiter } from './rateLimiter';
import { sameHash, sha256 } from './secrets';
import { SCOPE_DIMENSIONS } from '../store/readScope';
import { nanoToUsd, type SessionResponse, type SetupStatusResponse } from '@burnrate/contract';
import type { KeySpend } from './keySpend';
import { badRequest, HttpError } from '../api/errors';
import { callerScope, inScope, requireInScope } from './adminScope';

export interface AuthRouteDeps {
  store: AuthStore;
  authEnabled: boolean;
  /** The one-time setup token while no admin exists and it has not been used. */
  setupToken: () => string | undefined;
  /** Called once the first admin exists: the token is spent for good. */
  spendSetupToken: () => void;
  /** Sign-in and setup attempts, counted per client address and per account. */
  signInLimiter: RateLimiter;
  /** Whether the session cookie must be Secure for this request (https seen, or a public https URL). */
  secureCookie: (req: Request) => boolean;
  /** Whether single sign-on is configured, and whether local passwords still work beside it. */
  ssoEnabled: boolean;
  localAccounts: boolean;
  /** Each ingest key's spend over the last day and the week before (auth/keySpend.ts). */
  keySpend?: (now: Date) => Promise<Map<string, KeySpend>>;
}

/**
 * Starts a session for a user who just proved who they are (password, setup token or the IdP):
 * a new session id every time, and the one the browser already held ends (no session fixation).
 */
export function sessionStarter(store: AuthStore, secureCookie: (req: Request) => boolean) {
  return async (res: Response, req: Request, username: string): Promise<void> => {
    const held = sessionToken(req.headers.cookie);
    if (held) await store.endSession(held);
    setSessionCookie(res, await store.createSession(username), secureCookie(req));
  };
}

const credentials = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const expiresInDays = z.number().int().min(1).max(3650).optional();
const newKey = z.object({
  name: z.string().min(1).max(128),
  project: z.string().max(128).default(''),
  scope: z.enum(KEY_SCOPES).default('ingest'),
  expiresInDays,
});
// The old key's overlap: long enough for every app to move to the new key; 0 ends it at once.
const rotation = z.object({ overlapHours: z.number().min(0).max(720).default(24), expiresInDays });
// A viewer's or admin's teams, projects or tenants; null lifts the limit.
const readScope = z.object({ dimension: z.enum(SCOPE_DIMENSIONS), values: z.array(z.string().min(1).max(128)).min(1).max(100) }).nullable();
const newUser = credentials.extend({ role: z.enum(ROLES), scope: readScope.optional() });
const changeUser = z.object({ role: z.enum(ROLES).optional(), password: z.string().min(1).max(1024).optional(), scope: readScope.optional() });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}

function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: SESSION_TTL_MS });
}

/** 429 when the caller's address or the named account has used up its attempts. */
function limitAttempts(limiter: RateLimiter, req: Request, account: string | undefined): void {
  const waits = [limiter.take(`address:${req.ip ?? 'unknown'}`)];
  if (account) waits.push(limiter.take(`account:${account.toLowerCase()}`));
  const wait = Math.max(...waits);
  if (wait > 0) throw new HttpError(429, 'too_many_requests', `too many sign-in attempts; retry in ${wait} s`, { 'Retry-After': String(wait) });
}

const accountOf = (body: unknown): string | undefined => {
  const name = (body as { username?: unknown } | undefined)?.username;
  return typeof name === 'string' ? name.slice(0, 64) : undefined;
};

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuthError) throw badRequest(error.message);
    throw error;
  }
}

export function authRouter(deps: AuthRouteDeps): Router {
  const router = Router();
  const json = express.json({ limit: '16kb' });
  const startSession = sessionStarter(deps.store, deps.secureCookie);
  const refuseWithoutLocalAccounts = () => {
    if (!deps.localAccounts) throw new HttpError(403, 'forbidden', 'local accounts are off: sign in through single sign-on');
  };
  // Setups run one at a time, so racing requests cannot each create an admin.
  let setupQueue: Promise<unknown> = Promise.resolve();

  router.get('/api/v1/setup', allow('public'), (_req, res) => {
    const body: SetupStatusResponse = {
      authEnabled: deps.authEnabled,
      setupNeeded: deps.authEnabled && deps.localAccounts && deps.setupToken() !== undefined,
      sso: deps.authEnabled && deps.ssoEnabled,
      localAccounts: deps.localAccounts,
    };
    res.json(body);
  });

  router.post('/api/v1/setup', allow('public'), json, async (req, res) => {
    if (!deps.authEnabled) throw new HttpError(409, 'bad_request', 'auth is off (loopback only): there is nobody to set up');
    refuseWithoutLocalAccounts();
    limitAttempts(deps.signInLimiter, req, undefined);
    const body = parse(credentials.extend({ token: z.string().min(1) }), req.body);
    const setup = setupQueue.then(async () => {
      // Another collector sharing the store may have set up meanwhile.
      await deps.store.reload().catch(() => undefined);
      const expected = deps.setupToken();
      if (!expected || deps.store.hasAdmin()) throw new HttpError(409, 'bad_request', 'an admin already exists; sign in instead');
      if (!sameHash(sha256(body.token), sha256(expected)))
        throw new HttpError(403, 'forbidden', 'the setup token is wrong: use the one the collector printed at start');
      await guarded(() => deps.store.saveUser(body.username, 'admin', body.password));
      deps.spendSetupToken();
    });
    setupQueue = setup.catch(() => undefined);
    await setup;
    await startSession(res, req, body.username);
    res.status(201).json({ username: body.username, role: 'admin' });
  });

  router.post('/api/v1/session', allow('public'), json, async (req, res) => {
    refuseWithoutLocalAccounts();
    limitAttempts(deps.signInLimiter, req, accountOf(req.body));
    const body = parse(credentials, req.body);
    const user = await deps.store.checkPassword(body.username, body.password);
    if (!user) throw new HttpError(401, 'unauthorized', 'wrong username or password');
    await startSession(res, req, user.username);
    res.json({ username: user.username, role: user.role, scope: user.scope ?? null });
  });

  router.get('/api/v1/session', allow('session'), (_req, res) => {
    const principal = res.locals.principal as Principal;
    const body: SessionResponse =
      principal.kind === 'user'
        ? { username: principal.user.username, role: principal.user.role, authEnabled: true, scope: principal.user.scope ?? null }
        : { username: null, role: 'admin', authEnabled: false, scope: null };
    res.json(body);
  });

  router.delete('/api/v1/session', allow('public'), async (req, res) => {
    const token = sessionToken(req.headers.cookie);
    if (token) await deps.store.endSession(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  // An admin limited to some projects manages those projects' keys (a key belongs to one
  // project); one limited to teams or tenants has no keys of theirs.
  const keyInScope = (res: Response, key: { project: string }) => inScope(callerScope(res), 'project', key.project);
  const liveKeyOf = (res: Response, id: string) => {
    const key = deps.store.listKeys().find((k) => k.id === id);
    // Another project's key answers like an unknown one: its existence is not theirs to learn.
    return key && keyInScope(res, key) ? key : undefined;
  };

  router.get('/api/v1/keys', allow('scoped-admin'), async (_req, res) => {
    const now = new Date();
    const spend = (await deps.keySpend?.(now)) ?? new Map<string, KeySpend>();
    const keys = deps.store
      .listKeys(now.getTime())
      .filter((key) => keyInScope(res, key))
      .map((key) => {
        const s = spend.get(key.id);
        const dayNano = s?.dayNano ?? 0n;
        // Calls per hour over the last day, and the day's spend against the week before's daily mean.
        return {
          ...key,
          spend: {
            dayUsd: nanoToUsd(dayNano),
            dayNanoUsd: dayNano.toString(),
            dayCalls: s?.dayCalls ?? 0,
            callsPerHour: (s?.dayCalls ?? 0) / 24,
            weekDailyMeanUsd: nanoToUsd((s?.weekNano ?? 0n) / 7n),
          },
        };
      });
    res.json({ keys });
  });

  router.post('/api/v1/keys/:id/rotate', allow('scoped-admin'), json, async (req, res) => {
    const body = parse(rotation, req.body ?? {});
    const rotated = liveKeyOf(res, String(req.params.id)) && (await deps.store.rotateKey(String(req.params.id), body.overlapHours, body.expiresInDays));
    if (!rotated) throw new HttpError(404, 'not_found', `no live key with id ${req.params.id} (unknown, revoked or expired)`);
    // The new key is shown once, here; the old one works until oldExpiresAt.
    res.status(201).json(rotated);
  });

  router.post('/api/v1/keys', allow('scoped-admin'), json, async (req, res) => {
    const input = parse(newKey, req.body);
    requireInScope(res, 'a key', 'project', input.project);
    const created = await deps.store.createKey(input);
    // The key itself is shown once, here; only its hash is kept.
    res.status(201).json(created);
  });

  router.delete('/api/v1/keys/:id', allow('scoped-admin'), async (req, res) => {
    if (!liveKeyOf(res, String(req.params.id)) || !(await deps.store.revokeKey(String(req.params.id))))
      throw new HttpError(404, 'not_found', `no key with id ${req.params.id}`);
    res.status(204).end();
  });

  router.get('/api/v1/users', allow('admin'), (_req, res) => {
    res.json({ users: deps.store.listUsers() });
  });

  router.post('/api/v1/users', allow('admin'), json, async (req, res) => {
    const body = parse(newUser, req.body);
    if (deps.store.getUser(body.username)) throw new HttpError(409, 'bad_request', `user ${body.username} exists; change it with PUT`);
    await guarded(async () => {
      await deps.store.saveUser(body.username, body.role, body.password);
      if (body.scope) await deps.store.setScope(body.username, body.scope);
    });
    res.status(201).json({ username: body.username, role: body.role, scope: body.scope ?? null });
  });

  // A new password ends every session of that user; a role change alone keeps them.
  router.put('/api/v1/users/:username', allow('admin'), json, async (req, res) => {
    const existing = deps.store.getUser(String(req.params.username));
    if (!existing) throw new HttpError(404, 'not_found', `no user ${req.params.username}`);
    const body = parse(changeUser, req.body);
    const role = body.role ?? existing.role;
    await guarded(async () => {
      // The limit first when it is lifted (so a viewer can become an admin in one request), last when it is set.
      if (body.scope === null) await deps.store.setScope(existing.username, null);
      if (body.password !== undefined) await deps.store.saveUser(existing.username, role, body.password);
      else await deps.store.setRole(existing.username, role);
      if (body.scope) await deps.store.setScope(existing.username, body.scope);
    });
    res.json({ username: existing.username, role, scope: deps.store.getUser(existing.username)?.scope ?? null });
  });

  router.delete('/api/v1/users/:username/sessions', allow('admin'), async (req, res) => {
    if (!(await deps.store.revokeSessions(String(req.params.username)))) throw new HttpError(404, 'not_found', `no user ${req.params.username}`);
    res.status(204).end();
  });

  router.delete('/api/v1/users/:username', allow('admin'), async (req, res) => {
    const principal = res.locals.principal as Principal;
    if (principal.kind === 'user' && principal.user.username === req.params.username) throw badRequest('you cannot delete yourself; ask another admin');
    if (!(await deps.store.deleteUser(String(req.params.username)))) throw new HttpError(404, 'not_found', `no user ${req.params.username}`);
    res.status(204).end();
  });

  return router;
}
