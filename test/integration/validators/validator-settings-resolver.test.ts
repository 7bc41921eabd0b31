import { VALIDATOR_SETTINGS_RESOLVERS } from '../../../src/contracts/validator-settings';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { adminPageResolver } from '../../../src/entry/resolvers/admin-page-resolver';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { PEOPLE, SEED_DIR, storeRaw, unexpectedViolations } from './validator-site';

describe('validator settings resolver on the local site', () => {
  let forge: LocalForge;
  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: SEED_DIR });
  });
  afterAll(async () => forge.dispose());
  beforeEach(() => forge.site.storage.clear());
  afterEach(() => {
    expect(unexpectedViolations(forge)).toEqual([]);
  });

  const call = (accountId: string, functionKey: string, payload: unknown = {}) =>
    forge.asInvocation({ accountId }, () =>
      forge.invoke(adminPageResolver, functionKey, payload, { accountId, moduleKey: 'incident-admin-page' }),
    );

  it('refuses people who are not Jira administrators, for every key', async () => {
    for (const key of Object.values(VALIDATOR_SETTINGS_RESOLVERS)) {
      expect(await call(PEOPLE.marcus, key, { settings: defaultWorkflowRuleSettings() })).toEqual({
        success: false,
        error: { code: 'FORBIDDEN', message: 'Only Jira administrators can change the incident workflow validators.' },
      });
    }
    expect(forge.site.storage.peek('workflow-rules:settings')).toBeUndefined();
  });

  it('shows the defaults until something is saved, with the generated closer expression', async () => {
    const answer = await call(PEOPLE.priya, VALIDATOR_SETTINGS_RESOLVERS.get);
    expect(answer).toMatchObject({
      success: true,
      data: {
        settings: defaultWorkflowRuleSettings(),
        source: 'defaults',
        storedProblem: null,
        closerGroupExpression: {
          expression:
            'issue.issueType.name != "Incident" || ["jira-servicemanagement-users", "site-admins"].some(group => user.groups.includes(group))',
          errorMessage: 'Only members of "jira-servicemanagement-users" or "site-admins" can close incidents.',
        },
        // This site's service desk group is "service-desk-team": the page warns before anyone tries to close.
        unknownClosureGroups: ['jira-servicemanagement-users'],
      },
    });
  });

  it('saves valid settings, refuses invalid ones naming the field, and resets', async () => {
    const defaults = defaultWorkflowRuleSettings();
    const narrowed = { ...defaults, closure: { ...defaults.closure, serviceDeskGroups: ['service-desk-team'] } };

    expect(
      await call(PEOPLE.priya, VALIDATOR_SETTINGS_RESOLVERS.save, {
        settings: { ...narrowed, closure: { ...narrowed.closure, postmortemAtOrAbove: 'Blocker' } },
      }),
    ).toEqual({
      success: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'settings.closure.postmortemAtOrAbove: expected one of the priorities in priorityOrder, got "Blocker"',
        field: 'settings.closure.postmortemAtOrAbove',
      },
    });

    expect(await call(PEOPLE.priya, VALIDATOR_SETTINGS_RESOLVERS.save, { settings: narrowed })).toMatchObject({
      success: true,
      data: { settings: narrowed, source: 'stored' },
    });
    expect(forge.site.storage.peek('workflow-rules:settings')).toEqual(narrowed);
    expect(await call(PEOPLE.priya, VALIDATOR_SETTINGS_RESOLVERS.get)).toMatchObject({
      success: true,
      data: { settings: narrowed, source: 'stored' },
    });

    expect(await call(PEOPLE.priya, VALIDATOR_SETTINGS_RESOLVERS.reset)).toMatchObject({
      success: true,
      data: { settings: defaults, source: 'defaults' },
    });
    expect(forge.site.storage.peek('workflow-rules:settings')).toBeUndefined();
  });

  it('refuses closure groups the site does not have, naming them, and writes nothing', async () => {
    const defaults = defaultWorkflowRuleSettings();
    const typo = { ...defaults, closure: { ...defaults.closure, serviceDeskGroups: ['SERVICE-desk-team', 'service-desk-teem'] } };
    expect(await call(PEOPLE.priya, VALIDATOR_SETTINGS_RESOLVERS.save, { settings: typo })).toEqual({
      success: false,
      error: {
        code: 'BAD_REQUEST',
        field: 'settings.closure.serviceDeskGroups',
        message: expect.stringContaining('this site has no group named "service-desk-teem"'),
      },
    });
    expect(forge.site.storage.peek('workflow-rules:settings')).toBeUndefined();
    // With the closure check off, the groups are not used and not checked.
    const off = { ...typo, closure: { ...typo.closure, enabled: false } };
    expect(await call(PEOPLE.priya, VALIDATOR_SETTINGS_RESOLVERS.save, { settings: off })).toMatchObject({ success: true });
  });

  it('reports an unreadable stored value instead of hiding it', async () => {
    await storeRaw(forge, 'workflow-rules:settings', { version: 1 });
    expect(await call(PEOPLE.priya, VALIDATOR_SETTINGS_RESOLVERS.get)).toMatchObject({
      success: true,
      data: {
        source: 'unreadable',
        storedProblem: { field: 'priorityOrder', message: 'Invalid input: expected array, received undefined' },
        settings: defaultWorkflowRuleSettings(),
      },
    });
  });
});
