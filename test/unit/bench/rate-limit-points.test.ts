import { costOf, jiraRatePoints, type Exchange } from '../../../bench/rate-limit-points';
import { sequentialDepth } from '../../../bench/request-log';

const jira = (method: string, path: string, body?: unknown, status = 200): Exchange => ({ product: 'jira', method, path, status, body });
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i) }));

describe('Jira rate-limit points', () => {
  it('charges a changelog page 1 plus one per history returned, not per history on the issue', () => {
    expect(
      costOf(
        jira('GET', '/rest/api/3/issue/INC-1/changelog', { startAt: 0, maxResults: 100, total: 5000, isLast: false, values: items(100) }),
      ),
    ).toMatchObject({
      family: 'changelog page',
      kind: 'read',
      objects: 100,
      points: 101,
    });
  });

  it('charges a comment page per comment and a JQL search per issue, for the POST form too', () => {
    expect(costOf(jira('GET', '/rest/api/3/issue/INC-1/comment', { comments: items(7), total: 7 })).points).toBe(8);
    expect(costOf(jira('POST', '/rest/api/3/search/jql', { issues: items(3), isLast: true }))).toMatchObject({
      kind: 'read',
      family: 'JQL search',
      points: 4,
    });
    expect(costOf(jira('POST', '/rest/api/3/issue/bulkfetch', { issues: items(2), issueErrors: [] }))).toMatchObject({
      kind: 'read',
      family: 'bulk fetch',
      points: 3,
      classified: true,
    });
  });

  it('charges one issue as one object, without re-charging the users embedded in its fields', () => {
    const issue = { key: 'INC-1', fields: { assignee: { accountId: 'a' }, reporter: { accountId: 'b' } } };
    expect(costOf(jira('GET', '/rest/api/3/issue/INC-1', issue))).toMatchObject({ family: 'issue', objects: 1, userObjects: 0, points: 2 });
  });

  it('charges user objects double', () => {
    expect(costOf(jira('GET', '/rest/api/3/myself', { accountId: 'a' })).points).toBe(3);
    expect(costOf(jira('GET', '/rest/api/3/user/search', [{ accountId: 'a' }, { accountId: 'b' }])).points).toBe(5);
  });

  it('charges writes the base point only, whatever they return', () => {
    expect(costOf(jira('POST', '/rest/api/3/issue', { id: '1', key: 'INC-9' }, 201))).toMatchObject({ kind: 'write', points: 1 });
    expect(costOf(jira('PUT', '/rest/api/3/issue/INC-1', undefined, 204)).points).toBe(1);
    expect(costOf(jira('POST', '/rest/api/3/issue/INC-1/comment', { id: '5', author: { accountId: 'a' } }, 201)).points).toBe(1);
  });

  it('charges failed and refused reads the base point, with no objects', () => {
    expect(costOf(jira('GET', '/rest/api/3/issue/INC-1/changelog', { errorMessages: ['x'] }, 429))).toMatchObject({
      objects: 0,
      points: 1,
      classified: true,
    });
    expect(costOf(jira('GET', '/rest/api/3/issue/INC-1', undefined, 0)).points).toBe(1);
  });

  it('counts configuration lists per element and paged beans per value', () => {
    expect(costOf(jira('GET', '/rest/api/3/field', items(40))).points).toBe(41);
    expect(costOf(jira('GET', '/rest/api/3/field/customfield_1/context', { values: items(2), isLast: true })).points).toBe(3);
    expect(costOf(jira('GET', '/rest/api/3/mypermissions', { permissions: { BROWSE_PROJECTS: {}, EDIT_ISSUES: {} } })).points).toBe(3);
  });

  it('flags endpoints without a family rule instead of guessing silently', () => {
    const summary = jiraRatePoints([jira('GET', '/rest/api/3/dashboard', { dashboards: items(2) })]);
    expect(summary.unclassified).toEqual(['GET /rest/api/3/dashboard']);
    expect(summary.points).toBe(2);
  });

  it('sums a log and ignores Confluence and storage traffic', () => {
    const log: Exchange[] = [
      jira('GET', '/rest/api/3/issue/INC-1', { key: 'INC-1' }),
      jira('GET', '/rest/api/3/issue/INC-1/changelog', { values: items(100), total: 150 }),
      jira('GET', '/rest/api/3/issue/INC-1/changelog', { values: items(50), total: 150 }),
      jira('PUT', '/rest/api/3/issue/INC-1/properties/x', undefined, 200),
      { product: 'confluence', method: 'GET', path: '/wiki/api/v2/pages/1', status: 200, body: { id: '1' } },
      { product: 'kvs', method: 'POST', path: '/api/v1/get', status: 200, body: {} },
    ];
    const summary = jiraRatePoints(log);
    expect(summary).toMatchObject({ requests: 4, reads: 3, writes: 1, objects: 151, points: 4 + 151 });
    expect(summary.byFamily['changelog page']).toEqual({ requests: 2, points: 152 });
    expect(summary.unclassified).toEqual([]);
  });
});

describe('sequential depth of a request log', () => {
  it('counts requests sent together once and requests sent after each other each', () => {
    expect(sequentialDepth([])).toBe(0);
    expect(
      sequentialDepth([
        { startedAt: 0, endedAt: 50 },
        { startedAt: 1, endedAt: 51 },
        { startedAt: 2, endedAt: 52 },
      ]),
    ).toBe(1);
    expect(
      sequentialDepth([
        { startedAt: 0, endedAt: 50 },
        { startedAt: 50, endedAt: 100 },
        { startedAt: 60, endedAt: 110 },
        { startedAt: 110, endedAt: 160 },
      ]),
    ).toBe(3);
  });
});
