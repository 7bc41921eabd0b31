import { NeedsAuthenticationError } from '@forge/api';
import { ADMIN_SETUP_KEYS } from '../../src/contracts/admin-setup';
import { POSTMORTEM_RESOLVER_KEYS } from '../../src/contracts/postmortem-macro';
import { PRIORITY_RESOLVER_KEYS } from '../../src/contracts/priority-panel';
import { VALIDATOR_SETTINGS_RESOLVERS } from '../../src/contracts/validator-settings';
import { defaultPrioritySettings } from '../../src/domain/priority/priority-settings';
import { defaultWorkflowRuleSettings } from '../../src/domain/workflow-rules/rule-settings';
import { adminPageResolver } from '../../src/entry/resolvers/admin-page-resolver';
import { postmortemMacroResolver } from '../../src/entry/resolvers/postmortem-macro-resolver';
import { priorityPanelResolver } from '../../src/entry/resolvers/priority-panel-resolver';
import type { ResolverDefinitions } from '../../local-site';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

/**
 * A user who has not yet allowed the app to act as them: every asUser() call fails with
 * NeedsAuthenticationError (the local runtime answers as Forge's product proxy does). Forge shows
 * the consent prompt only when that error leaves the resolver function, so every resolver action
 * must let it through rather than answer it as an error envelope, and must write nothing.
 */
const admin = SEED_USERS.admin;
const assessment = { impact: 'High', urgency: 'High', affectedUsers: 10, businessImplications: [] };

const calls: Array<[string, ResolverDefinitions, string, unknown, string]> = [
  ['priority panel: view', priorityPanelResolver, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-1' }, 'incident-priority-panel'],
  [
    'priority panel: apply',
    priorityPanelResolver,
    PRIORITY_RESOLVER_KEYS.apply,
    { issueKey: 'INC-1', assessment },
    'incident-priority-panel',
  ],
  ['postmortem: preview', postmortemMacroResolver, POSTMORTEM_RESOLVER_KEYS.preview, { issueKey: 'INC-1' }, 'incident-postmortem'],
  ['postmortem: create', postmortemMacroResolver, POSTMORTEM_RESOLVER_KEYS.create, { issueKey: 'INC-1' }, 'incident-postmortem'],
  ['postmortem: refresh', postmortemMacroResolver, POSTMORTEM_RESOLVER_KEYS.refresh, { issueKey: 'INC-1' }, 'incident-postmortem'],
  [
    'postmortem: search incidents',
    postmortemMacroResolver,
    POSTMORTEM_RESOLVER_KEYS.searchIncidents,
    { query: 'db' },
    'incident-postmortem',
  ],
  ['admin: setup preview', adminPageResolver, ADMIN_SETUP_KEYS.preview, { projectKeys: ['INC'] }, 'incident-admin-page'],
  ['admin: setup run', adminPageResolver, ADMIN_SETUP_KEYS.run, { projectKeys: ['INC'] }, 'incident-admin-page'],
  ['admin: setup projects', adminPageResolver, ADMIN_SETUP_KEYS.projects, {}, 'incident-admin-page'],
  ['admin: priority settings get', adminPageResolver, PRIORITY_RESOLVER_KEYS.settingsGet, {}, 'incident-admin-page'],
  [
    'admin: priority settings save',
    adminPageResolver,
    PRIORITY_RESOLVER_KEYS.settingsSave,
    { settings: defaultPrioritySettings(4) },
    'incident-admin-page',
  ],
  ['admin: priority settings reset', adminPageResolver, PRIORITY_RESOLVER_KEYS.settingsReset, { matrixSize: 5 }, 'incident-admin-page'],
  ['admin: validator settings get', adminPageResolver, VALIDATOR_SETTINGS_RESOLVERS.get, {}, 'incident-admin-page'],
  [
    'admin: validator settings save',
    adminPageResolver,
    VALIDATOR_SETTINGS_RESOLVERS.save,
    { settings: defaultWorkflowRuleSettings() },
    'incident-admin-page',
  ],
  ['admin: validator settings reset', adminPageResolver, VALIDATOR_SETTINGS_RESOLVERS.reset, {}, 'incident-admin-page'],
];

describe('a user who has not allowed the app access yet (Forge consent)', () => {
  let forge: LocalForge;
  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC });
  });
  afterAll(() => forge.dispose());
  beforeEach(() => forge.withholdConsent(admin));

  const invoke = (definitions: ResolverDefinitions, key: string, payload: unknown, moduleKey: string) =>
    forge.invoke(definitions, key, payload, { accountId: admin, moduleKey });
  // App storage may gain the app's own caches (field ids, the ranking index); what the user asked for must not happen.
  const productWrites = (since: number) =>
    forge.site.stats.log.slice(since).filter((entry) => entry.product !== 'kvs' && entry.method !== 'GET');

  it.each(calls)(
    '%s: NeedsAuthenticationError reaches the platform, and nothing is written',
    async (_name, definitions, key, payload, moduleKey) => {
      const before = forge.site.stats.log.length;
      await expect(invoke(definitions, key, payload, moduleKey)).rejects.toBeInstanceOf(NeedsAuthenticationError);
      expect(productWrites(before)).toEqual([]);
      expect([
        forge.site.storage.peek('priority:settings'),
        forge.site.storage.peek('workflow-rules:settings'),
        forge.site.storage.peek('postmortem-page:INC-1'),
      ]).toEqual([undefined, undefined, undefined]);
    },
  );

  it('once the user allows access, the same call answers normally', async () => {
    await expect(
      invoke(priorityPanelResolver, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-1' }, 'incident-priority-panel'),
    ).rejects.toBeInstanceOf(NeedsAuthenticationError);
    forge.grantConsent(admin);
    expect(
      await invoke(priorityPanelResolver, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-1' }, 'incident-priority-panel'),
    ).toMatchObject({ success: true, data: { incident: { key: 'INC-1' } } });
    expect(await invoke(adminPageResolver, VALIDATOR_SETTINGS_RESOLVERS.get, {}, 'incident-admin-page')).toMatchObject({ success: true });
  });

  it('only asUser() needs the consent: the app acting as itself is unaffected', async () => {
    const { JiraClient } = await import('../../src/adapters/jira/jira-client');
    await expect(
      forge.asInvocation({ accountId: admin }, () => JiraClient.asApp().getIssue('INC-1', { fields: ['summary'] })),
    ).resolves.toMatchObject({ key: 'INC-1' });
    await expect(
      forge.asInvocation({ accountId: admin }, () => JiraClient.asUser().getIssue('INC-1', { fields: ['summary'] })),
    ).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });
});
