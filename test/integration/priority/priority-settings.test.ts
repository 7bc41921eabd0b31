import { PRIORITY_RESOLVER_KEYS, type PriorityPanelView, type PrioritySettingsView } from '../../../src/contracts/priority-panel';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { defaultPrioritySettings } from '../../../src/domain/priority/priority-settings';
import { prioritySettingsResolver } from '../../../src/entry/resolvers/priority-settings-resolver';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { DEMO_SEED, addCatalogOptions, PEOPLE, panelCall } from './priority-site';

const SETTINGS_KEY = 'priority:settings';

describe('priority settings resolver on the local site', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    await addCatalogOptions(forge);
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  const call = (accountId: string, functionKey: string, payload: unknown = {}) =>
    forge.asInvocation({ accountId }, () => forge.invoke(prioritySettingsResolver, functionKey, payload, { accountId, moduleKey: 'incident-admin-page' })) as Promise<ResolverResult<PrioritySettingsView>>;
  const view = (issueKey: string) => panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey }) as Promise<ResolverResult<PriorityPanelView>>;

  it('shows the defaults until something is saved', async () => {
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsGet)).toEqual({ success: true, data: { settings: defaultPrioritySettings(), isDefault: true } });
  });

  // The same rule as the validator settings (validator-settings-resolver.test.ts): read and write are admin-only.
  it('refuses people who are not Jira administrators, for every key (reading too)', async () => {
    for (const key of [PRIORITY_RESOLVER_KEYS.settingsGet, PRIORITY_RESOLVER_KEYS.settingsSave, PRIORITY_RESOLVER_KEYS.settingsReset]) {
      expect(await call(PEOPLE.marcus, key, { settings: defaultPrioritySettings(4) })).toEqual({
        success: false,
        error: { code: 'FORBIDDEN', message: 'Only Jira administrators can change the priority settings.' },
      });
    }
    expect(forge.site.storage.peek(SETTINGS_KEY)).toBeUndefined();
  });

  it('refuses a matrix missing a cell, naming it, and writes nothing', async () => {
    const settings = defaultPrioritySettings();
    const { Low: _dropped, ...row } = settings.matrix.cells.High ?? {};
    const result = await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsSave, { settings: { ...settings, matrix: { ...settings.matrix, cells: { ...settings.matrix.cells, High: row } } } });
    expect(result).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'settings.matrix.cells.High.Low' } });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toBeUndefined();
  });

  it('refuses settings from an older version, naming version', async () => {
    const { version: _version, ...unversioned } = defaultPrioritySettings();
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsSave, { settings: unversioned })).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'settings.version' } });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toBeUndefined();
  });

  it('saves a 5×5 matrix and new mapping that the panel then uses, and resets to default', async () => {
    const settings = { ...defaultPrioritySettings(5), priorityMapping: { P1: 'Highest', P2: 'Highest', P3: 'High', P4: 'Medium', P5: 'Low' } };
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsSave, { settings })).toEqual({ success: true, data: { settings, isDefault: false } });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toEqual(settings);
    const panel = await view('INC-5');
    expect(panel).toMatchObject({ success: true, data: { options: { impactLevels: ['Critical', 'High', 'Medium', 'Low', 'Minimal'] }, computed: { matrixLevel: 'P4', jiraPriorityName: 'Medium' } } });

    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsReset)).toEqual({ success: true, data: { settings: defaultPrioritySettings(), isDefault: true } });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toBeUndefined();
    expect(await view('INC-5')).toMatchObject({ success: true, data: { computed: { matrixLevel: 'P4', jiraPriorityName: 'Low' } } });
  });

  it('reports stored settings from an older version by field, on the panel and the admin page', async () => {
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.set(SETTINGS_KEY, { matrix: defaultPrioritySettings().matrix });
    });
    expect(await view('INC-5')).toMatchObject({ success: false, error: { code: 'CONFLICT', field: 'settings.version' } });
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsGet)).toMatchObject({ success: false, error: { code: 'CONFLICT', field: 'settings.version' } });
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsReset)).toMatchObject({ success: true });
    expect(await view('INC-5')).toMatchObject({ success: true });
  });
});
