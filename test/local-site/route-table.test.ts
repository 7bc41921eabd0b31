import type { Actor, SiteRequest } from '../../local-site/site-http';
import { json } from '../../local-site/site-http';
import { RouteTable, type RouteParams } from '../../local-site/jira/routes/route-table';

const actor: Actor = { accountId: 'u-1', isApp: false };
const request = (method: string, path: string): SiteRequest => ({ method, path, query: {}, headers: {} });

describe('local site route table', () => {
  it('hands each path parameter to the handler by its name in the template', async () => {
    const table = new RouteTable('/rest/api/3');
    table.add('GET', '/issue/{issueIdOrKey}/properties/{propertyKey}', ({ params }) =>
      json(200, { issue: params.issueIdOrKey, property: params.propertyKey }),
    );
    const response = await table
      .match(request('get', '/rest/api/3/issue/INC-7/properties/incident-priority'))
      ?.run(request('GET', ''), actor);
    expect(response?.body).toEqual({ issue: 'INC-7', property: 'incident-priority' });
  });

  it('prefers a segment written out over a parameter, whatever the order the routes were added in', async () => {
    const table = new RouteTable('/rest/api/3');
    table.add('GET', '/issue/{issueIdOrKey}', ({ params }) => json(200, { route: 'issue', key: params.issueIdOrKey }));
    table.add('GET', '/issue/picker', () => json(200, { route: 'picker' }));
    const run = async (path: string) => (await table.match(request('GET', path))?.run(request('GET', path), actor))?.body;
    expect(await run('/rest/api/3/issue/picker')).toEqual({ route: 'picker' });
    expect(await run('/rest/api/3/issue/INC-1')).toEqual({ route: 'issue', key: 'INC-1' });
    expect(await run('/rest/api/3/issue/INC-1/')).toEqual({ route: 'issue', key: 'INC-1' });
  });

  it('matches neither another method, another base, nor a longer path', () => {
    const table = new RouteTable('/rest/api/3');
    table.add('GET', '/issue/{issueIdOrKey}', () => json(200, {}));
    expect(table.match(request('PUT', '/rest/api/3/issue/INC-1'))).toBeUndefined();
    expect(table.match(request('GET', '/rest/api/2/issue/INC-1'))).toBeUndefined();
    expect(table.match(request('GET', '/rest/api/3/issue/INC-1/comment'))).toBeUndefined();
  });

  it('types the parameters from the path template (checked by tsc)', () => {
    const params: RouteParams<'/field/{fieldId}/context/{contextId}/option'> = { fieldId: 'customfield_10050', contextId: '10100' };
    // @ts-expect-error: the template has no {issueIdOrKey}
    const missing: string = params.issueIdOrKey;
    expect([params.fieldId, params.contextId, missing]).toEqual(['customfield_10050', '10100', undefined]);
  });
});
