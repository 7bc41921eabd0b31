import { ContractChecker } from '../../local-site';

/**
 * The documented exceptions to Atlassian's OpenAPI documents stay as narrow as their comments say:
 * the real-world shape passes, and anything else at the same place is still a violation.
 */
describe('contract exceptions', () => {
  let checker: ContractChecker;
  beforeAll(async () => {
    checker = await ContractChecker.load();
  });

  const page = (item: Record<string, unknown>, id: unknown = '10001') => ({
    startAt: 0,
    maxResults: 100,
    total: 1,
    isLast: true,
    values: [
      { id, created: '2026-11-20T10:00:00.000+0000', items: [{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', ...item }] },
    ],
  });

  it('accepts null from/to values in changelog items, as real sites send for an empty field', () => {
    expect(
      checker.validateResponseBody(
        'jira',
        'get',
        '/rest/api/3/issue/INC-1/changelog',
        page({ from: null, fromString: null, to: 'abc', toString: 'Marcus Chen' }),
      ),
    ).toEqual([]);
  });

  it('accepts a cleared field (to/toString null, as a real export shows for an assignee removed) and a changelog item that leaves toString out', () => {
    expect(
      checker.validateResponseBody(
        'jira',
        'get',
        '/rest/api/3/issue/INC-1/changelog',
        page({ from: 'abc', fromString: 'Marcus Chen', to: null, toString: null }),
      ),
    ).toEqual([]);
    expect(
      checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ from: 'abc', fromString: 'Marcus Chen' })),
    ).toEqual([]);
  });

  it('applies to changelogs embedded in an issue (expand=changelog), not to other nulls there', () => {
    const issue = (item: Record<string, unknown>) => ({
      id: '10001',
      key: 'INC-1',
      self: 'https://example.atlassian.net/rest/api/3/issue/10001',
      fields: {},
      changelog: { startAt: 0, maxResults: 1, total: 1, histories: page(item).values },
    });
    expect(
      checker.validateResponseBody(
        'jira',
        'get',
        '/rest/api/3/issue/INC-1',
        issue({ from: 'abc', fromString: 'Marcus Chen', to: null, toString: null }),
      ),
    ).toEqual([]);
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1', issue({ toString: 5 }))).toEqual([
      '/changelog/histories/0/items/0/toString must be string',
    ]);
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1', { ...issue({}), key: null })).toEqual([
      '/key must be string',
    ]);
  });

  it('still rejects a wrong type there, and null anywhere else in the page', () => {
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ toString: 5 }))).toEqual([
      '/values/0/items/0/toString must be string',
    ]);
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ from: 5 }))).toEqual([
      '/values/0/items/0/from must be string',
    ]);
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ field: null }))).toEqual([
      '/values/0/items/0/field must be string',
    ]);
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ from: null }, null))).toEqual([
      '/values/0/id must be string',
    ]);
  });
});
