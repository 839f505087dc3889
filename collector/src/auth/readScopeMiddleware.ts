// Puts a scoped reader's requests inside their read scope: from here on every query the gateway
// runs for the request is limited to the reader's teams or projects (store/readScope.ts).
import type { RequestHandler } from 'express';
import { runInReadScope, type TableScopeRule } from '../store/readScope';
import type { Principal } from './policy';

export function readScopeMiddleware(rules: ReadonlyMap<string, TableScopeRule>): RequestHandler {
  return (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    const scope = principal?.kind === 'user' ? principal.user.scope : undefined;
    const { end } = runInReadScope(scope, rules, () => next());
    res.on('finish', end);
    res.on('close', end);
  };
}
