import { ADMIN_SETUP_KEYS } from '../../src/contracts/admin-setup';
import { PRIORITY_RESOLVER_KEYS } from '../../src/contracts/priority-panel';
import { VALIDATOR_SETTINGS_RESOLVERS } from '../../src/contracts/validator-settings';
import { adminPageResolver } from '../../src/entry/resolvers/admin-page-resolver';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

/**
 * The admin page module has one resolver function; every key its UI calls must reach the
 * feature that defines it, through the real @forge/resolver dispatch, on the local site.
 */
describe('admin page resolver (one function for setup, priority settings and validator settings)', () => {
  let forge: LocalForge;
  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC });
  });
  afterAll(async () => forge.dispose());

  const call = (accountId: string, functionKey: string, payload: unknown = {}) =>
    forge.asInvocation({ accountId }, () =>
      forge.invoke(adminPageResolver, functionKey, payload, { accountId, moduleKey: 'incident-admin-page' }),
    );

  const readKeys = [
    ADMIN_SETUP_KEYS.projects,
    ADMIN_SETUP_KEYS.preview,
    PRIORITY_RESOLVER_KEYS.settingsGet,
    VALIDATOR_SETTINGS_RESOLVERS.get,
    PRIORITY_RESOLVER_KEYS.adminAccess,
  ];

  it.each(readKeys)('answers %s for a Jira admin with a success envelope', async (key) => {
    expect(await call(SEED_USERS.admin, key)).toMatchObject({ success: true });
  });

  it('answers every read key for a non-admin with FORBIDDEN, from the feature itself', async () => {
    expect(await call(SEED_USERS.viewer, ADMIN_SETUP_KEYS.preview)).toEqual({
      success: false,
      error: { code: 'FORBIDDEN', message: 'Only Jira administrators can run the Incident setup.' },
    });
    expect(await call(SEED_USERS.viewer, ADMIN_SETUP_KEYS.projects)).toEqual({
      success: false,
      error: { code: 'FORBIDDEN', message: 'Only Jira administrators can run the Incident setup.' },
    });
    expect(await call(SEED_USERS.viewer, PRIORITY_RESOLVER_KEYS.settingsGet)).toEqual({
      success: false,
      error: { code: 'FORBIDDEN', message: 'Only Jira administrators can change the priority settings.' },
    });
    expect(await call(SEED_USERS.viewer, VALIDATOR_SETTINGS_RESOLVERS.get)).toEqual({
      success: false,
      error: { code: 'FORBIDDEN', message: 'Only Jira administrators can change the incident workflow validators.' },
    });
  });

  it('answers the access question for a non-admin with canAdminister false, and refuses the matrix size change', async () => {
    expect(await call(SEED_USERS.viewer, PRIORITY_RESOLVER_KEYS.adminAccess)).toMatchObject({
      success: true,
      data: { canAdminister: false },
    });
    expect(await call(SEED_USERS.viewer, PRIORITY_RESOLVER_KEYS.settingsMatrixSize, { matrixSize: 4 })).toMatchObject({
      success: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('rejects a key no feature defines, as @forge/resolver does', async () => {
    await expect(call(SEED_USERS.admin, 'priority.view')).rejects.toThrow(/no definition for 'priority.view'/);
  });
});
