import path from 'node:path';
import { POSTMORTEM_RESOLVER_KEYS, type CreatePostmortemResult, type PostmortemPreview } from '../../../src/contracts/postmortem-macro';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { postmortemMacroResolver } from '../../../src/entry/resolvers/postmortem-macro-resolver';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

/**
 * A postmortem page is read by everyone in its Confluence space, so it never carries what Jira
 * shows only to some: comments restricted to a group or role, service-desk internal notes, and
 * issues the page's creator may not browse. Demo seed: INC-8 has one public and three restricted
 * comments (Marcus sees all four); INC-6 links INC-7 and OPS-1..3 and its history names them.
 */
const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PEOPLE = { priya: '5f1a2b3c4d5e6f7a8b9c0d01', marcus: '5f1a2b3c4d5e6f7a8b9c0d02', elena: '5f1a2b3c4d5e6f7a8b9c0d03' } as const;
const INC_ONLY = '5f1a2b3c4d5e6f7a8b9c0dff';
const SPACE_ID = '98305';
const REVIEWS_PAGE = '131074';

function macroCall<T>(forge: LocalForge, accountId: string, functionKey: string, issueKey: string): Promise<ResolverResult<T>> {
  const extension = {
    type: 'macro',
    content: { id: REVIEWS_PAGE, type: 'page' },
    space: { id: SPACE_ID, key: 'ENG' },
    config: { issueKey },
  };
  return forge.asInvocation({ accountId }, () =>
    forge.invoke(postmortemMacroResolver, functionKey, {}, { accountId, moduleKey: 'incident-postmortem', extension }),
  ) as Promise<ResolverResult<T>>;
}

function data<T>(result: ResolverResult<T>): T {
  if (!result.success) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

const textOf = (node: unknown): string => {
  if (typeof node !== 'object' || node === null) return '';
  const record = node as { text?: unknown; content?: unknown; marks?: Array<{ attrs?: { href?: string } }> };
  const hrefs = (record.marks ?? []).map((mark) => mark.attrs?.href ?? '').join(' ');
  return `${typeof record.text === 'string' ? record.text : ''} ${hrefs} ${Array.isArray(record.content) ? record.content.map(textOf).join(' ') : ''}`;
};

async function pageText(forge: LocalForge, pageId: string): Promise<string> {
  const response = await forge.site.request('app', 'GET', `/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`);
  return textOf(JSON.parse((response.body as { body: { atlas_doc_format: { value: string } } }).body.atlas_doc_format.value));
}

/** Plain text of the stored comments of an issue, split by whether Jira restricts them. */
function storedComments(forge: LocalForge, key: string): { open: string[]; restricted: string[] } {
  const comments = forge.site.jira.issue(key)!.comments as Array<{ visibility?: unknown; jsdPublic?: boolean; body: unknown }>;
  const plain = (comment: { body: unknown }) => textOf(comment.body).replace(/\s+/g, ' ').trim();
  return {
    open: comments.filter((c) => !c.visibility && c.jsdPublic !== false).map(plain),
    restricted: comments.filter((c) => c.visibility || c.jsdPublic === false).map(plain),
  };
}

describe('postmortem pages leave out what Jira restricts', () => {
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

  it('drops every restricted comment even when the creator may read it, and says how many', async () => {
    const { open, restricted } = storedComments(forge, 'INC-8');
    expect(restricted).toHaveLength(3);
    const created = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.marcus, POSTMORTEM_RESOLVER_KEYS.create, 'INC-8'));
    const text = (await pageText(forge, created.page.pageId)).replace(/\s+/g, ' ');
    for (const comment of open) expect(text).toContain(comment);
    for (const comment of restricted) expect(text).not.toContain(comment.slice(0, 40));
    expect(text).toContain('3 restricted comments were left out');
  });

  it('previews what the page will hold: the same comments and the same note', async () => {
    const { model } = data(await macroCall<PostmortemPreview>(forge, PEOPLE.marcus, POSTMORTEM_RESOLVER_KEYS.preview, 'INC-8'));
    expect(model.timeline.filter((entry) => entry.kind === 'comment').map((entry) => entry.text)).toEqual([
      'Commented: Confirmed: customers report that images load again.',
    ]);
    const timeline = model.sections.find((section) => section.id === 'timeline')!;
    expect(JSON.stringify(timeline.blocks)).toContain('3 restricted comments were left out');
    // Elena never sees the restricted comments in Jira; nothing is left out for her, nothing is said.
    const forElena = data(await macroCall<PostmortemPreview>(forge, PEOPLE.elena, POSTMORTEM_RESOLVER_KEYS.preview, 'INC-8')).model;
    expect(JSON.stringify(forElena.sections)).not.toContain('restricted comment');
  });

  it('names only linked issues the creator may browse, in the links and in the timeline', async () => {
    const created = data(await macroCall<CreatePostmortemResult>(forge, INC_ONLY, POSTMORTEM_RESOLVER_KEYS.create, 'INC-6'));
    const text = await pageText(forge, created.page.pageId);
    expect(text).toContain('INC-7');
    for (const hidden of ['OPS-1', 'OPS-2', 'OPS-3']) {
      expect(text).not.toContain(hidden);
      expect(text).not.toContain(String(forge.site.jira.issue(hidden)!.fields.summary));
    }
    const { model } = data(await macroCall<PostmortemPreview>(forge, INC_ONLY, POSTMORTEM_RESOLVER_KEYS.preview, 'INC-6'));
    expect(model.actionItems).toEqual([]);
    expect(model.problem?.key).toBe('INC-7');
    expect(model.timeline.filter((entry) => entry.kind === 'link').map((entry) => entry.text)).toEqual([
      'Link added: This issue is caused by INC-7',
    ]);

    // Someone who may browse OPS gets the action items named.
    const full = data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, 'INC-6')).model;
    expect(full.actionItems.map((item) => item.key).sort()).toEqual(['OPS-1', 'OPS-2', 'OPS-3']);
  });
});
