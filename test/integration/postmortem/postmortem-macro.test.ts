import path from 'node:path';
import { kvs } from '@forge/kvs';
import {
  POSTMORTEM_RESOLVER_KEYS,
  type CreatePostmortemResult,
  type PostmortemPreview,
  type RefreshPostmortemResult,
  type SearchIncidentsResult,
} from '../../../src/contracts/postmortem-macro';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { postmortemAdfExport } from '../../../src/entry/macro/postmortem-adf-export';
import { postmortemMacroResolver } from '../../../src/entry/resolvers/postmortem-macro-resolver';
import { adfProblems } from '../../support/adf-validators';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PEOPLE = { priya: '5f1a2b3c4d5e6f7a8b9c0d01', elena: '5f1a2b3c4d5e6f7a8b9c0d03', jonas: '5f1a2b3c4d5e6f7a8b9c0d04' } as const;
const SPACE_ID = '98305';
const REVIEWS_PAGE = '131074';

/** The macro sits on "Incident reviews" and was configured for `issueKey`. */
function macroCall<T>(
  forge: LocalForge,
  accountId: string,
  functionKey: string,
  payload: unknown,
  issueKey?: string,
): Promise<ResolverResult<T>> {
  const extension = {
    type: 'macro',
    content: { id: REVIEWS_PAGE, type: 'page' },
    space: { id: SPACE_ID, key: 'ENG' },
    ...(issueKey ? { config: { issueKey } } : {}),
  };
  return forge.asInvocation({ accountId }, () =>
    forge.invoke(postmortemMacroResolver, functionKey, payload, { accountId, moduleKey: 'incident-postmortem', extension }),
  ) as Promise<ResolverResult<T>>;
}

function data<T>(result: ResolverResult<T>): T {
  if (!result.success) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function pageBody(
  forge: LocalForge,
  pageId: string,
): Promise<{ title: string; parentId: string; version: { number: number }; adf: unknown }> {
  const response = await forge.site.request('app', 'GET', `/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`);
  const page = response.body as {
    title: string;
    parentId: string;
    version: { number: number };
    body: { atlas_doc_format: { value: string } };
  };
  return { ...page, adf: JSON.parse(page.body.atlas_doc_format.value) };
}

async function pagesTitled(forge: LocalForge, title: string): Promise<Array<{ id: string }>> {
  const response = await forge.site.request('app', 'GET', `/wiki/api/v2/pages?space-id=${SPACE_ID}&title=${encodeURIComponent(title)}`);
  return (response.body as { results: Array<{ id: string }> }).results;
}

async function remoteLinks(
  forge: LocalForge,
  issueKey: string,
): Promise<Array<{ globalId?: string; object: { url: string; title: string } }>> {
  return (await forge.site.request('app', 'GET', `/rest/api/3/issue/${issueKey}/remotelink`)).body as Array<{
    globalId?: string;
    object: { url: string; title: string };
  }>;
}

const textOf = (node: unknown): string => {
  if (typeof node !== 'object' || node === null) return '';
  const record = node as { text?: unknown; content?: unknown };
  return (typeof record.text === 'string' ? record.text : '') + (Array.isArray(record.content) ? record.content.map(textOf).join(' ') : '');
};

describe('postmortem macro on the local site', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
  });
  afterEach(() => forge.dispose());

  it('previews a closed incident from standard Jira data: metrics, timeline, problem and corrective actions', async () => {
    const preview = data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6'));
    const { model } = preview;
    expect(model.incident.key).toBe('INC-6');
    expect(model.problem?.key).toBe('INC-7');
    expect(model.actionItems.map((item) => item.key).sort()).toEqual(['OPS-1', 'OPS-2', 'OPS-3']);
    expect(model.metrics.createdAt).toMatch(/Z$/);
    expect(model.metrics.resolvedAt).not.toBeNull();
    expect(model.metrics.timeToResolveMinutes).toBeGreaterThan(0);
    expect(model.timeline.filter((entry) => entry.kind === 'comment')).toHaveLength(3);
    expect(model.timeline.some((entry) => entry.kind === 'status')).toBe(true);
    expect(model.siteTimeZone).toBe('Europe/London');
    expect(preview.page).toBeNull();
  });

  it('gives every time in the site’s default zone (serverInfo) with UTC beside it, whoever previews, and never the reader’s own zone', async () => {
    forge.site.jira.state.siteTimeZone = 'America/Los_Angeles';
    // Priya's Jira profile says Europe/London, Elena's Europe/Rome: neither matters.
    const asPriya = data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6')).model;
    const asElena = data(await macroCall<PostmortemPreview>(forge, PEOPLE.elena, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6')).model;
    expect(asPriya.siteTimeZone).toBe('America/Los_Angeles');
    expect(asElena.timeline.map((entry) => entry.atSiteTime)).toEqual(asPriya.timeline.map((entry) => entry.atSiteTime));
    expect(asPriya.timeline[1]?.atSiteTime).toBe('2026-11-17 06:00 America/Los_Angeles');
    const timeline = JSON.stringify(asPriya.sections.find((section) => section.id === 'timeline')!.blocks);
    expect(timeline).toContain('"header":["Time (America/Los_Angeles)","UTC","Who","What","Event"]');
    expect(timeline).toContain('Service restored set to 2026-11-17 06:14 America/Los_Angeles, 14:14 UTC');
    expect(timeline).not.toContain('Europe/');
  });

  it('folds the app’s own writes (accountType app in Jira’s history) into the person’s change they followed, and never names the app a responder', async () => {
    const marcus = '5f1a2b3c4d5e6f7a8b9c0d02';
    expect((await forge.site.request(marcus, 'PUT', '/rest/api/3/issue/INC-1', { fields: { labels: ['payments', 'eu'] } })).status).toBe(
      204,
    );
    expect((await forge.site.request('app', 'PUT', '/rest/api/3/issue/INC-1', { fields: { priority: { name: 'High' } } })).status).toBe(
      204,
    );
    const comment = {
      body: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Priority set automatically from the impact and urgency.' }] }],
      },
    };
    expect((await forge.site.request('app', 'POST', '/rest/api/3/issue/INC-1/comment', comment)).status).toBe(201);

    const { model } = data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-1'));
    const last = model.timeline[model.timeline.length - 1]!;
    expect(last).toMatchObject({ author: 'Marcus Chen', kind: 'field', folded: 2 });
    expect(last.text).toBe('labels set to payments eu (then the app: Priority: Highest → High; explained it in a comment)');
    expect(model.timelineFolding.appEntries).toBe(2);
    expect(model.timeline.some((entry) => entry.author === 'Incident Response (local app)')).toBe(false);
    expect(model.responders.map((responder) => responder.name)).not.toContain('Incident Response (local app)');
    expect(JSON.stringify(model.sections.find((section) => section.id === 'timeline')!.blocks)).toContain(
      '2 by the app, folded into the change they followed (within 5 min)',
    );
  });

  it('reads every changelog page of a long history', async () => {
    const before = forge.site.stats.log.length;
    const { model } = data(
      await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, { issueKey: 'INC-8' }),
    );
    const changelogCalls = forge.site.stats.log.slice(before).filter((entry) => entry.product === 'jira' && /\/changelog/.test(entry.path));
    expect(changelogCalls).toHaveLength(3);
    const changelog = (await forge.site.request('app', 'GET', '/rest/api/3/issue/INC-8/changelog?maxResults=100&startAt=200')).body as {
      total: number;
    };
    expect(model.timeline.filter((entry) => entry.kind !== 'created' && entry.kind !== 'comment').length).toBeGreaterThan(200);
    expect(changelog.total).toBeGreaterThan(200);
  });

  it('answers a user who may not browse the incident with NOT_FOUND, and a non-incident with NOT_INCIDENT', async () => {
    const hidden = await macroCall(forge, PEOPLE.jonas, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6');
    expect(hidden).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    const task = await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, { issueKey: 'OPS-1' });
    expect(task).toMatchObject({ success: false, error: { code: 'NOT_INCIDENT' } });
    const bad = await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, { issueKey: 'not a key' });
    expect(bad).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'issueKey' } });
    const unconfigured = await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {});
    expect(unconfigured).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'issueKey' } });
  });

  it('creates one valid child page, tags and links it, and returns the same page on a retry', async () => {
    const first = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    expect(first.created).toBe(true);
    const page = await pageBody(forge, first.page.pageId);
    expect(page.parentId).toBe(REVIEWS_PAGE);
    expect(page.title).toMatch(/^Postmortem INC-6: /);
    expect(adfProblems(page.adf)).toEqual([]);
    expect(textOf(page.adf)).toContain('Five whys');

    const links = await remoteLinks(forge, 'INC-6');
    expect(links.filter((link) => link.globalId === `postmortem-page=${first.page.pageId}`)).toHaveLength(1);

    const again = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    expect(again).toMatchObject({ created: false, page: { pageId: first.page.pageId } });
    expect(await pagesTitled(forge, page.title)).toHaveLength(1);
    expect((await remoteLinks(forge, 'INC-6')).filter((link) => link.globalId?.startsWith('postmortem-page='))).toHaveLength(1);

    const preview = data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6'));
    expect(preview.page?.pageId).toBe(first.page.pageId);
  });

  it('creates the page for an incident whose summary has the full 255 characters Jira allows: the title is cut, the key kept', async () => {
    const summary = `Database failover ${'and cascading retries '.repeat(12)}`.slice(0, 255);
    expect((await forge.site.request(PEOPLE.priya, 'PUT', '/rest/api/3/issue/INC-6', { fields: { summary } })).status).toBe(204);
    const created = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    const page = await pageBody(forge, created.page.pageId);
    expect(page.title.length).toBeLessThanOrEqual(255);
    expect(page.title).toMatch(/^Postmortem INC-6: Database failover and cascading retries .*…$/);
  });

  it('makes one page for a double click (two concurrent creates)', async () => {
    const [a, b] = await Promise.all([
      macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'),
      macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'),
    ]);
    const results = [data(a), data(b)];
    expect(new Set(results.map((result) => result.page.pageId)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await pagesTitled(forge, results[0]!.page.title)).toHaveLength(1);
  });

  it("adopts the page an attempt created before it failed (it carries the claim's origin id)", async () => {
    // The page is created, then tagging it fails (500, not retried): the attempt fails after making the page.
    forge.site.faults.inject({
      match: (req) => req.method === 'POST' && /^\/wiki\/api\/v2\/pages\/[^/]+\/properties$/.test(req.path),
      kind: '500',
      times: 1,
    });
    const failed = await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6');
    expect(failed.success).toBe(false);
    const title = data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6')).model.header
      .title;
    const [orphan] = await pagesTitled(forge, title);
    expect(orphan).toBeDefined();

    const result = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    expect(result).toMatchObject({ created: false, page: { pageId: orphan!.id } });
    expect(await pagesTitled(forge, title)).toHaveLength(1);
    expect(await kvs.get('postmortem-page:INC-6')).toMatchObject({ state: 'created', pageId: orphan!.id });
    expect((await remoteLinks(forge, 'INC-6')).some((link) => link.globalId === `postmortem-page=${orphan!.id}`)).toBe(true);
  });

  it('does not adopt a page a person made with the same title (even tagged with the page property): CONFLICT naming it, nothing recorded or linked', async () => {
    const title = data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6')).model.header
      .title;
    const lookAlike = await forge.site.request(PEOPLE.elena, 'POST', '/wiki/api/v2/pages', {
      spaceId: SPACE_ID,
      status: 'current',
      title,
      parentId: REVIEWS_PAGE,
      body: {
        representation: 'atlas_doc_format',
        value: JSON.stringify({
          type: 'doc',
          version: 1,
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Nothing to see here' }] }],
        }),
      },
    });
    const lookAlikeId = (lookAlike.body as { id: string }).id;
    await forge.site.request(PEOPLE.elena, 'POST', `/wiki/api/v2/pages/${lookAlikeId}/properties`, {
      key: 'incident-postmortem',
      value: { issueKey: 'INC-6' },
    });

    const result = await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6');
    expect(result).toMatchObject({ success: false, error: { code: 'CONFLICT' } });
    if (!result.success)
      expect(result.error.message).toContain(
        `A page titled “${title}” already exists in this space and was not made by the postmortem macro`,
      );
    expect(await kvs.get('postmortem-page:INC-6')).not.toMatchObject({ state: 'created' });
    expect((await remoteLinks(forge, 'INC-6')).filter((link) => link.globalId?.startsWith('postmortem-page='))).toEqual([]);
    expect(data(await macroCall<PostmortemPreview>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6')).page).toBeNull();
    expect(await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6')).toMatchObject({
      success: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('makes a new page when the recorded one was deleted', async () => {
    await kvs.set('postmortem-page:INC-6', {
      state: 'created',
      pageId: '999999',
      spaceId: SPACE_ID,
      title: 'Gone',
      createdAt: '2026-11-20T10:00:00.000Z',
    });
    const result = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    expect(result.created).toBe(true);
    expect(result.page.pageId).not.toBe('999999');
    expect(await kvs.get('postmortem-page:INC-6')).toMatchObject({ state: 'created', pageId: result.page.pageId });
  });

  it('waits for a creation in progress and reports CONFLICT when it never finishes', async () => {
    await kvs.set('postmortem-page:INC-6', { state: 'creating', claimedAt: new Date().toISOString(), claimedBy: PEOPLE.elena });
    const result = await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6');
    expect(result).toMatchObject({ success: false, error: { code: 'CONFLICT' } });
    await kvs.set('postmortem-page:INC-6', { state: 'creating', claimedAt: '2026-01-01T00:00:00.000Z', claimedBy: PEOPLE.elena });
    expect(data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6')).created).toBe(
      true,
    );
  });

  it('refreshes the page: new Jira data comes in, author sections stay, the version goes up', async () => {
    const created = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    const before = await pageBody(forge, created.page.pageId);
    const adf = before.adf as { type: string; version: number; content: Array<{ type: string; attrs?: { localId?: string } }> };
    const whys = adf.content.findIndex((node) => node.attrs?.localId === 'postmortem-author-five-whys');
    const withWhys = {
      ...adf,
      content: [
        ...adf.content.slice(0, whys + 1),
        { type: 'paragraph', content: [{ type: 'text', text: 'Why 1: the cache TTL was zero.' }] },
        ...adf.content.slice(whys + 3),
      ],
    };
    // An author also adds a line at the end of a generated section (Impact).
    // Detection comes before Five whys, so its index is the same in both documents.
    const detection = adf.content.findIndex((node) => node.attrs?.localId === 'postmortem-section-detection');
    const authored = {
      ...withWhys,
      content: [
        ...withWhys.content.slice(0, detection),
        { type: 'paragraph', content: [{ type: 'text', text: 'The runbook step 4 was out of date.' }] },
        ...withWhys.content.slice(detection),
      ],
    };
    const edited = await forge.site.request(PEOPLE.priya, 'PUT', `/wiki/api/v2/pages/${created.page.pageId}`, {
      id: created.page.pageId,
      status: 'current',
      title: before.title,
      body: { representation: 'atlas_doc_format', value: JSON.stringify(authored) },
      version: { number: before.version.number + 1 },
    });
    expect(edited.status).toBe(200);
    await forge.site.request(PEOPLE.priya, 'POST', '/rest/api/3/issue/INC-6/comment', {
      body: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Late finding: <b>not bold</b>' }] }],
      },
    });

    const refreshed = data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6'));
    const after = await pageBody(forge, created.page.pageId);
    expect(after.version.number).toBe(before.version.number + 2);
    expect(refreshed.page.version).toBe(after.version.number);
    const text = textOf(after.adf);
    expect(text).toContain('Why 1: the cache TTL was zero.');
    expect(text).toContain('The runbook step 4 was out of date.');
    expect(text).toContain('Kept your edits:');
    expect(text).toContain('Late finding: <b>not bold</b>');
    expect(adfProblems(after.adf)).toEqual([]);
    expect(refreshed.keptEdited).toEqual(['Impact']);
    expect(refreshed.keptAuthorSections).toEqual(['Leadup', 'Five whys', 'Root cause analysis', 'Lessons learned']);
    expect(refreshed.regenerated).toContain('Timeline');
    expect(refreshed.regenerated).not.toContain('Impact');
    expect(refreshed.regenerated).not.toContain('Five whys');

    // Refreshing again keeps the edits and the one note, and regenerates the same parts.
    const again = data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6'));
    expect(again.keptEdited).toEqual(['Impact']);
    const final = textOf((await pageBody(forge, created.page.pageId)).adf);
    expect(final.split('Kept your edits:')).toHaveLength(2);
    expect(final).toContain('The runbook step 4 was out of date.');
  });

  it('refreshes a page made before fingerprints were kept: regenerated when the app saved it last, kept when a person did', async () => {
    const created = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    const legacyRecord = {
      state: 'created',
      pageId: created.page.pageId,
      spaceId: SPACE_ID,
      title: created.page.title,
      createdAt: '2026-11-20T10:00:00.000Z',
    };
    await kvs.set('postmortem-page:INC-6', legacyRecord);
    const first = data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6'));
    expect(first.keptEdited).toEqual([]);
    expect(first.regenerated).toContain('Page header');

    await kvs.set('postmortem-page:INC-6', legacyRecord);
    const before = await pageBody(forge, created.page.pageId);
    const adf = before.adf as { type: string; version: number; content: Array<{ type: string; attrs?: { localId?: string } }> };
    const timeline = adf.content.findIndex((node) => node.attrs?.localId === 'postmortem-section-timeline');
    const edited = {
      ...adf,
      content: [
        ...adf.content.slice(0, timeline),
        { type: 'paragraph', content: [{ type: 'text', text: 'Failover took 3 tries.' }] },
        ...adf.content.slice(timeline),
      ],
    };
    const saved = await forge.site.request(PEOPLE.priya, 'PUT', `/wiki/api/v2/pages/${created.page.pageId}`, {
      id: created.page.pageId,
      status: 'current',
      title: before.title,
      body: { representation: 'atlas_doc_format', value: JSON.stringify(edited) },
      version: { number: before.version.number + 1 },
    });
    expect(saved.status).toBe(200);
    const second = data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6'));
    expect(second.keptEdited).toContain('Recovery');
    expect(textOf((await pageBody(forge, created.page.pageId)).adf)).toContain('Failover took 3 tries.');
  });

  it('two refreshes at once both succeed and flag nothing', async () => {
    data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    const both = await Promise.all([
      macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6'),
      macroCall<RefreshPostmortemResult>(forge, PEOPLE.elena, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6'),
    ]);
    for (const result of both) expect(data(result).keptEdited).toEqual([]);
    const { pageId } = data(both[0]).page;
    expect(textOf((await pageBody(forge, pageId)).adf)).not.toContain('Kept your edits');
  });

  it("a refresh whose fingerprint write was lost leaves nothing flagged on the next refresh (the page version is the app's own)", async () => {
    data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    const comment = (text: string) =>
      forge.site.request(PEOPLE.priya, 'POST', '/rest/api/3/issue/INC-6/comment', {
        body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
      });
    await comment('First late finding');
    forge.site.faults.inject({
      match: (req) => req.path === '/api/v1/set' && JSON.stringify(req.body).includes('postmortem-page:INC-6'),
      kind: '500',
      times: 20,
    });
    const lost = await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6');
    expect(lost.success).toBe(false);
    forge.site.faults.clear();
    // Jira changes again, so the timeline the lost refresh wrote matches neither the stored fingerprint nor Jira now.
    await comment('Second late finding');
    const next = data(await macroCall<RefreshPostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6'));
    expect(next.keptEdited).toEqual([]);
    expect(textOf((await pageBody(forge, next.page.pageId)).adf)).not.toContain('Kept your edits');
  });

  it('refuses to refresh before a page exists', async () => {
    expect(await macroCall(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6')).toMatchObject({
      success: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('searches incidents the user may browse, as they type', async () => {
    const all = data(await macroCall<SearchIncidentsResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.searchIncidents, { query: '' }));
    expect(all.incidents.length).toBeGreaterThan(3);
    expect(all.incidents.every((hit) => hit.key.startsWith('INC-'))).toBe(true);
    expect(all.incidents.map((hit) => hit.key)).not.toContain('INC-7');
    const summaryWord = all.incidents[0]!.summary.split(/\s+/)[0]!.slice(0, 4);
    const typed = data(
      await macroCall<SearchIncidentsResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.searchIncidents, { query: summaryWord }),
    );
    expect(typed.incidents.map((hit) => hit.key)).toContain(all.incidents[0]!.key);
    const byKey = data(
      await macroCall<SearchIncidentsResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.searchIncidents, { query: 'inc-6' }),
    );
    expect(byKey.incidents[0]?.key).toBe('INC-6');
    const hostile = await macroCall<SearchIncidentsResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.searchIncidents, {
      query: '" OR project = OPS -- ~*',
    });
    expect(data(hostile).incidents.every((hit) => hit.key.startsWith('INC-'))).toBe(true);
    const nobody = data(
      await macroCall<SearchIncidentsResult>(forge, PEOPLE.jonas, POSTMORTEM_RESOLVER_KEYS.searchIncidents, { query: '' }),
    );
    expect(nobody.incidents).toEqual([]);
  });

  it('exports the same document the page gets', async () => {
    const created = data(await macroCall<CreatePostmortemResult>(forge, PEOPLE.priya, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    const page = await pageBody(forge, created.page.pageId);
    const exported = await forge.asInvocation({ accountId: PEOPLE.priya }, () =>
      postmortemAdfExport({ extensionPayload: { config: { issueKey: 'INC-6' } } }),
    );
    expect(adfProblems(exported)).toEqual([]);
    const headings = (doc: unknown) =>
      (doc as { content: Array<{ type: string }> }).content.filter((node) => node.type === 'heading').map(textOf);
    expect(headings(exported)).toEqual(headings(page.adf));
    const unconfigured = await forge.asInvocation({ accountId: PEOPLE.priya }, () => postmortemAdfExport({}));
    expect(adfProblems(unconfigured)).toEqual([]);
  });
});
