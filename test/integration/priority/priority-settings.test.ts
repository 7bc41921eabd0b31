import { PRIORITY_RESOLVER_KEYS, type PriorityPanelView, type PrioritySettingsView } from '../../../src/contracts/priority-panel';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { defaultPrioritySettings } from '../../../src/domain/priority/priority-settings';
import { adminPageResolver } from '../../../src/entry/resolvers/admin-page-resolver';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { DEMO_SEED, addCatalogOptions, FIELD, PEOPLE, panelCall } from './priority-site';

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
    forge.asInvocation({ accountId }, () =>
      forge.invoke(adminPageResolver, functionKey, payload, { accountId, moduleKey: 'incident-admin-page' }),
    ) as Promise<ResolverResult<PrioritySettingsView>>;
  const view = (issueKey: string) =>
    panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey }) as Promise<ResolverResult<PriorityPanelView>>;

  it('shows the defaults until something is saved', async () => {
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsGet)).toEqual({
      success: true,
      data: { settings: defaultPrioritySettings(), isDefault: true },
    });
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
    const result = await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsSave, {
      settings: { ...settings, matrix: { ...settings.matrix, cells: { ...settings.matrix.cells, High: row } } },
    });
    expect(result).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'settings.matrix.cells.High.Low' } });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toBeUndefined();
  });

  it('refuses settings from an older version, naming version', async () => {
    const { version: _version, ...unversioned } = defaultPrioritySettings();
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsSave, { settings: unversioned })).toMatchObject({
      success: false,
      error: { code: 'BAD_REQUEST', field: 'settings.version' },
    });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toBeUndefined();
  });

  it('saves a 5×5 matrix and new mapping that the panel then uses, and resets to default', async () => {
    const settings = {
      ...defaultPrioritySettings(5),
      priorityMapping: { P1: 'Highest', P2: 'Highest', P3: 'High', P4: 'Medium', P5: 'Low' },
    };
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsSave, { settings })).toEqual({
      success: true,
      data: {
        settings,
        isDefault: false,
        fieldOptionsNote: 'Field options now match the 5×5 matrix (Impact: added Critical, Minimal; Urgency: added Critical, Minimal).',
      },
    });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toEqual(settings);
    const panel = await view('INC-5');
    expect(panel).toMatchObject({
      success: true,
      data: {
        options: { impactLevels: ['Critical', 'High', 'Medium', 'Low', 'Minimal'] },
        computed: { matrixLevel: 'P4', jiraPriorityName: 'Medium' },
      },
    });

    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsReset)).toEqual({
      success: true,
      data: {
        settings: defaultPrioritySettings(),
        isDefault: true,
        fieldOptionsNote:
          'Field options now match the 3×3 matrix (Impact: disabled Critical, Minimal; Urgency: disabled Critical, Minimal).',
      },
    });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toBeUndefined();
    expect(await view('INC-5')).toMatchObject({ success: true, data: { computed: { matrixLevel: 'P4', jiraPriorityName: 'Low' } } });
  });

  const levelOptions = async (fieldId: string) => {
    const contexts = (await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context`)).body as {
      values: Array<{ id: string }>;
    };
    const options = (await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context/${contexts.values[0]?.id}/option`))
      .body as { values: Array<{ value: string; disabled: boolean }> };
    return options.values.filter((option) => !option.disabled).map((option) => option.value);
  };

  it('switches the matrix size keeping the SLA targets, modifiers and mapping, and the field options follow', async () => {
    const edited = {
      ...defaultPrioritySettings(),
      slaTargets: { P1: 30, P2: 90, P3: 300, P4: null, P5: null },
      priorityMapping: { P1: 'Highest', P2: 'Highest', P3: 'High', P4: 'Medium', P5: 'Low' },
    };
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsSave, { settings: edited })).toMatchObject({ success: true });
    expect(await levelOptions(FIELD.impact)).toEqual(['High', 'Medium', 'Low']);

    // Without a draft, the stored values are kept; with one, the draft's.
    const four = await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsMatrixSize, { matrixSize: 4 });
    expect(four).toMatchObject({
      success: true,
      data: {
        settings: { ...edited, matrix: defaultPrioritySettings(4).matrix },
        isDefault: false,
        fieldOptionsNote: expect.stringContaining('Impact: added Critical'),
      },
    });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toMatchObject({
      slaTargets: edited.slaTargets,
      priorityMapping: edited.priorityMapping,
      matrix: { size: 4 },
    });
    // Added at the end by Jira, then moved first: the dropdown lists the levels most severe first.
    expect(await levelOptions(FIELD.impact)).toEqual(['Critical', 'High', 'Medium', 'Low']);
    expect(await levelOptions(FIELD.urgency)).toEqual(['Critical', 'High', 'Medium', 'Low']);

    const draft = { ...edited, slaTargets: { ...edited.slaTargets, P4: 2880 } };
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsMatrixSize, { matrixSize: 3, settings: draft })).toMatchObject({
      success: true,
      data: { settings: { slaTargets: draft.slaTargets, matrix: { size: 3 } } },
    });
    expect(await levelOptions(FIELD.urgency)).toEqual(['High', 'Medium', 'Low']);
    // Critical stays on the issues that have it (disabled, not deleted); the panel says what to do.
    expect(forge.site.contract.violations).toEqual([]);
  });

  it('refuses a matrix size change from a non-admin, and one whose draft is invalid, writing nothing', async () => {
    expect(await call(PEOPLE.marcus, PRIORITY_RESOLVER_KEYS.settingsMatrixSize, { matrixSize: 5 })).toMatchObject({
      success: false,
      error: { code: 'FORBIDDEN' },
    });
    const draft = { ...defaultPrioritySettings(), slaTargets: { ...defaultPrioritySettings().slaTargets, P1: -5 } };
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsMatrixSize, { matrixSize: 5, settings: draft })).toMatchObject({
      success: false,
      error: { code: 'BAD_REQUEST', field: 'settings.slaTargets.P1' },
    });
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsMatrixSize, { matrixSize: 6 })).toMatchObject({
      success: false,
      error: { code: 'BAD_REQUEST', field: 'matrixSize' },
    });
    expect(forge.site.storage.peek(SETTINGS_KEY)).toBeUndefined();
    expect(await levelOptions(FIELD.impact)).toEqual(['High', 'Medium', 'Low']);
  });

  it('tells the admin page once whether the viewer may change anything', async () => {
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.adminAccess)).toEqual({
      success: true,
      data: { canAdminister: true, message: null },
    });
    expect(await call(PEOPLE.marcus, PRIORITY_RESOLVER_KEYS.adminAccess)).toEqual({
      success: true,
      data: { canAdminister: false, message: expect.stringContaining('Only Jira administrators') },
    });
  });

  it('says what to do about an Impact value the matrix in force does not have', async () => {
    await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsMatrixSize, { matrixSize: 4 });
    const edit = await forge.site.request(PEOPLE.priya, 'PUT', '/rest/api/3/issue/INC-5', {
      fields: { [FIELD.impact]: { value: 'Critical' } },
    });
    expect(edit.status).toBe(204);
    await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsMatrixSize, { matrixSize: 3 });
    expect(await view('INC-5')).toMatchObject({
      success: true,
      data: {
        computed: null,
        assessmentProblem: {
          field: 'impact',
          message: expect.stringContaining(
            'the 3×3 priority matrix has High, Medium, Low. Choose one of them, or ask a Jira admin to switch to the 4×4 or 5×5 matrix',
          ),
        },
      },
    });
  });

  it('reports stored settings from an older version by field, on the panel and the admin page', async () => {
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.set(SETTINGS_KEY, { matrix: defaultPrioritySettings().matrix });
    });
    expect(await view('INC-5')).toMatchObject({ success: false, error: { code: 'CONFLICT', field: 'settings.version' } });
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsGet)).toMatchObject({
      success: false,
      error: { code: 'CONFLICT', field: 'settings.version' },
    });
    expect(await call(PEOPLE.priya, PRIORITY_RESOLVER_KEYS.settingsReset)).toMatchObject({ success: true });
    expect(await view('INC-5')).toMatchObject({ success: true });
  });
});
