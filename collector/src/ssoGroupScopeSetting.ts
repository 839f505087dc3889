// BURNRATE_OIDC_GROUP_SCOPES, one entry read: which IdP group gives which role over which teams,
// projects or tenants. Apart from auth/ssoGroups.ts (which applies it at sign-in) because config.ts
// reads it, and auth reads the config: a setting's parser sits with the settings.
import type { Role } from '@burnrate/contract';
import type { ReadScope, ScopeDimension } from './store/readScope';

export interface GroupScope {
  group: string;
  role: Role;
  scope: ReadScope;
}

/**
 * `group=role:dimension:value[|value…]`, e.g. `payments-leads=admin:team:payments`; undefined
 * when the entry is not of that form (config.ts names the variable).
 */
export function parseGroupScope(entry: string, roles: readonly string[], dimensions: readonly string[]): GroupScope | undefined {
  const match = /^([^=]+)=([a-z]+):([a-z]+):(.+)$/.exec(entry);
  if (!match) return undefined;
  const [, group, role, dimension, values] = match;
  const list = values!
    .split('|')
    .map((v) => v.trim())
    .filter(Boolean);
  if (!roles.includes(role!) || !dimensions.includes(dimension!) || list.length === 0) return undefined;
  return { group: group!.trim(), role: role as Role, scope: { dimension: dimension as ScopeDimension, values: list } };
}
