import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { buildDirOf, ensureUiBuilt, type UiApp } from '../../scripts/build-ui';
import { launchChromium, type LaunchedBrowser } from '../browser/support/chromium';

/**
 * Runs the production Custom UI bundles in Chromium with a stand-in host: `window.__bridge`
 * answers the @forge/bridge operations (ORACLES.md §5), and resolver calls go to a function the
 * test supplies, so each view state can be produced on purpose.
 */
const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

export interface StaticServer {
  url: string;
  /** Paths requested so far, e.g. `/priority-panel/chunks/x.js`. */
  requested: string[];
  close(): Promise<void>;
}

/** Serves each app's build folder at `/<app>/`. */
export async function serveBuilds(apps: readonly UiApp[]): Promise<StaticServer> {
  const requested: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requested.push(path);
    const [, app, ...rest] = path.split('/');
    const known = apps.find((candidate) => candidate === app);
    if (!known) {
      response.writeHead(404).end();
      return;
    }
    const root = buildDirOf(known);
    const file = normalize(join(root, rest.join('/') || 'index.html'));
    if (!file.startsWith(resolve(root)) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export type ResolverStub = (functionKey: string, payload: unknown) => unknown | Promise<unknown>;

export interface HostCalls {
  invokes: Array<{ functionKey: string; payload: unknown }>;
  ops: string[];
  submitted: unknown[];
  navigated: unknown[];
}

export interface HostOptions {
  /**
   * Design-token CSS for the dark theme. When given, the host answers `enableTheming` as Jira
   * does for a user in dark mode: it adds the CSS and sets data-color-mode/data-theme on <html>.
   */
  darkThemeCss?: string;
}

/** Opens one app as its host would, with `resolve` answering every invoke. */
export async function openApp(
  context: BrowserContext,
  server: StaticServer,
  app: UiApp,
  resolveCall: ResolverStub,
  extensionContext: Record<string, unknown> = {},
  options: HostOptions = {},
): Promise<{ page: Page; calls: HostCalls; errors: string[] }> {
  const page = await context.newPage();
  const calls: HostCalls = { invokes: [], ops: [], submitted: [], navigated: [] };
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.exposeFunction('__testHost', async (op: string, payload: unknown) => {
    calls.ops.push(op);
    if (op === 'invoke') {
      const { functionKey, payload: body } = (payload ?? {}) as { functionKey: string; payload: unknown };
      calls.invokes.push({ functionKey, payload: body });
      return resolveCall(functionKey, body);
    }
    if (op === 'getContext') return { moduleKey: app, locale: 'en-US', accountId: 'test-user', extension: extensionContext };
    if (op === 'submit') calls.submitted.push(payload);
    if (op === 'navigate') calls.navigated.push(payload);
    return undefined;
  });
  await page.addInitScript((darkThemeCss: string | null) => {
    const host = (window as unknown as { __testHost: (op: string, payload: unknown) => Promise<unknown> }).__testHost;
    const callBridge = async (op: string, payload: unknown) => {
      const answer = await host(op, payload);
      if (op === 'enableTheming' && darkThemeCss !== null) {
        const style = document.createElement('style');
        style.textContent = darkThemeCss;
        document.head.appendChild(style);
        document.documentElement.setAttribute('data-color-mode', 'dark');
        document.documentElement.setAttribute('data-theme', 'dark:dark light:light');
      }
      return answer;
    };
    (window as unknown as { __bridge: unknown }).__bridge = { callBridge };
  }, options.darkThemeCss ?? null);
  await page.goto(`${server.url}/${app}/index.html`);
  return { page, calls, errors };
}

/** Polls a Node-side condition (e.g. what the host received) for up to `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

/**
 * For the enclosing describe block: the apps' bundles built (when missing) and served, and one
 * Chromium, ready before its tests (`onOpen` hands them over) and closed after them.
 */
export function serveAppsForBlock(
  apps: readonly UiApp[],
  chromiumPath: string | null,
  onOpen: (opened: { browser: LaunchedBrowser; server: StaticServer }) => void,
): void {
  let browser: LaunchedBrowser | undefined;
  let server: StaticServer | undefined;
  beforeAll(async () => {
    if (chromiumPath === null) throw new Error('CI=true but no Chromium: install it with `apt-get install -y chromium`');
    await ensureUiBuilt(apps);
    server = await serveBuilds(apps);
    browser = await launchChromium(chromiumPath);
    onOpen({ browser, server });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
