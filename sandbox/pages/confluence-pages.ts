import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { html, raw, type SafeHtml } from '../html';
import { renderAdf } from '../adf-html';
import { describeErrorBody } from '../site-client';
import { errorBanner } from './layout';
import type { PageContext } from './page-context';

const Space = z.object({ id: z.string(), key: z.string(), name: z.string() }).loose();
const Spaces = z.object({ results: z.array(Space) }).loose();
const PageSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    spaceId: z.string().optional(),
    parentId: z.string().nullable().optional(),
    createdAt: z.string().optional(),
  })
  .loose();
const Pages = z.object({ results: z.array(PageSummary) }).loose();
const PageWithBody = z
  .object({
    id: z.string(),
    title: z.string(),
    spaceId: z.string(),
    status: z.string().optional(),
    version: z.object({ number: z.number() }).loose(),
    body: z
      .object({ atlas_doc_format: z.object({ value: z.string() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();
type PageWithBody = z.infer<typeof PageWithBody>;

const AdfDoc = z.object({ type: z.literal('doc'), version: z.number(), content: z.array(z.unknown()) }).loose();
type AdfDoc = z.infer<typeof AdfDoc>;

export async function spacesPage(ctx: PageContext): Promise<SafeHtml> {
  const spaces = await ctx.client.json(ctx.user.accountId, 'GET', '/wiki/api/v2/spaces?limit=100', Spaces).catch((error: unknown) => error);
  const body =
    spaces instanceof Error
      ? errorBanner('Confluence refused the space list', [spaces.message])
      : html`<table class="list" data-testid="space-list"><thead><tr><th>Space</th><th>Key</th></tr></thead><tbody>${Spaces.parse(
          spaces,
        ).results.map(
          (space) => html`<tr><td><a href="/wiki/spaces/${space.key}">${space.name}</a></td><td>${space.key}</td></tr>`,
        )}</tbody></table>`;
  return ctx.page('Spaces', html`<h1>Confluence spaces</h1>${body}`);
}

async function spaceByKey(ctx: PageContext, key: string): Promise<z.infer<typeof Space> | null> {
  const spaces = await ctx.client.json(ctx.user.accountId, 'GET', `/wiki/api/v2/spaces?keys=${encodeURIComponent(key)}`, Spaces);
  return spaces.results.find((space) => space.key === key) ?? null;
}

export async function spacePage(ctx: PageContext, key: string, problem?: string[]): Promise<SafeHtml | null> {
  const space = await spaceByKey(ctx, key);
  if (!space) return null;
  const pages = await ctx.client.json(
    ctx.user.accountId,
    'GET',
    `/wiki/api/v2/pages?space-id=${encodeURIComponent(space.id)}&limit=250`,
    Pages,
  );
  return ctx.page(
    space.name,
    html`<p class="muted"><a href="/wiki/spaces">Spaces</a> / ${space.key}</p><h1>${space.name}</h1>
    ${problem ? errorBanner('Confluence refused the page', problem) : ''}
    <table class="list" data-testid="page-list"><thead><tr><th>Page</th><th>Created</th></tr></thead><tbody>${pages.results.map(
      (page) => html`<tr><td><a href="/wiki/pages/${page.id}">${page.title}</a></td><td class="muted">${page.createdAt ?? ''}</td></tr>`,
    )}</tbody></table>
    <h2>Create a page</h2>
    <form method="post" action="/wiki/spaces/${space.key}/pages" class="stack"><label for="page-title">Title</label><input type="text" id="page-title" name="title" required><p><button type="submit" class="primary" data-testid="create-page">Create page</button></p></form>`,
  );
}

export async function createSpacePage(ctx: PageContext, key: string, title: string): Promise<{ pageId: string } | { errors: string[] }> {
  const space = await spaceByKey(ctx, key);
  if (!space) return { errors: [`No space ${key}`] };
  const response = await ctx.client.call(ctx.user.accountId, 'POST', '/wiki/api/v2/pages', {
    spaceId: space.id,
    status: 'current',
    title,
    body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [] }) },
  });
  const created = z.object({ id: z.string() }).loose().safeParse(response.body);
  if (response.status === 200 && created.success) return { pageId: created.data.id };
  return { errors: [describeErrorBody(response.body)] };
}

async function loadPage(ctx: PageContext, pageId: string): Promise<PageWithBody | null> {
  const response = await ctx.client.call(
    ctx.user.accountId,
    'GET',
    `/wiki/api/v2/pages/${encodeURIComponent(pageId)}?body-format=atlas_doc_format`,
  );
  if (response.status === 404) return null;
  if (response.status !== 200) throw new Error(`GET page ${pageId} answered ${response.status}: ${describeErrorBody(response.body)}`);
  return PageWithBody.parse(response.body);
}

function pageDoc(page: PageWithBody): AdfDoc {
  const value = page.body?.atlas_doc_format?.value;
  if (!value) return { type: 'doc', version: 1, content: [] };
  const parsed = AdfDoc.safeParse(JSON.parse(value));
  return parsed.success ? parsed.data : { type: 'doc', version: 1, content: [] };
}

async function savePage(ctx: PageContext, page: PageWithBody, doc: AdfDoc): Promise<void> {
  const response = await ctx.client.call(ctx.user.accountId, 'PUT', `/wiki/api/v2/pages/${page.id}`, {
    id: page.id,
    status: 'current',
    title: page.title,
    body: { representation: 'atlas_doc_format', value: JSON.stringify(doc) },
    version: { number: page.version.number + 1 },
  });
  if (response.status !== 200) throw new Error(`Confluence refused the page update: ${describeErrorBody(response.body)}`);
}

/** A Confluence page: its ADF through Atlassian's serializer, with the app's macros as frames. */
export async function confluencePage(ctx: PageContext, pageId: string, configureLocalId: string | null): Promise<SafeHtml | null> {
  const page = await loadPage(ctx, pageId);
  if (!page) return null;
  const space = await ctx.client
    .json(ctx.user.accountId, 'GET', `/wiki/api/v2/spaces/${page.spaceId}`, Space)
    .catch(() => ({ id: page.spaceId, key: '', name: '' }));
  const doc = pageDoc(page);
  const target = (localId: string, extensionKey: string, config: Record<string, unknown>) => ({
    pageId: page.id,
    spaceId: page.spaceId,
    spaceKey: space.key,
    localId,
    extensionKey,
    config,
  });
  const rendered = renderAdf(doc, (placement) => ctx.frames.macroView(target(placement.localId, placement.extensionKey, placement.config)));
  const configuring = configureLocalId ? rendered.macros.find((macro) => macro.localId === configureLocalId) : undefined;
  const insertMenu = ctx.frames
    .macros()
    .map(
      (macro) =>
        html`<form method="post" action="/wiki/pages/${page.id}/macros" style="display:inline"><input type="hidden" name="moduleKey" value="${macro.moduleKey}"><button type="submit" data-testid="insert-macro" data-macro="${macro.moduleKey}">Insert “${macro.title}”</button></form>`,
    );
  return ctx.page(
    page.title,
    html`<p class="muted"><a href="/wiki/spaces">Spaces</a> / <a href="/wiki/spaces/${space.key}">${space.name || space.key}</a></p>
    <h1 data-testid="page-title">${page.title}</h1>
    <p class="muted">Version ${page.version.number} · <span data-testid="editor-toolbar">${insertMenu}</span></p>
    <article class="page-body" data-testid="page-body">${rendered.html}</article>
    ${configuring ? ctx.frames.macroConfig(target(configuring.localId, configuring.extensionKey, configuring.config)) : raw('')}`,
    { hostScript: true },
  );
}

/** Inserts a macro as Confluence's editor does: an `extension` node carrying the Forge extension key. */
export async function insertMacro(ctx: PageContext, pageId: string, moduleKey: string): Promise<{ localId: string; openConfig: boolean }> {
  const macro = ctx.frames.macros().find((candidate) => candidate.moduleKey === moduleKey);
  if (!macro) throw new Error(`No macro module "${moduleKey}" in the manifest`);
  const page = await loadPage(ctx, pageId);
  if (!page) throw new Error(`No page ${pageId}`);
  const localId = randomUUID();
  const doc = pageDoc(page);
  doc.content.push({
    type: 'extension',
    attrs: {
      extensionType: 'com.atlassian.ecosystem',
      extensionKey: macro.extensionKey,
      parameters: {
        localId,
        extensionId: macro.extensionId,
        extensionTitle: macro.title,
        layout: 'block',
        forgeEnvironment: 'DEVELOPMENT',
        render: 'native',
        guestParams: {},
      },
      layout: 'default',
      localId,
    },
  });
  await savePage(ctx, page, doc);
  return { localId, openConfig: macro.hasConfig };
}

/** Saves what a macro's config panel submitted into the macro's `guestParams`, as Confluence does. */
export async function saveMacroConfig(ctx: PageContext, pageId: string, localId: string, config: Record<string, unknown>): Promise<void> {
  const page = await loadPage(ctx, pageId);
  if (!page) throw new Error(`No page ${pageId}`);
  const doc = pageDoc(page);
  let found = false;
  const update = (node: unknown): unknown => {
    const parsed = z
      .object({
        type: z.string(),
        attrs: z
          .object({ parameters: z.object({ localId: z.string().optional() }).loose().optional() })
          .loose()
          .optional(),
        content: z.array(z.unknown()).optional(),
      })
      .loose()
      .safeParse(node);
    if (!parsed.success) return node;
    const value = parsed.data;
    if ((value.type === 'extension' || value.type === 'bodiedExtension') && value.attrs?.parameters?.localId === localId) {
      found = true;
      return { ...value, attrs: { ...value.attrs, parameters: { ...value.attrs.parameters, guestParams: config } } };
    }
    return value.content ? { ...value, content: value.content.map(update) } : value;
  };
  const next = { ...doc, content: doc.content.map(update) };
  if (!found) throw new Error(`No macro ${localId} on page ${pageId}`);
  await savePage(ctx, page, next);
}
