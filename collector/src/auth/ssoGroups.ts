// What the IdP's groups give a person: a role over the whole organisation, or a role limited to
// some teams, projects or tenants (BURNRATE_OIDC_GROUP_SCOPES), read again at every sign-in so a
// change at the IdP is a change in burnrate at the person's next sign-in.
//
// Precedence, most specific intent first: an admin group gives the whole organisation; else the
// scoped groups, merged; else a viewer group (or everyone, when no viewer group is named).
import type { ReadScope, ScopeDimension } from '../store/readScope';
import type { Role } from './authStore';

export interface GroupScope {
  group: string;
  role: Role;
  scope: ReadScope;
}

export interface GroupMapping {
  BURNRATE_OIDC_ADMIN_GROUPS: readonly string[];
  BURNRATE_OIDC_VIEWER_GROUPS: readonly string[];
  BURNRATE_OIDC_GROUP_SCOPES: readonly GroupScope[];
}

export type GroupAccess = { role: Role; scope?: ReadScope } | { refused: string };

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

export function accessFromGroups(groups: readonly string[], config: GroupMapping): GroupAccess | undefined {
  if (groups.some((g) => config.BURNRATE_OIDC_ADMIN_GROUPS.includes(g))) return { role: 'admin' };
  const scoped = config.BURNRATE_OIDC_GROUP_SCOPES.filter((s) => groups.includes(s.group));
  if (scoped.length > 0) {
    const dimensions = [...new Set(scoped.map((s) => s.scope.dimension))];
    // A person is limited along one dimension; teams and projects together have no one answer.
    if (dimensions.length > 1)
      return {
        refused: `the groups ${scoped.map((s) => s.group).join(', ')} limit you to both ${dimensions.join(' and ')}; burnrate limits a person along one of them — ask an admin to fix the group mapping`,
      };
    const values = [...new Set(scoped.flatMap((s) => s.scope.values))].sort();
    // Admin over the union only when every group grants admin: fewer rights, never more, than any
    // one group meant (an admin of one team and a viewer of another cannot be both here).
    const role: Role = scoped.every((s) => s.role === 'admin') ? 'admin' : 'viewer';
    return { role, scope: { dimension: dimensions[0]!, values } };
  }
  if (config.BURNRATE_OIDC_VIEWER_GROUPS.length === 0 || groups.some((g) => config.BURNRATE_OIDC_VIEWER_GROUPS.includes(g))) return { role: 'viewer' };
  return undefined;
}
