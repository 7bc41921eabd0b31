import path from 'node:path';
import { TRENDS_RESOLVER_KEYS, TRENDS_SETTINGS_RESOLVER_KEYS, type CreateProblemResult, type TrendsSettings, type TrendsView } from '../../../src/contracts/incident-trends';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { adminPageResolver } from '../../../src/entry/resolvers/admin-page-resolver';
import { trendsPageResolver } from '../../../src/entry/resolvers/trends-page-resolver';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
// seeds/demo/users.json: Priya is a site admin; Marcus works INC and OPS; Elena may browse INC and create issues there but not link them.
const PEOPLE = { priya: '5f1a2b3c4d5e6f7a8b9c0d01', marcus: '5f1a2b3c4d5e6f7a8b9c0d02', elena: '5f1a2b3c4d5e6f7a8b9c0d03', jonas: '5f1a2b3c4d5e6f7a8b9c0d04' } as const;
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
/** seeds/demo/fields.json: Incident category (cascading select). */
const CATEGORY_FIELD = 'customfield_10052';
const INC_PAGE = { type: 'jira:projectPage', project: { id: '10000', key: 'INC', type: 'software' } };

function pageCall<T>(forge: LocalForge, accountId: string, functionKey: string, payload: unknown, extension: Record<string, unknown> = INC_PAGE): Promise<ResolverResult<T>> {
  return forge.invoke(trendsPageResolver, functionKey, payload, { accountId, moduleKey: 'incident-trends', extension }) as Promise<ResolverResult<T>>;
}

function data<T>(result: ResolverResult<T>): T {
  if (!result.success) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function setThreshold(forge: LocalForge, minIncidents: number): Promise<ResolverResult<TrendsSettings>> {
  return (await forge.invoke(adminPageResolver, TRENDS_SETTINGS_RESOLVER_KEYS.save, { settings: { minIncidents } }, { accountId: PEOPLE.priya, moduleKey: 'incident-admin-page' })) as ResolverResult<TrendsSettings>;
}

interface LinkView {
  type: { name: string };
  inwardIssue?: { key: string };
  outwardIssue?: { key: string };
}

async function linksOf(forge: LocalForge, key: string): Promise<LinkView[]> {
  return ((await forge.site.request('app', 'GET', `/rest/api/3/issue/${key}?fields=issuelinks`)).body as { fields: { issuelinks: LinkView[] } }).fields.issuelinks;
}

async function problemsNamed(forge: LocalForge, text: string): Promise<string[]> {
  const found = await forge.site.request('app', 'POST', '/rest/api/3/search/jql', { jql: 'issuetype = Problem', fields: ['summary'], maxResults: 100 });
  return (found.body as { issues: { key: string; fields: { summary: string } }[] }).issues.filter((issue) => issue.fields.summary.includes(text)).map((issue) => issue.key);
}

describe('Incident trends page (trends.load) against the local site', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
  });
  afterEach(() => forge.dispose());

  it("answers the page's project trends as the viewer, with the admin's threshold, the site's address and whether they may create the Problem", async () => {
    const view = data(await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, NOVEMBER));
    expect(view).toMatchObject({ projectKey: 'INC', minIncidents: 3, siteUrl: forge.site.baseUrl, canCreateProblem: true });
    expect(Date.parse(view.computedAt)).not.toBeNaN();
    // INC-1..6 and INC-8 are Incidents created in November; INC-7 is the Problem; OPS-* are another project.
    expect(view.trends).toMatchObject({ from: '2026-11-01', to: '2026-11-30', incidents: 7, bucket: 'week' });
    expect(view.trends.openByAge.map((bucket) => bucket.label)).toEqual(['< 1 day', '1-7 days', '7-30 days', '> 30 days']);
    // Jonas may browse OPS only: he can open no incident here, and may not create issues.
    const jonas = data(await pageCall<TrendsView>(forge, PEOPLE.jonas, TRENDS_RESOLVER_KEYS.load, NOVEMBER, { ...INC_PAGE, project: { id: '10001', key: 'OPS', type: 'software' } }));
    expect(jonas).toMatchObject({ projectKey: 'OPS', canCreateProblem: false, trends: { incidents: 0 } });
  });

  it('a user who cannot browse some incidents (an issue security level) gets numbers built without them', async () => {
    const before = data(await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, NOVEMBER)).trends;
    for (const key of ['INC-2', 'INC-5']) forge.site.jira.issue(key)!.fields.security = { id: '10300', name: 'Security team' };
    forge.site.jira.user(PEOPLE.priya)!.issueSecurityLevels = ['Security team'];

    const marcus = data(await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, NOVEMBER)).trends;
    const priya = data(await pageCall<TrendsView>(forge, PEOPLE.priya, TRENDS_RESOLVER_KEYS.load, NOVEMBER)).trends;
    expect(priya).toEqual({ ...before });
    expect(marcus.incidents).toBe(before.incidents - 2);
    const keysIn = (trends: TrendsView['trends']) => JSON.stringify([trends.openByAge, trends.reopened, trends.problemCandidates]);
    expect(keysIn(marcus)).not.toMatch(/"INC-(2|5)"/);
    // Both were Application incidents: that category lost exactly them.
    const application = (trends: TrendsView['trends']) => trends.byCategory.filter((row) => row.category === 'Application').reduce((sum, row) => sum + row.count, 0);
    expect(application(marcus)).toBe(application(before) - 2);
  });

  it('names the field of a bad period, and refuses a call from outside a project page', async () => {
    const bad = await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, { from: '2026-11-30', to: '2026-11-01' });
    expect(bad).toEqual({ success: false, error: { code: 'BAD_REQUEST', message: 'to: expected a day on or after from', field: 'to' } });
    const noProject = await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, NOVEMBER, {});
    expect(noProject).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'context.extension.project' } });
  });
});

describe('Create Problem from a candidate (trends.createProblem) against the local site', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    // INC-8 (Network) and one more incident of its category / subcategory, neither linked to a Problem: a candidate at a threshold of 2.
    const inc8 = forge.site.jira.issue('INC-8')!;
    forge.site.jira.addIssue({ project: 'INC', issueType: 'Incident', summary: 'Load balancer drops connections again', fields: { [CATEGORY_FIELD]: inc8.fields[CATEGORY_FIELD] }, created: '2026-11-12T09:30:00.000+0000' });
    data(await setThreshold(forge, 2));
  });
  afterEach(() => forge.dispose());

  it('creates the Problem once under two concurrent calls, links every incident to it with Causes, and the candidate is gone after', async () => {
    const view = data(await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, NOVEMBER));
    expect(view.minIncidents).toBe(2);
    expect(view.trends.problemCandidates).toHaveLength(1);
    const candidate = view.trends.problemCandidates[0]!;
    expect(candidate).toMatchObject({ category: 'Network', incidentKeys: ['INC-8', expect.stringMatching(/^INC-\d+$/)] });
    const payload = { ...NOVEMBER, category: candidate.category, subcategory: candidate.subcategory };

    const [first, second] = await Promise.all([
      pageCall<CreateProblemResult>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.createProblem, payload),
      pageCall<CreateProblemResult>(forge, PEOPLE.priya, TRENDS_RESOLVER_KEYS.createProblem, payload),
    ]);
    const results = [data(first), data(second)];
    expect(results.map((result) => result.created).sort()).toEqual([false, true]);
    const problemKey = results[0]!.problem.key;
    expect(results[1]!.problem.key).toBe(problemKey);
    expect(results[0]!.problem.url).toBe(`${forge.site.baseUrl}/browse/${problemKey}`);
    expect(results.find((result) => result.created)!.linkedIncidentKeys).toEqual(candidate.incidentKeys);
    expect(await problemsNamed(forge, `${candidate.category} / ${candidate.subcategory}`)).toEqual([problemKey]);

    // The Problem causes each incident: seen from the incident, the Problem is the inward issue of a "Causes" link.
    for (const key of candidate.incidentKeys) expect(await linksOf(forge, key)).toContainEqual(expect.objectContaining({ type: expect.objectContaining({ name: 'Causes' }), inwardIssue: expect.objectContaining({ key: problemKey }) }));
    const problem = (await forge.site.request('app', 'GET', `/rest/api/3/issue/${problemKey}?fields=issuetype,project,description,reporter`)).body as { fields: { issuetype: { name: string }; project: { key: string }; description: unknown; reporter: { accountId: string } } };
    expect(problem.fields).toMatchObject({ issuetype: { name: 'Problem' }, project: { key: 'INC' } });
    expect(JSON.stringify(problem.fields.description)).toContain(candidate.incidentKeys[1]);

    const after = data(await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, NOVEMBER));
    expect(after.trends.problemCandidates).toEqual([]);
    // A later retry answers the same Problem and links nothing twice.
    expect(data(await pageCall<CreateProblemResult>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.createProblem, payload))).toEqual({ problem: results[0]!.problem, created: false, linkedIncidentKeys: [] });
    expect((await linksOf(forge, 'INC-8')).filter((link) => link.inwardIssue?.key === problemKey)).toHaveLength(1);
  });

  it('a user who may create but not link gets the Problem and a clear refusal; a retry by someone who may link makes only the missing links', async () => {
    const view = data(await pageCall<TrendsView>(forge, PEOPLE.elena, TRENDS_RESOLVER_KEYS.load, NOVEMBER));
    const candidate = view.trends.problemCandidates[0]!;
    const payload = { ...NOVEMBER, category: candidate.category, subcategory: candidate.subcategory };
    const elena = await pageCall<CreateProblemResult>(forge, PEOPLE.elena, TRENDS_RESOLVER_KEYS.createProblem, payload);
    expect(elena).toMatchObject({ success: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Link issues permission') } });
    const [problemKey] = await problemsNamed(forge, `${candidate.category} / ${candidate.subcategory}`);
    expect(problemKey).toBeDefined();

    const marcus = data(await pageCall<CreateProblemResult>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.createProblem, payload));
    expect(marcus).toMatchObject({ problem: { key: problemKey }, created: false, linkedIncidentKeys: candidate.incidentKeys });
    expect(await problemsNamed(forge, `${candidate.category} / ${candidate.subcategory}`)).toEqual([problemKey]);
  });

  it('refuses a category that is not a candidate for the period, writing nothing', async () => {
    const refused = await pageCall<CreateProblemResult>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.createProblem, { ...NOVEMBER, category: 'Database', subcategory: 'Unavailable' });
    expect(refused).toMatchObject({ success: false, error: { code: 'CONFLICT', message: expect.stringContaining('no longer a problem candidate'), field: 'category' } });
    expect(await problemsNamed(forge, 'Database')).toEqual([]);
  });

  it('names what the admin must add when the site lacks the Causes link type or the project the Problem type, before creating anything', async () => {
    const payload = { ...NOVEMBER, category: 'Network', subcategory: (await candidateSubcategory(forge))! };
    const linkTypes = forge.site.jira.state.issueLinkTypes;
    const saved = linkTypes.splice(0, linkTypes.length, ...linkTypes.filter((type) => type.name !== 'Causes'));
    const noLinkType = await pageCall<CreateProblemResult>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.createProblem, payload);
    expect(noLinkType).toMatchObject({ success: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('"Causes" issue link type') } });
    linkTypes.splice(0, linkTypes.length, ...saved);

    const issueTypes = forge.site.jira.state.issueTypes;
    const withoutProblem = issueTypes.filter((type) => type.name !== 'Problem');
    const allTypes = issueTypes.splice(0, issueTypes.length, ...withoutProblem);
    const noProblemType = await pageCall<CreateProblemResult>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.createProblem, payload);
    issueTypes.splice(0, issueTypes.length, ...allTypes);
    expect(noProblemType).toMatchObject({ success: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('Problem issue type') } });
    expect(await problemsNamed(forge, 'Network')).toEqual([]);
    // Nothing was claimed: the next call creates it.
    expect(data(await pageCall<CreateProblemResult>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.createProblem, payload)).created).toBe(true);
  });
});

describe('Incident trends settings on the admin page', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
  });
  afterEach(() => forge.dispose());

  it('only admins read or change the threshold; it is checked and then used by the page', async () => {
    const asMarcus = await forge.invoke(adminPageResolver, TRENDS_SETTINGS_RESOLVER_KEYS.save, { settings: { minIncidents: 1 } }, { accountId: PEOPLE.marcus, moduleKey: 'incident-admin-page' });
    expect(asMarcus).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect(await forge.invoke(adminPageResolver, TRENDS_SETTINGS_RESOLVER_KEYS.get, {}, { accountId: PEOPLE.priya, moduleKey: 'incident-admin-page' })).toEqual({ success: true, data: { minIncidents: 3 } });
    expect(await setThreshold(forge, 0)).toEqual({ success: false, error: { code: 'BAD_REQUEST', message: 'settings.minIncidents: expected at least 1 incident', field: 'settings.minIncidents' } });
    expect(await setThreshold(forge, 1)).toEqual({ success: true, data: { minIncidents: 1 } });
    const view = data(await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, NOVEMBER));
    expect(view.minIncidents).toBe(1);
    expect(view.trends.problemCandidates.flatMap((row) => row.incidentKeys).sort()).toEqual(['INC-1', 'INC-2', 'INC-3', 'INC-5', 'INC-8']);
  });
});

async function candidateSubcategory(forge: LocalForge): Promise<string | undefined> {
  const view = data(await pageCall<TrendsView>(forge, PEOPLE.marcus, TRENDS_RESOLVER_KEYS.load, NOVEMBER));
  return view.trends.problemCandidates.find((row) => row.category === 'Network')?.subcategory;
}
