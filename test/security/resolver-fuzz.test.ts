import fc from 'fast-check';
import { ApplyPriorityPayload, ChangeMatrixSizePayload, GetPrioritySettingsPayload, PRIORITY_RESOLVER_KEYS, ResetPrioritySettingsPayload, ViewPriorityPayload } from '../../src/contracts/priority-panel';
import { defaultMatrix } from '../../src/domain/priority/priority-matrix';
import { ADMIN_SETUP_KEYS, ProjectsPayload, SetupPayload } from '../../src/contracts/admin-setup';
import { CreatePostmortemPayload, POSTMORTEM_RESOLVER_KEYS, PreviewPostmortemPayload, RefreshPostmortemPayload, SearchIncidentsPayload } from '../../src/contracts/postmortem-macro';
import { GetValidatorSettingsPayload, ResetValidatorSettingsPayload, SaveValidatorSettingsPayload, VALIDATOR_SETTINGS_RESOLVERS } from '../../src/contracts/validator-settings';
import { defaultPrioritySettings, parsePrioritySettings } from '../../src/domain/priority/priority-settings';
import { defaultWorkflowRuleSettings } from '../../src/domain/workflow-rules/rule-settings';
import { adminPageResolver } from '../../src/entry/resolvers/admin-page-resolver';
import { postmortemMacroResolver } from '../../src/entry/resolvers/postmortem-macro-resolver';
import { priorityPanelResolver } from '../../src/entry/resolvers/priority-panel-resolver';
import { addIncident, BENCH_USERS } from '../../bench/support/bench-site';
import { CreateProblemPayload, LoadTrendsPayload, SaveTrendsSettingsPayload, TRENDS_RESOLVER_KEYS, TRENDS_SETTINGS_RESOLVER_KEYS } from '../../src/contracts/incident-trends';
import { trendsPageResolver } from '../../src/entry/resolvers/trends-page-resolver';
import { startFaultSite, type FaultSite } from '../faults/support/fault-kit';
import { fuzzPayloads, pathsOf, type Target } from './support/payload-fuzz';

/**
 * Every action of every resolver function (priority panel, postmortem macro, admin page), fed
 * wrong types, huge strings, prototype-pollution keys and unknown keys: it never throws, an
 * invalid payload always gets
 * `{ success: false, error: { code: 'BAD_REQUEST', field } }` naming the field, and nothing is
 * written to Jira, Confluence or app storage. Called as a site admin, so every action gets past
 * its permission check to the payload parsing.
 */
const admin = BENCH_USERS.admin.accountId;
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
jest.setTimeout(180_000);

describe('resolver payload fuzzing', () => {
  let site: FaultSite;
  let issueKey: string;
  beforeAll(async () => {
    site = await startFaultSite();
    issueKey = addIncident(site.forge.site, { summary: 'Fuzz target' });
  });
  afterAll(() => site.dispose());

  const targets = (): Target[] => [
    {
      name: 'priority panel: view',
      definitions: priorityPanelResolver,
      key: PRIORITY_RESOLVER_KEYS.view,
      valid: { issueKey },
      isValid: (payload) => ViewPriorityPayload.safeParse(payload ?? {}).success,
    },
    {
      name: 'priority panel: apply',
      definitions: priorityPanelResolver,
      key: PRIORITY_RESOLVER_KEYS.apply,
      valid: { issueKey, assessment: { impact: 'High', urgency: 'Low', affectedUsers: 10, businessImplications: [] }, override: { jiraPriorityName: 'High', reason: 'fuzz' } },
      isValid: (payload) => ApplyPriorityPayload.safeParse(payload).success,
    },
    // The postmortem macro (view and config panel); the macro's context names no page, so a valid create is refused before writing.
    { name: 'postmortem macro: preview', definitions: postmortemMacroResolver, key: POSTMORTEM_RESOLVER_KEYS.preview, valid: { issueKey }, isValid: (payload) => PreviewPostmortemPayload.safeParse(payload).success },
    { name: 'postmortem macro: create', definitions: postmortemMacroResolver, key: POSTMORTEM_RESOLVER_KEYS.create, valid: { issueKey }, isValid: (payload) => CreatePostmortemPayload.safeParse(payload).success },
    { name: 'postmortem macro: refresh', definitions: postmortemMacroResolver, key: POSTMORTEM_RESOLVER_KEYS.refresh, valid: { issueKey }, isValid: (payload) => RefreshPostmortemPayload.safeParse(payload).success },
    { name: 'postmortem macro: search incidents', definitions: postmortemMacroResolver, key: POSTMORTEM_RESOLVER_KEYS.searchIncidents, valid: { query: 'fuzz' }, isValid: (payload) => SearchIncidentsPayload.safeParse(payload).success },
    { name: 'admin: priority settings get', definitions: adminPageResolver, key: PRIORITY_RESOLVER_KEYS.settingsGet, valid: {}, isValid: (payload) => GetPrioritySettingsPayload.safeParse(payload).success },
    {
      name: 'admin: priority settings save',
      definitions: adminPageResolver,
      key: PRIORITY_RESOLVER_KEYS.settingsSave,
      valid: { settings: defaultPrioritySettings() },
      crossFieldRules: true,
      isValid: (payload) => typeof payload === 'object' && payload !== null && 'settings' in payload && parsePrioritySettings((payload as { settings: unknown }).settings).ok,
    },
    {
      name: 'admin: priority settings reset',
      definitions: adminPageResolver,
      key: PRIORITY_RESOLVER_KEYS.settingsReset,
      valid: { matrixSize: 4 },
      isValid: (payload) => ResetPrioritySettingsPayload.safeParse(payload ?? undefined).success,
    },
    {
      name: 'admin: priority matrix size',
      definitions: adminPageResolver,
      key: PRIORITY_RESOLVER_KEYS.settingsMatrixSize,
      valid: { matrixSize: 4, settings: defaultPrioritySettings() },
      crossFieldRules: true,
      // The draft's matrix is replaced by the new size's default, so only its other values must be valid.
      isValid: (payload) => {
        const parsed = ChangeMatrixSizePayload.safeParse(payload);
        if (!parsed.success) return false;
        const { matrixSize, settings } = parsed.data;
        return settings === undefined || (typeof settings === 'object' && settings !== null && parsePrioritySettings({ ...settings, matrix: defaultMatrix(matrixSize) }).ok);
      },
    },
    {
      name: 'admin: validator settings save',
      definitions: adminPageResolver,
      key: VALIDATOR_SETTINGS_RESOLVERS.save,
      valid: { settings: defaultWorkflowRuleSettings() },
      crossFieldRules: true,
      isValid: (payload) => SaveValidatorSettingsPayload.safeParse(payload).success,
    },
    { name: 'admin: validator settings get', definitions: adminPageResolver, key: VALIDATOR_SETTINGS_RESOLVERS.get, valid: {}, isValid: (payload) => GetValidatorSettingsPayload.safeParse(payload).success },
    { name: 'admin: validator settings reset', definitions: adminPageResolver, key: VALIDATOR_SETTINGS_RESOLVERS.reset, valid: {}, isValid: (payload) => ResetValidatorSettingsPayload.safeParse(payload).success },
    // A valid setup payload runs the whole setup (tens of Jira calls), so these two run fewer cases.
    { name: 'admin: setup preview', definitions: adminPageResolver, key: ADMIN_SETUP_KEYS.preview, valid: { projectKeys: ['INC'] }, runs: 20, isValid: (payload) => SetupPayload.safeParse(payload).success },
    { name: 'admin: setup run', definitions: adminPageResolver, key: ADMIN_SETUP_KEYS.run, valid: { projectKeys: ['INC'] }, runs: 15, isValid: (payload) => SetupPayload.safeParse(payload).success },
    { name: 'admin: setup projects', definitions: adminPageResolver, key: ADMIN_SETUP_KEYS.projects, valid: { query: 'INC' }, isValid: (payload) => ProjectsPayload.safeParse(payload).success },
    // The period's "to on or after from" rule names `to` when `from` was the field broken.
    { name: 'trends page: load', definitions: trendsPageResolver, key: TRENDS_RESOLVER_KEYS.load, valid: { from: '2026-11-01', to: '2026-11-30' }, crossFieldRules: true, isValid: (payload) => LoadTrendsPayload.safeParse(payload).success },
    {
      name: 'trends page: create problem',
      definitions: trendsPageResolver,
      key: TRENDS_RESOLVER_KEYS.createProblem,
      valid: { from: '2026-11-01', to: '2026-11-30', category: 'Application', subcategory: 'Error' },
      crossFieldRules: true,
      isValid: (payload) => CreateProblemPayload.safeParse(payload).success,
    },
    { name: 'admin: trends settings save', definitions: adminPageResolver, key: TRENDS_SETTINGS_RESOLVER_KEYS.save, valid: { settings: { minIncidents: 3 } }, isValid: (payload) => SaveTrendsSettingsPayload.safeParse(payload).success },
  ];

  const summary: string[] = [];
  afterAll(() => console.log(`resolver fuzzing (fast-check; numRuns per property as listed, FUZZ_RUNS=${RUNS}):\n  ${summary.join('\n  ')}`));

  it.each(targets().map((target) => [target.name]))('%s: invalid payloads get BAD_REQUEST naming the field, and nothing is written', async (name) => {
    const target = targets().find((candidate) => candidate.name === name)!;
    const runs = Math.min(RUNS, target.runs ?? RUNS);
    let invalid = 0;
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(fuzzPayloads(target.valid), async ({ payload, mutatedPath }) => {
        site.recorder.clear();
        const result = (await site.forge.invoke(target.definitions, target.key, payload, { accountId: admin })) as { success: boolean; error?: { code: string; field?: string; message: string } };
        // What the handler receives: the JSON round trip of the bridge, then @forge/resolver's `payload || {}`.
        const received = (payload === undefined ? undefined : JSON.parse(JSON.stringify(payload))) || {};
        expect(typeof result?.success).toBe('boolean');
        if (target.isValid(received)) {
          valid += 1;
          return;
        }
        invalid += 1;
        expect(result).toMatchObject({ success: false, error: { code: 'BAD_REQUEST' } });
        expect(typeof result.error?.field).toBe('string');
        expect(result.error!.field!.length).toBeGreaterThan(0);
        if (mutatedPath !== undefined && mutatedPath !== '') {
          // The named field is the mutated one, or leads to it (its parent object) or lies inside it.
          const field = result.error!.field!;
          // Settings have cross-field rules (cells name levels), so there the error may name a sibling of the mutated field.
          const scope = target.crossFieldRules ? mutatedPath.split('.')[0]! : mutatedPath;
          const related = scope === field || scope.startsWith(`${field}.`) || field.startsWith(`${scope}.`) || mutatedPath.startsWith(`${field}.`);
          expect({ mutatedPath, field, related }).toEqual({ mutatedPath, field, related: true });
        }
        expect(site.recorder.writes()).toEqual([]);
      }),
      { numRuns: runs },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    summary.push(`${name}: ${runs} runs (${invalid} invalid → BAD_REQUEST with field, nothing written; ${valid} happened to be valid)`);
  });

  it('a prototype-pollution payload on a valid apply neither pollutes Object.prototype nor reaches what is stored', async () => {
    const payload = JSON.parse(
      `{"issueKey":"${issueKey}","assessment":{"impact":"High","urgency":"High","affectedUsers":7,"businessImplications":[],"__proto__":{"polluted":"yes"}},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"extra":"<script>"}`,
    ) as unknown;
    site.recorder.clear();
    const result = (await site.forge.invoke(priorityPanelResolver, PRIORITY_RESOLVER_KEYS.apply, payload, { accountId: admin })) as { success: boolean };
    expect(typeof result.success).toBe('boolean');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const written = JSON.stringify(site.recorder.writes().map((exchange) => exchange.requestBody));
    expect(written).not.toContain('polluted');
    expect(written).not.toContain('<script>');
    summary.push(`prototype pollution on a valid apply: 1 run (${result.success ? 'applied' : 'refused'}; no polluted keys written)`);
  });

  it('names every settings field it can be given wrong (each path of the default settings, set to a wrong type)', async () => {
    const paths = pathsOf(defaultPrioritySettings()).filter((path) => path !== '');
    let checked = 0;
    for (const path of paths) {
      const settings = structuredClone(defaultPrioritySettings()) as Record<string, unknown>;
      setPath(settings, path, { wrong: true });
      site.recorder.clear();
      const result = (await site.forge.invoke(adminPageResolver, PRIORITY_RESOLVER_KEYS.settingsSave, { settings }, { accountId: admin })) as { success: boolean; error?: { code: string; field?: string } };
      const field = result.error?.field ?? '';
      expect({ path, code: result.error?.code, related: `settings.${path}` === field || `settings.${path}`.startsWith(`${field}.`) || field.startsWith(`settings.${path}.`) }).toEqual({ path, code: 'BAD_REQUEST', related: true });
      expect(site.recorder.writes()).toEqual([]);
      checked += 1;
    }
    summary.push(`priority settings, every field set to a wrong type: ${checked} cases, each BAD_REQUEST naming its field`);
  });
});

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node: Record<string, unknown> = target;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  node[segments.at(-1)!] = value;
}
