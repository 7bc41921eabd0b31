import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { ProductApiError } from '../../../src/adapters/http/product-api-error';
import { jsonResponse, scriptForgeFetch } from './scripted-forge-fetch';

describe('JiraClient.bulkFetchIssues', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('posts the keys and fields as BulkFetchIssueRequestBean and parses issues and issueErrors', async () => {
    const script = scriptForgeFetch(() =>
      jsonResponse({
        issues: [
          {
            expand: '',
            id: '10010',
            key: 'INC-1',
            self: 'https://site.invalid/rest/api/3/issue/10010',
            fields: { summary: 'Checkout failing' },
          },
        ],
        issueErrors: [{ id: '10011', errorMessage: 'Retry later' }],
      }),
    );
    restore = script.restore;
    const result = await JiraClient.asUser().bulkFetchIssues(['INC-1', 'INC-2', 'NOPE-1'], ['summary']);
    expect(script.calls.map((call) => [call.method, call.path, call.body, call.meta.provider])).toEqual([
      ['POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ['INC-1', 'INC-2', 'NOPE-1'], fields: ['summary'] }, 'user'],
    ]);
    expect(result).toEqual({
      issues: [{ id: '10010', key: 'INC-1', self: 'https://site.invalid/rest/api/3/issue/10010', fields: { summary: 'Checkout failing' } }],
      issueErrors: [{ id: '10011', errorMessage: 'Retry later' }],
    });
  });

  it('reads a missing issueErrors list as empty and refuses an answer without issues, naming the field', async () => {
    let body: unknown = { issues: [] };
    const script = scriptForgeFetch(() => jsonResponse(body));
    restore = script.restore;
    await expect(JiraClient.asUser().bulkFetchIssues(['INC-1'], ['summary'])).resolves.toEqual({ issues: [], issueErrors: [] });
    body = { issueErrors: [] };
    const error = await JiraClient.asUser()
      .bulkFetchIssues(['INC-1'], ['summary'])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProductApiError);
    expect(String((error as ProductApiError).details.schemaIssues)).toMatch(/issues/);
  });

  it('throws badRequest when Jira refuses the list (none, or more than 100)', async () => {
    const script = scriptForgeFetch(() =>
      jsonResponse({ errorMessages: ['No more than 100 issue IDs or keys can be requested at once.'], errors: {} }, 400),
    );
    restore = script.restore;
    const error = await JiraClient.asUser()
      .bulkFetchIssues(
        Array.from({ length: 101 }, (_, i) => `INC-${i + 1}`),
        ['summary'],
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'badRequest', status: 400 });
  });
});

describe('JiraClient.getIssues', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  const issue = (key: string) => ({ id: String(10_000 + Number(key.split('-')[1])), key, fields: { summary: `Summary of ${key}` } });

  it('reads the issues in one bulk fetch per 100 keys, in the order asked, a missing one as undefined', async () => {
    const script = scriptForgeFetch((call) => {
      const asked = (call.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys;
      // Jira answers in its own order and leaves out what does not exist or may not be browsed.
      return jsonResponse({
        issues: asked
          .filter((key) => key !== 'INC-404')
          .reverse()
          .map(issue),
        issueErrors: [],
      });
    });
    restore = script.restore;
    const keys = [...Array.from({ length: 149 }, (_, i) => `INC-${i + 1}`), 'INC-404'];
    const found = await JiraClient.asUser().getIssues(keys, { fields: ['summary'] });
    expect(
      script.calls.map((call) => [
        call.method,
        call.path,
        (call.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys.length,
        call.meta.provider,
      ]),
    ).toEqual([
      ['POST', '/rest/api/3/issue/bulkfetch', 100, 'user'],
      ['POST', '/rest/api/3/issue/bulkfetch', 50, 'user'],
    ]);
    expect(found.map((entry) => entry?.key)).toEqual([...keys.slice(0, 149), undefined]);
    expect(found[0]?.fields.summary).toBe('Summary of INC-1');
  });

  it('answers a key asked in lower case, makes no call for no keys, and reads a hidden issue as undefined', async () => {
    const script = scriptForgeFetch(() => jsonResponse({ issues: [issue('INC-7')], issueErrors: [] }));
    restore = script.restore;
    await expect(JiraClient.asUser().getIssues([], { fields: ['summary'] })).resolves.toEqual([]);
    expect(script.calls).toHaveLength(0);
    const found = await JiraClient.asUser().getIssues(['inc-7', 'INC-404'], { fields: ['summary'] });
    expect(found.map((entry) => entry?.key)).toEqual(['INC-7', undefined]);
  });

  it('throws unavailable when Jira could not return an asked issue (issueErrors), rather than reading it as missing', async () => {
    const script = scriptForgeFetch(() => jsonResponse({ issues: [], issueErrors: [{ id: '10001', errorMessage: 'Retry later' }] }));
    restore = script.restore;
    const error = await JiraClient.asUser()
      .getIssues(['INC-1'], { fields: ['summary'] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProductApiError);
    expect(error).toMatchObject({ kind: 'unavailable', details: { errorMessages: ['10001: Retry later'] } });
  });
});
