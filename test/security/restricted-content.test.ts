import path from 'node:path';
import { POSTMORTEM_RESOLVER_KEYS, type CreatePostmortemResult } from '../../src/contracts/postmortem-macro';
import type { ResolverResult } from '../../src/contracts/resolver-result';
import { postmortemAdfExport } from '../../src/entry/macro/postmortem-adf-export';
import { postmortemMacroResolver } from '../../src/entry/resolvers/postmortem-macro-resolver';
import { startLocalForge, type LocalForge } from '../support/local-forge';

/**
 * Nothing Jira restricts reaches a Confluence page, whatever the creator may read: for every
 * incident of the demo seed, with restricted comments of every kind added (role, group by name,
 * group by id only, service-desk internal), and for creators who may read all, some or none of
 * them, the page's document holds no restricted comment's marker and no key or summary of an
 * issue its creator may not browse.
 */
const DEMO_SEED = path.resolve(__dirname, '../../seeds/demo');
const PEOPLE = { priya: '5f1a2b3c4d5e6f7a8b9c0d01', marcus: '5f1a2b3c4d5e6f7a8b9c0d02', elena: '5f1a2b3c4d5e6f7a8b9c0d03' } as const;
const INC_ONLY = '5f1a2b3c4d5e6f7a8b9c0dff';
const INCIDENTS = ['INC-1', 'INC-2', 'INC-3', 'INC-4', 'INC-5', 'INC-6', 'INC-8'];
jest.setTimeout(120_000);

const textOf = (node: unknown): string => {
  if (typeof node !== 'object' || node === null) return '';
  return Object.values(node as Record<string, unknown>)
    .map((value) => (typeof value === 'string' ? value : textOf(value)))
    .join(' ');
};

const doc = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('restricted Jira content never reaches a postmortem page', () => {
  let forge: LocalForge;
  const markers: string[] = [];

  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    forge.site.jira.addUser({
      accountId: INC_ONLY,
      displayName: 'Ines Only',
      groups: ['jira-software-users'],
      projectPermissions: { INC: ['BROWSE_PROJECTS', 'ADD_COMMENTS'] },
    });
    // A restriction may name the group only by its id, as GET /user/groups gives it.
    const groups = (await forge.site.request(PEOPLE.marcus, 'GET', `/rest/api/3/user/groups?accountId=${PEOPLE.marcus}`)).body as Array<{
      name: string;
      groupId: string;
    }>;
    const serviceDeskGroupId = groups.find((group) => group.name === 'jira-servicemanagement-users')!.groupId;
    const restrictions = [
      { visibility: { type: 'role', value: 'Developers' } },
      { visibility: { type: 'group', value: 'jira-servicemanagement-users' } },
      { visibility: { type: 'group', identifier: serviceDeskGroupId } },
      { jsdPublic: false, properties: [{ key: 'sd.public.comment', value: { internal: true } }] },
    ];
    for (const key of INCIDENTS) {
      const issue = forge.site.jira.issue(key)!;
      restrictions.forEach((restriction, index) => {
        const marker = `RESTRICTED-${key}-${index}`;
        markers.push(marker);
        issue.comments.push({
          id: String(90000 + issue.comments.length + index * 100 + INCIDENTS.indexOf(key) * 1000),
          author: forge.site.jira.state.userBody(PEOPLE.marcus),
          body: doc(`${marker} do not share`),
          created: '2026-11-20T10:00:00.000+0000',
          updated: '2026-11-20T10:00:00.000+0000',
          jsdPublic: true,
          ...restriction,
        });
      });
    }
  });
  afterAll(() => forge.dispose());

  it.each(INCIDENTS.flatMap((key) => [PEOPLE.marcus, PEOPLE.priya, PEOPLE.elena, INC_ONLY].map((who) => [key, who] as const)))(
    '%s as %s: no restricted comment, no hidden issue',
    async (key, who) => {
      const adf = await forge.asInvocation({ accountId: who }, () =>
        postmortemAdfExport({ extensionPayload: { config: { issueKey: key } } }),
      );
      const text = textOf(adf);
      expect(text).toContain(key);
      for (const marker of markers) expect(text).not.toContain(marker);
      const actor = { accountId: who, isApp: false };
      for (const hidden of [...forge.site.jira.state.issues.values()].filter((issue) => !forge.site.jira.state.canBrowse(actor, issue))) {
        expect(text).not.toMatch(new RegExp(`\\b${hidden.key}\\b`));
        expect(text).not.toContain(String(hidden.fields.summary));
      }
    },
  );

  it('a created page says how many comments were left out, and names none of them', async () => {
    const extension = {
      type: 'macro',
      content: { id: '131074', type: 'page' },
      space: { id: '98305', key: 'ENG' },
      config: { issueKey: 'INC-8' },
    };
    const result = (await forge.asInvocation({ accountId: PEOPLE.marcus }, () =>
      forge.invoke(
        postmortemMacroResolver,
        POSTMORTEM_RESOLVER_KEYS.create,
        {},
        { accountId: PEOPLE.marcus, moduleKey: 'incident-postmortem', extension },
      ),
    )) as ResolverResult<CreatePostmortemResult>;
    if (!result.success) throw new Error(result.error.message);
    const stored = await forge.site.request('app', 'GET', `/wiki/api/v2/pages/${result.data.page.pageId}?body-format=atlas_doc_format`);
    const text = textOf(JSON.parse((stored.body as { body: { atlas_doc_format: { value: string } } }).body.atlas_doc_format.value));
    for (const marker of markers) expect(text).not.toContain(marker);
    // The seed's three restricted comments plus the four added here.
    expect(text).toContain('7 restricted comments were left out');
  });
});
