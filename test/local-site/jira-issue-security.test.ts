import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

const { admin, responder } = SEED_USERS;
const LEVEL = { id: '10300', name: 'Security team' };

/** Issue security levels: an issue with `fields.security` is hidden from users outside that level, in every read. */
describe('local Jira: issue security levels', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC });
    forge.site.jira.issue('INC-2')!.fields.security = LEVEL;
    forge.site.jira.user(admin)!.issueSecurityLevels = [LEVEL.name];
  });
  afterEach(() => forge.dispose());

  it('hides the issue from a user with Browse projects but outside the level: GET, search, bulk reads; members and the app see it', async () => {
    expect((await forge.site.request(responder, 'GET', '/rest/api/3/issue/INC-2')).status).toBe(404);
    expect((await forge.site.request(admin, 'GET', '/rest/api/3/issue/INC-2')).status).toBe(200);
    expect((await forge.site.request('app', 'GET', '/rest/api/3/issue/INC-2')).status).toBe(200);
    const keys = async (accountId: string) =>
      ((await forge.site.request(accountId, 'POST', '/rest/api/3/search/jql', { jql: 'project = INC ORDER BY key', fields: ['summary'] })).body as { issues: { key: string }[] }).issues.map((issue) => issue.key);
    expect(await keys(responder)).not.toContain('INC-2');
    expect(await keys(responder)).toContain('INC-1');
    expect(await keys(admin)).toContain('INC-2');
    const bulk = (await forge.site.request(responder, 'POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ['INC-1', 'INC-2'], fields: ['summary'] })).body as { issues: { key: string }[] };
    expect(bulk.issues.map((issue) => issue.key)).toEqual(['INC-1']);
    const changelogs = (await forge.site.request(responder, 'POST', '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ['INC-2'] })).body;
    expect(changelogs).toEqual({ issueChangeLogs: [] });
    expect(forge.site.contract.violations).toEqual([]);
  });
});
