import path from 'node:path';
import api, { route } from '@forge/api';
import {
  POSTMORTEM_RESOLVER_KEYS,
  type CreatePostmortemResult,
  type PostmortemPreview,
  type RefreshPostmortemResult,
} from '../../../src/contracts/postmortem-macro';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { postmortemAdfExport } from '../../../src/entry/macro/postmortem-adf-export';
import { postmortemMacroResolver } from '../../../src/entry/resolvers/postmortem-macro-resolver';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

/**
 * Every address the postmortem shows or stores is absolute and on the site: the macro's Open
 * button and the Jira remote link (Confluence `_links.base` + `webui`), and the issue links on the
 * page (the site URL from the Forge context, or serverInfo). The local Forge runtime answers Jira's
 * `self` links on the API gateway, as Forge's product proxy does, so a link built from `self` fails here.
 */
const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d01';
const SPACE_ID = '98305';
const REVIEWS_PAGE = '131074';

function macroCall<T>(forge: LocalForge, functionKey: string, payload: unknown, issueKey: string): Promise<ResolverResult<T>> {
  const extension = {
    type: 'macro',
    content: { id: REVIEWS_PAGE, type: 'page' },
    space: { id: SPACE_ID, key: 'ENG' },
    config: { issueKey },
  };
  return forge.asInvocation({ accountId: PRIYA }, () =>
    forge.invoke(postmortemMacroResolver, functionKey, payload, { accountId: PRIYA, moduleKey: 'incident-postmortem', extension }),
  ) as Promise<ResolverResult<T>>;
}

function data<T>(result: ResolverResult<T>): T {
  if (!result.success) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** Every `href` of every link mark in an ADF document. */
function hrefsOf(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const record = node as { marks?: Array<{ type: string; attrs?: { href?: string } }>; content?: unknown[] };
  const own = (record.marks ?? [])
    .filter((mark) => mark.type === 'link' && typeof mark.attrs?.href === 'string')
    .map((mark) => mark.attrs!.href!);
  return [...own, ...(record.content ?? []).flatMap(hrefsOf)];
}

async function storedAdf(forge: LocalForge, pageId: string): Promise<unknown> {
  const response = await forge.site.request('app', 'GET', `/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`);
  return JSON.parse((response.body as { body: { atlas_doc_format: { value: string } } }).body.atlas_doc_format.value);
}

describe('postmortem links are absolute site addresses', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
  });
  afterEach(() => forge.dispose());

  it('the local Forge proxy answers `self` on the API gateway, direct REST on the site', async () => {
    const viaProxy = await forge.asInvocation({ accountId: PRIYA }, async () =>
      (await api.asUser().requestJira(route`/rest/api/3/issue/INC-6?fields=issuelinks`)).json(),
    );
    expect(viaProxy.self).toMatch(/^https:\/\/api\.atlassian\.com\/ex\/jira\/[0-9a-f-]+\/rest\/api\/3\/issue\/\d+$/);
    expect(viaProxy.fields.issuelinks[0].self).toMatch(/^https:\/\/api\.atlassian\.com\/ex\/jira\//);
    const direct = (await forge.site.request(PRIYA, 'GET', '/rest/api/3/issue/INC-6?fields=issuelinks')).body as { self: string };
    expect(direct.self).toBe(`${forge.site.baseUrl}/rest/api/3/issue/${(viaProxy as { id: string }).id}`);
    const info = await forge.asInvocation({ accountId: PRIYA }, async () =>
      (await api.asApp().requestJira(route`/rest/api/3/serverInfo`)).json(),
    );
    expect(info.baseUrl).toBe(forge.site.baseUrl);
  });

  it('create, preview and refresh give the page at `_links.base` + webui, and the remote link stores that address', async () => {
    const wiki = `${forge.site.baseUrl}/wiki/spaces/ENG/pages/`;
    const created = data(await macroCall<CreatePostmortemResult>(forge, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    expect(created.page.url).toBe(`${wiki}${created.page.pageId}`);

    const links = (await forge.site.request('app', 'GET', '/rest/api/3/issue/INC-6/remotelink')).body as Array<{
      globalId?: string;
      object: { url: string };
    }>;
    expect(links.find((link) => link.globalId === `postmortem-page=${created.page.pageId}`)?.object.url).toBe(created.page.url);

    const preview = data(await macroCall<PostmortemPreview>(forge, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6'));
    expect(preview.page?.url).toBe(created.page.url);
    const refreshed = data(await macroCall<RefreshPostmortemResult>(forge, POSTMORTEM_RESOLVER_KEYS.refresh, {}, 'INC-6'));
    expect(refreshed.page.url).toBe(created.page.url);
  });

  it('a page found by a title search (a list, whose items carry no `_links.base`) is named by its absolute address', async () => {
    const title = data(await macroCall<PostmortemPreview>(forge, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6')).model.header.title;
    const orphan = await forge.site.request(PRIYA, 'POST', '/wiki/api/v2/pages', {
      spaceId: SPACE_ID,
      status: 'current',
      title,
      parentId: REVIEWS_PAGE,
      body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [] }) },
    });
    const orphanId = (orphan.body as { id: string }).id;
    // A page a person made is never adopted as the postmortem (the refusal names it by its address).
    const refused = await macroCall<CreatePostmortemResult>(forge, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6');
    expect(refused.success).toBe(false);
    if (refused.success) return;
    expect(refused.error.code).toBe('CONFLICT');
    expect(refused.error.message).toContain(`(${forge.site.baseUrl}/wiki/spaces/ENG/pages/${orphanId})`);
  });

  it("issue links on the page and in the preview are the site's /browse addresses, never the gateway", async () => {
    const created = data(await macroCall<CreatePostmortemResult>(forge, POSTMORTEM_RESOLVER_KEYS.create, {}, 'INC-6'));
    const hrefs = hrefsOf(await storedAdf(forge, created.page.pageId));
    expect(hrefs.length).toBeGreaterThan(3);
    for (const href of hrefs) expect(href).toMatch(new RegExp(`^${forge.site.baseUrl.replace(/[.]/g, '\\.')}/browse/[A-Z]+-\\d+$`));
    expect(hrefs).toContain(`${forge.site.baseUrl}/browse/INC-7`);

    const { model } = data(await macroCall<PostmortemPreview>(forge, POSTMORTEM_RESOLVER_KEYS.preview, {}, 'INC-6'));
    expect(model.incident.url).toBe(`${forge.site.baseUrl}/browse/INC-6`);
    expect(
      [model.problem?.url, ...model.actionItems.map((item) => item.url)].every((url) => url?.startsWith(`${forge.site.baseUrl}/browse/`)),
    ).toBe(true);
  });

  it('the export function, which has no Forge context, takes the site address from serverInfo', async () => {
    const adf = await forge.asInvocation({ accountId: PRIYA }, () =>
      postmortemAdfExport({ extensionPayload: { config: { issueKey: 'INC-6' } } }),
    );
    const hrefs = hrefsOf(adf);
    expect(hrefs.length).toBeGreaterThan(3);
    expect(hrefs.every((href) => href.startsWith(`${forge.site.baseUrl}/browse/`))).toBe(true);
    expect(forge.site.stats.log.some((entry) => entry.path === '/rest/api/3/serverInfo')).toBe(true);
  });
});
