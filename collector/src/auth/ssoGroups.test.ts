import { describe, expect, it } from 'vitest';
import { accessFromGroups, type GroupMapping } from './ssoGroups';

const mapping: GroupMapping = {
  BURNRATE_OIDC_ADMIN_GROUPS: ['admins'],
  BURNRATE_OIDC_VIEWER_GROUPS: ['everyone'],
  BURNRATE_OIDC_GROUP_SCOPES: [
    { group: 'pay-admins', role: 'admin', scope: { dimension: 'team', values: ['payments'] } },
    { group: 'search-admins', role: 'admin', scope: { dimension: 'team', values: ['search'] } },
    { group: 'search-viewers', role: 'viewer', scope: { dimension: 'team', values: ['search'] } },
    { group: 'apollo', role: 'viewer', scope: { dimension: 'project', values: ['apollo'] } },
  ],
};

describe('what the IdP groups give', () => {
  it('an admin group gives the whole organisation, whatever scoped groups come with it', () => {
    expect(accessFromGroups(['pay-admins', 'admins'], mapping)).toEqual({ role: 'admin' });
  });

  it('scoped groups beat a viewer group, and merge their values', () => {
    expect(accessFromGroups(['everyone', 'pay-admins', 'search-admins'], mapping)).toEqual({
      role: 'admin',
      scope: { dimension: 'team', values: ['payments', 'search'] },
    });
  });

  it('an admin of one team and a viewer of another is a viewer of both: never more than one group meant', () => {
    expect(accessFromGroups(['pay-admins', 'search-viewers'], mapping)).toEqual({
      role: 'viewer',
      scope: { dimension: 'team', values: ['payments', 'search'] },
    });
  });

  it('two dimensions refuse with the groups named; no group at all refuses', () => {
    expect(accessFromGroups(['pay-admins', 'apollo'], mapping)).toEqual({
      refused: expect.stringContaining('pay-admins, apollo limit you to both team and project'),
    });
    expect(accessFromGroups(['marketing'], mapping)).toBeUndefined();
    expect(accessFromGroups(['everyone'], mapping)).toEqual({ role: 'viewer' });
  });
});
