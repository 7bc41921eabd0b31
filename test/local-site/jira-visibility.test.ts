import path from 'node:path';
import api, { route } from '@forge/api';
import { startLocalForge, type LocalForge } from '../support/local-forge';

/**
 * The local Jira filters what a reader sees as Jira does: comments restricted to a group or a
 * project role (`visibility`) only for members, service-desk internal comments not for customers,
 * and issue links only to issues the reader may browse. Demo seed: INC-8 has a public comment,
 * one for the role Developers, one for the group jira-servicemanagement-users and one internal note.
 */
const DEMO_SEED = path.resolve(__dirname, '../../seeds/demo');
const PEOPLE = { priya: '5f1a2b3c4d5e6f7a8b9c0d01', marcus: '5f1a2b3c4d5e6f7a8b9c0d02', elena: '5f1a2b3c4d5e6f7a8b9c0d03' } as const;
const INC_ONLY = '5f1a2b3c4d5e6f7a8b9c0dff';

interface CommentBody {
  id: string;
  self: string;
  visibility?: { type: string; value: string };
  jsdPublic?: boolean;
  body: { content: Array<{ content: Array<{ text: string }> }> };
}

const textOf = (comment: CommentBody) => comment.body.content.map((block) => block.content.map((node) => node.text).join('')).join('\n');

describe('local Jira: who sees which comments and links', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    forge.site.jira.addUser({
      accountId: INC_ONLY,
      displayName: 'Ines Only',
      groups: ['jira-software-users'],
      projectPermissions: { INC: ['BROWSE_PROJECTS', 'ADD_COMMENTS'] },
    });
  });
  afterEach(() => forge.dispose());

  async function commentsAs(accountId: string, key: string): Promise<CommentBody[]> {
    const response = await forge.site.request(accountId, 'GET', `/rest/api/3/issue/${key}/comment`);
    expect(response.status).toBe(200);
    const page = response.body as { total: number; comments: CommentBody[] };
    expect(page.total).toBe(page.comments.length);
    return page.comments;
  }

  it('shows a role- or group-restricted comment only to members, and an internal one not to customers', async () => {
    const restrictions = (comments: CommentBody[]) =>
      comments.map((comment) => comment.visibility?.value ?? (comment.jsdPublic === false ? 'internal' : 'public'));
    expect(restrictions(await commentsAs(PEOPLE.marcus, 'INC-8'))).toEqual([
      'public',
      'Developers',
      'jira-servicemanagement-users',
      'internal',
    ]);
    // A site admin outside the role does not see the role's comment, as on Jira.
    expect(restrictions(await commentsAs(PEOPLE.priya, 'INC-8'))).toEqual(['public', 'jira-servicemanagement-users', 'internal']);
    // Elena is a customer of INC (role Service Desk Customers) and in neither group nor role.
    expect(restrictions(await commentsAs(PEOPLE.elena, 'INC-8'))).toEqual(['public']);
    expect(restrictions(await commentsAs('app', 'INC-8'))).toEqual(['public', 'internal']);

    const issue = (await forge.site.request(PEOPLE.elena, 'GET', '/rest/api/3/issue/INC-8?fields=comment')).body as {
      fields: { comment: { total: number; comments: CommentBody[] } };
    };
    expect(issue.fields.comment.total).toBe(1);
    expect(issue.fields.comment.comments.map(textOf)).toEqual(['Confirmed: customers report that images load again.']);
  });

  it('finds an issue by the text of a restricted comment only for those who may read it', async () => {
    const search = async (accountId: string) =>
      (
        (await forge.site.request(accountId, 'POST', '/rest/api/3/search/jql', { jql: 'text ~ "vault"', fields: ['summary'] })).body as {
          issues: Array<{ key: string }>;
        }
      ).issues.map((issue) => issue.key);
    expect(await search(PEOPLE.marcus)).toEqual(['INC-8']);
    expect(await search(PEOPLE.priya)).toEqual([]);
    expect(await search(PEOPLE.elena)).toEqual([]);
  });

  it('takes a restricted comment only from a member, and then hides it from others', async () => {
    const body = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Developers: the fix is behind a flag.' }] }],
    };
    const refused = await forge.site.request(PEOPLE.priya, 'POST', '/rest/api/3/issue/INC-8/comment', {
      body,
      visibility: { type: 'role', value: 'Developers' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('Developers');
    const added = await forge.site.request(PEOPLE.marcus, 'POST', '/rest/api/3/issue/INC-8/comment', {
      body,
      visibility: { type: 'role', value: 'Developers' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ visibility: { type: 'role', value: 'Developers' } });
    expect((await commentsAs(PEOPLE.marcus, 'INC-8')).map(textOf)).toContain('Developers: the fix is behind a flag.');
    expect((await commentsAs(PEOPLE.priya, 'INC-8')).map(textOf)).not.toContain('Developers: the fix is behind a flag.');
  });

  it('leaves out issue links to issues the reader may not browse, in issue reads and in search', async () => {
    const linkedKeys = (fields: { issuelinks: Array<{ inwardIssue?: { key: string }; outwardIssue?: { key: string } }> }) =>
      fields.issuelinks.map((link) => (link.inwardIssue ?? link.outwardIssue)!.key).sort();
    const full = (await forge.site.request(PEOPLE.priya, 'GET', '/rest/api/3/issue/INC-6?fields=issuelinks')).body as {
      fields: Parameters<typeof linkedKeys>[0];
    };
    expect(linkedKeys(full.fields)).toEqual(['INC-7', 'OPS-1', 'OPS-2', 'OPS-3']);
    const partial = (await forge.site.request(INC_ONLY, 'GET', '/rest/api/3/issue/INC-6?fields=issuelinks')).body as {
      fields: Parameters<typeof linkedKeys>[0];
    };
    expect(linkedKeys(partial.fields)).toEqual(['INC-7']);
    const searched = (await forge.site.request(INC_ONLY, 'POST', '/rest/api/3/search/jql', { jql: 'key = INC-6', fields: ['issuelinks'] }))
      .body as { issues: Array<{ fields: Parameters<typeof linkedKeys>[0] }> };
    expect(linkedKeys(searched.issues[0]!.fields)).toEqual(['INC-7']);
  });

  it('answers `self` on the API gateway through the Forge proxy and on the site directly', async () => {
    const viaProxy = await forge.asInvocation({ accountId: PEOPLE.marcus }, async () =>
      (await api.asUser().requestJira(route`/rest/api/3/issue/INC-8/comment`)).json(),
    );
    expect(viaProxy.comments[0].self).toMatch(
      /^https:\/\/api\.atlassian\.com\/ex\/jira\/[0-9a-f-]+\/rest\/api\/3\/issue\/\d+\/comment\/\d+$/,
    );
    expect(viaProxy.comments[0].author.self).toMatch(/^https:\/\/api\.atlassian\.com\/ex\/jira\//);
    const direct = await commentsAs(PEOPLE.marcus, 'INC-8');
    expect(direct[0]!.self.startsWith(`${forge.site.baseUrl}/rest/api/3/`)).toBe(true);
    const changelog = await forge.asInvocation({ accountId: PEOPLE.marcus }, async () =>
      (await api.asUser().requestJira(route`/rest/api/3/issue/INC-8/changelog?maxResults=100`)).json(),
    );
    expect(changelog.nextPage).toMatch(/^https:\/\/api\.atlassian\.com\/ex\/jira\/[0-9a-f-]+\/rest\/api\/3\/issue\/INC-8\/changelog\?/);
  });
});
