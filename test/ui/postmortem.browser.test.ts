import type { PostmortemPreview } from '../../src/contracts/postmortem-macro';
import { findChromium, type LaunchedBrowser } from '../browser/support/chromium';
import { openApp, serveAppsForBlock, waitUntil, type StaticServer } from './ui-harness';

/** The production postmortem macro and config panel bundles in Chromium, against a stand-in host. */
const chromiumPath = findChromium();

function aPreview(page: PostmortemPreview['page'] = null): PostmortemPreview {
  return {
    page,
    model: {
      incident: { key: 'INC-7', summary: 'Checkout fails', priority: 'Highest', status: 'Resolved', url: 'https://site/browse/INC-7' },
      header: {
        key: 'INC-7',
        title: 'Postmortem INC-7: Checkout fails',
        url: 'https://site/browse/INC-7',
        priority: 'Highest',
        status: { name: 'Resolved', categoryKey: 'done' },
        owner: 'Ada',
        reporter: 'Bo',
        createdAt: '2026-11-26T10:00:00.000Z',
        resolvedAt: '2026-11-26T11:00:00.000Z',
        generatedAt: '2026-11-26T12:00:00.000Z',
        authors: [],
        documentStatus: 'Draft',
      },
      metrics: {
        createdAt: '2026-11-26T10:00:00.000Z',
        acknowledgedAt: null,
        resolvedAt: '2026-11-26T11:00:00.000Z',
        timeToAcknowledgeMinutes: null,
        timeToResolveMinutes: 60,
        durations: [],
        timeInStatus: [],
      },
      milestones: [],
      responders: [],
      impact: { affectedUsers: 1200, durationMinutes: 60, slaTargetMinutes: 60, slaMet: true },
      timeline: [],
      timelineFolding: { appEntries: 0, mergedChanges: 0, hiddenChanges: 0 },
      actionItems: [],
      problem: null,
      sections: [
        {
          id: 'summary',
          title: 'Summary',
          level: 2,
          authorOwned: false,
          blocks: [
            {
              kind: 'paragraph',
              content: [
                { kind: 'text', text: 'Checkout failed for ' },
                { kind: 'text', text: '60 minutes', strong: true },
              ],
            },
          ],
        },
        {
          id: 'timeline',
          title: 'Timeline',
          level: 2,
          authorOwned: false,
          blocks: [
            {
              kind: 'table',
              header: ['Time', 'What happened'],
              rows: [[[{ kind: 'text', text: '10:00' }], [{ kind: 'text', text: '<script>alert(1)</script> reported' }]]],
            },
          ],
        },
        {
          id: 'lessons-learned',
          title: 'Lessons learned',
          level: 2,
          authorOwned: true,
          blocks: [{ kind: 'prompt', text: 'What went well?' }],
        },
      ],
      siteTimeZone: 'UTC',
    },
  };
}

if (chromiumPath === null && process.env.CI !== 'true') {
  test('the postmortem browser test needs Chromium (apt-get install -y chromium): not run here', () => {
    expect(findChromium()).toBeNull();
  });
} else {
  describe('postmortem macro and config panel in Chromium', () => {
    let browser: LaunchedBrowser;
    let server: StaticServer;

    serveAppsForBlock(['postmortem-macro', 'postmortem-config'], chromiumPath, (opened) => {
      ({ browser, server } = opened);
    });

    it('previews the postmortem as text and creates the page', async () => {
      const created = {
        page: { pageId: '99', title: 'Postmortem INC-7: Checkout fails', url: 'https://site/wiki/spaces/OPS/pages/99', version: 1 },
        created: true,
      };
      const { page, calls, errors } = await openApp(browser.context, server, 'postmortem-macro', (key) => ({
        success: true,
        data: key === 'postmortem.create' ? created : aPreview(),
      }));
      await page.getByTestId('postmortem-preview').waitFor();
      expect(await page.getByTestId('section-timeline').innerText()).toContain('<script>alert(1)</script> reported');
      expect(await page.locator('script:not([src])').count()).toBe(0);
      expect(await page.getByText('What went well?').count()).toBe(1);
      await page.getByRole('button', { name: 'Create postmortem page' }).click();
      await page.getByTestId('postmortem-outcome').waitFor();
      expect(calls.invokes.map((call) => call.functionKey)).toEqual(['postmortem.preview', 'postmortem.create']);
      await page.getByRole('button', { name: 'Open “Postmortem INC-7: Checkout fails”' }).waitFor();
      expect(await page.getByRole('button', { name: 'Refresh from Jira' }).count()).toBe(1);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it('offers Refresh from Jira when the page exists, and shows a refresh failure', async () => {
      const existing = { pageId: '99', title: 'Postmortem INC-7', url: 'https://site/wiki/x', version: 3 };
      const { page } = await openApp(browser.context, server, 'postmortem-macro', (key) =>
        key === 'postmortem.refresh'
          ? { success: false, error: { code: 'CONFLICT', message: 'The page changed while refreshing; try again.' } }
          : { success: true, data: aPreview(existing) },
      );
      await page.getByRole('button', { name: 'Refresh from Jira' }).click();
      await page.getByText('The page changed while refreshing; try again.').waitFor();
      await page.close();
    }, 60_000);

    it('shows access denied, and the empty state for an unconfigured macro', async () => {
      const denied = await openApp(browser.context, server, 'postmortem-macro', () => ({
        success: false,
        error: { code: 'FORBIDDEN', message: 'You cannot browse INC-7.' },
      }));
      await denied.page.locator('[data-state="forbidden"]').waitFor();
      expect(await denied.page.locator('[data-state="forbidden"]').innerText()).toContain("You don't have permission to see this incident");
      await denied.page.close();
      const unconfigured = await openApp(browser.context, server, 'postmortem-macro', () => ({
        success: false,
        error: { code: 'BAD_REQUEST', message: 'issueKey: choose an incident in the macro settings', field: 'issueKey' },
      }));
      await unconfigured.page.locator('[data-state="empty"]').waitFor();
      await unconfigured.page.close();
    }, 60_000);

    it('config panel: searches as you type (debounced), picks an incident and submits the config', async () => {
      const { page, calls } = await openApp(
        browser.context,
        server,
        'postmortem-config',
        (_key, payload) => {
          const query = typeof payload === 'object' && payload !== null ? String(Reflect.get(payload, 'query')) : '';
          return {
            success: true,
            data: { incidents: query === 'checkout' ? [{ key: 'INC-7', summary: 'Checkout fails', status: 'Resolved' }] : [] },
          };
        },
        { config: { issueKey: 'INC-1' } },
      );
      await page.getByText('Selected: INC-1').waitFor();
      await page.getByLabel('Search incidents by key or summary').fill('');
      await page.getByLabel('Search incidents by key or summary').pressSequentially('checkout', { delay: 20 });
      await page.getByRole('option').first().waitFor();
      // Eight letters typed 20 ms apart: searches wait for a 250 ms pause, so far fewer searches
      // than letters (a loaded machine may pause mid-word once or twice), the last for the word.
      const searches = calls.invokes.filter((call) => Reflect.get(Object(call.payload), 'query') !== '').map((call) => call.payload);
      expect(searches.length).toBeLessThanOrEqual(3);
      expect(searches.at(-1)).toEqual({ query: 'checkout' });
      await page.getByRole('option').first().getByRole('button').click();
      await page.getByRole('button', { name: 'Use INC-7' }).click();
      await waitUntil(() => calls.submitted.length > 0);
      expect(calls.submitted).toEqual([{ config: { issueKey: 'INC-7' } }]);
      await page.close();
    }, 60_000);
  });
}
