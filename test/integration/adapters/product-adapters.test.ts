import * as path from 'node:path';
import { ConfluenceClient } from '../../../src/adapters/confluence/confluence-client';
import { ProductApiError } from '../../../src/adapters/http/product-api-error';
import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { incidentFromJiraIssue, incidentIssueFieldIds, incidentValuesToJiraFields } from '../../../src/adapters/jira/incident-mapper';
import { loadIncidentFieldMap } from '../../../src/adapters/jira/incident-field-map';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { runIncidentSetup } from '../../../src/usecases/setup/run-incident-setup';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

const SEED = path.resolve(__dirname, '..', 'setup', 'fixtures', 'setup-site');
const ADMIN = '5b10a2844c20165700ede21g';
const RESPONDER = '5b10ac8d82e05b22cc7d4ef5';
const NO_ACCESS = '5b10ac8d82e05b22cc7d4ef7';
const FAST_RETRY = { retry: { sleep: async () => undefined } };

async function caught(promise: Promise<unknown>): Promise<ProductApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof ProductApiError) return error;
  throw new Error(`expected a ProductApiError, got ${String(error)}`);
}

describe('adapters against the local site', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED });
  });
  afterEach(() => forge.dispose());

  const jiraRequests = (pathPrefix: string) =>
    forge.site.stats.log.filter((entry) => entry.product === 'jira' && entry.path.startsWith(pathPrefix));

  it('reads a 250-entry changelog in three pages, in order', async () => {
    const issue = forge.site.jira.addIssue({ project: 'OPS', issueType: 'Task', summary: 'Flapping DNS', key: 'OPS-1' });
    for (let index = 0; index < 250; index += 1) {
      issue.changelog.push({
        id: String(500_000 + index),
        author: { accountId: ADMIN, displayName: 'Site Admin', active: true, accountType: 'atlassian' },
        created: new Date(Date.UTC(2026, 10, 26, 10, 0, index)).toISOString().replace('Z', '+0000'),
        items: [{ field: 'labels', fieldtype: 'jira', fieldId: 'labels', fromString: '', toString: `flap-${index}` }],
      });
    }

    const changelog = await forge.asInvocation({ accountId: RESPONDER }, () => JiraClient.asUser().getChangelogAll('OPS-1'));

    expect(changelog).toHaveLength(250);
    expect(changelog.map((entry) => entry.items[0]?.toString)).toEqual(Array.from({ length: 250 }, (_, index) => `flap-${index}`));
    expect(jiraRequests('/rest/api/3/issue/OPS-1/changelog')).toHaveLength(3);
  });

  it('pages through JQL results with nextPageToken', async () => {
    for (let index = 1; index <= 7; index += 1)
      forge.site.jira.addIssue({ project: 'NET', issueType: 'Task', summary: `Packet loss ${index}` });

    const summaries: string[] = [];
    await forge.asInvocation({ accountId: RESPONDER }, async () => {
      for await (const issue of JiraClient.asUser().searchJql({
        jql: 'project = NET ORDER BY key ASC',
        fields: ['summary'],
        maxResults: 3,
      })) {
        summaries.push(String(issue.fields.summary));
      }
    });

    expect(summaries).toEqual(Array.from({ length: 7 }, (_, index) => `Packet loss ${index + 1}`));
    expect(jiraRequests('/rest/api/3/search/jql')).toHaveLength(3);
  });

  it('throws notFound for an issue the user cannot see, and forbidden for a configuration write without Administer Jira', async () => {
    forge.site.jira.addIssue({ project: 'OPS', issueType: 'Task', summary: 'Secret', key: 'OPS-9' });

    const hidden = await forge.asInvocation({ accountId: NO_ACCESS }, () => caught(JiraClient.asUser().getIssue('OPS-9')));
    expect(hidden.kind).toBe('notFound');
    const missing = await caught(JiraClient.asApp().getIssue('OPS-404'));
    expect(missing).toMatchObject({ kind: 'notFound', status: 404 });

    const denied = await forge.asInvocation({ accountId: RESPONDER }, () =>
      caught(JiraClient.asUser().createIssueType({ name: 'Incident' })),
    );
    expect(denied).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(denied.details.errorMessages?.[0]).toMatch(/Administrator privileges/);
    await expect(forge.asInvocation({ accountId: RESPONDER }, () => JiraClient.asUser().myPermissions(['ADMINISTER']))).resolves.toEqual({
      ADMINISTER: false,
    });
  });

  it('retries a 429 with Retry-After and a 503, then succeeds', async () => {
    forge.site.jira.addIssue({ project: 'OPS', issueType: 'Task', summary: 'Busy', key: 'OPS-2' });
    forge.site.faults.inject({ match: { method: 'GET', pathPrefix: '/rest/api/3/issue/OPS-2' }, kind: '429', retryAfterSeconds: 2 });
    forge.site.faults.inject({ match: { method: 'GET', pathPrefix: '/rest/api/3/issue/OPS-2' }, kind: '503' });
    const waits: number[] = [];
    const client = new JiraClient((await import('@forge/api')).default.asApp().requestJira, {
      retry: { sleep: async (ms) => void waits.push(ms), random: () => 0 },
    });

    const issue = await client.getIssue('OPS-2', { fields: ['summary'] });

    expect(issue.fields.summary).toBe('Busy');
    expect(waits[0]).toBe(2000);
    expect(waits).toHaveLength(2);
  });

  it('writes incident fields with the mapper and reads them back after setup', async () => {
    await runIncidentSetup(
      { jira: JiraClient.asApp(FAST_RETRY), storage: new AppStorage(), now: () => new Date('2026-11-26T10:00:00Z') },
      { projectKeys: ['OPS'] },
    );
    const jira = JiraClient.asApp();
    const fieldMap = await loadIncidentFieldMap(jira, new AppStorage());

    const created = await jira.createIssue({
      fields: {
        project: { key: 'OPS' },
        issuetype: { name: 'Incident' },
        summary: 'Checkout 500s',
        ...incidentValuesToJiraFields(
          {
            impact: 'High',
            urgency: 'Medium',
            category: 'Application',
            subcategory: 'Outage',
            affectedUsers: 1200,
            businessImplications: ['Financial'],
            initialDiagnosis: 'Pool exhausted\non db-2',
          },
          fieldMap,
        ),
      },
    });
    await jira.updateIssue(created.key, {
      fields: incidentValuesToJiraFields({ escalationTier: 'Tier 2', impactStartedAt: '2026-11-26T09:55:00.000Z' }, fieldMap),
    });

    const incident = incidentFromJiraIssue(await jira.getIssue(created.key, { fields: incidentIssueFieldIds(fieldMap) }), fieldMap);
    expect(incident).toMatchObject({
      workType: 'incident',
      summary: 'Checkout 500s',
      impact: 'High',
      urgency: 'Medium',
      category: 'Application',
      subcategory: 'Outage',
      affectedUsers: 1200,
      businessImplications: ['Financial'],
      initialDiagnosis: 'Pool exhausted\non db-2',
      escalationTier: 'Tier 2',
    });
    expect(Date.parse(String(incident.impactStartedAt).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))).toBe(
      Date.parse('2026-11-26T09:55:00.000Z'),
    );
  });

  it('finds the field map by name when setup never stored one, and keeps it', async () => {
    const jira = JiraClient.asApp();
    const impact = await jira.createField({
      name: 'Impact',
      description: 'x',
      type: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
      searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:multiselectsearcher',
    });
    await jira.createField({
      name: 'Urgency',
      description: "an admin's own text field",
      type: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
      searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:textsearcher',
    });

    await expect(loadIncidentFieldMap(jira, new AppStorage())).resolves.toEqual({ impact: impact.id });
    const { kvs } = await import('@forge/kvs');
    await expect(kvs.get('setup:incident-field-map')).resolves.toEqual({ impact: impact.id });
  });

  it('creates, finds, updates and lists Confluence pages with versions', async () => {
    const confluence = ConfluenceClient.asApp();
    const [space] = await confluence.getSpaces({ keys: ['OPS'] });
    if (!space) throw new Error('seed space OPS missing');
    const adf = { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Timeline' }] }] };

    const parent = await confluence.createPage({ spaceId: space.id, title: 'Postmortems', adf });
    const page = await confluence.createPage({ spaceId: space.id, title: 'INC-1 postmortem', parentId: parent.id, adf });
    const duplicate = await caught(confluence.createPage({ spaceId: space.id, title: 'INC-1 postmortem', adf }));
    expect(duplicate.kind).toBe('badRequest');
    expect(duplicate.details.errorMessages?.[0]).toMatch(/already exists/);

    await expect(confluence.findPageByTitle(space.id, 'INC-1 postmortem')).resolves.toMatchObject({ id: page.id });
    const updated = await confluence.updatePage({ id: page.id, title: page.title, version: (page.version?.number ?? 1) + 1, adf });
    expect(updated.version?.number).toBe(2);
    const stale = await caught(confluence.updatePage({ id: page.id, title: page.title, version: 2, adf }));
    expect(stale.kind).toBe('conflict');

    expect((await confluence.getChildPages(parent.id)).map((child) => child.id)).toEqual([page.id]);
    await confluence.setPageProperty(page.id, 'incident', { key: 'INC-1' });
    await expect(confluence.getPageProperty(page.id, 'incident')).resolves.toMatchObject({ value: { key: 'INC-1' } });
    await expect(confluence.findPage('999999')).resolves.toBeUndefined();
  });

  it('follows Confluence cursor links across pages', async () => {
    const confluence = new ConfluenceClient((await import('@forge/api')).default.asApp().requestConfluence, { pageLimit: 10 });
    const [space] = await confluence.getSpaces();
    if (!space) throw new Error('seed space missing');
    const adf = { version: 1, type: 'doc', content: [] };
    const parent = await confluence.createPage({ spaceId: space.id, title: 'Parent', adf });
    for (let index = 0; index < 25; index += 1)
      await confluence.createPage({ spaceId: space.id, title: `Child ${index}`, parentId: parent.id, adf });
    forge.site.stats.log.length = 0;

    const children = await confluence.getChildPages(parent.id);

    expect(children.map((child) => child.title)).toEqual(Array.from({ length: 25 }, (_, index) => `Child ${index}`));
    const requests = forge.site.stats.log.filter((entry) => entry.product === 'confluence');
    expect(requests).toHaveLength(3);
    expect(requests.every((entry) => entry.path.startsWith(`/wiki/api/v2/pages/${parent.id}/children`))).toBe(true);
  });
});
