import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import Resolver from '@forge/resolver';
import { DEFAULT_ADMIN_ACCOUNT_ID } from '../../local-site';
import { startLocalForge, type LocalForge } from '../support/local-forge';

describe('local forge harness without a seed', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge();
  });
  afterEach(() => forge.dispose());

  it('answers asUser() as the invocation user and asApp() as the app', async () => {
    const asUser = await forge.asInvocation({ accountId: DEFAULT_ADMIN_ACCOUNT_ID }, async () =>
      (await api.asUser().requestJira(route`/rest/api/3/myself`)).json(),
    );
    expect(asUser.accountId).toBe(DEFAULT_ADMIN_ACCOUNT_ID);
    const asApp = await (await api.asApp().requestJira(route`/rest/api/3/myself`)).json();
    expect(asApp.accountType).toBe('app');
  });

  it('stores through the real @forge/kvs client', async () => {
    await kvs.set('settings:priority', { levels: 3 });
    expect(await kvs.get('settings:priority')).toEqual({ levels: 3 });
    expect(await kvs.get('missing')).toBeUndefined();
  });

  it('drives a @forge/resolver definition with the invoking user in context', async () => {
    const resolver = new Resolver();
    resolver.define('whoami', async ({ context, payload }) => ({ accountId: context.accountId, echo: payload }));
    const result = await forge.invoke(resolver.getDefinitions(), 'whoami', { x: 1 }, { accountId: DEFAULT_ADMIN_ACCOUNT_ID });
    expect(result).toEqual({ accountId: DEFAULT_ADMIN_ACCOUNT_ID, echo: { x: 1 } });
  });
});
