import api, { route } from '@forge/api';
import { JiraClient } from '../../src/adapters/jira/jira-client';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

const { responder, viewer } = SEED_USERS;

/** POST /rest/api/3/changelog/bulkfetch (operation getBulkChangelogs), driven through the real @forge/api as a user. */
describe('local Jira: bulk fetch of changelogs', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC, clock: () => new Date('2026-11-26T12:00:00.000Z') });
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  const bulkChangelogs = async (accountId: string, body: unknown) =>
    forge.asInvocation({ accountId }, async () => {
      const res = await api.asUser().requestJira(route`/rest/api/3/changelog/bulkfetch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    });

  it('pages the changelogs (maxResults counts changelogs) oldest first, by issue id, following nextPageToken to the end', async () => {
    const inc2 = forge.site.jira.issue('INC-2')!;
    const inc1 = forge.site.jira.issue('INC-1')!;
    const all = inc1.changelog.length + inc2.changelog.length;
    const first = await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-2', 'INC-1'], maxResults: 100 });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['issueChangeLogs', 'nextPageToken']);
    const count = (body: { issueChangeLogs: { changeHistories: unknown[] }[] }) =>
      body.issueChangeLogs.reduce((n, log) => n + log.changeHistories.length, 0);
    expect(count(first.body)).toBe(100);
    let seen = count(first.body);
    let token: string | undefined = first.body.nextPageToken;
    const created: string[] = first.body.issueChangeLogs.flatMap((log: { changeHistories: { created: string }[] }) =>
      log.changeHistories.map((entry) => entry.created),
    );
    while (token !== undefined) {
      const next = await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-2', 'INC-1'], maxResults: 100, nextPageToken: token });
      expect(next.status).toBe(200);
      seen += count(next.body);
      token = next.body.nextPageToken;
    }
    expect(seen).toBe(all);
    expect([...created].sort((a, b) => Date.parse(a) - Date.parse(b))).toEqual(created);
  });

  it('keeps only the items of the fieldIds asked for, and leaves out changelogs with none left', async () => {
    const { body } = await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-2'], fieldIds: ['customfield_10108'], maxResults: 10_000 });
    const items = body.issueChangeLogs.flatMap((log: { changeHistories: { items: { fieldId: string }[] }[] }) =>
      log.changeHistories.flatMap((entry) => entry.items),
    );
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((item: { fieldId: string }) => item.fieldId))).toEqual(new Set(['customfield_10108']));
    const none = await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-2'], fieldIds: ['status'] });
    expect(none).toEqual({ status: 200, body: { issueChangeLogs: [] } });
  });

  it('leaves out issues the user may not browse exactly like missing ones', async () => {
    // The viewer browses OPS but not INC.
    const hidden = await bulkChangelogs(viewer, { issueIdsOrKeys: ['INC-2'] });
    const missing = await bulkChangelogs(viewer, { issueIdsOrKeys: ['NOPE-9'] });
    expect(hidden).toEqual({ status: 200, body: { issueChangeLogs: [] } });
    expect(hidden).toEqual(missing);
    const asResponder = await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-2'], maxResults: 1 });
    expect(asResponder.body.issueChangeLogs).toEqual([
      { issueId: forge.site.jira.issue('INC-2')!.id, changeHistories: [expect.objectContaining({ items: expect.any(Array) })] },
    ]);
  });

  it('refuses no issues, more than 1,000, more than 10 field ids and a maxResults outside 1..10000 with 400; a foreign page token too', async () => {
    expect((await bulkChangelogs(responder, { issueIdsOrKeys: [] })).status).toBe(400);
    expect((await bulkChangelogs(responder, { issueIdsOrKeys: Array.from({ length: 1001 }, (_, i) => `INC-${i + 1}`) })).status).toBe(400);
    expect((await bulkChangelogs(responder, { issueIdsOrKeys: Array.from({ length: 1000 }, (_, i) => `INC-${i + 1}`) })).status).toBe(200);
    expect(
      (await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-1'], fieldIds: Array.from({ length: 11 }, (_, i) => `customfield_${i}`) }))
        .status,
    ).toBe(400);
    expect((await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-1'], maxResults: 10_001 })).status).toBe(400);
    // These four requests break BulkChangelogRequestBean on purpose: the contract checker must say so, and nothing else.
    expect(forge.site.contract.acknowledge().map((violation) => JSON.stringify(violation))).toEqual([
      expect.stringContaining('fewer than 1 items'),
      expect.stringContaining('more than 1000 items'),
      expect.stringContaining('more than 10 items'),
      expect.stringContaining('<= 10000'),
    ]);
    const page = await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-2'], maxResults: 1 });
    expect(
      (await bulkChangelogs(responder, { issueIdsOrKeys: ['INC-1'], maxResults: 1, nextPageToken: page.body.nextPageToken })).status,
    ).toBe(400);
  });

  it('JiraClient.bulkFetchChangelogs follows every page and groups the changelogs by issue id', async () => {
    const byIssue = await forge.asInvocation({ accountId: responder }, () =>
      JiraClient.asUser().bulkFetchChangelogs(['INC-1', 'INC-2', 'OPS-1'], { maxResults: 7 }),
    );
    expect(byIssue.get(forge.site.jira.issue('INC-2')!.id)!.map((entry) => entry.id)).toEqual(
      forge.site.jira.issue('INC-2')!.changelog.map((entry) => String(entry.id)),
    );
    expect(byIssue.get(forge.site.jira.issue('INC-1')!.id)).toHaveLength(forge.site.jira.issue('INC-1')!.changelog.length);
  });
});
