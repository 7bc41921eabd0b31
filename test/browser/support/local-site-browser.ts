import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startSandbox, type StartedSandbox } from '../../../sandbox/start-sandbox';
import { writeLiveDemoSeed } from '../../../sandbox/live-demo-seed';
import { findChromium, launchChromium, screenshotPath, type LaunchedBrowser } from './chromium';

export const ROOT_DIR = path.resolve(__dirname, '../../..');
/** The demo data as of the walk's start, as `npm start` serves it, so ages and SLA clocks are live in the screenshots. */
export function liveDemoSeed(): string {
  return writeLiveDemoSeed(new Date(), null).dir;
}

/** Custom UI apps the walks need, as `npm run build:ui` leaves them (the bundles forge deploy ships). */
export function missingBundles(resources: readonly string[]): string[] {
  return resources.filter((name) => !fs.existsSync(path.join(ROOT_DIR, 'static', name, 'build', 'index.html')));
}

/**
 * Whether the browser walks run here: with a Chromium, always; without one, they are replaced by a
 * single test that says why, except under CI=true, where a missing Chromium fails the run.
 */
export function browserPlan(
  env: NodeJS.ProcessEnv = process.env,
  find: () => string | null = () => findChromium(env),
): { run: true; chromium: string } | { run: false; reason: string } | { run: true; chromium: null } {
  const chromium = find();
  if (chromium) return { run: true, chromium };
  if (env.CI === 'true') return { run: true, chromium: null };
  return { run: false, reason: 'no Chromium at $CHROMIUM_PATH or /usr/bin/chromium (apt-get install -y chromium)' };
}

export interface BrowserSite {
  site: StartedSandbox;
  browser: LaunchedBrowser;
  page: Page;
  url(pathname: string): string;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowserSite(
  chromium: string | null,
  options: { seedDir?: string; stateFile?: string } = {},
): Promise<BrowserSite> {
  if (chromium === null)
    throw new Error(
      'CI=true and no Chromium found at $CHROMIUM_PATH or /usr/bin/chromium: the browser walks cannot run (install it with `apt-get install -y chromium`)',
    );
  const missing = missingBundles(['priority-panel', 'admin-page', 'postmortem-macro', 'postmortem-config', 'trends-page']);
  if (missing.length > 0)
    throw new Error(`Custom UI bundles not built: ${missing.join(', ')}. Run \`npm run build:ui\` first (npm test does).`);
  const errors: string[] = [];
  const site = await startSandbox({
    rootDir: ROOT_DIR,
    seedDir: options.seedDir ?? liveDemoSeed(),
    port: 0,
    stateFile: options.stateFile ?? null,
    log: (level, message) => {
      // Every error fails the walk, contract violations included: the local site's only
      // exception (null changelog from/to) is made centrally in local-site/contract/spec-checker.ts.
      if (level === 'error') errors.push(message);
    },
  });
  const browser = await launchChromium(chromium);
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  return {
    site,
    browser,
    page,
    url: (pathname) => `${site.url}${pathname}`,
    shot: async (name) => {
      await page.screenshot({ path: screenshotPath(name), fullPage: true });
    },
    async close() {
      await browser.close();
      await site.close();
      if (errors.length > 0) throw new Error(`the local site logged errors:\n${errors.join('\n')}`);
    },
  };
}

/**
 * One local site in Chromium for the enclosing describe block: opened before its tests (then
 * `onOpen`, for listeners a walk adds), closed after them.
 */
export function openSiteForBlock(chromium: string | null, onOpen: (site: BrowserSite) => void): void {
  let opened: BrowserSite | undefined;
  beforeAll(async () => {
    opened = await openBrowserSite(chromium);
    onOpen(opened);
  }, 90_000);
  afterAll(async () => {
    await opened?.close();
  }, 60_000);
}
