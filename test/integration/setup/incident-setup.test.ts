import * as path from 'node:path';
import { z } from 'zod';
import { ADMIN_SETUP_KEYS, SetupPreviewSchema, SetupProjectSchema, SetupReportSchema } from '../../../src/contracts/admin-setup';
import { ResolverErrorSchema } from '../../../src/contracts/resolver-result';
import { IncidentFieldMap } from '../../../src/adapters/jira/incident-mapper';
import { INCIDENT_FIELDS, INCIDENT_CATEGORIES } from '../../../src/domain/incident/incident-fields';
import { defaultPrioritySettings } from '../../../src/domain/priority/priority-settings';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { adminSetupResolver } from '../../../src/entry/resolvers/admin-setup-resolver';
import { appInstalledTrigger } from '../../../src/entry/triggers/app-installed-trigger';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

const SEED = path.resolve(__dirname, 'fixtures', 'setup-site');
const ADMIN = '5b10a2844c20165700ede21g';
const RESPONDER = '5b10ac8d82e05b22cc7d4ef5';

const Failure = z.object({ success: z.literal(false), error: ResolverErrorSchema });
const ReportEnvelope = z.object({ success: z.literal(true), data: SetupReportSchema });
const PreviewEnvelope = z.object({ success: z.literal(true), data: SetupPreviewSchema });

function writesTo(forge: LocalForge): Array<{ method: string; path: string; status: number }> {
  return forge.site.stats.log.filter(
    (entry) => entry.product === 'jira' && entry.method !== 'GET' && !entry.path.startsWith('/rest/api/3/search/jql'),
  );
}

describe('Incident setup through the admin resolver on the local site', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED });
  });
  afterEach(() => forge.dispose());

  const run = async (accountId: string, projectKeys: string[]) =>
    forge.invoke(adminSetupResolver, ADMIN_SETUP_KEYS.run, { projectKeys }, { accountId });

  it('creates the types, fields, options and link type, adds the types to the picked projects, and stores the field map', async () => {
    const report = ReportEnvelope.parse(await run(ADMIN, ['OPS', 'NET', 'TEAM'])).data;

    expect(report.failed).toEqual([]);
    const createdIds = report.created.map((item) => item.id);
    expect(createdIds).toEqual(
      expect.arrayContaining(['issueType:incident', 'issueType:problem', 'linkType:causes', 'fieldOptions:category']),
    );
    expect(createdIds.filter((id) => id.startsWith('field:'))).toHaveLength(INCIDENT_FIELDS.length);
    // OPS and NET have one scheme each in this seed; TEAM is team-managed.
    expect(createdIds.filter((id) => id.startsWith('scheme:'))).toHaveLength(2);
    // The setup site's admin is in no group, so the default closure groups name none of its groups.
    expect(report.skipped).toEqual([
      expect.objectContaining({ id: 'project:TEAM' }),
      expect.objectContaining({ id: 'closureGroups', reason: expect.stringContaining('nobody can close an incident') }),
    ]);

    const state = forge.site.jira.state;
    const incidentType = state.issueTypes.find((type) => type.name === 'Incident');
    const problemType = state.issueTypes.find((type) => type.name === 'Problem');
    const ops = state.findProject('OPS');
    const opsScheme = state.schemes.find((scheme) => scheme.id === ops?.schemeId);
    expect(opsScheme?.issueTypeIds).toEqual(expect.arrayContaining([String(incidentType?.id), String(problemType?.id)]));
    expect(state.issueLinkTypes).toContainEqual(expect.objectContaining({ name: 'Causes', outward: 'causes', inward: 'is caused by' }));

    const fieldMap = IncidentFieldMap.parse(await readStored(forge, 'setup:incident-field-map'));
    expect(Object.keys(fieldMap).sort()).toEqual(INCIDENT_FIELDS.map((field) => field.key).sort());

    const categoryContexts = state.fieldContexts(String(fieldMap.category));
    expect(categoryContexts).toHaveLength(1);
    const options = categoryContexts[0]?.options ?? [];
    const network = options.find((option) => option.value === 'Network' && option.optionId === undefined);
    expect(options.filter((option) => option.optionId === network?.id).map((option) => option.value)).toEqual(INCIDENT_CATEGORIES.Network);
  });

  it('changes nothing on a second run', async () => {
    ReportEnvelope.parse(await run(ADMIN, ['OPS', 'NET']));
    const writesAfterFirst = writesTo(forge).length;

    const second = ReportEnvelope.parse(await run(ADMIN, ['OPS', 'NET'])).data;

    expect(second.created).toEqual([]);
    expect(second.failed).toEqual([]);
    expect(second.existing.map((item) => item.id)).toEqual(
      expect.arrayContaining(['issueType:incident', 'field:impact', 'fieldOptions:category', 'linkType:causes']),
    );
    expect(writesTo(forge)).toHaveLength(writesAfterFirst);
  });

  it('answers FORBIDDEN to a user without Administer Jira and writes nothing', async () => {
    const fieldsBefore = forge.site.jira.state.fields.length;

    const result = Failure.parse(await run(RESPONDER, ['OPS']));

    expect(result.error.code).toBe('FORBIDDEN');
    expect(writesTo(forge)).toEqual([]);
    expect(forge.site.jira.state.fields).toHaveLength(fieldsBefore);
    expect(await readStored(forge, 'setup:incident-field-map')).toBeUndefined();
    for (const key of [ADMIN_SETUP_KEYS.preview, ADMIN_SETUP_KEYS.projects]) {
      expect(Failure.parse(await forge.invoke(adminSetupResolver, key, { projectKeys: [] }, { accountId: RESPONDER })).error.code).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('reports a failed step, and a rerun completes exactly that step', async () => {
    // 500 is not retried (only 429/503 and resets are), so the step fails for this run.
    forge.site.faults.inject({ match: { method: 'POST', pathPrefix: '/rest/api/3/issueLinkType' }, kind: '500' });

    const first = ReportEnvelope.parse(await run(ADMIN, ['OPS'])).data;
    expect(first.failed).toEqual([expect.objectContaining({ id: 'linkType:causes', error: expect.stringContaining('500') })]);
    expect(first.created.length).toBeGreaterThan(10);

    const second = ReportEnvelope.parse(await run(ADMIN, ['OPS'])).data;
    expect(second.created.map((item) => item.id)).toEqual(['linkType:causes']);
    expect(second.failed).toEqual([]);
  });

  it('finishes a field whose options failed on the first run without creating it again', async () => {
    forge.site.faults.inject({ match: (req) => req.method === 'POST' && /\/context\/[^/]+\/option$/.test(req.path), kind: '500' });

    const first = ReportEnvelope.parse(await run(ADMIN, [])).data;
    expect(first.failed).toHaveLength(1);
    const failedId = first.failed[0]?.id ?? '';
    expect(failedId).toMatch(/^fieldOptions:/);
    const fieldCount = forge.site.jira.state.fields.length;

    const second = ReportEnvelope.parse(await run(ADMIN, [])).data;
    expect(second.created.map((item) => item.id)).toEqual([failedId]);
    expect(forge.site.jira.state.fields).toHaveLength(fieldCount);
  });

  it('answers CONFLICT while another run holds the setup lock, and writes nothing', async () => {
    const { kvs } = await import('@forge/kvs');
    await kvs.set('setup:run-lock', { startedAt: '2026-11-26T10:00:00.000Z' });

    const result = Failure.parse(await run(ADMIN, ['OPS']));

    expect(result.error.code).toBe('CONFLICT');
    expect(writesTo(forge)).toEqual([]);
    await kvs.delete('setup:run-lock');
    expect(ReportEnvelope.parse(await run(ADMIN, ['OPS'])).data.failed).toEqual([]);
    await expect(readStored(forge, 'setup:run-lock')).resolves.toBeUndefined();
  });

  it('rides out a 429 with Retry-After and a reset on a read', async () => {
    forge.site.faults.inject({ match: { method: 'POST', pathPrefix: '/rest/api/3/issuetype' }, kind: '429', retryAfterSeconds: 0 });
    forge.site.faults.inject({ match: { method: 'GET', pathPrefix: '/rest/api/3/issueLinkType' }, kind: 'reset' });

    const report = ReportEnvelope.parse(await run(ADMIN, [])).data;

    expect(report.failed).toEqual([]);
    expect(report.created.map((item) => item.id)).toContain('issueType:incident');
    expect(forge.site.faults.served['429']).toBe(1);
    expect(forge.site.faults.served.reset).toBe(1);
  });

  it('gives Impact and Urgency the levels of the stored matrix, and disables the levels a smaller matrix drops', async () => {
    const { kvs } = await import('@forge/kvs');
    ReportEnvelope.parse(await run(ADMIN, []));
    await kvs.set('priority:settings', defaultPrioritySettings(5));
    const grown = ReportEnvelope.parse(await run(ADMIN, [])).data;
    expect(grown.created.map((item) => item.id)).toEqual(['fieldOptions:impact', 'fieldOptions:urgency']);
    const fieldMap = IncidentFieldMap.parse(await readStored(forge, 'setup:incident-field-map'));
    const optionsOf = async (fieldId: string) => {
      const contexts = (await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context`)).body as {
        values: Array<{ id: string }>;
      };
      const options = (await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context/${contexts.values[0]?.id}/option`))
        .body as { values: Array<{ value: string; disabled: boolean }> };
      return options.values.map((option) => `${option.value}${option.disabled ? ' (disabled)' : ''}`);
    };
    // Jira appends new options; setup moves the levels first, in the matrix's order.
    expect(await optionsOf(fieldMap.impact ?? '')).toEqual(['Critical', 'High', 'Medium', 'Low', 'Minimal']);

    await kvs.set('priority:settings', defaultPrioritySettings(4));
    const second = ReportEnvelope.parse(await run(ADMIN, [])).data;
    expect(second.created.map((item) => item.label)).toEqual(
      expect.arrayContaining(['1 options of Impact enabled or disabled', '1 options of Urgency enabled or disabled']),
    );
    expect(await optionsOf(fieldMap.urgency ?? '')).toEqual(['Critical', 'High', 'Medium', 'Low', 'Minimal (disabled)']);
    expect(forge.site.contract.violations).toEqual([]);
  });

  it('reports configured closure groups the site has, checked as the app', async () => {
    const { kvs } = await import('@forge/kvs');
    const defaults = defaultWorkflowRuleSettings();
    // Rita's groups exist on the site once she is in one: the site's groups are its users' groups.
    forge.site.jira.state.users.get(RESPONDER)?.groups.push('ops-oncall');
    await kvs.set('workflow-rules:settings', { ...defaults, closure: { ...defaults.closure, serviceDeskGroups: ['ops-oncall'] } });
    const preview = PreviewEnvelope.parse(
      await forge.invoke(adminSetupResolver, ADMIN_SETUP_KEYS.preview, { projectKeys: [] }, { accountId: ADMIN }),
    ).data;
    expect(preview.existing).toContainEqual({ id: 'closureGroups', label: 'Groups allowed to close incidents: ops-oncall' });
    expect(preview.skipped).toEqual([]);
  });

  it('previews without writing, and the preview matches what a run then creates', async () => {
    const preview = PreviewEnvelope.parse(
      await forge.invoke(adminSetupResolver, ADMIN_SETUP_KEYS.preview, { projectKeys: ['OPS', 'NOPE'] }, { accountId: ADMIN }),
    ).data;
    expect(writesTo(forge)).toEqual([]);
    expect(preview.skipped).toEqual([expect.objectContaining({ id: 'project:NOPE' }), expect.objectContaining({ id: 'closureGroups' })]);

    const report = ReportEnvelope.parse(await run(ADMIN, ['OPS', 'NOPE'])).data;
    expect(report.created.map((item) => item.id)).toEqual(preview.planned.map((item) => item.id));
  });

  it('rejects a malformed payload naming the field', async () => {
    const result = Failure.parse(
      await forge.invoke(adminSetupResolver, ADMIN_SETUP_KEYS.run, { projectKeys: ['ops; drop'] }, { accountId: ADMIN }),
    );
    expect(result.error).toMatchObject({ code: 'BAD_REQUEST', field: 'projectKeys.0' });
    expect(writesTo(forge)).toEqual([]);
  });

  it('lists the projects to pick from, marking team-managed ones', async () => {
    const result = z
      .object({ success: z.literal(true), data: z.array(SetupProjectSchema) })
      .parse(await forge.invoke(adminSetupResolver, ADMIN_SETUP_KEYS.projects, {}, { accountId: ADMIN }));
    expect(result.data.map((project) => [project.key, project.teamManaged])).toEqual([
      ['OPS', false],
      ['NET', false],
      ['TEAM', true],
    ]);
  });
});

describe('avi:forge:installed:app fallback', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED });
  });
  afterEach(() => forge.dispose());

  it('creates types, fields and the link type but leaves project schemes alone', async () => {
    const schemesBefore = JSON.stringify(forge.site.jira.state.schemes.filter((scheme) => !scheme.isDefault));

    const report = await appInstalledTrigger({
      id: 'install-1',
      installerAccountId: ADMIN,
      app: { id: 'ari:cloud:ecosystem::app/x', version: '1.0.0' },
    });

    expect(report?.failed).toEqual([]);
    expect(report?.created.map((item) => item.id)).toEqual(
      expect.arrayContaining(['issueType:incident', 'field:urgency', 'linkType:causes']),
    );
    expect(JSON.stringify(forge.site.jira.state.schemes.filter((scheme) => !scheme.isDefault))).toBe(schemesBefore);
  });

  it('ignores an event of unexpected shape without touching the site', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(appInstalledTrigger({ nope: true })).resolves.toBeUndefined();
    expect(writesTo(forge)).toEqual([]);
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining('unexpected shape'),
      expect.arrayContaining([expect.objectContaining({ path: ['app'] })]),
    );
    logged.mockRestore();
  });
});

async function readStored(forge: LocalForge, key: string): Promise<unknown> {
  const { kvs } = await import('@forge/kvs');
  return forge.asInvocation({ accountId: ADMIN }, () => kvs.get(key));
}
