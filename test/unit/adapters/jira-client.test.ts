import { JiraClient, PAGE_REQUESTS_PER_SECOND } from '../../../src/adapters/jira/jira-client';
import { ProductApiError } from '../../../src/adapters/http/product-api-error';
import { fakeClock, jsonResponse, noContent, scriptForgeFetch, type RecordedCall } from './scripted-forge-fetch';

function changelogEntry(index: number) {
  return {
    id: String(10_000 + index),
    author: { accountId: 'u-1', displayName: 'Ada' },
    created: `2026-11-26T10:${String(index % 60).padStart(2, '0')}:00.000+0000`,
    items: [{ field: 'status', fieldtype: 'jira', from: '1', fromString: 'Open', to: '3', toString: 'In Progress' }],
  };
}

function query(call: RecordedCall): URLSearchParams {
  return new URL(call.path, 'https://site.invalid').searchParams;
}

describe('JiraClient over @forge/api', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('reads a 250-entry changelog in pages of 100, the later pages concurrently', async () => {
    const entries = Array.from({ length: 250 }, (_, index) => changelogEntry(index));
    let inFlight = 0;
    let maxInFlight = 0;
    const script = scriptForgeFetch(async (call) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      const startAt = Number(query(call).get('startAt'));
      const maxResults = Number(query(call).get('maxResults'));
      const values = entries.slice(startAt, startAt + maxResults);
      return jsonResponse({ startAt, maxResults, total: entries.length, isLast: startAt + maxResults >= entries.length, values });
    });
    restore = script.restore;

    const changelog = await JiraClient.asUser().getChangelogAll('INC-7');

    expect(changelog.map((entry) => entry.id)).toEqual(entries.map((entry) => entry.id));
    expect(script.calls).toHaveLength(3);
    expect(script.calls[0]?.path).toBe('/rest/api/3/issue/INC-7/changelog?startAt=0&maxResults=100');
    expect(script.calls[0]?.meta.provider).toBe('user');
    expect(maxInFlight).toBe(2);
  });

  it('reads all comments from PageOfComments', async () => {
    const comments = Array.from({ length: 130 }, (_, index) => ({
      id: String(index),
      created: '2026-11-26T10:00:00.000+0000',
      body: { type: 'doc', version: 1, content: [] },
    }));
    const script = scriptForgeFetch((call) => {
      const startAt = Number(query(call).get('startAt'));
      const maxResults = Number(query(call).get('maxResults'));
      return jsonResponse({ startAt, maxResults, total: comments.length, comments: comments.slice(startAt, startAt + maxResults) });
    });
    restore = script.restore;
    const all = await JiraClient.asApp().getCommentsAll('INC-7');
    expect(all).toHaveLength(130);
    expect(all[129]?.id).toBe('129');
  });

  it('follows nextPageToken through POST /search/jql until the last page', async () => {
    const pages = [
      {
        issues: [
          { id: '1', key: 'INC-1', fields: {} },
          { id: '2', key: 'INC-2', fields: {} },
        ],
        nextPageToken: 'tok-2',
        isLast: false,
      },
      { issues: [{ id: '3', key: 'INC-3', fields: {} }], nextPageToken: 'tok-3', isLast: false },
      { issues: [{ id: '4', key: 'INC-4', fields: {} }], isLast: true },
    ];
    const script = scriptForgeFetch(() => jsonResponse(pages.shift()));
    restore = script.restore;

    const keys: string[] = [];
    for await (const issue of JiraClient.asApp().searchJql({ jql: 'issuetype = Incident', fields: ['summary'], maxResults: 2 }))
      keys.push(issue.key);

    expect(keys).toEqual(['INC-1', 'INC-2', 'INC-3', 'INC-4']);
    expect(script.calls.map((call) => [call.method, call.path])).toEqual([
      ['POST', '/rest/api/3/search/jql'],
      ['POST', '/rest/api/3/search/jql'],
      ['POST', '/rest/api/3/search/jql'],
    ]);
    expect(script.calls[0]?.body).toEqual({ jql: 'issuetype = Incident', fields: ['summary'], maxResults: 2 });
    expect(script.calls[1]?.body).toMatchObject({ nextPageToken: 'tok-2' });
    expect(script.calls[2]?.body).toMatchObject({ nextPageToken: 'tok-3' });
  });

  it('throws a typed notFound for a missing issue', async () => {
    const script = scriptForgeFetch(() =>
      jsonResponse({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} }, 404),
    );
    restore = script.restore;
    const error = await JiraClient.asUser()
      .getIssue('INC-404')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProductApiError);
    expect(error).toMatchObject({ kind: 'notFound', status: 404 });
  });

  it('asks getIssue for fields, expand and properties and leaves the path bare without them', async () => {
    const script = scriptForgeFetch(() => jsonResponse({ id: '1', key: 'INC-1', fields: { summary: 'x' } }));
    restore = script.restore;
    const client = JiraClient.asUser();
    await client.getIssue('INC-1', { fields: ['summary', 'customfield_10050'], expand: ['names'], properties: ['incident-priority'] });
    await client.getIssue('INC-1');
    expect(script.calls[0]?.path).toBe(
      '/rest/api/3/issue/INC-1?fields=summary%2Ccustomfield_10050&expand=names&properties=incident-priority',
    );
    expect(script.calls[1]?.path).toBe('/rest/api/3/issue/INC-1');
  });

  it('sends fields, update and properties in one PUT', async () => {
    const script = scriptForgeFetch(() => noContent());
    restore = script.restore;
    await JiraClient.asApp().updateIssue('INC-1', {
      fields: { customfield_10050: { value: 'High' } },
      update: { labels: [{ add: 'sla-breached' }] },
      properties: [{ key: 'incident-priority', value: { score: 4 } }],
    });
    expect(script.calls).toHaveLength(1);
    expect(script.calls[0]).toMatchObject({
      method: 'PUT',
      path: '/rest/api/3/issue/INC-1',
      body: {
        fields: { customfield_10050: { value: 'High' } },
        update: { labels: [{ add: 'sla-breached' }] },
        properties: [{ key: 'incident-priority', value: { score: 4 } }],
      },
    });
  });

  it('answers myPermissions as a map, false for permissions Jira left out', async () => {
    const script = scriptForgeFetch(() =>
      jsonResponse({ permissions: { ADMINISTER: { key: 'ADMINISTER', type: 'GLOBAL', havePermission: true } } }),
    );
    restore = script.restore;
    const permissions = await JiraClient.asUser().myPermissions(['ADMINISTER', 'EDIT_ISSUES'], { projectKey: 'INC' });
    expect(permissions).toEqual({ ADMINISTER: true, EDIT_ISSUES: false });
    expect(script.calls[0]?.path).toBe('/rest/api/3/mypermissions?permissions=ADMINISTER%2CEDIT_ISSUES&projectKey=INC');
  });

  it('returns undefined for an unset issue property', async () => {
    const script = scriptForgeFetch(() => jsonResponse({ errorMessages: ['The property was not found.'] }, 404));
    restore = script.restore;
    await expect(JiraClient.asApp().getIssueProperty('INC-1', 'incident-priority')).resolves.toBeUndefined();
  });

  it('refuses a path parameter that tries to leave its segment', async () => {
    const script = scriptForgeFetch(() => jsonResponse({}));
    restore = script.restore;
    await expect(JiraClient.asUser().getIssue('../../admin')).rejects.toThrow(/path manipulation/);
    expect(script.calls).toHaveLength(0);
  });

  it('asks for scheme mappings with repeated ids', async () => {
    const script = scriptForgeFetch(() =>
      jsonResponse({ startAt: 0, maxResults: 50, total: 1, isLast: true, values: [{ issueTypeSchemeId: '10', issueTypeId: '10001' }] }),
    );
    restore = script.restore;
    const mappings = await JiraClient.asApp().getIssueTypeSchemeMappings(['10', '11']);
    expect(mappings).toEqual([{ issueTypeSchemeId: '10', issueTypeId: '10001' }]);
    expect(script.calls[0]?.path).toBe(
      '/rest/api/3/issuetypescheme/mapping?issueTypeSchemeId=10&issueTypeSchemeId=11&startAt=0&maxResults=50',
    );
  });
});

describe('JiraClient paging within Jira burst limits', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  /** A changelog of `total` entries answered after `delayMs` of real time, each call stamped with the fake clock. */
  function longChangelog(total: number, answer: (call: RecordedCall, startAt: number) => Response | undefined = () => undefined) {
    const clock = fakeClock();
    const startedAt: number[] = [];
    const inFlight = { now: 0, max: 0 };
    const script = scriptForgeFetch(async (call) => {
      startedAt.push(clock.now());
      inFlight.max = Math.max(inFlight.max, ++inFlight.now);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight.now -= 1;
      const startAt = Number(query(call).get('startAt'));
      const maxResults = Number(query(call).get('maxResults'));
      const values = Array.from({ length: Math.max(0, Math.min(maxResults, total - startAt)) }, (_, index) =>
        changelogEntry(startAt + index),
      );
      return answer(call, startAt) ?? jsonResponse({ startAt, maxResults, total, isLast: startAt + maxResults >= total, values });
    });
    restore = script.restore;
    const jira = JiraClient.asUser({ retry: { now: clock.now, sleep: clock.sleep, random: () => 0.5 } });
    return { jira, clock, script, startedAt, inFlight };
  }

  /** The most requests that started within any one second. */
  function busiestSecond(startedAt: readonly number[]): number {
    return Math.max(...startedAt.map((start) => startedAt.filter((other) => other >= start && other < start + 1000).length));
  }

  it('reads the 49 pages after the first of a 5,000-entry changelog in one round', async () => {
    const { jira, startedAt, inFlight, script } = longChangelog(5000);
    const changelog = await jira.getChangelogAll('INC-7');
    expect(changelog).toHaveLength(5000);
    expect(changelog[4999]?.id).toBe(String(10_000 + 4999));
    expect(script.calls).toHaveLength(50);
    expect(inFlight.max).toBe(49);
    // The pacer never waited: all 50 requests fit in the first second.
    expect(new Set(startedAt).size).toBe(1);
  });

  it('starts at most 50 page requests of one endpoint in any second, also across lists of one client', async () => {
    const { jira, clock, startedAt } = longChangelog(12_000);
    const [first, second] = await Promise.all([jira.getChangelogAll('INC-7'), jira.getChangelogAll('INC-8')]);
    expect(first).toHaveLength(12_000);
    expect(second).toHaveLength(12_000);
    expect(startedAt).toHaveLength(240);
    expect(PAGE_REQUESTS_PER_SECOND).toBeLessThanOrEqual(50);
    expect(busiestSecond(startedAt)).toBe(PAGE_REQUESTS_PER_SECOND);
    // 240 requests at 50 a second: the last ones start in the fifth second.
    expect(Math.max(...startedAt) - Math.min(...startedAt)).toBeGreaterThanOrEqual(4000);
    expect(clock.sleeps.every((ms) => ms <= 1000)).toBe(true);
  });

  it('retries a page answered 429 after its Retry-After and still returns the whole list in order', async () => {
    let refused = 0;
    const { jira, clock } = longChangelog(1000, (_call, startAt) => {
      if (startAt !== 300 || refused > 0) return undefined;
      refused += 1;
      return jsonResponse({ errorMessages: ['Rate limit exceeded.'] }, 429, { 'Retry-After': '2', 'RateLimit-Reason': 'jira-burst-based' });
    });
    const changelog = await jira.getChangelogAll('INC-7');
    expect(refused).toBe(1);
    expect(clock.sleeps).toContain(2000);
    expect(changelog.map((entry) => entry.id)).toEqual(Array.from({ length: 1000 }, (_, index) => String(10_000 + index)));
  });

  it('reads no page after the first when restAfter rejects, and rejects with its reason', async () => {
    const { jira, script } = longChangelog(5000);
    const notAnIncident = Promise.reject(new Error('not an incident'));
    await expect(jira.getChangelogAll('INC-7', { restAfter: notAnIncident })).rejects.toThrow('not an incident');
    expect(script.calls).toHaveLength(1);
  });
});
