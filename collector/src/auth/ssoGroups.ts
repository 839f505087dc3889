// What the IdP's groups give a person: a role over the whole organisation, or a role limited to
// some teams, projects or tenants (BURNRATE_OIDC_GROUP_SCOPES), read again at every sign-in so a
// change at the IdP is a change in burnrate at the person's next sign-in.
//
// Precedence, most specific intent first: an admin group gives the whole organisation; else the
// scoped groups, merged; else a viewer group (or everyone, when no viewer group is named).
import type { ReadScope } from '../store/readScope';
import type { GroupScope } from '../ssoGroupScopeSetting';
import type { Role } from './authStore';

export type { GroupScope } from '../ssoGroupScopeSetting';

export interface GroupMapping {
  BURNRATE_OIDC_ADMIN_GROUPS: readonly string[];
  BURNRATE_OIDC_VIEWER_GROUPS: readonly string[];
  BURNRATE_OIDC_GROUP_SCOPES: readonly GroupScope[];
}

export type GroupAccess = { role: Role; scope?: ReadScope } | { refused: string };

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
