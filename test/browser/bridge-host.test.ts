import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { loadAppManifest } from '../../sandbox/app-manifest';
import { AppRuntime } from '../../sandbox/app-runtime';
import { Sandbox } from '../../sandbox/server';
import { json } from '../../local-site/site-http';
import { findChromium, launchChromium, screenshotPath, type LaunchedBrowser } from './support/chromium';
import { directHarness } from './support/sandbox-for-tests';
import * as probeBackend from './fixtures/bridge-probe/resolver';

/**
 * The @forge/bridge host contract in a real browser: a bundle built from unchanged @forge/bridge
 * code, served in a frame by the sandbox, reaches a real @forge/resolver backend, its context, the
 * product API, and the host page's submit, as on a site (ORACLES.md §5).
 */
const chromiumPath = findChromium();
const fixtureDir = path.join(__dirname, 'fixtures/bridge-probe');
const buildDir = path.resolve(__dirname, '../../test-artifacts/bridge-probe/build');

if (chromiumPath === null && process.env.CI !== 'true') {
  test('the bridge host browser test needs Chromium (apt-get install -y chromium): not run here', () => {
    expect(findChromium()).toBeNull();
  });
} else {
  describe('bridge host in Chromium', () => {
    let browser: LaunchedBrowser;
    let close: () => Promise<void>;
    let baseUrl: string;

    beforeAll(async () => {
      if (chromiumPath === null)
        throw new Error('CI=true but no Chromium at $CHROMIUM_PATH or /usr/bin/chromium: install it with `apt-get install -y chromium`');
      fs.mkdirSync(buildDir, { recursive: true });
      await build({
        entryPoints: [path.join(fixtureDir, 'frontend.ts')],
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2020',
        outfile: path.join(buildDir, 'index.js'),
        logLevel: 'silent',
      });
      fs.writeFileSync(
        path.join(buildDir, 'index.html'),
        '<!doctype html><html><head><meta charset="utf-8"><title>probe</title></head><body><script src="./index.js"></script></body></html>',
      );

      const manifest = loadAppManifest(path.join(fixtureDir, 'manifest.yml'));
      const identity = { cloudId: 'local-cloud', siteUrl: 'http://localhost', environmentId: 'env' };
      const runtime = new AppRuntime(
        manifest,
        directHarness,
        identity,
        new Map(),
        () => undefined,
        () => probeBackend,
      );
      const users = [{ accountId: 'admin-1', displayName: 'Ada Admin', siteAdmin: true }];
      const sandbox = new Sandbox({
        site: {
          handle: async (req) => {
            if (req.path === '/rest/api/3/myself') return json(200, { accountId: req.headers['x-local-site-account-id'] });
            if (req.path === '/rest/api/3/project/INC')
              return json(200, { id: '10000', key: 'INC', name: 'Incidents', projectTypeKey: 'service_desk' });
            return json(404, { errorMessages: ['no'] });
          },
        },
        manifest,
        runtime,
        identity,
        users,
        defaultAccountId: 'admin-1',
        contractViolations: () => [],
      });
      const listening = await sandbox.listen(0);
      baseUrl = listening.url;
      close = listening.close;
      browser = await launchChromium(chromiumPath);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await close?.();
    });

    it('runs the bundle with context, resolver, product fetch and host submit', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${baseUrl}/jira/admin`);
      const frame = page.frameLocator('iframe.forge-frame');
      await frame.locator('#ready').waitFor({ timeout: 15_000 });
      expect(JSON.parse((await frame.locator('#context').textContent()) ?? '')).toEqual({
        moduleKey: 'probe-admin',
        accountId: 'admin-1',
        extensionType: 'jira:adminPage',
      });
      expect(JSON.parse((await frame.locator('#invoke').textContent()) ?? '')).toEqual({
        echoed: { text: 'hello <world>' },
        accountId: 'admin-1',
        moduleKey: 'probe-admin',
      });
      expect(await frame.locator('#invoke-error').textContent()).toContain('probe resolver failure');
      expect(JSON.parse((await frame.locator('#fetch').textContent()) ?? '')).toEqual({ status: 200, body: { accountId: 'admin-1' } });
      // An admin page is not submittable: @forge/bridge turns the host's `false` into its own error.
      expect(await frame.locator('#submit').textContent()).toContain('not submittable');
      await page.screenshot({ path: screenshotPath('bridge-probe-admin-page'), fullPage: true });
      await page.close();
    });

    it("hosts a jira:projectPage in its project: sidebar link, project context, and the module's resolver", async () => {
      const page = await browser.context.newPage();
      await page.goto(`${baseUrl}/jira/projects/INC/apps/probe-project`);
      const link = page.getByTestId('project-sidebar').getByRole('link', { name: 'Probe trends' });
      expect(await link.getAttribute('href')).toBe('/jira/projects/INC/apps/probe-project');
      expect(await link.getAttribute('aria-current')).toBe('page');
      const frame = page.frameLocator('iframe.forge-frame');
      await frame.locator('#ready').waitFor({ timeout: 15_000 });
      expect(JSON.parse((await frame.locator('#extension').textContent()) ?? '')).toEqual({
        type: 'jira:projectPage',
        project: { id: '10000', key: 'INC', type: 'service_desk' },
      });
      // Sandboxed as Forge sandboxes Custom UI: no pop-ups from the frame itself.
      expect(await frame.locator('#popup').textContent()).toBe('blocked');
      expect(JSON.parse((await frame.locator('#invoke').textContent()) ?? '')).toEqual({
        echoed: { text: 'hello <world>' },
        accountId: 'admin-1',
        moduleKey: 'probe-project',
      });
      // Sized to its content by the bridge, as on a site, not left at the placeholder height.
      await page.waitForFunction(() => {
        const height = document.querySelector<HTMLIFrameElement>('iframe.forge-frame')?.style.height ?? '900px';
        return height !== '900px' && height !== '';
      });
      expect((await page.goto(`${baseUrl}/jira/projects/NOPE/apps/probe-project`))?.status()).toBe(404);
      expect((await page.goto(`${baseUrl}/jira/projects/INC/apps/probe-admin`))?.status()).toBe(404);
      await page.close();
    });

    it('refuses bridge calls for a frame the server never created', async () => {
      const response = await fetch(`${baseUrl}/__bridge/not-a-frame/getContext`, { method: 'POST', body: 'null' });
      expect(response.status).toBe(404);
    });
  });
}
