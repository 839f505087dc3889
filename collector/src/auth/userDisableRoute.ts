// POST /api/v1/users/:username/disable — ends a person's access without deleting the account
// (its sessions stop working at once). Admins only, like every route under /api/v1/users.
import { Router } from 'express';
import { AuthError, type AuthStore } from './authStore';
import { allow, type Principal } from './policy';
import type { UserSummary } from '@burnrate/contract';
import { badRequest, HttpError } from '../api/errors';

export function userDisableRouter(store: AuthStore): Router {
  const router = Router();
  router.post('/api/v1/users/:username/disable', allow('admin'), async (req, res) => {
    const username = String(req.params.username);
    const principal = res.locals.principal as Principal;
    if (principal.kind === 'user' && principal.user.username === username) throw badRequest('you cannot disable yourself; ask another admin');
    try {
      if (!(await store.disableUser(username))) throw new HttpError(404, 'not_found', `no user ${username}`);
    } catch (error) {
      if (error instanceof AuthError) throw badRequest(error.message);
      throw error;
    }
    const body: UserSummary | undefined = store.listUsers().find((u) => u.username === username);
    res.json(body);
  });
  return router;
}
