// Sign-in, first-run setup, ingest keys and people. The first admin is created with a one-time
// setup token the collector prints at start (or BURNRATE_SETUP_TOKEN); no password ships.
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { AuthError, KEY_SCOPES, ROLES, SESSION_TTL_MS, type AuthStore } from '../auth/authStore';
import { SESSION_COOKIE, sessionToken } from '../auth/middleware';
import type { Principal } from '../auth/policy';
import type { RateLimiter } from '../auth/rateLimiter';
import { sameHash, sha256 } from '../auth/secrets';
import type { SessionResponse, SetupStatusResponse } from './contract';
import { badRequest, HttpError } from './errors';

export interface AuthRouteDeps {
  store: AuthStore;
  authEnabled: boolean;
  /** The one-time setup token while no admin exists. */
  setupToken: () => string | undefined;
  signInLimiter: RateLimiter;
}

const credentials = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const newKey = z.object({ name: z.string().min(1).max(128), project: z.string().max(128).default(''), scope: z.enum(KEY_SCOPES).default('ingest') });
const newUser = credentials.extend({ role: z.enum(ROLES) });
const changeUser = z.object({ role: z.enum(ROLES).optional(), password: z.string().min(1).max(1024) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}

function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: SESSION_TTL_MS });
}

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
  router.use('/api/v1', express.json({ limit: '16kb' }));

  router.get('/api/v1/setup', (_req, res) => {
    const body: SetupStatusResponse = { authEnabled: deps.authEnabled, setupNeeded: deps.authEnabled && !deps.store.hasAdmin() };
    res.json(body);
  });

  router.post('/api/v1/setup', async (req, res) => {
    if (!deps.authEnabled) throw new HttpError(409, 'bad_request', 'auth is off (loopback only): there is nobody to set up');
    const expected = deps.setupToken();
    if (!expected || deps.store.hasAdmin()) throw new HttpError(409, 'bad_request', 'an admin already exists; sign in instead');
    const body = parse(credentials.extend({ token: z.string().min(1) }), req.body);
    if (!sameHash(sha256(body.token), sha256(expected))) throw new HttpError(403, 'forbidden', 'the setup token is wrong: use the one the collector printed at start');
    await guarded(() => deps.store.saveUser(body.username, 'admin', body.password));
    setSessionCookie(res, await deps.store.createSession(body.username), req.secure);
    res.status(201).json({ username: body.username, role: 'admin' });
  });

  router.post('/api/v1/session', async (req, res) => {
    const wait = deps.signInLimiter.take(req.ip ?? 'unknown');
    if (wait > 0) throw new HttpError(429, 'too_many_requests', `too many sign-in attempts; retry in ${wait} s`, { 'Retry-After': String(wait) });
    const body = parse(credentials, req.body);
    const user = await deps.store.checkPassword(body.username, body.password);
    if (!user) throw new HttpError(401, 'unauthorized', 'wrong username or password');
    setSessionCookie(res, await deps.store.createSession(user.username), req.secure);
    res.json({ username: user.username, role: user.role });
  });

  router.get('/api/v1/session', (_req, res) => {
    const principal = res.locals.principal as Principal;
    const body: SessionResponse =
      principal.kind === 'user' ? { username: principal.user.username, role: principal.user.role, authEnabled: true } : { username: null, role: 'admin', authEnabled: false };
    res.json(body);
  });

  router.delete('/api/v1/session', async (req, res) => {
    const token = sessionToken(req.headers.cookie);
    if (token) await deps.store.endSession(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/api/v1/keys', (_req, res) => {
    res.json({ keys: deps.store.listKeys() });
  });

  router.post('/api/v1/keys', async (req, res) => {
    const created = await deps.store.createKey(parse(newKey, req.body));
    // The key itself is shown once, here; only its hash is kept.
    res.status(201).json(created);
  });

  router.delete('/api/v1/keys/:id', async (req, res) => {
    if (!(await deps.store.revokeKey(req.params.id))) throw new HttpError(404, 'not_found', `no key with id ${req.params.id}`);
    res.status(204).end();
  });

  router.get('/api/v1/users', (_req, res) => {
    res.json({ users: deps.store.listUsers() });
  });

  router.post('/api/v1/users', async (req, res) => {
    const body = parse(newUser, req.body);
    if (deps.store.getUser(body.username)) throw new HttpError(409, 'bad_request', `user ${body.username} exists; change it with PUT`);
    await guarded(() => deps.store.saveUser(body.username, body.role, body.password));
    res.status(201).json({ username: body.username, role: body.role });
  });

  router.put('/api/v1/users/:username', async (req, res) => {
    const existing = deps.store.getUser(req.params.username);
    if (!existing) throw new HttpError(404, 'not_found', `no user ${req.params.username}`);
    const body = parse(changeUser, req.body);
    await guarded(() => deps.store.saveUser(existing.username, body.role ?? existing.role, body.password));
    res.json({ username: existing.username, role: body.role ?? existing.role });
  });

  router.delete('/api/v1/users/:username', async (req, res) => {
    const principal = res.locals.principal as Principal;
    if (principal.kind === 'user' && principal.user.username === req.params.username) throw badRequest('you cannot delete yourself; ask another admin');
    if (!(await deps.store.deleteUser(req.params.username))) throw new HttpError(404, 'not_found', `no user ${req.params.username}`);
    res.status(204).end();
  });

  return router;
}
