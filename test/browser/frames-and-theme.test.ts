import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { z } from 'zod';
import { loadAppManifest, uiModulesOfType } from '../../sandbox/app-manifest';
import { macroExtensionKey } from '../../sandbox/frames';
import { ROOT_DIR, browserPlan, openSiteForBlock, type BrowserSite } from './support/local-site-browser';

/**
 * How the local site hosts the real Custom UI bundles, as Forge does: each frame takes the height
 * of its content (nothing inside a frame needs scrolling: the panel's Apply button, the bottom of
 * the macro preview and of the admin page are in view), and the header's theme switch turns the
 * page and every frame that enabled theming dark, with Atlassian's design tokens.
 */
const plan = browserPlan();

/** Waits until the frame's height equals its content's, then returns both. */
async function settledFrame(
  page: Page,
  iframe: Locator,
): Promise<{ frameHeight: number; contentHeight: number; scrollHeight: number; clientHeight: number }> {
  const handle = await iframe.elementHandle();
  const frame = await handle?.contentFrame();
  if (!handle || !frame) throw new Error('no frame');
  const measure = async () => {
    const inside = await frame.evaluate(() => ({
      contentHeight: Math.ceil(document.documentElement.getBoundingClientRect().height),
      scrollHeight: document.documentElement.scrollHeight,
      clientHeight: document.documentElement.clientHeight,
    }));
    return { frameHeight: Math.round((await handle.boundingBox())?.height ?? 0), ...inside };
  };
  const deadline = Date.now() + 10_000;
  let sizes = await measure();
  while (Math.abs(sizes.frameHeight - sizes.contentHeight) > 1 && Date.now() < deadline) {
    await page.waitForTimeout(100);
    sizes = await measure();
  }
  return sizes;
}

/** The element's bottom edge lies inside the iframe's box, and the frame has nothing to scroll. */
async function expectInView(page: Page, iframe: Locator, target: Locator): Promise<void> {
  await target.waitFor();
  const sizes = await settledFrame(page, iframe);
  expect(Math.abs(sizes.frameHeight - sizes.contentHeight)).toBeLessThanOrEqual(1);
  expect(sizes.scrollHeight).toBeLessThanOrEqual(sizes.clientHeight);
  const frameBox = await iframe.boundingBox();
  const targetBox = await target.boundingBox();
  if (!frameBox || !targetBox) throw new Error('not laid out');
  expect(targetBox.y + targetBox.height).toBeLessThanOrEqual(frameBox.y + frameBox.height);
}

const background = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).backgroundColor);

/** Polls `read` for up to 10 s until it gives `expected`, then asserts on the last value. */
async function eventually(read: () => Promise<string | null>, expected: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toBe(expected);
}

if (!plan.run) {
  test(`frames and theme in the browser are not run: ${plan.reason}`, () => {
    expect(plan.run).toBe(false);
  });
} else {
  describe('Custom UI frames and the theme switch in Chromium', () => {
    let site: BrowserSite;

    openSiteForBlock(plan.chromium, (opened) => {
      site = opened;
    });

    it('sizes the priority panel to its content: Apply is in view without scrolling inside the frame', async () => {
      const { page } = site;
      await page.goto(site.url('/jira/browse/INC-1'));
      const iframe = page.locator('section[data-testid=issue-panel] iframe');
      await expectInView(page, iframe, page.frameLocator('section[data-testid=issue-panel] iframe').getByRole('button', { name: 'Apply' }));
    }, 60_000);

    it('sizes the admin page to its content: its last element is in view', async () => {
      const { page } = site;
      await page.goto(site.url('/jira/admin'));
      const iframe = page.locator('iframe.forge-frame');
      const frame = page.frameLocator('iframe.forge-frame');
      await frame.getByRole('heading').first().waitFor();
      await page.waitForLoadState('networkidle');
      const last = frame.locator('#root *:not(:has(*))').last();
      await expectInView(page, iframe, last);
    }, 60_000);

    it("sizes the postmortem macro's preview to its content: its bottom is in view", async () => {
      const { page } = site;
      const manifest = loadAppManifest(path.join(ROOT_DIR, 'manifest.yml'));
      const macro = uiModulesOfType(manifest, 'macro')[0]!;
      const extensionKey = macroExtensionKey(manifest, macro.key);
      const localId = 'b7d0c7d2-5d0e-4b8e-9a55-0e6d5f0e2f11';
      const doc = {
        type: 'doc',
        version: 1,
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Postmortem preview below.' }] },
          {
            type: 'extension',
            attrs: {
              extensionType: 'com.atlassian.ecosystem',
              extensionKey,
              parameters: {
                localId,
                extensionId: `ari:cloud:ecosystem::extension/${extensionKey}`,
                extensionTitle: 'Postmortem',
                layout: 'block',
                forgeEnvironment: 'DEVELOPMENT',
                render: 'native',
                guestParams: { issueKey: 'INC-1' },
              },
              layout: 'default',
              localId,
            },
          },
        ],
      };
      const created = await fetch(site.url('/wiki/api/v2/pages'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          spaceId: '98305',
          status: 'current',
          title: 'Frame sizing: postmortem preview',
          body: { representation: 'atlas_doc_format', value: JSON.stringify(doc) },
        }),
      });
      expect(created.status).toBe(200);
      const { id } = z
        .object({ id: z.string() })
        .loose()
        .parse(await created.json());
      await page.goto(site.url(`/wiki/pages/${id}`));
      const iframe = page.locator('[data-testid=macro] iframe');
      const frame = page.frameLocator('[data-testid=macro] iframe');
      await frame.getByRole('button', { name: 'Create postmortem page' }).waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      await expectInView(page, iframe, frame.locator('#root *:not(:has(*))').last());
      await site.shot('frame-sized-macro-preview');
    }, 90_000);

    it('switches the page and the themed frames to dark and back from the header, and keeps the choice', async () => {
      const { page } = site;
      await page.goto(site.url('/jira/browse/INC-1'));
      const panel = page.frameLocator('section[data-testid=issue-panel] iframe');
      await panel.getByRole('button', { name: 'Apply' }).waitFor();
      expect(await panel.locator('html').getAttribute('data-color-mode')).toBe('light');
      expect(await background(panel.locator('body'))).toBe('rgb(255, 255, 255)');

      await page.getByTestId('theme-switch').click();
      // --ds-surface of Atlassian's dark theme, in the page and inside the frame.
      await eventually(() => background(panel.locator('body')), 'rgb(31, 31, 33)');
      expect(await panel.locator('html').getAttribute('data-color-mode')).toBe('dark');
      expect(await background(page.locator('body'))).toBe('rgb(31, 31, 33)');
      expect(await page.getByTestId('theme-switch').getAttribute('aria-pressed')).toBe('true');
      await site.shot('issue-view-dark');

      // A new page, and its frames, open in the chosen theme.
      await page.reload();
      await page.frameLocator('section[data-testid=issue-panel] iframe').getByRole('button', { name: 'Apply' }).waitFor();
      await eventually(() => background(page.frameLocator('section[data-testid=issue-panel] iframe').locator('body')), 'rgb(31, 31, 33)');
      expect(await page.locator('html').getAttribute('data-color-mode')).toBe('dark');

      await page.getByTestId('theme-switch').click();
      await eventually(
        () => background(page.frameLocator('section[data-testid=issue-panel] iframe').locator('body')),
        'rgb(255, 255, 255)',
      );
      expect(await background(page.locator('body'))).toBe('rgb(255, 255, 255)');
    }, 90_000);
  });
}
