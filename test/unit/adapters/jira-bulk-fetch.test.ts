import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { ProductApiError } from '../../../src/adapters/http/product-api-error';
import { jsonResponse, scriptForgeFetch } from './scripted-forge-fetch';

describe('JiraClient.bulkFetchIssues', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('posts the keys and fields as BulkFetchIssueRequestBean and parses issues and issueErrors', async () => {
    const script = scriptForgeFetch(() =>
      jsonResponse({
        issues: [{ expand: '', id: '10010', key: 'INC-1', self: 'https://site.invalid/rest/api/3/issue/10010', fields: { summary: 'Checkout failing' } }],
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
    const error = await JiraClient.asUser().bulkFetchIssues(['INC-1'], ['summary']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProductApiError);
    expect(String((error as ProductApiError).details.schemaIssues)).toMatch(/issues/);
  });

  it('throws badRequest when Jira refuses the list (none, or more than 100)', async () => {
    const script = scriptForgeFetch(() => jsonResponse({ errorMessages: ['No more than 100 issue IDs or keys can be requested at once.'], errors: {} }, 400));
    restore = script.restore;
    const error = await JiraClient.asUser().bulkFetchIssues(Array.from({ length: 101 }, (_, i) => `INC-${i + 1}`), ['summary']).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'badRequest', status: 400 });
  });
});
