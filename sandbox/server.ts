import http from 'node:http';
import { NeedsAuthenticationError } from '@forge/api';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import atlassianDarkTokens from '@atlaskit/tokens/dist/cjs/artifacts/themes/atlassian-dark';
import atlassianLightTokens from '@atlaskit/tokens/dist/cjs/artifacts/themes/atlassian-light';
import { parseTarget, type SiteRequest } from '../local-site/site-http';
import { html, raw, type SafeHtml } from './html';
import {
  formFields,
  formValue,
  htmlResponse,
  jsonBody,
  jsonResponse,
  readRequest,
  redirect,
  streamedHtmlResponse,
  textResponse,
  writeResponse,
  type SandboxRequest,
  type SandboxResponse,
} from './http-kit';
import { FrameRegistry, RESOURCE_PATH, frameContext, gzipped, serveFrameAsset, serveVersionedResource } from './module-host';
import { HOST_SCRIPT, HOST_SCRIPT_URL } from './host-script';
import { createFrameRenderer } from './frames';
import { resourceDir, type AppManifest } from './app-manifest';
import type { AppRuntime, SiteIdentity } from './app-runtime';
import { LOCAL_USER_HEADER, SiteClient, actorHeaders, withoutActorHeaders, type SiteHandler } from './site-client';
import { errorBanner, layout, type SiteUser } from './pages/layout';
import type { PageContext } from './pages/page-context';
import {
  adminPage,
  createPage,
  incidentListPage,
  issuePage,
  projectAppPage,
  streamIssuePage,
  submitComment,
  submitCreate,
  submitEdit,
  submitTransition,
  type IssuePageNotice,
} from './pages/jira-pages';
import { confluencePage, createSpacePage, insertMacro, saveMacroConfig, spacePage, spacesPage } from './pages/confluence-pages';
import { outboxPage } from './pages/outbox-page';
import { statuspagePage } from './pages/statuspage-page';
import type { OutboxEmail } from '../local-site/jira/notify-routes';
import type { StatuspageSite } from '../local-site/statuspage/statuspage-site';

export interface ContractViolationView {
  direction: string;
  method: string;
  path: string;
  status?: number;
  message: string;
}

export interface SandboxOptions {
  site: SiteHandler;
  manifest: AppManifest;
  runtime: AppRuntime;
  identity: SiteIdentity;
  users: readonly SiteUser[];
  defaultAccountId: string;
  /** Contract violations seen so far (requests and responses checked against Atlassian's OpenAPI specs). */
  contractViolations(): readonly ContractViolationView[];
  /** Whether each user has allowed the app to act as them (the Forge runtime's consent state). */
  consent?: { grant(accountId: string): void; withhold(accountId: string): void };
  log?: (message: string) => void;
  /** Every email Jira would have sent (the local site's notify outbox). */
  outbox?: () => readonly OutboxEmail[];
  /** The local Statuspage, for its public page and outage switch. */
  statuspage?: StatuspageSite;
}

export const USER_COOKIE = 'local-user';
/** The colour mode chosen with the header's switch (`light` unless set to `dark`). */
export const THEME_COOKIE = 'local-theme';

export function colorModeOf(req: SandboxRequest): 'light' | 'dark' {
  return req.cookies[THEME_COOKIE] === 'dark' ? 'dark' : 'light';
}

/**
 * Atlassian's light and dark design-token CSS (@atlaskit/tokens), which a Forge host gives a frame
 * that called `view.theme.enable()`; the html element's data-color-mode picks one.
 */
function themeTokensCss(): string {
  return `${atlassianLightTokens}\n${atlassianDarkTokens}`;
}

/**
 * The `npm start` server: Jira-like and Confluence-like pages, the hosted Custom UI frames and
 * their bridge endpoints, and the local site's REST API at Jira's and Confluence's own paths.
 */
export class Sandbox {
  readonly frames = new FrameRegistry();
  private readonly client: SiteClient;

  constructor(private readonly options: SandboxOptions) {
    this.client = new SiteClient(options.site);
  }

  /**
   * The user a request acts as: X-Local-User, basic auth, the switcher's cookie, else the default
   * admin. Basic auth is Atlassian's scheme for scripts, `email:API token`: a seeded user's email
   * with any token signs in as that user, and an email no seeded user has is refused with Jira's
   * 401. A basic auth user name that is not an email is taken as an accountId (the older local form).
   */
  actingUser(req: SandboxRequest): { user: SiteUser } | { error: string; atlassianAuthFailure?: true } {
    const basicUser = basicAuthUser(req.headers.authorization);
    if (req.headers[LOCAL_USER_HEADER] === undefined && basicUser?.includes('@')) {
      const user = this.options.users.find((candidate) => candidate.emailAddress?.toLowerCase() === basicUser.toLowerCase());
      return user ? { user } : { error: `No seeded user has the email "${basicUser}"`, atlassianAuthFailure: true };
    }
    const named = req.headers[LOCAL_USER_HEADER] ?? basicUser ?? req.cookies[USER_COOKIE];
    const accountId = named ?? this.options.defaultAccountId;
    const user = this.options.users.find((candidate) => candidate.accountId === accountId);
    if (!user) return { error: `Unknown user "${accountId}": name a seeded accountId (X-Local-User header or basic auth user)` };
    return { user };
  }

  async handle(req: SandboxRequest): Promise<SandboxResponse> {
    const path = req.url.pathname;
    try {
      if (
        path.startsWith('/rest/') ||
        path.startsWith('/wiki/api/') ||
        path.startsWith('/wiki/rest/') ||
        path.startsWith('/statuspage/v1/')
      )
        return await this.proxyToSite(req);
      if (path.startsWith(WEB_TRIGGER_PATH)) return await this.webTrigger(req);
      if (path.startsWith('/__app/')) return this.serveApp(req);
      if (path.startsWith('/__bridge/')) return await this.bridge(req);
      if (path === '/__local/host.js') {
        const current = req.url.pathname + req.url.search === HOST_SCRIPT_URL;
        return {
          status: 200,
          headers: {
            'content-type': 'text/javascript; charset=utf-8',
            'cache-control': current ? 'public, max-age=31536000, immutable' : 'no-store',
          },
          body: HOST_SCRIPT,
        };
      }
      if (path === '/__local/health') return jsonResponse(200, { ok: true });
      if (path === '/__local/settled' && req.method === 'POST') {
        await this.options.runtime.settled();
        return jsonResponse(200, { settled: true });
      }
      if (path === '/__local/triggers') return jsonResponse(200, this.options.runtime.triggerLog);
      if (path === '/__local/contract.json') return jsonResponse(200, this.options.contractViolations());
      if (path === '/__local/user' && req.method === 'POST') return this.switchUser(req);
      if (path === '/__local/consent' && req.method === 'POST') return this.setConsent(req);
      if (path === '/__local/theme' && req.method === 'POST') return this.switchTheme(req);
      if (path === '/__local/theme/tokens.css')
        return {
          status: 200,
          headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=3600' },
          body: themeTokensCss(),
        };
      return await this.pages(req);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.options.log?.(`500 on ${req.method} ${path}: ${message}`);
      return textResponse(500, `The local site failed on ${req.method} ${path}:\n${message}`);
    }
  }

  /** A web trigger's local URL, `/x1/<module-key>` (on Forge the URL is an opaque per-installation address). */
  private async webTrigger(req: SandboxRequest): Promise<SandboxResponse> {
    const moduleKey = decodeURIComponent(req.url.pathname.slice(WEB_TRIGGER_PATH.length).split('/')[0] ?? '');
    const queryParameters: Record<string, string[]> = {};
    for (const [name, value] of req.url.searchParams) (queryParameters[name] ??= []).push(value);
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = [value];
    const answer = await this.options.runtime.runWebTrigger(moduleKey, {
      method: req.method,
      path: req.url.pathname,
      headers,
      body: req.rawBody,
      queryParameters,
    });
    const responseHeaders: Record<string, string> = {};
    for (const [name, values] of Object.entries(answer.headers)) responseHeaders[name.toLowerCase()] = values.join(', ');
    return { status: answer.statusCode, headers: responseHeaders, body: answer.body };
  }

  private async proxyToSite(req: SandboxRequest): Promise<SandboxResponse> {
    const acting = this.actingUser(req);
    // Jira and Confluence Cloud answer credentials they do not accept with this plain-text 401.
    if ('error' in acting && acting.atlassianAuthFailure) return textResponse(401, ATLASSIAN_BASIC_AUTH_FAILURE);
    if ('error' in acting) return jsonResponse(401, { errorMessages: [acting.error], errors: {} });
    const { path, query } = parseTarget(req.url.pathname + req.url.search);
    let body: unknown;
    let rawBody: string | undefined;
    if (req.rawBody !== '') {
      try {
        body = JSON.parse(req.rawBody);
      } catch {
        rawBody = req.rawBody;
      }
    }
    // Statuspage authenticates with its own key (`Authorization: OAuth <key>`), not as a site user.
    const headers = path.startsWith('/statuspage/')
      ? req.headers
      : { ...withoutActorHeaders(req.headers), ...actorHeaders(acting.user.accountId) };
    const siteReq: SiteRequest = {
      method: req.method,
      path,
      query,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(rawBody !== undefined ? { rawBody } : {}),
    };
    const answer = await this.options.site.handle(siteReq);
    const payload = answer.rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    return { status: answer.status, headers: answer.headers, body: payload };
  }

  private serveApp(req: SandboxRequest): SandboxResponse {
    if (req.url.pathname.startsWith(RESOURCE_PATH)) return this.serveResource(req);
    const [, , frameId = '', ...rest] = req.url.pathname.split('/');
    const frame = this.frames.get(frameId);
    if (!frame) return textResponse(404, 'This app frame has expired: reload the page.');
    const answer = serveFrameAsset(frame, rest.join('/'));
    return { status: answer.status, headers: { 'content-type': answer.contentType, 'cache-control': 'no-store' }, body: answer.body };
  }

  /** `/__app/r/<resourceKey>/<version>/<file>` (module-host.ts `resourceUrl`). */
  private serveResource(req: SandboxRequest): SandboxResponse {
    const [resourceKey = '', version = '', ...rest] = req.url.pathname.slice(RESOURCE_PATH.length).split('/');
    const key = decodeURIComponent(resourceKey);
    if (!this.options.manifest.resources.has(key)) return textResponse(404, `No resource "${key}" in manifest.yml`);
    const frame = this.frames.get(req.url.searchParams.get('frame') ?? '');
    const assetPath = rest.join('/');
    const answer = serveVersionedResource(resourceDir(this.options.manifest, key), key, version, assetPath, frame);
    if (!answer.immutable)
      return { status: answer.status, headers: { 'content-type': answer.contentType, 'cache-control': 'no-store' }, body: answer.body };
    const headers = { 'content-type': answer.contentType, 'cache-control': 'public, max-age=31536000, immutable', vary: 'accept-encoding' };
    const gzip = gzipped(answer, req.url.pathname, req.headers['accept-encoding']);
    return gzip
      ? { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: gzip }
      : { status: 200, headers, body: answer.body };
  }

  private async bridge(req: SandboxRequest): Promise<SandboxResponse> {
    const [, , frameId = '', op = ''] = req.url.pathname.split('/');
    const frame = this.frames.get(frameId);
    if (!frame) return jsonResponse(404, { message: 'This app frame has expired: reload the page.' });
    if (req.method !== 'POST') return jsonResponse(405, { message: 'POST only' });
    const payload = jsonBody(req);
    switch (op) {
      case 'getContext':
        return jsonResponse(200, { result: frameContext(frame, this.options.identity, colorModeOf(req)) });
      case 'invoke': {
        const call = z.object({ functionKey: z.string(), payload: z.unknown().optional() }).loose().safeParse(payload);
        if (!call.success) return jsonResponse(400, { message: `invoke needs { functionKey, payload }: ${z.prettifyError(call.error)}` });
        const startedAt = performance.now();
        try {
          const result = await this.options.runtime.invokeResolver(frame, {
            functionKey: call.data.functionKey,
            payload: call.data.payload ?? {},
          });
          return jsonResponse(200, { result: result ?? null }, resolverTiming(call.data.functionKey, startedAt));
        } catch (error) {
          // The user has not allowed the app access: Forge answers with its consent prompt; here the host page shows one.
          if (error instanceof NeedsAuthenticationError)
            return jsonResponse(401, { message: 'Authentication Required', consentRequired: true });
          // On Forge a resolver that throws rejects the frontend's invoke() promise.
          const message = error instanceof Error ? error.message : String(error);
          this.options.log?.(
            `resolver ${frame.resolverFunction ?? '?'}:${call.data.functionKey} threw: ${error instanceof Error ? (error.stack ?? message) : message}`,
          );
          return jsonResponse(500, { message: `There was an error invoking the function - ${message}` });
        }
      }
      case 'fetchProduct':
        return jsonResponse(200, { result: await this.fetchProduct(frame.accountId, payload) });
      default:
        return jsonResponse(404, { message: `Unknown bridge operation ${op}` });
    }
  }

  /** `requestJira` / `requestConfluence` from a frame: the site's REST API as the frame's user. */
  private async fetchProduct(
    accountId: string,
    payload: unknown,
  ): Promise<{ status: number; statusText: string; headers: Record<string, string>; body: string }> {
    const parsed = z
      .object({
        product: z.enum(['jira', 'confluence']),
        restPath: z.string(),
        fetchRequestInit: z
          .object({
            method: z.string().optional(),
            headers: z.array(z.tuple([z.string(), z.string()])).optional(),
            body: z.string().nullable().optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .parse(payload);
    const init = parsed.fetchRequestInit ?? {};
    const { path, query } = parseTarget(parsed.restPath);
    const headers = Object.fromEntries((init.headers ?? []).map(([name, value]) => [name.toLowerCase(), value]));
    let body: unknown;
    if (typeof init.body === 'string' && init.body !== '') {
      try {
        body = JSON.parse(init.body);
      } catch {
        body = undefined;
      }
    }
    const answer = await this.options.site.handle({
      method: (init.method ?? 'GET').toUpperCase(),
      path,
      query,
      headers: { ...withoutActorHeaders(headers), ...actorHeaders(accountId) },
      ...(body !== undefined ? { body } : {}),
    });
    return {
      status: answer.status,
      statusText: http.STATUS_CODES[answer.status] ?? '',
      headers: answer.headers,
      body: answer.rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)),
    };
  }

  /** `{ granted: boolean }` for the acting user: "Allow access" on the consent prompt, or taking it back to try the prompt. */
  private setConsent(req: SandboxRequest): SandboxResponse {
    const acting = this.actingUser(req);
    if ('error' in acting) return jsonResponse(401, { message: acting.error });
    const body = z.object({ granted: z.boolean() }).safeParse(jsonBody(req));
    if (!body.success) return jsonResponse(400, { message: `expected { granted: boolean }: ${z.prettifyError(body.error)}` });
    if (!this.options.consent) return jsonResponse(404, { message: 'This site does not model consent.' });
    if (body.data.granted) this.options.consent.grant(acting.user.accountId);
    else this.options.consent.withhold(acting.user.accountId);
    return jsonResponse(200, { accountId: acting.user.accountId, granted: body.data.granted });
  }

  private switchUser(req: SandboxRequest): SandboxResponse {
    const form = formFields(req);
    const accountId = formValue(form, 'accountId');
    const back = formValue(form, 'return');
    if (!this.options.users.some((user) => user.accountId === accountId)) return textResponse(400, `Unknown user ${accountId}`);
    const safeBack = back.startsWith('/') && !back.startsWith('//') ? back : '/';
    return redirect(safeBack, { 'set-cookie': `${USER_COOKIE}=${encodeURIComponent(accountId)}; Path=/; SameSite=Lax` });
  }

  /** The header's light/dark switch without JavaScript: a cookie, then back to the page. */
  private switchTheme(req: SandboxRequest): SandboxResponse {
    const form = formFields(req);
    const mode = formValue(form, 'mode');
    if (mode !== 'light' && mode !== 'dark') return textResponse(400, `Unknown colour mode ${mode}: light or dark`);
    const back = formValue(form, 'return');
    const safeBack = back.startsWith('/') && !back.startsWith('//') ? back : '/';
    return redirect(safeBack, { 'set-cookie': `${THEME_COOKIE}=${mode}; Path=/; SameSite=Lax` });
  }

  private pageContext(req: SandboxRequest, user: SiteUser): PageContext {
    return {
      client: this.client,
      user,
      users: this.options.users,
      frames: createFrameRenderer(this.options.manifest, this.frames, user.accountId),
      asUser: (fn) => this.options.runtime.asUser(user.accountId, fn),
      page: (title: string, content: SafeHtml, options?: { hostScript?: boolean }) =>
        layout(
          {
            title,
            product: req.url.pathname.startsWith('/wiki') ? 'confluence' : req.url.pathname.startsWith('/jira') ? 'jira' : 'local',
            currentUser: user,
            users: this.options.users,
            path: req.url.pathname + req.url.search,
            contractViolations: this.options.contractViolations().length,
            colorMode: colorModeOf(req),
          },
          content,
          options,
        ),
    };
  }

  private async pages(req: SandboxRequest): Promise<SandboxResponse> {
    const acting = this.actingUser(req);
    if ('error' in acting) return textResponse(401, acting.error);
    const ctx = this.pageContext(req, acting.user);
    const path = req.url.pathname;
    const method = req.method;
    const notFound = () => htmlResponse(ctx.page('Not found', errorBanner('Not found', [`Nothing at ${path}`])), 404);
    let match: RegExpExecArray | null;

    if (path === '/' && method === 'GET') return redirect('/jira/incidents');
    // Jira's own issue URL, which apps use with router.navigate('/browse/KEY').
    if ((match = /^\/browse\/([^/]+)$/.exec(path)) && method === 'GET') return redirect(`/jira/browse/${match[1] ?? ''}`);
    if (path === '/jira/incidents' && method === 'GET') return htmlResponse(await incidentListPage(ctx));
    if (path === '/jira/admin' && method === 'GET') return htmlResponse(await adminPage(ctx));
    if ((match = /^\/jira\/projects\/([^/]+)\/apps\/([^/]+)$/.exec(path)) && method === 'GET') {
      return (
        (await projectAppPage(ctx, decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? '')).then((page) =>
          page ? htmlResponse(page) : null,
        )) ?? notFound()
      );
    }
    if (path === '/jira/create' && method === 'GET') {
      return htmlResponse(
        await createPage(ctx, {
          projectKey: req.url.searchParams.get('project') ?? undefined,
          issueTypeId: req.url.searchParams.get('issuetype') ?? undefined,
        }),
      );
    }
    if (path === '/jira/create' && method === 'POST') {
      const outcome = await submitCreate(ctx, formFields(req));
      if ('key' in outcome) {
        // Triggers run after the event, as on Jira; the page waits for them so it shows their work.
        await this.options.runtime.settled();
        return redirect(`/jira/browse/${encodeURIComponent(outcome.key)}?created=1`);
      }
      return htmlResponse(await createPage(ctx, outcome), 400);
    }
    if ((match = /^\/jira\/browse\/([^/]+)$/.exec(path)) && method === 'GET') {
      const notice: IssuePageNotice = req.url.searchParams.get('created') ? { ok: 'Issue created.' } : {};
      const streamed = await streamIssuePage(ctx, decodeURIComponent(match[1] ?? ''), notice);
      return streamed ? streamedHtmlResponse(streamed.chunks) : notFound();
    }
    if ((match = /^\/jira\/browse\/([^/]+)\/(transition|comment|edit)$/.exec(path)) && method === 'POST') {
      const key = decodeURIComponent(match[1] ?? '');
      const form = formFields(req);
      const notice =
        match[2] === 'transition'
          ? await submitTransition(ctx, key, formValue(form, 'transitionId'))
          : match[2] === 'comment'
            ? await submitComment(ctx, key, formValue(form, 'body'))
            : await submitEdit(ctx, key, form);
      await this.options.runtime.settled();
      const page = await issuePage(ctx, key, notice);
      return page ? htmlResponse(page, notice.errors && notice.errors.length > 0 ? 400 : 200) : notFound();
    }

    if (path === '/wiki' || path === '/wiki/') return redirect('/wiki/spaces');
    if (path === '/wiki/spaces' && method === 'GET') return htmlResponse(await spacesPage(ctx));
    if ((match = /^\/wiki\/spaces\/([^/]+)$/.exec(path)) && method === 'GET') {
      return (await spacePage(ctx, decodeURIComponent(match[1] ?? '')).then((page) => (page ? htmlResponse(page) : null))) ?? notFound();
    }
    if ((match = /^\/wiki\/spaces\/([^/]+)\/pages$/.exec(path)) && method === 'POST') {
      const key = decodeURIComponent(match[1] ?? '');
      const outcome = await createSpacePage(ctx, key, formValue(formFields(req), 'title'));
      if ('pageId' in outcome) return redirect(`/wiki/pages/${encodeURIComponent(outcome.pageId)}`);
      return (await spacePage(ctx, key, outcome.errors).then((page) => (page ? htmlResponse(page, 400) : null))) ?? notFound();
    }
    // Confluence's own page address (`_links.base` + `_links.webui`, optionally with a title slug).
    if ((match = /^\/wiki\/spaces\/[^/]+\/pages\/(\d+)(?:\/[^/]*)?$/.exec(path)) && method === 'GET')
      return redirect(`/wiki/pages/${match[1] ?? ''}`);
    if ((match = /^\/wiki\/pages\/([^/]+)$/.exec(path)) && method === 'GET') {
      return (
        (await confluencePage(ctx, decodeURIComponent(match[1] ?? ''), req.url.searchParams.get('configure')).then((page) =>
          page ? htmlResponse(page) : null,
        )) ?? notFound()
      );
    }
    if ((match = /^\/wiki\/pages\/([^/]+)\/macros$/.exec(path)) && method === 'POST') {
      const pageId = decodeURIComponent(match[1] ?? '');
      const inserted = await insertMacro(ctx, pageId, formValue(formFields(req), 'moduleKey'));
      return redirect(
        `/wiki/pages/${encodeURIComponent(pageId)}${inserted.openConfig ? `?configure=${encodeURIComponent(inserted.localId)}` : ''}`,
      );
    }
    if (path === '/__local/macro-config' && method === 'POST') {
      const body = z
        .object({ pageId: z.string(), localId: z.string(), config: z.record(z.string(), z.unknown()).nullable().optional() })
        .safeParse(jsonBody(req));
      if (!body.success) return jsonResponse(400, { message: z.prettifyError(body.error) });
      await saveMacroConfig(ctx, body.data.pageId, body.data.localId, body.data.config ?? {});
      return jsonResponse(200, { saved: true });
    }
    if (path === '/__local/contract' && method === 'GET') return htmlResponse(this.contractPage(ctx));
    if (path === '/__local/outbox' && method === 'GET')
      return htmlResponse(outboxPage(ctx, this.options.outbox?.() ?? [], { issueKey: req.url.searchParams.get('issue') ?? undefined }));
    if (path === '/statuspage' && method === 'GET' && this.options.statuspage) {
      const page = statuspagePage(
        ctx,
        this.options.statuspage,
        req.url.searchParams.get('page') ?? undefined,
        req.url.searchParams.get('notice') ?? undefined,
      );
      return page ? htmlResponse(page) : notFound();
    }
    if (path === '/__local/statuspage/outage' && method === 'POST' && this.options.statuspage) {
      const form = formFields(req);
      const seconds = Number(formValue(form, 'seconds'));
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) return textResponse(400, 'seconds must be a number from 0 to 3600');
      if (seconds === 0) this.options.statuspage.available();
      else this.options.statuspage.setUnavailable(seconds * 1000);
      const notice = seconds === 0 ? 'The local Statuspage API is up again.' : `The local Statuspage API answers 503 for ${seconds} s.`;
      return redirect(`/statuspage?notice=${encodeURIComponent(notice)}`);
    }
    return notFound();
  }

  private contractPage(ctx: PageContext): SafeHtml {
    const violations = this.options.contractViolations();
    return ctx.page(
      'Contract checks',
      html`<h1>Contract checks</h1>
      <p>Every request to the local site and every answer it gives is checked against Atlassian's published OpenAPI documents (Jira platform v3, Confluence v2). Violations are listed here and logged on the console.</p>
      ${
        violations.length === 0
          ? html`<div class="banner ok" data-testid="contract-clean">No violations so far.</div>`
          : html`<table class="list" data-testid="contract-violations"><thead><tr><th>Direction</th><th>Request</th><th>Status</th><th>Problem</th></tr></thead><tbody>${violations
              .slice()
              .reverse()
              .map(
                (violation) =>
                  html`<tr><td>${violation.direction}</td><td><code>${violation.method} ${violation.path}</code></td><td>${violation.status ?? ''}</td><td>${violation.message}</td></tr>`,
              )}</tbody></table>`
      }
      ${raw('')}`,
    );
  }

  /** A node HTTP server for this sandbox; `port` 0 picks a free port. */
  async listen(port: number, host = '127.0.0.1'): Promise<{ server: http.Server; url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
      readRequest(req)
        .then((parsed) => this.handle(parsed))
        .catch((error: unknown) => textResponse(400, error instanceof Error ? error.message : String(error)))
        .then((answer) => writeResponse(res, answer))
        // Only a connection that failed mid-answer gets here: its status line is already out.
        .catch(() => res.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    return {
      server,
      url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }
}

/**
 * The resolver's own time in a Server-Timing header (`resolver;dur=<ms>;desc="<functionKey>"`), so a
 * frame's Resource Timing tells the server's part of an invoke from the bridge's (bench/ui-bench.ts).
 */
function resolverTiming(functionKey: string, startedAt: number): Record<string, string> {
  return { 'server-timing': `resolver;dur=${(performance.now() - startedAt).toFixed(1)};desc=${JSON.stringify(functionKey)}` };
}

/** Where the local site serves web triggers: `<site>/x1/<module-key>`. */
export const WEB_TRIGGER_PATH = '/x1/';

/** What Jira and Confluence Cloud answer (401, text/plain) to basic auth they do not accept. */
export const ATLASSIAN_BASIC_AUTH_FAILURE =
  'Basic authentication with passwords is deprecated.  For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/\n';

function basicAuthUser(header: string | undefined): string | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
  return user === '' ? undefined : user;
}
