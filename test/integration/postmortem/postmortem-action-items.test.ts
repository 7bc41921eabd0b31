import path from 'node:path';
import {
  POSTMORTEM_RESOLVER_KEYS,
  type AddActionItemResult,
  type CreatePostmortemResult,
  type PostmortemPreview,
  type RefreshPostmortemResult,
  type SearchOwnersResult,
  type SetDocumentStatusResult,
} from '../../../src/contracts/postmortem-macro';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { postmortemMacroResolver } from '../../../src/entry/resolvers/postmortem-macro-resolver';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PEOPLE = {
  priya: '5f1a2b3c4d5e6f7a8b9c0d01',
  marcus: '5f1a2b3c4d5e6f7a8b9c0d02',
  elena: '5f1a2b3c4d5e6f7a8b9c0d03',
  jonas: '5f1a2b3c4d5e6f7a8b9c0d04',
} as const;
const SPACE_ID = '98305';
const REVIEWS_PAGE = '131074';

function macroCall<T>(
  forge: LocalForge,
  accountId: string,
  functionKey: string,
  payload: unknown,
  issueKey = 'INC-6',
): Promise<ResolverResult<T>> {
  const extension = {
    type: 'macro',
    content: { id: REVIEWS_PAGE, type: 'page' },
    space: { id: SPACE_ID, key: 'ENG' },
    config: { issueKey },
  };
  return forge.asInvocation({ accountId }, () =>
    forge.invoke(postmortemMacroResolver, functionKey, payload, { accountId, moduleKey: 'incident-postmortem', extension }),
  ) as Promise<ResolverResult<T>>;
}

function data<T>(result: ResolverResult<T>): T {
  if (!result.success) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

interface IssueBody {
  key: string;
  fields: {
    summary: string;
    issuetype: { name: string };
    assignee: { accountId: string } | null;
    duedate: string | null;
    issuelinks: Array<{ type: { name: string }; inwardIssue?: { key: string }; outwardIssue?: { key: string } }>;
  };
}

async function issue(forge: LocalForge, key: string): Promise<IssueBody> {
  return (await forge.site.request('app', 'GET', `/rest/api/3/issue/${key}?fields=summary,issuetype,assignee,duedate,issuelinks`))
    .body as IssueBody;
}

async function tasksNamed(forge: LocalForge, summary: string): Promise<string[]> {
  const found = await forge.site.request('app', 'POST', '/rest/api/3/search/jql', {
    jql: 'issuetype = Task',
    fields: ['summary'],
    maxResults: 100,
  });
  return ((found.body as { issues: Array<{ key: string; fields: { summary: string } }> }).issues ?? [])
    .filter((candidate) => candidate.fields.summary === summary)
    .map((candidate) => candidate.key);
}

const item = (overrides: Record<string, unknown> = {}) => ({
  requestId: 'b7d3c1a2-0000-4000-8000-000000000001',
  projectKey: 'OPS',
  summary: 'Alert on replica lag',
  ownerAccountId: PEOPLE.marcus,
  dueDate: '2026-12-15',
  ...overrides,
});

describe('postmortem action items and document status on the local site', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
  });
  afterEach(() => forge.dispose());

  it("searches owners among the people who may be assigned issues in the incident's project, as the user", async () => {
    const found = data(await macroCall<SearchOwnersResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.searchOwners, { query: 'mar' }));
    expect(
      data(
        await macroCall<SearchOwnersResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.searchOwners, {
          query: 'mar',
          projectKey: 'OPS',
        }),
      ).owners,
    ).toEqual([{ accountId: PEOPLE.marcus, displayName: 'Marcus Chen' }]);
    expect(found.owners).toEqual([{ accountId: PEOPLE.marcus, displayName: 'Marcus Chen' }]);
    // Elena browses INC but may not be assigned issues there.
    expect(
      data(await macroCall<SearchOwnersResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.searchOwners, { query: 'elena' })).owners,
    ).toEqual([]);
    // Jonas may not browse INC at all: the incident is not found for him.
    expect((await macroCall(forge, PEOPLE.jonas, POSTMORTEM_RESOLVER_KEYS.searchOwners, { query: 'mar' })).success).toBe(false);
    const empty = await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.searchOwners, { query: ' ' });
    expect(empty).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'query' } });
  });

  it('creates one Task (summary, owner, due date) linked to the incident as the user, and a retry with the same request id creates none', async () => {
    const first = data(await macroCall<AddActionItemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item()));
    expect(first.created).toBe(true);
    expect(first.url).toMatch(new RegExp(`/browse/${first.key}$`));
    const task = await issue(forge, first.key);
    expect(task.fields).toMatchObject({
      summary: 'Alert on replica lag',
      issuetype: { name: 'Task' },
      assignee: { accountId: PEOPLE.marcus },
      duedate: '2026-12-15',
    });
    const incident = await issue(forge, 'INC-6');
    expect(incident.fields.issuelinks.filter((link) => link.inwardIssue?.key === first.key).map((link) => link.type.name)).toEqual([
      'Relates',
    ]);

    const [again, doubleClick] = await Promise.all([
      macroCall<AddActionItemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item()),
      macroCall<AddActionItemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item()),
    ]);
    expect(data(again)).toEqual({ ...first, created: false });
    expect(data(doubleClick)).toEqual({ ...first, created: false });
    expect(await tasksNamed(forge, 'Alert on replica lag')).toEqual([first.key]);

    // A double click on a new item: two concurrent first calls with one request id make one Task.
    const concurrent = await Promise.all(
      [1, 2].map(() =>
        macroCall<AddActionItemResult>(
          forge,
          PEOPLE.priya,
          POSTMORTEM_RESOLVER_KEYS.addActionItem,
          item({ requestId: 'b7d3c1a2-0000-4000-8000-000000000009', summary: 'Page on lag' }),
        ),
      ),
    );
    const made = await tasksNamed(forge, 'Page on lag');
    expect(made).toHaveLength(1);
    // The second click either finds the Task or is told it is being added; it never makes one.
    expect(concurrent.filter((result) => result.success && result.data.created)).toHaveLength(1);
    for (const result of concurrent) if (!result.success) expect(result.error.code).toBe('CONFLICT');

    // The postmortem lists it with owner and due date.
    const { model } = data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {}));
    expect(model.actionItems.find((candidate) => candidate.key === first.key)).toMatchObject({
      owner: 'Marcus Chen',
      dueDate: '2026-12-15',
      status: 'To Do',
    });
  });

  it('refuses bad input naming the field, and a create Jira refuses leaves no claim behind', async () => {
    expect(await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item({ dueDate: '2026-02-30' }))).toMatchObject({
      success: false,
      error: { code: 'BAD_REQUEST', field: 'dueDate' },
    });
    expect(await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item({ summary: '  ' }))).toMatchObject({
      success: false,
      error: { code: 'BAD_REQUEST', field: 'summary' },
    });
    const unknownOwner = await macroCall(
      forge,
      PEOPLE.priya,
      POSTMORTEM_RESOLVER_KEYS.addActionItem,
      item({ ownerAccountId: 'no-such-user' }),
    );
    expect(unknownOwner).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'ownerAccountId' } });
    // Elena may browse OPS but not be assigned issues there: Jira refuses her as the owner.
    const notAssignable = await macroCall(
      forge,
      PEOPLE.priya,
      POSTMORTEM_RESOLVER_KEYS.addActionItem,
      item({ ownerAccountId: PEOPLE.elena }),
    );
    expect(notAssignable).toMatchObject({
      success: false,
      error: {
        code: 'BAD_REQUEST',
        field: 'ownerAccountId',
        message: `Jira did not create the action item: User '${PEOPLE.elena}' cannot be assigned issues.`,
      },
    });
    // The same request id works once the input is fixed: the failed attempt released its claim.
    expect(data(await macroCall<AddActionItemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item())).created).toBe(
      true,
    );
  });

  it('answers CONFLICT while another call holds the request id, and takes over a claim left by a call that died', async () => {
    const store = (value: unknown) =>
      forge.asInvocation({ accountId: PEOPLE.priya }, async () =>
        (await import('@forge/kvs')).kvs.set(`postmortem-action-item:${item().requestId}`, value),
      );
    await store({ state: 'creating', issueKey: 'INC-6', claimedAt: new Date().toISOString(), claimedBy: PEOPLE.marcus });
    expect(await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item())).toMatchObject({
      success: false,
      error: { code: 'CONFLICT' },
    });
    expect(await tasksNamed(forge, 'Alert on replica lag')).toEqual([]);
    await store({
      state: 'creating',
      issueKey: 'INC-6',
      claimedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      claimedBy: PEOPLE.marcus,
    });
    const taken = data(await macroCall<AddActionItemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item()));
    expect(taken.created).toBe(true);
    expect(await tasksNamed(forge, 'Alert on replica lag')).toEqual([taken.key]);
  });

  it('says so clearly, on the project field, when the project has no Task type or cannot be created in', async () => {
    // The demo's incident project holds Incidents and Problems only (its follow-ups live in OPS).
    const meta = (await forge.site.request(PEOPLE.priya, 'GET', '/rest/api/3/issue/createmeta/INC/issuetypes')).body as {
      issueTypes: Array<{ name: string }>;
    };
    expect(meta.issueTypes.map((type) => type.name)).not.toContain('Task');
    const refused = await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.addActionItem, item({ projectKey: undefined }));
    expect(refused).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'projectKey' } });
    expect(!refused.success && refused.error.message).toContain('INC has no Task issue type you may create');
    // Elena may browse OPS but not create issues there.
    const noCreate = await macroCall(
      forge,
      PEOPLE.elena,
      POSTMORTEM_RESOLVER_KEYS.addActionItem,
      item({ requestId: 'b7d3c1a2-0000-4000-8000-000000000002' }),
    );
    expect(noCreate).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'projectKey' } });
    expect(await tasksNamed(forge, 'Alert on replica lag')).toEqual([]);
  });

  it('keeps the status the authors set: Draft at first, refused as Published while author sections are empty, kept by a refresh', async () => {
    const created = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}));
    const statusInHeader = async () =>
      JSON.stringify(
        JSON.parse(
          (
            (await forge.site.request('app', 'GET', `/wiki/api/v2/pages/${created.page.pageId}?body-format=atlas_doc_format`)).body as {
              body: { atlas_doc_format: { value: string } };
            }
          ).body.atlas_doc_format.value,
        ),
      ).match(/"Document status".*?"text":"([^"]+)","color"/)?.[1];
    expect(
      data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {})).model.header.documentStatus,
    ).toBe('Draft');
    expect(await statusInHeader()).toBe('Draft');

    const refused = await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.setDocumentStatus, { status: 'Published' });
    expect(refused).toMatchObject({
      success: false,
      error: {
        code: 'CONFLICT',
        field: 'status',
        message: 'Not published: write Leadup, Five whys, Root cause analysis, Lessons learned on the page first (they are still empty).',
      },
    });

    expect(
      data(
        await macroCall<SetDocumentStatusResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.setDocumentStatus, { status: 'In review' }),
      ).status,
    ).toBe('In review');
    expect(await statusInHeader()).toBe('In review');
    data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}));
    expect(await statusInHeader()).toBe('In review');
    expect(
      data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {})).model.header.documentStatus,
    ).toBe('In review');
    expect(await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.setDocumentStatus, { status: 'Complete' })).toMatchObject({
      success: false,
      error: { code: 'BAD_REQUEST', field: 'status' },
    });
  });

  it('takes a status an author set on the page itself (the header lozenge) at the next refresh, except Published over empty author sections', async () => {
    const created = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}));
    const pageId = created.page.pageId;
    const read = async () =>
      (await forge.site.request('app', 'GET', `/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`)).body as {
        title: string;
        version: { number: number };
        body: { atlas_doc_format: { value: string } };
      };
    // Saved as Confluence's editor saves it: the lozenge text changed, its colour left as it was.
    const setOnPage = async (text: string) => {
      const current = await read();
      const edited = current.body.atlas_doc_format.value.replace(
        /("type":"status","attrs":\{"text":")(Draft|In review|Published)(")/,
        `$1${text}$3`,
      );
      expect(edited).not.toBe(current.body.atlas_doc_format.value);
      const saved = await forge.site.request(PEOPLE.priya, 'PUT', `/wiki/api/v2/pages/${pageId}`, {
        id: pageId,
        status: 'current',
        title: current.title,
        body: { representation: 'atlas_doc_format', value: edited },
        version: { number: current.version.number + 1 },
      });
      expect(saved.status).toBe(200);
    };

    await setOnPage('IN REVIEW');
    const refreshed = data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}));
    expect(refreshed.keptEdited).toEqual([]);
    expect(refreshed.regenerated).toContain('Page header');
    expect(
      data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {})).model.header.documentStatus,
    ).toBe('In review');
    expect((await read()).body.atlas_doc_format.value).toMatch(/"type":"status","attrs":\{"text":"In review","color":"blue"/);

    await setOnPage('Published');
    const kept = data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}));
    expect(kept.keptEdited).toEqual(['Page header']);
    expect(
      data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {})).model.header.documentStatus,
    ).toBe('In review');

    // A status set in the macro wins over an edited header's lozenge, which is rewritten to it.
    expect(
      data(await macroCall<SetDocumentStatusResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.setDocumentStatus, { status: 'Draft' }))
        .status,
    ).toBe('Draft');
    expect((await read()).body.atlas_doc_format.value).toMatch(/"type":"status","attrs":\{"text":"Draft","color":"neutral"/);
    data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}));
    expect(
      data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {})).model.header.documentStatus,
    ).toBe('Draft');
  });
});
