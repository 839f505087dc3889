// What an admin limited to some teams, projects or tenants may change. Reads are already limited
// by the store (store/readScope.ts); a change is checked here, by the route that makes it, on
// both the thing as it is and the thing as it will be, so nothing can be moved out of (or into)
// another team's hands. An unscoped admin passes every check.
import type { Response } from 'express';
import { HttpError } from '../api/errors';
import { describeScope, type ReadScope } from '../store/readScope';
import type { Principal } from './policy';

/** The scope of the caller, undefined when they see the whole organisation. */
export function callerScope(res: Response): ReadScope | undefined {
  const principal = res.locals.principal as Principal | undefined;
  return principal?.kind === 'user' ? principal.user.scope : undefined;
}

/** Whether something that belongs to `dimension` = `value` lies in the scope (always, with none). */
export function inScope(scope: ReadScope | undefined, dimension: string, value: string): boolean {
  return !scope || (scope.dimension === dimension && scope.values.includes(value));
}

/** 403 naming the caller's scope when `what` (belonging to dimension = value) lies outside it. */
export function requireInScope(res: Response, what: string, dimension: string, value: string): void {
  const scope = callerScope(res);
  if (inScope(scope, dimension, value)) return;
  const owner = value ? `${dimension} ${value}` : dimension === 'all' ? 'the whole organisation' : `no ${scope!.dimension}`;
  throw new HttpError(403, 'forbidden', `your access is limited to ${describeScope(scope!)}; ${what} belongs to ${owner}`);
}
