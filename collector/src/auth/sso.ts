// Single sign-on with OpenID Connect (authorization code flow with PKCE, state and nonce, through
// openid-client). GET /api/v1/sso/login sends the browser to the company's IdP; the IdP sends it
// back to GET /api/v1/sso/callback, where the ID token is checked, the person's groups become a
// role and possibly a scope (ssoGroups.ts), and a burnrate session starts exactly as after a password sign-in.
import { Router, type Request, type Response } from 'express';
import * as oidc from 'openid-client';
import { isLoopback, type Config } from '../config';
import { AuthError, type AuthStore } from './authStore';
import { accessFromGroups } from './ssoGroups';
import { cookieValue } from './middleware';
import { allow } from './policy';

const PENDING_COOKIE = 'burnrate_sso';
const PENDING_PATH = '/api/v1/sso';
const PENDING_MS = 10 * 60_000;

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  /** Where in the dashboard the person was going (a hash route). */
  back: string;
}

export interface SsoDeps {
  config: Config;
  store: AuthStore;
  startSession: (res: Response, req: Request, username: string) => Promise<void>;
}

function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}

/** A burnrate username from the IdP's claims: the short name, else the email, else the subject. */
function usernameOf(claims: Record<string, unknown>): string {
  const name = [claims.preferred_username, claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v.length > 0) ?? '';
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._@-]/g, '-')
    .slice(0, 64);
}

function readPending(req: Request): Pending | undefined {
  const raw = cookieValue(req.headers.cookie, PENDING_COOKIE);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Pending;
    return typeof parsed.state === 'string' && typeof parsed.verifier === 'string' && typeof parsed.nonce === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Back to the dashboard's sign-in with a reason it can show. */
function failed(res: Response, reason: string): void {
  res.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
  res.redirect(303, `/?sso_error=${encodeURIComponent(reason)}#/`);
}

export function ssoRouter(deps: SsoDeps): Router {
  const { config } = deps;
  const router = Router();
  let discovered: Promise<oidc.Configuration> | undefined;
  // The IdP is asked for its metadata at the first sign-in (it may be down when burnrate starts),
  // and again after a failure. http is accepted only for an IdP on this machine (tests, dev).
  const idp = () => {
    discovered ??= oidc
      .discovery(new URL(config.BURNRATE_OIDC_ISSUER!), config.BURNRATE_OIDC_CLIENT_ID!, config.BURNRATE_OIDC_CLIENT_SECRET, undefined, {
        execute: isLoopback(new URL(config.BURNRATE_OIDC_ISSUER!).hostname) ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const callbackUrl = (req: Request) => new URL('/api/v1/sso/callback', config.BURNRATE_PUBLIC_URL ?? `${req.protocol}://${req.get('host')}`);

  router.get('/api/v1/sso/login', allow('public'), async (req, res) => {
    let idpConfig: oidc.Configuration;
    try {
      idpConfig = await idp();
    } catch (error) {
      req.logger.warn(`burnrate: single sign-on: the IdP at ${config.BURNRATE_OIDC_ISSUER} could not be reached: ${(error as Error).message}`);
      return failed(res, 'the identity provider could not be reached; try again, or ask an admin');
    }
    const back = typeof req.query.back === 'string' && req.query.back.startsWith('#/') ? req.query.back.slice(0, 500) : '#/';
    const pending: Pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), back };
    const url = oidc.buildAuthorizationUrl(idpConfig, {
      redirect_uri: callbackUrl(req).href,
      scope: config.BURNRATE_OIDC_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    // Lax, not Strict: the IdP's redirect back is a cross-site navigation.
    res.cookie(PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: PENDING_PATH,
      maxAge: PENDING_MS,
    });
    res.redirect(303, url.href);
  });

  router.get('/api/v1/sso/callback', allow('public'), async (req, res) => {
    const pending = readPending(req);
    if (!pending) return failed(res, 'the sign-in took too long or was started elsewhere; sign in again');
    const current = new URL(req.originalUrl, callbackUrl(req));
    let claims: Record<string, unknown>;
    try {
      const idpConfig = await idp();
      const tokens = await oidc.authorizationCodeGrant(idpConfig, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = { ...(tokens.claims() ?? {}) };
      if (!(config.BURNRATE_OIDC_GROUPS_CLAIM in claims) || !claims.email) {
        const info = await oidc.fetchUserInfo(idpConfig, tokens.access_token, String(claims.sub));
        claims = { ...info, ...claims };
      }
    } catch (error) {
      req.logger.warn(`burnrate: single sign-on refused: ${(error as Error).message}`);
      return failed(res, 'the identity provider did not confirm the sign-in');
    }
    const username = usernameOf(claims);
    const access = accessFromGroups(groupsOf(claims, config.BURNRATE_OIDC_GROUPS_CLAIM), config);
    if (!access) return failed(res, `${username} is not in a group allowed into burnrate; ask an admin`);
    if ('refused' in access) return failed(res, access.refused);
    try {
      await deps.store.saveIdpUser(username, access.role, access.scope);
    } catch (error) {
      if (error instanceof AuthError) return failed(res, error.message);
      throw error;
    }
    res.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
    await deps.startSession(res, req, username);
    res.redirect(303, `/${pending.back}`);
  });

  return router;
}
