import api, { route } from '@forge/api';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

const { responder, viewer } = SEED_USERS;

/** POST /rest/api/3/issue/bulkfetch (operation bulkFetchIssues), driven through the real @forge/api as a user. */
describe('local Jira: bulk fetch of issues', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC, clock: () => new Date('2026-11-26T12:00:00.000Z') });
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  const bulkFetch = async (accountId: string, body: unknown) =>
    forge.asInvocation({ accountId }, async () => {
      const res = await api.asUser().requestJira(route`/rest/api/3/issue/bulkfetch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    });

  it('returns the requested fields of the issues the user may browse, in ascending id order', async () => {
    const idOfInc1 = forge.site.jira.issue('INC-1')!.id;
    const { status, body } = await bulkFetch(responder, {
      issueIdsOrKeys: ['INC-3', 'inc-2', idOfInc1, 'INC-3'],
      fields: ['summary', 'status'],
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['issueErrors', 'issues']);
    expect(body.issueErrors).toEqual([]);
    expect(body.issues.map((issue: { key: string }) => issue.key)).toEqual(['INC-1', 'INC-2', 'INC-3']);
    const ids = body.issues.map((issue: { id: string }) => Number(issue.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(body.issues[1]).toMatchObject({
      key: 'INC-2',
      fields: { summary: forge.site.jira.issue('INC-2')!.fields.summary, status: { name: expect.any(String) } },
    });
    expect(Object.keys(body.issues[1].fields).sort()).toEqual(['status', 'summary']);
  });

  it('leaves out issues the user may not browse exactly like missing ones, and answers 200', async () => {
    // The viewer browses OPS but not INC.
    const { status, body } = await bulkFetch(viewer, { issueIdsOrKeys: ['INC-1', 'OPS-1', 'NOPE-9'], fields: ['summary'] });
    expect(status).toBe(200);
    expect(body).toEqual({
      issues: [expect.objectContaining({ key: 'OPS-1', fields: { summary: forge.site.jira.issue('OPS-1')!.fields.summary } })],
      issueErrors: [],
    });
    const hiddenOnly = await bulkFetch(viewer, { issueIdsOrKeys: ['INC-1'], fields: ['summary'] });
    const missingOnly = await bulkFetch(viewer, { issueIdsOrKeys: ['NOPE-9'], fields: ['summary'] });
    expect(hiddenOnly).toEqual(missingOnly);
    expect(JSON.stringify(hiddenOnly)).not.toContain(String(forge.site.jira.issue('INC-1')!.fields.summary));
  });

  it('refuses no keys and more than 100 keys with 400, and accepts exactly 100', async () => {
    expect((await bulkFetch(responder, { issueIdsOrKeys: [] })).status).toBe(400);
    const keys = Array.from({ length: 101 }, (_, i) => `INC-${i + 1}`);
    const tooMany = await bulkFetch(responder, { issueIdsOrKeys: keys, fields: ['summary'] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({ errorMessages: [expect.stringMatching(/100/)], errors: {} });
    const hundred = await bulkFetch(responder, { issueIdsOrKeys: keys.slice(0, 100), fields: ['summary'] });
    expect(hundred.status).toBe(200);
    expect(hundred.body.issues.map((issue: { key: string }) => issue.key)).toEqual(['INC-1', 'INC-2', 'INC-3', 'INC-4']);
  });

  it('defaults to navigable fields when none are named', async () => {
    const { body } = await bulkFetch(responder, { issueIdsOrKeys: ['INC-1'] });
    expect(body.issues[0].fields).toMatchObject({ summary: expect.any(String), status: expect.any(Object) });
  });
});
