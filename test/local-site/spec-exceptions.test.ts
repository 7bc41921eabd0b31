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
    startAt: 0, maxResults: 100, total: 1, isLast: true,
    values: [{ id, created: '2026-11-20T10:00:00.000+0000', items: [{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', ...item }] }],
  });

  it('accepts null from/to values in changelog items, as real sites send for an empty field', () => {
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ from: null, fromString: null, to: 'abc', toString: 'Marcus Chen' }))).toEqual([]);
  });

  it('still rejects a wrong type there, and null anywhere else in the page', () => {
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ from: 5 }))).toEqual(['/values/0/items/0/from must be string']);
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ field: null }))).toEqual(['/values/0/items/0/field must be string']);
    expect(checker.validateResponseBody('jira', 'get', '/rest/api/3/issue/INC-1/changelog', page({ from: null }, null))).toEqual(['/values/0/id must be string']);
  });
});
