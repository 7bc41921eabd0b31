import { NeedsAuthenticationError } from '@forge/api';
import { ADMIN_SETUP_KEYS } from '../../../src/contracts/admin-setup';
import { adminSetupResolver } from '../../../src/entry/resolvers/admin-setup-resolver';
import { jsonResponse, scriptForgeFetch } from '../adapters/scripted-forge-fetch';

const call = (functionKey: string, payload: unknown) =>
  adminSetupResolver({ call: { functionKey, payload }, context: {} }, { principal: { accountId: 'u-1' } });

describe('admin setup resolver, before any setup work', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it.each(Object.values(ADMIN_SETUP_KEYS))('%s asks Jira for ADMINISTER as the user before anything else', async (key) => {
    const script = scriptForgeFetch(() => jsonResponse({ permissions: { ADMINISTER: { key: 'ADMINISTER', havePermission: false } } }));
    restore = script.restore;

    const result = await call(key, { projectKeys: ['OPS'] });

    expect(result).toEqual({
      success: false,
      error: { code: 'FORBIDDEN', message: 'Only Jira administrators can run the Incident setup.' },
    });
    expect(script.calls).toHaveLength(1);
    expect(script.calls[0]).toMatchObject({
      path: '/rest/api/3/mypermissions?permissions=ADMINISTER',
      meta: { provider: 'user', remote: 'jira' },
    });
  });

  it('turns a failed permission check into an envelope, never an admin pass', async () => {
    const script = scriptForgeFetch(() => jsonResponse({ errorMessages: ['Unauthorized'] }, 401));
    restore = script.restore;
    await expect(call(ADMIN_SETUP_KEYS.run, { projectKeys: [] })).resolves.toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect(script.calls).toHaveLength(1);
  });

  it('throws NeedsAuthenticationError on, so Forge can ask the user for consent', async () => {
    const script = scriptForgeFetch(() => new Response('', { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } }));
    restore = script.restore;
    await expect(call(ADMIN_SETUP_KEYS.preview, { projectKeys: [] })).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });
});
